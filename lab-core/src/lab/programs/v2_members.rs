//! `/v2/members` on a member started with `--enable-v2` (etcd 3.4's `v2http`
//! `membersHandler`): the list, the leader, and the membership changes old tutorials make with
//! `curl -X POST/PUT/DELETE` and `ETCDCTL_API=2 etcdctl member`. Changes go through the same
//! world calls as `etcdctl member add/update/remove`; the answers are etcd 3.4.23's, byte for
//! byte as recorded (lab-core/tests/data/v2-reference.md).

use serde_json::Value;

use super::etcd_http::{HttpRequest, HttpResponse, member_json, members};
use super::etcdctl::{V2Change, v2_member_change};
use crate::etcdctl::{RpcError, ServerError};
use crate::lab::Lab;
use crate::sim::Connection;
use crate::time::SimDuration;

/// How long the handler waits for a change to apply (unit: virtual time): etcd's request
/// timeout, 5 s plus two election timeouts at the defaults.
const CHANGE_TIMEOUT: SimDuration = SimDuration::from_secs(7);

/// Serves `request` for `path` (`/v2/members` or below it).
pub(super) async fn serve(
    lab: &Lab,
    from: usize,
    conn: Connection,
    request: &HttpRequest,
    path: &str,
) -> HttpResponse {
    if !matches!(request.method.as_str(), "GET" | "POST" | "DELETE" | "PUT") {
        return HttpResponse::error(405, "Method Not Allowed")
            .with_header("Allow", "GET,POST,DELETE,PUT".to_owned());
    }
    let rest = path.strip_prefix("/v2/members").unwrap_or_default();
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let answer = match request.method.as_str() {
        "GET" => get(lab, conn, rest),
        "POST" => post(lab, from, conn, request).await,
        method => change(lab, from, conn, request, method, rest).await,
    };
    let cluster_id = lab
        .world()
        .members
        .get(conn.member)
        .map_or(0, |m| m.cluster_id);
    answer.with_header("X-Etcd-Cluster-Id", format!("{cluster_id:x}"))
}

fn get(lab: &Lab, conn: Connection, rest: &str) -> HttpResponse {
    let world = lab.world();
    match rest {
        "" => members(&world, conn, true),
        "leader" => {
            let leader = world.members().get(conn.member).and_then(|m| m.leader);
            let known = super::etcdctl::member_list_of(&world, conn);
            match known.iter().find(|m| Some(m.id) == leader) {
                Some(m) => HttpResponse::json(200, format!("{}\n", member_json(m, true))),
                None => message(503, "During election"),
            }
        }
        _ => message(404, "Not found"),
    }
}

async fn post(lab: &Lab, from: usize, conn: Connection, request: &HttpRequest) -> HttpResponse {
    let peer_urls = match peer_urls_of(request) {
        Ok(urls) => urls,
        Err(answer) => return answer,
    };
    let add = V2Change::Add { peer_urls };
    match v2_member_change(lab, from, conn, add, CHANGE_TIMEOUT).await {
        Ok(Some(member)) => HttpResponse::json(201, format!("{}\n", member_json(&member, true))),
        Ok(None) => message(500, "Internal Server Error"),
        Err(e) => refusal(&e, 0),
    }
}

/// `PUT` and `DELETE /v2/members/<id>`.
async fn change(
    lab: &Lab,
    from: usize,
    conn: Connection,
    request: &HttpRequest,
    method: &str,
    rest: &str,
) -> HttpResponse {
    if rest.is_empty() {
        return HttpResponse::error(405, "Method Not Allowed");
    }
    let Some(id) = parse_id(rest) else {
        return message(404, &format!("No such member: {rest}"));
    };
    let change = if method == "PUT" {
        match peer_urls_of(request) {
            Ok(peer_urls) => V2Change::Update { id, peer_urls },
            Err(answer) => return answer,
        }
    } else {
        let removed = lab
            .world()
            .members
            .get(conn.member)
            .is_some_and(|m| m.server.cluster().is_removed(id));
        if removed {
            return message(410, &format!("Member permanently removed: {id:x}"));
        }
        V2Change::Remove { id }
    };
    match v2_member_change(lab, from, conn, change, CHANGE_TIMEOUT).await {
        Ok(_) => HttpResponse::empty(204),
        Err(e) => refusal(&e, id),
    }
}

/// etcd's `types.IDFromString`: hex digits only (`strconv.ParseUint(s, 16, 64)`).
fn parse_id(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(text, 16).ok()
}

/// The server's refusal as the v2 handler words it: conflicts and unknown ids have their
/// own statuses, anything else is a bare 500.
fn refusal(err: &RpcError, id: u64) -> HttpResponse {
    match err {
        RpcError::Server(e) if *e == ServerError::peer_url_exist() => {
            message(409, "membership: peerURL exists")
        }
        RpcError::Server(e) if *e == ServerError::member_exist() => {
            message(409, "membership: ID exists")
        }
        RpcError::Server(e) if *e == ServerError::member_not_found() => {
            message(404, &format!("No such member: {id:x}"))
        }
        _ => message(500, "Internal Server Error"),
    }
}

/// An `httptypes.HTTPError`: `{"message":…}`, no newline.
fn message(status: u16, text: &str) -> HttpResponse {
    let body = serde_json::json!({ "message": text }).to_string();
    HttpResponse::json(status, body)
}

