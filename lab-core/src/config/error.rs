//! What `etcd` prints about a configuration: [`Diagnostic`] lines (warnings and notices)
//! and [`ConfigError`], the refusals, each knowing its exit code and how etcd 3.4.23 prints
//! it (plain stderr, Go flag usage, or a capnslog line). Timestamps are the caller's.

use super::help::USAGE;

/// A capnslog level, printed as its letter (`2026-11-22 10:20:54.846720 C | etcdmain: ...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `I`
    Info,
    /// `N`
    Notice,
    /// `W`
    Warning,
    /// `E`
    Error,
    /// `C` (fatal: etcd exits 1 after it)
    Critical,
}

impl Level {
    /// capnslog's one-letter tag.
    pub fn letter(self) -> char {
        match self {
            Self::Info => 'I',
            Self::Notice => 'N',
            Self::Warning => 'W',
            Self::Error => 'E',
            Self::Critical => 'C',
        }
    }
}

/// One line etcd writes to stderr while reading its configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Diagnostic {
    /// Printed as is (`fmt.Fprintln(os.Stderr, ...)`); may span lines.
    Plain(String),
    /// A capnslog line: the caller prefixes `YYYY-MM-DD HH:MM:SS.ffffff `.
    Log {
        /// Severity letter.
        level: Level,
        /// capnslog package (`etcdmain`, `pkg/flags`).
        package: &'static str,
        /// The message.
        message: String,
    },
    /// Go's standard `log` package: the caller prefixes `YYYY/MM/DD HH:MM:SS `.
    GoLog(String),
}

impl Diagnostic {
    /// A capnslog line.
    pub fn log(level: Level, package: &'static str, message: impl Into<String>) -> Self {
        Self::Log {
            level,
            package,
            message: message.into(),
        }
    }

    /// The line as etcd prints it, `timestamp` standing in front of log lines.
    pub fn to_line(&self, timestamp: &str) -> String {
        match self {
            Self::Plain(text) => text.clone(),
            Self::Log {
                level,
                package,
                message,
            } => format!("{timestamp} {} | {package}: {message}", level.letter()),
            Self::GoLog(text) => format!("{timestamp} {text}"),
        }
    }
}

/// A configuration etcd refuses. `Display` is the bare message; [`ConfigError::diagnostics`]
/// gives the lines etcd prints and [`ConfigError::exit_code`] its status.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Go's `flag` package refused argv (`flag provided but not defined: -x`, `invalid value
    /// "abc" for flag -heartbeat-interval: parse error`); followed by the usage text, exit 2.
    #[error("{0}")]
    Flag(String),
    /// `etcdmain` rejected the parsed flags, env vars or file:
    /// `E | etcdmain: error verifying flags, <message>. See 'etcd --help'.`, exit 1.
    #[error("{0}")]
    Verify(String),
    /// An `ETCD_*` variable duplicates a flag given on the command line: a fatal
    /// `pkg/flags` log line, exit 1.
    #[error(
        "conflicting environment variable {0} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)"
    )]
    ShadowedEnv(String),
    /// A URL list in the YAML file is invalid: plain stderr, exit 1.
    #[error("unexpected error setting up {key}: {reason}")]
    FileUrls {
        /// The YAML key (etcd says `advertise-peer-urls` for `advertise-client-urls`).
        key: &'static str,
        /// etcd's URL message.
        reason: String,
    },
    /// `proxy` or `discovery-fallback` in the YAML file is not a valid choice: Go `log.Fatalf`.
    #[error("unexpected error setting up {0}: invalid value")]
    FileChoice(&'static str),
    /// Found when the member bootstraps (`etcdserver.VerifyBootstrap`, initial cluster
    /// parsing): `C | etcdmain: <message>`, exit 1.
    #[error("{0}")]
    Bootstrap(String),
    /// The lab's own size limits (argv, file size): plain stderr, exit 2.
    #[error("{0}")]
    Limit(String),
}

impl ConfigError {
    /// The process exit status etcd ends with.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Flag(_) | Self::Limit(_) => 2,
            _ => 1,
        }
    }

    /// Every stderr line etcd prints for this error, in order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let message = self.to_string();
        match self {
            Self::Flag(_) => vec![
                Diagnostic::Plain(message),
                Diagnostic::Plain(USAGE.to_string()),
            ],
            Self::Verify(_) => {
                let mut lines = vec![Diagnostic::log(
                    Level::Error,
                    "etcdmain",
                    format!("error verifying flags, {message}. See 'etcd --help'."),
                )];
                if message == UNSET_ADVERTISE_CLIENT_URLS {
                    lines.push(Diagnostic::log(Level::Error, "etcdmain", ADVERTISE_HINT));
                }
                lines
            }
            Self::ShadowedEnv(_) => vec![Diagnostic::log(Level::Critical, "pkg/flags", message)],
            Self::FileUrls { .. } | Self::Limit(_) => vec![Diagnostic::Plain(message)],
            Self::FileChoice(_) => vec![Diagnostic::GoLog(message)],
            Self::Bootstrap(_) => vec![Diagnostic::log(Level::Critical, "etcdmain", message)],
        }
    }
}

/// `embed.ErrUnsetAdvertiseClientURLsFlag`.
pub const UNSET_ADVERTISE_CLIENT_URLS: &str =
    "--advertise-client-urls is required when --listen-client-urls is set explicitly";

const ADVERTISE_HINT: &str = "When listening on specific address(es), this etcd process must advertise accessible url(s) to each connected client.";
