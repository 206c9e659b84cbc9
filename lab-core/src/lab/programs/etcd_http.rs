//! What an etcd 3.4 member answers over plain HTTP (`etcdserver/api/etcdhttp`): `/version`
//! on both ports, `/health` on the client port (a leader, then a quorum read, as etcd's
//! `checkHealth`), the peer `/members` list and, only with `--enable-v2`, `/v2/members`
//! (`v2_members`) and `/v2/keys` (`etcd_v2keys`), the v3 JSON gateway
//! (`etcd_gateway`); everything else is Go's `404 page not found`. `/metrics` is not modelled
//! and answers 404. The client port answers with etcd's CORS headers, as every
//! `net/http` handler etcd wraps does.

use serde_json::json;

use super::etcdctl::{member_list_of, quorum_read};
use super::v2_members;
use crate::lab::Lab;
use crate::sim::{Connection, ProcessKind, World};
use crate::time::SimDuration;

/// How long `/health` waits for its quorum read (unit: virtual time): etcd's one second.
const HEALTH_QGET_TIMEOUT: SimDuration = SimDuration::from_secs(1);
/// One HTTP request as a client sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct HttpRequest {
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The `Content-Type` header, if sent.
    pub content_type: Option<String>,
    /// The `Authorization` header, if sent: the token the v3 gateway passes on.
    pub authorization: Option<String>,
    pub body: String,
}

/// One HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HttpResponse {
    pub status: u16,
    /// The headers the handler set, as Go writes them: sorted by name.
    pub headers: Vec<(&'static str, String)>,
    /// No `Content-Type` was set: `net/http` sniffs one and writes it after `Date` and
    /// `Content-Length`.
    pub sniffed: bool,
    pub body: String,
    /// Sent with `Transfer-Encoding: chunked` (a watch's answer) instead of a length.
    pub chunked: bool,
    /// A trailer line sent after a chunked body (the gateway's gRPC status), as curl
    /// `-i` prints it.
    pub trailer: Option<&'static str>,
}

/// The headers etcd's CORS wrapper sets on every client-port answer.
const CORS: [(&str, &str); 3] = [
    (
        "Access-Control-Allow-Headers",
        "accept, content-type, authorization",
    ),
    (
        "Access-Control-Allow-Methods",
        "POST, GET, OPTIONS, PUT, DELETE",
    ),
    ("Access-Control-Allow-Origin", "*"),
];

impl HttpResponse {
    /// A JSON answer: `Content-Type: application/json`.
    pub(super) fn json(status: u16, body: String) -> Self {
        Self {
            status,
            headers: vec![("Content-Type", "application/json".to_owned())],
            sniffed: false,
            body,
            chunked: false,
            trailer: None,
        }
    }

    /// Go's `http.Error(w, text, status)`.
    pub(super) fn error(status: u16, text: &str) -> Self {
        Self {
            status,
            headers: vec![
                ("Content-Type", "text/plain; charset=utf-8".to_owned()),
                ("X-Content-Type-Options", "nosniff".to_owned()),
            ],
            sniffed: false,
            body: format!("{text}\n"),
            chunked: false,
            trailer: None,
        }
    }

    /// An answer without a body (`204 No Content`).
    pub(super) fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            sniffed: false,
            body: String::new(),
            chunked: false,
            trailer: None,
        }
    }

    /// Adds a header, keeping Go's order.
    pub(super) fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self.headers.sort_by_key(|(n, _)| *n);
        self
    }

    /// The status line's reason phrase (Go's `http.StatusText`).
    pub fn reason(&self) -> &'static str {
        match self.status {
            200 => "OK",
            201 => "Created",
            204 => "No Content",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "Precondition Failed",
            415 => "Unsupported Media Type",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Not Found",
        }
    }

    /// The same answer with `body`.
    pub(super) fn with_body(mut self, body: &str) -> Self {
        body.clone_into(&mut self.body);
        self
    }

    /// Whether the status allows a body (Go sends no `Content-Length` for 204).
    pub fn has_body(&self) -> bool {
        self.status != 204
    }
}

/// The member behind `conn` answers `method path` sent from host `from`.
pub(crate) async fn serve(
    lab: &Lab,
    from: usize,
    conn: Connection,
    request: &HttpRequest,
) -> HttpResponse {
    let answer = route(lab, from, conn, request).await;
    if conn.peer_port {
        return answer;
    }
    with_cors(answer)
}

/// `answer` with the headers etcd's CORS wrapper adds on the client port.
pub(crate) fn with_cors(answer: HttpResponse) -> HttpResponse {
    CORS.iter().fold(answer, |answer, (name, value)| {
        answer.with_header(name, (*value).to_owned())
    })
}

