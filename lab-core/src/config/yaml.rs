//! An etcd YAML config file (`--config-file`) read as etcd 3.4 reads it: `sigs.k8s.io/yaml`
//! turns YAML into JSON, Go's `encoding/json` fills `embed.configYAML` (unknown keys
//! ignored, keys matched case-insensitively, scalars coerced into string fields), then the
//! URL strings are parsed and `Validate` runs. YAML parsing is `serde_yaml_ng`, the
//! maintained fork of the archived `serde_yaml`; a YAML-1.1 plain `yes`/`on` counts as a
//! boolean for boolean keys (go-yaml v2 does so; quoting is not visible after parsing).

use serde_yaml_ng::{Mapping, Value as Yaml};

use super::error::ConfigError;
use super::etcd_config::{ClusterState, DiscoveryFallback, EtcdConfig, ProxyMode};
use super::flags::{FLAGS, Flag, Kind, Value, YamlKey};
use super::go_syntax::{GoDuration, go_quote};
use super::url::parse_url_list;
use super::value_text::parse_value;

/// Largest config file read, in bytes.
pub const MAX_YAML_BYTES: usize = 1 << 20;

const URL_KEYS: [(&str, &str); 5] = [
    ("listen-peer-urls", "listen-peer-urls"),
    ("listen-client-urls", "listen-client-urls"),
    ("initial-advertise-peer-urls", "initial-advertise-peer-urls"),
    // etcd 3.4 names the wrong key in this message; kept as etcd prints it.
    ("advertise-client-urls", "advertise-peer-urls"),
    ("listen-metrics-urls", "listen-metrics-urls"),
];

/// Parses a config file into a validated configuration (fuzzing entry point: never panics).
pub fn parse_yaml(text: &str) -> Result<EtcdConfig, ConfigError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(ConfigError::Limit(format!(
            "config file larger than {MAX_YAML_BYTES} bytes"
        )));
    }
    let doc: Yaml = serde_yaml_ng::from_str(text)
        .map_err(|e| ConfigError::Verify(format!("error converting YAML to JSON: yaml: {e}")))?;
    let mut cfg = EtcdConfig::yaml_defaults();
    let default_cluster = cfg.initial_cluster.clone();
    let mut urls: Vec<(&'static str, String)> = Vec::new();
    match &doc {
        Yaml::Null => {}
        Yaml::Mapping(map) => fill(map, &mut cfg, &mut urls)?,
        other => {
            return Err(json_error(&format!(
                "cannot unmarshal {} into Go value of type embed.configYAML",
                json_kind(other)
            )));
        }
    }
    for (key, text) in urls {
        let flag = FLAGS
            .iter()
            .find(|f| f.name == key)
            .ok_or(ConfigError::FileUrls {
                key,
                reason: String::new(),
            })?;
        let label = URL_KEYS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, l)| l);
        let parsed =
            parse_url_list(&text).map_err(|reason| ConfigError::FileUrls { key: label, reason })?;
        (flag.set)(&mut cfg, Value::Urls(parsed));
    }
    if (!cfg.discovery.is_empty() || !cfg.discovery_srv.is_empty())
        && cfg.initial_cluster == default_cluster
    {
        cfg.initial_cluster = Default::default();
    }
    Ok(cfg)
}

fn fill(
    map: &Mapping,
    cfg: &mut EtcdConfig,
    urls: &mut Vec<(&'static str, String)>,
) -> Result<(), ConfigError> {
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        if value.is_null() {
            continue;
        }
        let side = match key.to_ascii_lowercase().as_str() {
            "client-transport-security" => Some(true),
            "peer-transport-security" => Some(false),
            _ => None,
        };
        if let Some(client) = side {
            fill_security(key, value, client, cfg)?;
            continue;
        }
        let Some(flag) = FLAGS
            .iter()
            .find(|f| f.yaml == YamlKey::Top && f.name.eq_ignore_ascii_case(key))
        else {
            continue;
        };
        if flag.kind == Kind::Urls {
            urls.push((flag.name, expect_string(flag, value, "configYAML")?));
            continue;
        }
        let typed = typed_value(flag, value)?;
        (flag.set)(cfg, typed);
    }
    Ok(())
}

fn fill_security(
    key: &str,
    value: &Yaml,
    client: bool,
    cfg: &mut EtcdConfig,
) -> Result<(), ConfigError> {
    let Yaml::Mapping(map) = value else {
        return Err(json_error(&format!(
            "cannot unmarshal {} into Go struct field configYAML.{key} of type embed.securityConfig",
            json_kind(value)
        )));
    };
    for (k, v) in map {
        let Some(k) = k.as_str() else { continue };
        let found = FLAGS.iter().find(|f| match f.yaml {
            YamlKey::ClientSecurity(n) if client => n.eq_ignore_ascii_case(k),
            YamlKey::PeerSecurity(n) if !client => n.eq_ignore_ascii_case(k),
            _ => false,
        });
        if let (Some(flag), false) = (found, v.is_null()) {
            (flag.set)(cfg, typed_value(flag, v)?);
        }
    }
    Ok(())
}

