//! What an etcd 3.4 member answers over plain HTTP (`etcdserver/api/etcdhttp`): `/version`
//! on both ports, `/health` on the client port (a leader, then a quorum read, as etcd's
//! `checkHealth`), the peer `/members` list and, only with `--enable-v2`, `/v2/members`;
//! and `/v2/keys` (`etcd_v2keys`); everything else is Go's `404 page not found`. `/metrics` is
//! not modelled and answers 404.

use serde_json::json;

use super::etcdctl::{member_list_of, quorum_read};
use crate::lab::Lab;
use crate::sim::{Connection, ProcessKind, World};
use crate::time::SimDuration;

/// How long `/health` waits for its quorum read (unit: virtual time): etcd's one second.
const HEALTH_QGET_TIMEOUT: SimDuration = SimDuration::from_secs(1);
/// One HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct HttpResponse {
    pub status: u16,
    /// `http.Error`'s answers: `text/plain`, `nosniff`, the text and a newline.
    pub plain: bool,
    pub body: String,
    /// Headers beyond `Content-Type`, `Date` and `Content-Length` (`X-Etcd-Index`...).
    pub headers: Vec<(&'static str, String)>,
    /// Sent with `Transfer-Encoding: chunked` (a watch's answer) instead of a length.
    pub chunked: bool,
}

impl HttpResponse {
    pub(super) fn json(status: u16, body: String) -> Self {
        Self {
            status,
            plain: false,
            body,
            headers: Vec::new(),
            chunked: false,
        }
    }

    /// Go's `http.Error(w, text, status)`.
    pub(super) fn error(status: u16, text: &str) -> Self {
        Self {
            status,
            plain: true,
            body: format!("{text}\n"),
            headers: Vec::new(),
            chunked: false,
        }
    }

    /// The status line's reason phrase.
    pub fn reason(&self) -> &'static str {
        match self.status {
            200 => "OK",
            201 => "Created",
            400 => "Bad Request",
            403 => "Forbidden",
            405 => "Method Not Allowed",
            412 => "Precondition Failed",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            _ => "Not Found",
        }
    }
}

/// The member behind `conn` answers `method path` sent from host `from`.
pub(super) async fn serve(
    lab: &Lab,
    from: usize,
    conn: Connection,
    method: &str,
    target: &str,
    body: &str,
) -> HttpResponse {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let get = method == "GET";
    match (path, conn.peer_port) {
        ("/version", _) if get => version(&lab.world(), conn),
        ("/health", false) if get => health(lab, from, conn).await,
        ("/version", _) | ("/health", false) => HttpResponse::error(405, "Method Not Allowed"),
        ("/members", true) if get => members(&lab.world(), conn, false),
        ("/v2/members", false) if get && enable_v2(&lab.world(), conn) => {
            members(&lab.world(), conn, true)
        }
        (keys, false)
            if super::etcd_v2keys::is_keys_path(keys) && enable_v2(&lab.world(), conn) =>
        {
            super::etcd_v2keys::serve(lab, conn, method, keys, query, body).await
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
        return HttpResponse::json(200, r#"{"health":"true"}"#.to_owned());
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
/// peer URLs) or, `v2`, the v2 API's `/v2/members` (wrapped, `name` after the id).
fn members(world: &World, conn: Connection, v2: bool) -> HttpResponse {
    let list: Vec<String> = member_list_of(world, conn)
        .iter()
        .map(|m| {
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
        })
        .collect();
    let body = if v2 {
        format!("{{\"members\":[{}]}}\n", list.join(","))
    } else {
        format!("[{}]", list.join(","))
    };
    HttpResponse::json(200, body)
}