async fn route(lab: &Lab, from: usize, conn: Connection, request: &HttpRequest) -> HttpResponse {
    let path = request.path.split('?').next().unwrap_or(&request.path);
    let get = request.method == "GET";
    let v2_members = path == "/v2/members" || path.starts_with("/v2/members/");
    match (path, conn.peer_port) {
        ("/version", _) if get => version(&lab.world(), conn),
        ("/health", false) if get => health(lab, from, conn).await,
        ("/version", _) | ("/health", false) => {
            HttpResponse::error(405, "Method Not Allowed").with_header("Allow", "GET".to_owned())
        }
        ("/members", true) if get => members(&lab.world(), conn, false),
        (v3, false) if super::etcd_gateway::service_of(v3).is_some() => {
            super::etcd_gateway::serve(lab, conn, request).await
        }
        (_, false) if v2_members && enable_v2(&lab.world(), conn) => {
            v2_members::serve(lab, from, conn, request, path).await
        }
        (keys, false)
            if super::etcd_v2keys::is_keys_path(keys) && enable_v2(&lab.world(), conn) =>
        {
            let query = request.path.split_once('?').map_or("", |(_, q)| q);
            super::etcd_v2keys::serve(lab, conn, &request.method, keys, query, &request.body).await
        }
        _ => HttpResponse::error(404, "404 page not found"),
    }
}

/// `/version`: the server's version and the cluster version the member has applied
/// (`major.minor.0`), `not_decided` until the leader has set it.
fn version(world: &World, conn: Connection) -> HttpResponse {
    let decided = world
        .members
        .get(conn.member)
        .and_then(|m| m.server.cluster().version().map(|v| format!("{v}.0")));
    let cluster = decided.unwrap_or_else(|| "not_decided".to_owned());
    HttpResponse::json(
        200,
        format!(
            r#"{{"etcdserver":"{}","etcdcluster":"{cluster}"}}"#,
            crate::etcdctl::VERSION
        ),
    )
}

/// `/health`: false at once without a leader; else a quorum read that must finish within a
/// second. The failure is `http.Error`'s 503.
async fn health(lab: &Lab, from: usize, conn: Connection) -> HttpResponse {
    let has_leader = lab
        .world()
        .members()
        .get(conn.member)
        .is_some_and(|m| m.leader.is_some());
    if has_leader && quorum_read(lab, from, conn, HEALTH_QGET_TIMEOUT).await {
        // etcd writes no Content-Type here: net/http sniffs one.
        return HttpResponse {
            sniffed: true,
            ..HttpResponse::empty(200)
        }
        .with_body(r#"{"health":"true"}"#);
    }
    HttpResponse::error(503, r#"{"health":"false"}"#)
}

pub(super) fn enable_v2(world: &World, conn: Connection) -> bool {
    world
        .hosts()
        .get(conn.host)
        .and_then(|h| {
            h.processes.iter().find_map(|p| match &p.kind {
                ProcessKind::Etcd { member, launch, .. } if *member == conn.member => {
                    Some(launch.enable_v2)
                }
                _ => None,
            })
        })
        .unwrap_or(false)
}

/// The peer port's `/members` (what a joining member reads: a bare list, `name` after the
/// peer URLs) or, `v2`, the v2 API's `/v2/members` (wrapped, `name` after the id, with
/// `json.Encoder`'s newline).
pub(super) fn members(world: &World, conn: Connection, v2: bool) -> HttpResponse {
    let list: Vec<String> = member_list_of(world, conn)
        .iter()
        .map(|m| member_json(m, v2))
        .collect();
    let body = if v2 {
        format!("{{\"members\":[{}]}}\n", list.join(","))
    } else {
        format!("[{}]", list.join(","))
    };
    HttpResponse::json(200, body)
}

/// One member as JSON: the v2 API's field order (`v2`) or the peer `/members` one.
pub(super) fn member_json(m: &crate::etcdctl::Member, v2: bool) -> String {
    let (id, name) = (
        format!(r#""id":"{:x}""#, m.id),
        format!(r#""name":{}"#, json!(m.name)),
    );
    let peers = format!(r#""peerURLs":{}"#, json!(m.peer_urls));
    let clients = format!(r#""clientURLs":{}"#, json!(m.client_urls));
    let fields = if v2 {
        [id, name, peers, clients]
    } else {
        [id, peers, name, clients]
    };
    format!("{{{}}}", fields.join(","))
}
