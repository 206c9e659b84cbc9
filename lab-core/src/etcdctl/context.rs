//! [`Ctx`]: one command's run — its parsed flags and arguments, the environment, the
//! output, and etcdctl's `clientConfigFromCmd` (environment variables, `--debug`, TLS
//! flag checks, the output format) and `mustClient`.

use std::cell::RefCell;

use super::api::EtcdApi;
use super::client::Client;
use super::error::CtlError;
use super::flags::{FlagSet, env_key};
use super::gofmt::quote;
use super::output::{Output, Stream};
use super::pb_wire::Encode;

/// The output format `--write-out` chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Simple,
    Fields,
    Json,
    Protobuf,
    Table,
}

impl Format {
    pub(super) fn name(self) -> &'static str {
        match self {
            Format::Simple => "simple",
            Format::Fields => "fields",
            Format::Json => "json",
            Format::Protobuf => "protobuf",
            Format::Table => "table",
        }
    }
}

/// Everything a command function needs.
pub(super) struct Ctx<'r, 'o, A: EtcdApi> {
    pub api: &'r A,
    pub flags: FlagSet,
    /// Names of the inherited (global and parent-persistent) flags, for the environment.
    pub inherited: Vec<&'static str>,
    pub args: Vec<String>,
    pub env: &'r [(String, String)],
    pub stdin: &'r [u8],
    /// How much of `stdin` password prompts have consumed (unit: bytes).
    pub stdin_read: std::cell::Cell<usize>,
    pub out: RefCell<Output<'o>>,
}

impl<'r, 'o, A: EtcdApi> Ctx<'r, 'o, A> {
    /// pkg/flags' `SetPflagsFromEnv` over the inherited flags, with its warnings and its
    /// fatal error for a variable shadowed by a flag.
    pub(super) fn apply_env(&mut self) -> Result<(), CtlError> {
        let used = self.flags.apply_env(&self.inherited, self.env);
        let now = self.api.now_unix_micros();
        for (key, value) in self.env {
            if key == "ETCDCTL_API" || used.used.contains(key) {
                continue;
            }
            if used.shadowed.contains(key) {
                self.out.borrow_mut().errln(&capnslog_line(
                    now,
                    'C',
                    &format!(
                        "conflicting environment variable {} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)",
                        quote(key.as_bytes())
                    ),
                ));
                return Err(CtlError::Silent(1));
            }
            if key.starts_with("ETCDCTL_") {
                let line = capnslog_line(
                    now,
                    'W',
                    &format!("unrecognized environment variable {key}={value}"),
                );
                self.out.borrow_mut().errln(&line);
            }
        }
        Ok(())
    }

    /// etcdctl's `clientConfigFromCmd`: environment, `--debug`, endpoints, TLS file
    /// checks and the output format.
    pub(super) fn client_config(&mut self) -> Result<Format, CtlError> {
        self.apply_env()?;
        if self.flags.is_true("debug") {
            let mut names = self.inherited.clone();
            names.sort_unstable();
            for name in names {
                let value = self
                    .flags
                    .value(name)
                    .map(|v| v.display())
                    .unwrap_or_default();
                self.out
                    .borrow_mut()
                    .errln(&format!("{}={value}", env_key(name)));
            }
        }
        for name in ["cert", "key", "cacert"] {
            if self.flags.changed(name) && self.flags.string(name).is_empty() {
                return Err(CtlError::BadArgs(format!(
                    "empty string is passed to --{name} option"
                )));
            }
        }
        self.format()
    }

    /// etcdctl's `initDisplayFromCmd`.
    pub(super) fn format(&self) -> Result<Format, CtlError> {
        match self.flags.string("write-out").as_str() {
            "simple" => Ok(Format::Simple),
            "fields" => Ok(Format::Fields),
            "json" => Ok(Format::Json),
            "protobuf" => Ok(Format::Protobuf),
            "table" => Ok(Format::Table),
            _ => Err(CtlError::BadFeature("unsupported output format".to_owned())),
        }
    }

    /// `--endpoints`, trimmed as `endpointsFromCmd` does.
    pub(super) fn endpoints(&self) -> Vec<String> {
        self.flags
            .slice("endpoints")
            .iter()
            .map(|e| e.trim().to_owned())
            .collect()
    }

    /// `--dial-timeout` in microseconds.
    pub(super) fn dial_timeout_micros(&self) -> u64 {
        self.flags.duration("dial-timeout") / 1_000
    }

    /// `mustClient` over `endpoints`.
    pub(super) fn client(&self, endpoints: &[String]) -> Result<Client<'r, A>, CtlError> {
        self.configure_tls()?;
        Client::new(self.api, endpoints, self.dial_timeout_micros())
            .ok_or_else(|| CtlError::BadConnection("etcdclient: no available endpoints".to_owned()))
    }

    /// `newClientCfg`'s TLS part: the `--cacert`/`--cert`/`--key` files loaded for the
    /// transport (a file that cannot be used is `ExitBadArgs`).
    fn configure_tls(&self) -> Result<(), CtlError> {
        let tls = super::TlsFlags {
            cacert: self.flags.string("cacert"),
            cert: self.flags.string("cert"),
            key: self.flags.string("key"),
            insecure_skip_verify: self.flags.is_true("insecure-skip-tls-verify"),
        };
        self.api.configure_tls(&tls).map_err(CtlError::BadArgs)
    }

    /// `commandCtx`: the deadline of a new command context, in unix µs.
    pub(super) fn deadline(&self) -> u64 {
        let timeout = self.flags.duration("command-timeout") / 1_000;
        self.api.now_unix_micros().saturating_add(timeout)
    }

    pub(super) fn outln(&self, text: &str) {
        self.out.borrow_mut().outln(text);
    }

    pub(super) fn out(&self, text: &str) {
        self.out.borrow_mut().out(text);
    }

    /// Prints an answer: raw protobuf bytes for `-w protobuf`, else the printer's text.
    pub(super) fn print<T: Encode, B: AsRef<[u8]>>(
        &self,
        format: Format,
        message: &T,
        text: impl FnOnce() -> Result<B, CtlError>,
    ) -> Result<(), CtlError> {
        let bytes = match format {
            Format::Protobuf => message.encode(),
            _ => text()?.as_ref().to_vec(),
        };
        self.out.borrow_mut().write(Stream::Stdout, &bytes);
        Ok(())
    }

    pub(super) fn errln(&self, text: &str) {
        self.out.borrow_mut().errln(text);
    }
}

/// capnslog's pretty format: `2026-11-22 10:17:13.164148 W | pkg/flags: …`.
fn capnslog_line(unix_micros: u64, level: char, message: &str) -> String {
    let iso = super::gofmt::zap_timestamp(unix_micros);
    let date_time = iso.get(..19).unwrap_or("").replace('T', " ");
    format!(
        "{date_time}.{:06} {level} | pkg/flags: {message}",
        unix_micros % 1_000_000
    )
}
