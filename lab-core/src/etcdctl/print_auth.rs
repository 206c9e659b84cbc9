//! What `user`, `role` and `auth` print: etcdctl 3.4.23's simple printer word for word, and
//! `-w json` as the header plus the answer's fields (Go's `encoding/json` of the
//! protobuf messages: empty fields left out, keys in base64).

use base64::Engine as _;
use serde::Serialize;

use super::context::Format;
use super::error::CtlError;
use super::pb::ResponseHeader;
use super::print_kv::json_line;
use crate::auth::{PermType, Permission, prefix_range_end};

/// `role get`'s lines: the role, then its read and its write permissions.
pub(super) fn role(name: &str, perms: &[Permission]) -> String {
    let mut text = format!("Role {name}\nKV Read:\n");
    for p in perms.iter().filter(|p| p.perm_type.reads()) {
        text.push_str(&perm_line(p));
    }
    text.push_str("KV Write:\n");
    for p in perms.iter().filter(|p| p.perm_type.writes()) {
        text.push_str(&perm_line(p));
    }
    text
}

/// One permission: the key alone, `[key, end)` (with `(prefix key)` when the end is the
/// prefix's), or `[key, <open ended>` for `--from-key`.
fn perm_line(p: &Permission) -> String {
    let key = String::from_utf8_lossy(&p.key);
    let end = String::from_utf8_lossy(&p.range_end);
    match p.range_end.as_slice() {
        [] => format!("\t{key}\n"),
        [0] => format!("\t[{key}, <open ended>\n"),
        end_bytes if end_bytes == prefix_range_end(&p.key).as_slice() => {
            format!("\t[{key}, {end}) (prefix {key})\n")
        }
        _ => format!("\t[{key}, {end})\n"),
    }
}

/// `user get`'s lines without `--detail`.
pub(super) fn user(name: &str, roles: &[String]) -> String {
    let mut text = format!("User: {name}\nRoles:");
    for r in roles {
        text.push(' ');
        text.push_str(r);
    }
    text.push('\n');
    text
}

/// The fields `-w json` adds to the header.
#[derive(Serialize, Default)]
pub(super) struct JsonBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perm: Option<Vec<JsonPerm>>,
}

/// `authpb.Permission` as Go's JSON prints it (READ, the zero value, left out).
#[derive(Serialize)]
pub(super) struct JsonPerm {
    #[serde(rename = "permType", skip_serializing_if = "Option::is_none")]
    perm_type: Option<u8>,
    #[serde(skip_serializing_if = "String::is_empty")]
    key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    range_end: String,
}

impl JsonPerm {
    pub(super) fn all(perms: &[Permission]) -> Option<Vec<JsonPerm>> {
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let list: Vec<JsonPerm> = perms
            .iter()
            .map(|p| JsonPerm {
                perm_type: match p.perm_type {
                    PermType::Read => None,
                    PermType::Write => Some(1),
                    PermType::ReadWrite => Some(2),
                },
                key: b64(&p.key),
                range_end: b64(&p.range_end),
            })
            .collect();
        (!list.is_empty()).then_some(list)
    }
}

/// The answer as `format` prints it: `simple` for the simple printer, JSON for `-w json`;
/// the other printers do not print auth answers.
pub(super) fn render(
    format: Format,
    header: &ResponseHeader,
    body: JsonBody<'_>,
    simple: impl FnOnce() -> String,
) -> Result<String, CtlError> {
    match format {
        Format::Simple => Ok(simple()),
        Format::Json => {
            #[derive(Serialize)]
            struct Whole<'a> {
                header: &'a ResponseHeader,
                #[serde(flatten)]
                body: JsonBody<'a>,
            }
            Ok(json_line(&Whole { header, body }))
        }
        other => Err(CtlError::unsupported_format(other.name())),
    }
}