/// The JSON decoding of one value into the Go type behind `flag`.
fn typed_value(flag: &Flag, value: &Yaml) -> Result<Value, ConfigError> {
    let owner = if flag.name.starts_with("proxy") && flag.kind != Kind::Proxy {
        "configProxy"
    } else {
        "configYAML"
    };
    let mismatch = || {
        json_error(&format!(
            "cannot unmarshal {} into Go struct field {owner}.{} of type {}",
            json_kind(value),
            flag.name,
            go_type(flag)
        ))
    };
    Ok(match (flag.kind, value) {
        (Kind::Bool, Yaml::Bool(b)) => Value::Bool(*b),
        (Kind::Bool, Yaml::String(s)) => Value::Bool(yaml11_bool(s).ok_or_else(mismatch)?),
        (Kind::U64 | Kind::I64 | Kind::U32 | Kind::Dur, Yaml::Number(n)) => number(flag, n)
            .ok_or_else(|| {
                json_error(&format!(
                    "cannot unmarshal number {n} into Go struct field {owner}.{} of type {}",
                    flag.name,
                    go_type(flag)
                ))
            })?,
        (Kind::Set, _) if flag.name == "host-whitelist" => {
            match expect_string(flag, value, owner)?.as_str() {
                "" => Value::Set(vec!["*".into()]),
                text => parse_value(Kind::Set, text).map_err(ConfigError::Verify)?,
            }
        }
        (Kind::List | Kind::Set, Yaml::Sequence(items)) => {
            let strings = items
                .iter()
                .map(|i| scalar_text(i).ok_or_else(mismatch))
                .collect::<Result<Vec<_>, _>>()?;
            if flag.kind == Kind::List {
                Value::List(strings)
            } else {
                Value::Set(strings)
            }
        }
        (
            Kind::Str | Kind::Cluster | Kind::Cors | Kind::State | Kind::Proxy | Kind::Fallback,
            _,
        ) => choice(flag, &expect_string(flag, value, owner)?)?,
        _ => return Err(mismatch()),
    })
}

fn choice(flag: &Flag, text: &str) -> Result<Value, ConfigError> {
    Ok(match flag.kind {
        Kind::State => Value::State(match text {
            "" | "new" => ClusterState::New,
            "existing" => ClusterState::Existing,
            other => {
                return Err(ConfigError::Verify(format!(
                    "unexpected clusterState {}",
                    go_quote(other)
                )));
            }
        }),
        Kind::Proxy => Value::Proxy(match text {
            "" | "off" => ProxyMode::Off,
            "readonly" => ProxyMode::Readonly,
            "on" => ProxyMode::On,
            _ => return Err(ConfigError::FileChoice("proxyFlag")),
        }),
        Kind::Fallback => Value::Fallback(match text {
            "" | "proxy" => DiscoveryFallback::Proxy,
            "exit" => DiscoveryFallback::Exit,
            _ => return Err(ConfigError::FileChoice("discovery-fallback flag")),
        }),
        Kind::Cors if text.is_empty() => Value::Cors(vec!["*".into()]),
        kind => parse_value(kind, text).map_err(|reason| ConfigError::FileUrls {
            key: flag.name,
            reason,
        })?,
    })
}

fn expect_string(flag: &Flag, value: &Yaml, owner: &str) -> Result<String, ConfigError> {
    scalar_text(value).ok_or_else(|| {
        json_error(&format!(
            "cannot unmarshal {} into Go struct field {owner}.{} of type string",
            json_kind(value),
            flag.name
        ))
    })
}

/// A scalar as the string `sigs.k8s.io/yaml` hands to a Go string field.
fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Bool(b) => Some(b.to_string()),
        Yaml::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(flag: &Flag, n: &serde_yaml_ng::Number) -> Option<Value> {
    let int = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                .map(|f| f as i128)
        })?;
    Some(match flag.kind {
        Kind::U64 => Value::U64(u64::try_from(int).ok()?),
        Kind::I64 => Value::I64(i64::try_from(int).ok()?),
        Kind::U32 => Value::U32(u32::try_from(int).ok()?),
        _ => Value::Dur(GoDuration(i64::try_from(int).ok()?)),
    })
}

/// go-yaml v2's YAML 1.1 booleans.
fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            Some(false)
        }
        _ => None,
    }
}

fn go_type(flag: &Flag) -> &'static str {
    match (flag.kind, flag.name) {
        (Kind::U64, "snapshot-count") => "uint64",
        (Kind::U64, _) => "uint",
        (Kind::I64, "quota-backend-bytes") => "int64",
        (Kind::I64, _) => "int",
        (Kind::U32, _) => "uint32",
        (Kind::Dur, _) => "time.Duration",
        (Kind::Bool, _) => "bool",
        (Kind::List | Kind::Set, _) => "[]string",
        _ => "string",
    }
}

fn json_kind(value: &Yaml) -> &'static str {
    match value {
        Yaml::Null => "null",
        Yaml::Bool(_) => "bool",
        Yaml::Number(_) => "number",
        Yaml::String(_) => "string",
        Yaml::Sequence(_) => "array",
        _ => "object",
    }
}

fn json_error(detail: &str) -> ConfigError {
    ConfigError::Verify(format!(
        "error unmarshaling JSON: while decoding JSON: json: {detail}"
    ))
}
