//! etcd's v2 `client.KeysAPI` as etcdctl v2 drives it: each call as the HTTP request the Go
//! client sends (`/v2/keys` path, query sorted as `url.Values.Encode` sorts it, form body)
//! and each answer decoded as it decodes it — a [`KeysResponse`], etcd's error
//! (`100: Key not found (/foo) [12]`) or `ErrInvalidJSON` for a body that is not etcd's.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::super::output::Output;
use super::super::{EtcdApi, HttpCall, HttpReply};
use super::client::{Client, ClientError};

/// A node as the Go client holds it (`client.Node`), fields in its JSON order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct KeysNode {
    #[serde(default)]
    pub key: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub dir: bool,
    #[serde(default)]
    pub value: String,
    /// `null` unless the server listed children.
    #[serde(default)]
    pub nodes: Option<Vec<KeysNode>>,
    #[serde(rename = "createdIndex", default)]
    pub created_index: u64,
    #[serde(rename = "modifiedIndex", default)]
    pub modified_index: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    /// Seconds left to live; 0 for a key without TTL.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ttl: i64,
}

/// One answer (`client.Response`): the action, the node after it, the node before.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct KeysResponse {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub node: Option<KeysNode>,
    #[serde(rename = "prevNode", default)]
    pub prev_node: Option<KeysNode>,
    /// `X-Etcd-Index`: the store index the member answered at (not in the JSON).
    #[serde(skip)]
    pub index: u64,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Why a keys call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum KeysError {
    /// No member answered (`client.ClusterError`) or the client could not send.
    Client(ClientError),
    /// etcd refused (`client.Error`).
    Etcd {
        code: i64,
        message: String,
        cause: String,
        index: u64,
    },
    /// The body is not etcd's JSON: a member without `--enable-v2` answers `404 page not
    /// found`.
    InvalidJson,
    /// A watch's answer ended without an event (`ErrEmptyBody`).
    EmptyBody,
}

impl fmt::Display for KeysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Client(e) => e.fmt(f),
            Self::Etcd {
                code,
                message,
                cause,
                index,
            } => write!(f, "{code}: {message} ({cause}) [{index}]"),
            Self::InvalidJson => f.write_str(
                "client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint",
            ),
            Self::EmptyBody => f.write_str("client: response body is empty"),
        }
    }
}

/// Which `prevExist` a set sends (`client.PrevExistType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PrevExist {
    Ignore,
    Exist,
    NoExist,
}

/// `client.SetOptions` as etcdctl fills them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SetOptions {
    pub prev_value: String,
    pub prev_index: u64,
    pub prev_exist: PrevExist,
    /// Time to live (unit: seconds); sent only when positive.
    pub ttl: i64,
    /// A directory: no value is sent.
    pub dir: bool,
}

/// `client.DeleteOptions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct DeleteOptions {
    pub prev_value: String,
    pub prev_index: u64,
    pub dir: bool,
    pub recursive: bool,
}

/// `KeysAPI.Get`.
pub(super) fn get_call(key: &str, recursive: bool, sorted: bool, quorum: bool) -> HttpCall {
    let query = [
        ("quorum", quorum.to_string()),
        ("recursive", recursive.to_string()),
        ("sorted", sorted.to_string()),
    ];
    call("GET", key, &query, None)
}

/// One long poll of `Watcher.Next`.
pub(super) fn wait_call(key: &str, wait_index: u64, recursive: bool) -> HttpCall {
    let query = [
        ("recursive", recursive.to_string()),
        ("wait", "true".to_owned()),
        ("waitIndex", wait_index.to_string()),
    ];
    call("GET", key, &query, None)
}

/// `KeysAPI.Set`.
pub(super) fn set_call(key: &str, value: &str, opts: &SetOptions) -> HttpCall {
    let mut query = Vec::new();
    let mut form = Vec::new();
    if opts.dir {
        query.push(("dir", "true".to_owned()));
    }
    match opts.prev_exist {
        PrevExist::Ignore => {}
        PrevExist::Exist => query.push(("prevExist", "true".to_owned())),
        PrevExist::NoExist => query.push(("prevExist", "false".to_owned())),
    }
    if opts.prev_index != 0 {
        query.push(("prevIndex", opts.prev_index.to_string()));
    }
    if !opts.dir && !opts.prev_value.is_empty() {
        query.push(("prevValue", opts.prev_value.clone()));
    }
    if opts.ttl > 0 {
        form.push(("ttl", opts.ttl.to_string()));
    }
    if !opts.dir {
        form.push(("value", value.to_owned()));
    }
    call("PUT", key, &query, Some(&form))
}

/// `KeysAPI.Delete`.
pub(super) fn delete_call(key: &str, opts: &DeleteOptions) -> HttpCall {
    let mut query = Vec::new();
    if opts.dir {
        query.push(("dir", "true".to_owned()));
    }
    if opts.prev_index != 0 {
        query.push(("prevIndex", opts.prev_index.to_string()));
    }
    if !opts.prev_value.is_empty() {
        query.push(("prevValue", opts.prev_value.clone()));
    }
    if opts.recursive {
        query.push(("recursive", "true".to_owned()));
    }
    let mut call = call("DELETE", key, &query, None);
    call.content_type = Some(FORM_TYPE.to_owned());
    call
}

