//! `Event` and `NodeExtern`: what the v2 store answers, serialized exactly as etcd's
//! `encoding/json` writes them (field order, omitted empties, HTML-safe escapes).

use serde::{Deserialize, Serialize};

/// What a request did (`action` in the JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// GET.
    Get,
    /// PUT without conditions.
    Set,
    /// PUT with `prevExist=false`, or POST.
    Create,
    /// PUT with `prevExist=true`.
    Update,
    /// PUT with `prevValue` or `prevIndex`.
    CompareAndSwap,
    /// DELETE.
    Delete,
    /// DELETE with `prevValue` or `prevIndex`.
    CompareAndDelete,
    /// A TTL ran out: the leader's SYNC removed the node.
    Expire,
}

/// A node as the API shows it (etcd's `NodeExtern`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeExtern {
    /// The full key; empty for the root, which the JSON then omits.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub key: String,
    /// A key's value; `None` for directories and deleted keys.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
    /// Whether it is a directory.
    #[serde(skip_serializing_if = "is_false", default)]
    pub dir: bool,
    /// When a node with a TTL expires, as Go's `RFC3339Nano` in UTC.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expiration: Option<String>,
    /// Seconds it has left, rounded up; 0 (omitted) for a permanent node.
    #[serde(skip_serializing_if = "is_zero_i64", default)]
    pub ttl: i64,
    /// A listed directory's children.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub nodes: Vec<NodeExtern>,
    /// Index of its last change.
    #[serde(rename = "modifiedIndex", skip_serializing_if = "is_zero", default)]
    pub modified_index: u64,
    /// Index of its creation.
    #[serde(rename = "createdIndex", skip_serializing_if = "is_zero", default)]
    pub created_index: u64,
}

/// One answer: the action, the node after it and, for writes, the node before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// What happened.
    pub action: Action,
    /// The node after the request.
    pub node: NodeExtern,
    /// The node before a write that replaced or removed one.
    #[serde(rename = "prevNode", skip_serializing_if = "Option::is_none", default)]
    pub prev_node: Option<NodeExtern>,
    /// The store index the event happened at (not in the JSON; `X-Etcd-Index` says it for
    /// reads).
    #[serde(skip)]
    pub index: u64,
    /// A `refresh=true` write: kept in the history for its index, but no watch sees it.
    #[serde(skip)]
    pub refresh: bool,
}

impl Event {
    /// The body etcd writes: JSON and a newline.
    pub fn to_json(&self) -> String {
        let mut text = go_json(self);
        text.push('\n');
        text
    }

    /// Whether this is a write that created its node (HTTP 201 rather than 200).
    pub fn created(&self) -> bool {
        match self.action {
            Action::Create => true,
            Action::Set => self.prev_node.is_none(),
            _ => false,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// `value` as Go's `encoding/json` writes it: compact, with `<`, `>`, `&`, U+2028 and
/// U+2029 escaped (they can only occur inside strings).
pub(crate) fn go_json<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}
