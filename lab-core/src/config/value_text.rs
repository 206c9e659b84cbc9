//! Flag values as text, both ways: what each flag's Go `Value.Set` accepts (and the error
//! it gives), and the text that sets the same value again.

use super::etcd_config::{ClusterState, DiscoveryFallback, ProxyMode};
use super::flags::{Kind, Value};
use super::go_syntax::{GoDuration, parse_bool, parse_int, parse_uint};
use super::initial_cluster::InitialCluster;
use super::url::{join_urls, parse_url_list};

/// Most comma-separated items in one list value.
pub const MAX_LIST_ITEMS: usize = 256;

/// `Value.Set(text)` for a flag of `kind`; the error is what Go's flag package appends
/// after `invalid value "..." for flag -x: `.
pub fn parse_value(kind: Kind, text: &str) -> Result<Value, String> {
    Ok(match kind {
        Kind::Str => Value::Str(text.to_string()),
        Kind::Bool => Value::Bool(parse_bool(text)?),
        Kind::U64 => Value::U64(parse_uint(text, 64)?),
        Kind::I64 => Value::I64(parse_int(text)?),
        Kind::U32 => Value::U32(parse_u32(text)?),
        Kind::Dur => Value::Dur(GoDuration::parse(text)?),
        Kind::Urls => Value::Urls(parse_url_list(text)?),
        Kind::List => Value::List(split_list(text)?),
        Kind::Set => Value::Set(sorted_set(split_list(text)?)),
        Kind::Cors => Value::Cors(parse_cors(text)?),
        Kind::Cluster => Value::Cluster(InitialCluster::new(text)),
        Kind::State => Value::State(match text {
            "new" => ClusterState::New,
            "existing" => ClusterState::Existing,
            _ => return Err("invalid value".into()),
        }),
        Kind::Proxy => Value::Proxy(match text {
            "off" => ProxyMode::Off,
            "readonly" => ProxyMode::Readonly,
            "on" => ProxyMode::On,
            _ => return Err("invalid value".into()),
        }),
        Kind::Fallback => Value::Fallback(match text {
            "proxy" => DiscoveryFallback::Proxy,
            "exit" => DiscoveryFallback::Exit,
            _ => return Err("invalid value".into()),
        }),
    })
}

/// `flags.Uint32Value.Set` returns strconv's own error, not the flag package's.
fn parse_u32(text: &str) -> Result<u32, String> {
    let reason = match parse_uint(text, 32) {
        Ok(v) => return u32::try_from(v).map_err(|_| "value out of range".to_string()),
        Err(super::go_syntax::RANGE_ERROR) => "value out of range",
        Err(_) => "invalid syntax",
    };
    Err(format!(
        "strconv.ParseUint: parsing {}: {reason}",
        super::go_syntax::go_quote(text)
    ))
}

fn split_list(text: &str) -> Result<Vec<String>, String> {
    let items: Vec<String> = text.split(',').map(str::to_string).collect();
    if items.len() > MAX_LIST_ITEMS {
        return Err(format!("more than {MAX_LIST_ITEMS} items"));
    }
    Ok(items)
}

fn sorted_set(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items.dedup();
    items
}

fn parse_cors(text: &str) -> Result<Vec<String>, String> {
    if text == "*" {
        return Ok(vec!["*".to_string()]);
    }
    let urls = parse_url_list(text)?;
    Ok(sorted_set(urls.iter().map(ToString::to_string).collect()))
}

/// The text that sets `value` again through [`parse_value`]; `None` for the one value no
/// text can produce (an empty URL list).
pub fn value_text(value: &Value) -> Option<String> {
    Some(match value {
        Value::Str(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::U64(n) => n.to_string(),
        Value::I64(n) => n.to_string(),
        Value::U32(n) => n.to_string(),
        Value::Dur(d) => d.to_string(),
        Value::Urls(items) if items.is_empty() => return None,
        Value::List(items) | Value::Set(items) | Value::Cors(items) if items.is_empty() => {
            return None;
        }
        Value::Urls(urls) => join_urls(urls),
        Value::List(items) | Value::Set(items) | Value::Cors(items) => items.join(","),
        Value::Cluster(c) => c.as_str().to_string(),
        Value::State(ClusterState::New) => "new".into(),
        Value::State(ClusterState::Existing) => "existing".into(),
        Value::Proxy(ProxyMode::Off) => "off".into(),
        Value::Proxy(ProxyMode::Readonly) => "readonly".into(),
        Value::Proxy(ProxyMode::On) => "on".into(),
        Value::Fallback(DiscoveryFallback::Proxy) => "proxy".into(),
        Value::Fallback(DiscoveryFallback::Exit) => "exit".into(),
    })
}