/// `KeysAPI.CreateInOrder`.
pub(super) fn create_in_order_call(dir: &str, value: &str, ttl: i64) -> HttpCall {
    let mut form = Vec::new();
    if ttl > 0 {
        form.push(("ttl", ttl.to_string()));
    }
    form.push(("value", value.to_owned()));
    call("POST", dir, &[], Some(&form))
}

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// The request for `key`; `query` and `form` already sorted by name.
fn call(
    method: &str,
    key: &str,
    query: &[(&str, String)],
    form: Option<&[(&str, String)]>,
) -> HttpCall {
    let mut path = keys_path(key);
    if !query.is_empty() {
        path.push('?');
        path.push_str(&encode(query));
    }
    HttpCall {
        method: method.to_owned(),
        path,
        content_type: form.map(|_| FORM_TYPE.to_owned()),
        body: form.map(encode).unwrap_or_default(),
    }
}

/// `v2KeysURL`: `/v2/keys` and the key, cleaned as `pathutil.CanonicalURLPath` cleans it
/// (a trailing slash kept).
pub(super) fn keys_path(key: &str) -> String {
    let raw = format!("/v2/keys/{key}");
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if raw.ends_with('/') && path != "/" {
        path.push('/');
    }
    path
}

/// `url.Values.Encode` of pairs already in name order.
fn encode(pairs: &[(&str, String)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
        .collect();
    encoded.join("&")
}

/// Go's `url.QueryEscape`.
fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Sends `call` and decodes the answer (`unmarshalHTTPResponse`).
pub(super) async fn send<A: EtcdApi>(
    client: &mut Client<'_, A>,
    call: HttpCall,
    out: &mut Output<'_>,
) -> Result<KeysResponse, KeysError> {
    let reply = client.send(call, out).await.map_err(KeysError::Client)?;
    decode(&reply)
}

/// etcd's error body (`client.Error`).
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "errorCode", default)]
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    cause: String,
    #[serde(default)]
    index: u64,
}

/// The answer to a keys call: an event for 200 and 201, etcd's error otherwise.
pub(super) fn decode(reply: &HttpReply) -> Result<KeysResponse, KeysError> {
    if !matches!(reply.status, 200 | 201) {
        let body: ErrorBody =
            serde_json::from_str(&reply.body).map_err(|_| KeysError::InvalidJson)?;
        return Err(KeysError::Etcd {
            code: body.code,
            message: body.message,
            cause: body.cause,
            index: body.index,
        });
    }
    if reply.body.is_empty() {
        return Err(KeysError::EmptyBody);
    }
    let mut response: KeysResponse =
        serde_json::from_str(&reply.body).map_err(|_| KeysError::InvalidJson)?;
    response.index = reply
        .header("X-Etcd-Index")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_the_query_and_form_the_go_client_sends() {
        let get = get_call("foo", true, false, false);
        assert_eq!(
            get.path,
            "/v2/keys/foo?quorum=false&recursive=true&sorted=false"
        );
        let opts = SetOptions {
            prev_value: "a b".to_owned(),
            prev_index: 0,
            prev_exist: PrevExist::Ignore,
            ttl: 0,
            dir: false,
        };
        let set = set_call("/dir/../k", "v&w", &opts);
        assert_eq!(
            (set.path.as_str(), set.body.as_str()),
            ("/v2/keys/k?prevValue=a+b", "value=v%26w")
        );
        let mkdir = SetOptions {
            dir: true,
            prev_exist: PrevExist::NoExist,
            ..opts
        };
        assert_eq!(
            set_call("/d/", "", &mkdir).path,
            "/v2/keys/d/?dir=true&prevExist=false"
        );
        assert_eq!(
            wait_call("/w", 7, false).path,
            "/v2/keys/w?recursive=false&wait=true&waitIndex=7"
        );
    }

    #[test]
    fn answers_decode_into_events_errors_or_invalid_json() {
        let reply = |status, body: &str| HttpReply {
            status,
            body: body.to_owned(),
            headers: vec![("X-Etcd-Index".to_owned(), "12".to_owned())],
        };
        let ok = decode(&reply(
            200,
            r#"{"action":"get","node":{"key":"/foo","value":"bar","modifiedIndex":4,"createdIndex":4}}"#,
        ));
        let ok = ok.expect("an event");
        assert_eq!((ok.action.as_str(), ok.index), ("get", 12));
        let missing = reply(
            404,
            r#"{"errorCode":100,"message":"Key not found","cause":"/nope","index":4}"#,
        );
        let err = decode(&missing).expect_err("etcd's error");
        assert_eq!(err.to_string(), "100: Key not found (/nope) [4]");
        let not_v2 = decode(&reply(404, "404 page not found\n")).expect_err("not etcd's JSON");
        assert_eq!(not_v2, KeysError::InvalidJson);
        assert_eq!(decode(&reply(200, "")), Err(KeysError::EmptyBody));
    }
}
