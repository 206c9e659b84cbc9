//! Writing a configuration back out: as an `etcd` command line, an `ETCD_*` env file, an
//! etcd YAML config file, a systemd unit and a `docker run` line. Each lists only what
//! differs from what etcd would infer, so reading it back gives the same configuration.

use super::etcd_config::{DEFAULT_NAME, EtcdConfig};
use super::flags::{FLAGS, Flag, Kind, Value, YamlKey, env_name};
use super::initial_cluster::InitialCluster;
use super::value_text::value_text;

/// The image `to_docker_run` uses.
pub const DOCKER_IMAGE: &str = "quay.io/coreos/etcd:v3.4.23";
/// Where `to_docker_run` mounts the data directory inside the container.
pub const DOCKER_DATA_DIR: &str = "/etcd-data";

/// Which reader a rendering is for: they infer different things from what is missing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    Flags,
    Yaml,
}

impl EtcdConfig {
    /// `etcd --name x \` + one flag per continuation line.
    pub fn to_command_line(&self) -> String {
        continued("etcd", &self.flag_args())
    }

    /// `ETCD_NAME="x"` lines for systemd's `EnvironmentFile=` (or `set -a; . file`).
    pub fn to_env_file(&self) -> String {
        self.changed(Reader::Flags)
            .iter()
            .map(|(flag, text)| {
                format!(
                    "{}=\"{}\"\n",
                    env_name(flag.name),
                    text.replace('\\', "\\\\").replace('"', "\\\"")
                )
            })
            .collect()
    }

    /// An etcd YAML config file with etcd's keys.
    pub fn to_yaml(&self) -> String {
        let mut top = String::new();
        let mut client = String::new();
        let mut peer = String::new();
        for (flag, value) in self.changed_values(Reader::Yaml) {
            let Some(text) = yaml_scalar(flag, &value) else {
                continue;
            };
            match flag.yaml {
                YamlKey::Top => top.push_str(&format!("{}: {text}\n", flag.name)),
                YamlKey::ClientSecurity(key) => client.push_str(&format!("  {key}: {text}\n")),
                YamlKey::PeerSecurity(key) => peer.push_str(&format!("  {key}: {text}\n")),
                YamlKey::None => {}
            }
        }
        for (block, body) in [
            ("client-transport-security", client),
            ("peer-transport-security", peer),
        ] {
            if !body.is_empty() {
                top.push_str(&format!("{block}:\n{body}"));
            }
        }
        top
    }

    /// A systemd service running etcd with these flags.
    pub fn to_systemd_unit(&self) -> String {
        let exec = continued("ExecStart=/usr/local/bin/etcd", &self.flag_args());
        format!(
            "[Unit]\nDescription=etcd key-value store\nDocumentation=https://github.com/etcd-io/etcd\n\
             After=network-online.target\nWants=network-online.target\n\n\
             [Service]\nType=notify\n{exec}\nRestart=always\nRestartSec=10s\nLimitNOFILE=65536\n\n\
             [Install]\nWantedBy=multi-user.target\n"
        )
    }

    /// `docker run` of the official image, the data directory mounted at `/etcd-data`.
    pub fn to_docker_run(&self) -> String {
        let inside = Self {
            data_dir: DOCKER_DATA_DIR.into(),
            ..self.clone()
        };
        let head = format!(
            "docker run -d --name {} -p 2379:2379 -p 2380:2380 -v {}:{DOCKER_DATA_DIR} {DOCKER_IMAGE} /usr/local/bin/etcd",
            quote(&self.name),
            quote(&self.effective_data_dir()),
        );
        continued(&head, &inside.flag_args())
    }

    /// `--flag value` pairs, shell-quoted; booleans as `--flag=value`, since Go reads the
    /// word after a boolean flag as the first non-flag argument.
    fn flag_args(&self) -> Vec<String> {
        let arg = |(flag, text): &(&Flag, String)| {
            let sep = if flag.kind == Kind::Bool { "=" } else { " " };
            format!("--{}{sep}{}", flag.name, quote(text))
        };
        self.changed(Reader::Flags).iter().map(arg).collect()
    }

    fn changed(&self, reader: Reader) -> Vec<(&'static Flag, String)> {
        self.changed_values(reader)
            .into_iter()
            .filter_map(|(f, v)| value_text(&v).map(|t| (f, t)))
            .collect()
    }

    /// The flags whose value differs from what `reader` would arrive at without them.
    fn changed_values(&self, reader: Reader) -> Vec<(&'static Flag, Value)> {
        let base = if reader == Reader::Yaml {
            Self::yaml_defaults()
        } else {
            Self::default()
        };
        let listen_client_given = self.listen_client_urls != base.listen_client_urls;
        FLAGS
            .iter()
            .filter(|flag| {
                let value = (flag.get)(self);
                match flag.name {
                    "initial-cluster" => {
                        value != Value::Cluster(self.implied_initial_cluster(reader))
                    }
                    "advertise-client-urls" if reader == Reader::Flags => {
                        !self.advertise_client_urls.is_empty()
                            && (listen_client_given || value != (flag.get)(&base))
                    }
                    _ => value != (flag.get)(&base),
                }
            })
            .map(|flag| (flag, (flag.get)(self)))
            .collect()
    }

    /// What `--initial-cluster` becomes when it is not given.
    fn implied_initial_cluster(&self, reader: Reader) -> InitialCluster {
        let srv_name = reader == Reader::Flags && !self.discovery_srv_name.is_empty();
        if !self.discovery.is_empty() || !self.discovery_srv.is_empty() || srv_name {
            InitialCluster::default()
        } else if self.name != DEFAULT_NAME {
            self.initial_cluster_from_name()
        } else {
            Self::default().initial_cluster
        }
    }
}

/// `first \` then each item on its own indented continuation line.
fn continued(first: &str, items: &[String]) -> String {
    let mut out = first.to_string();
    for item in items {
        out.push_str(" \\\n  ");
        out.push_str(item);
    }
    out
}

/// POSIX shell quoting (systemd's `ExecStart=` reads the same quotes).
fn quote(text: &str) -> String {
    shlex::try_quote(text).map_or_else(
        |_| format!("'{}'", text.replace('\'', "'\\''")),
        |q| q.into_owned(),
    )
}

/// A value as YAML that etcd's loader reads back to the same value.
fn yaml_scalar(flag: &Flag, value: &Value) -> Option<String> {
    let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
    Some(match value {
        Value::Bool(b) => b.to_string(),
        Value::U64(n) => n.to_string(),
        Value::I64(n) => n.to_string(),
        Value::U32(n) => n.to_string(),
        Value::Dur(d) => d.0.to_string(),
        Value::List(items) | Value::Set(items) if flag.name != "host-whitelist" => {
            format!(
                "[{}]",
                items.iter().map(|i| json(i)).collect::<Vec<_>>().join(", ")
            )
        }
        _ => json(&value_text(value)?),
    })
}