/// etcd's `unmarshalRequest` of a `MemberCreateRequest`/`MemberUpdateRequest`: JSON only,
/// then `types.NewURLs` (checked, sorted).
fn peer_urls_of(request: &HttpRequest) -> Result<Vec<String>, HttpResponse> {
    let raw = request.content_type.as_deref().unwrap_or_default();
    let ctype = match raw.split_once(';') {
        Some((before, _)) => before.trim().to_ascii_lowercase(),
        None => raw.to_owned(),
    };
    if ctype != "application/json" {
        let text = format!("Bad Content-Type {ctype}, accept application/json");
        return Err(message(415, &text));
    }
    let mut urls = decode_peer_urls(&request.body).map_err(|e| message(400, &e))?;
    crate::etcdctl::check_peer_urls(&urls).map_err(|e| message(400, &e))?;
    urls.sort();
    Ok(urls)
}

/// Go's `json.Unmarshal` into `struct { PeerURLs []string "json:\"peerURLs\"" }`: the key
/// matches case-insensitively; a missing or null one is no URLs.
fn decode_peer_urls(body: &str) -> Result<Vec<String>, String> {
    if let Some(e) = crate::etcdctl::go_json_syntax_error(body) {
        return Err(e);
    }
    let value: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let Value::Object(fields) = value else {
        return Err(format!(
            "json: cannot unmarshal {} into Go value of type struct {{ PeerURLs []string \"json:\\\"peerURLs\\\"\" }}",
            go_kind(&value)
        ));
    };
    let found = fields.get("peerURLs").or_else(|| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("peerURLs"))
            .map(|(_, v)| v)
    });
    let items = match found {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(field_type_error(other, "[]string")),
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.clone()),
            other => Err(field_type_error(other, "string")),
        })
        .collect()
}

fn field_type_error(value: &Value, go_type: &str) -> String {
    format!(
        "json: cannot unmarshal {} into Go struct field .peerURLs of type {go_type}",
        go_kind(value)
    )
}

/// What Go's `UnmarshalTypeError` calls a JSON value.
pub(super) fn go_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_request(body: &str) -> HttpRequest {
        HttpRequest {
            method: "POST".to_owned(),
            path: "/v2/members".to_owned(),
            content_type: Some("application/json".to_owned()),
            body: body.to_owned(),
            ..HttpRequest::default()
        }
    }

    fn refused(request: &HttpRequest) -> (u16, String) {
        match peer_urls_of(request) {
            Ok(urls) => panic!("accepted {urls:?}"),
            Err(answer) => (answer.status, answer.body),
        }
    }

    #[test]
    fn a_well_formed_body_gives_its_urls_sorted() {
        let request = json_request(r#"{"peerURLs":["http://b:2380","http://a:2380"]}"#);
        assert_eq!(
            peer_urls_of(&request),
            Ok(vec!["http://a:2380".to_owned(), "http://b:2380".to_owned()])
        );
    }

    #[test]
    fn bad_bodies_are_refused_as_etcd_3_4_23_refused_them() {
        // Each pair recorded with curl against etcd 3.4.23 --enable-v2.
        let cases = [
            (
                "{bad",
                r#"{"message":"invalid character 'b' looking for beginning of object key string"}"#,
            ),
            (r#"{"peerURLs":[]}"#, r#"{"message":"no valid URLs given"}"#),
            ("{}", r#"{"message":"no valid URLs given"}"#),
            (
                r#"{"peerURLs":["127.0.0.1:35380"]}"#,
                r#"{"message":"parse \"127.0.0.1:35380\": first path segment in URL cannot contain colon"}"#,
            ),
        ];
        for (body, answer) in cases {
            assert_eq!(
                refused(&json_request(body)),
                (400, answer.to_owned()),
                "{body}"
            );
        }
    }

    #[test]
    fn a_form_body_is_an_unsupported_media_type() {
        let request = HttpRequest {
            content_type: Some("application/x-www-form-urlencoded".to_owned()),
            ..json_request(r#"{"peerURLs":["http://a:2380"]}"#)
        };
        assert_eq!(
            refused(&request),
            (
                415,
                r#"{"message":"Bad Content-Type application/x-www-form-urlencoded, accept application/json"}"#
                    .to_owned()
            )
        );
    }

    #[test]
    fn ids_are_hex_as_etcd_parses_them() {
        assert_eq!(parse_id("daa54702714a88a8"), Some(0xdaa5_4702_714a_88a8));
        assert_eq!(parse_id("1234"), Some(0x1234));
        assert_eq!(parse_id("zzz"), None);
        assert_eq!(parse_id("+12"), None);
        assert_eq!(parse_id("1ffffffffffffffff"), None);
    }

    #[test]
    fn server_refusals_map_to_the_v2_statuses() {
        let conflict = refusal(&RpcError::Server(ServerError::peer_url_exist()), 0);
        assert_eq!(conflict.status, 409);
        assert_eq!(conflict.body, r#"{"message":"membership: peerURL exists"}"#);
        let unknown = refusal(&RpcError::Server(ServerError::member_not_found()), 0x1234);
        assert_eq!(unknown.body, r#"{"message":"No such member: 1234"}"#);
        let unhealthy = refusal(&RpcError::Server(ServerError::unhealthy_cluster()), 0);
        assert_eq!(
            (unhealthy.status, unhealthy.body.as_str()),
            (500, r#"{"message":"Internal Server Error"}"#)
        );
    }
}
