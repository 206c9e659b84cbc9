//! `/v2/keys` on a member's client port with `--enable-v2` (etcd's `v2http` keys handler):
//! GET (with `recursive`, `wait=true&waitIndex=`), PUT (`value=`, `dir=true`, `prevExist`,
//! `prevValue`, `prevIndex`), POST (in-order keys) and DELETE (`dir`, `recursive`), with
//! etcd's JSON bodies, error bodies and headers (`X-Etcd-Index`, `X-Raft-Index`...).
//! Writes go through Raft ([`World::propose_v2`]); reads answer from the member's own store,
//! as etcd's v2 reads do without `quorum=true`. `discovery` uses the typed calls.

mod request;

use super::etcd_http::HttpResponse;
use crate::lab::{Lab, sleep};
use crate::sim::{Connection, World};
use crate::time::SimDuration;
use crate::v2store::{ErrorCode, Event, V2Error, V2Request, unix_nanos};
use request::{Form, delete_request, put_request, ttl_options};

/// How often a waiting handler looks for its answer (unit: virtual time).
const POLL: SimDuration = SimDuration::from_millis(10);
/// Longest a `wait=true` request waits for an event before answering empty (unit: virtual
/// time); etcd waits for ever, the lab bounds it.
pub(super) const MAX_WATCH_WAIT: SimDuration = SimDuration::from_secs(300);

/// Whether `path` is under `/v2/keys`.
pub(super) fn is_keys_path(path: &str) -> bool {
    path == "/v2/keys" || path.starts_with("/v2/keys/")
}

/// Answers `method` on `/v2/keys...` with the form in `query` and `body`.
pub(super) async fn serve(
    lab: &Lab,
    conn: Connection,
    method: &str,
    path: &str,
    query: &str,
    body: &str,
) -> HttpResponse {
    let key = path.strip_prefix("/v2/keys").unwrap_or("/");
    let form = Form::parse(query, body);
    let now = unix_nanos(lab.now());
    let answer = match method {
        "GET" | "HEAD" => get(lab, conn.member, key, &form).await,
        "PUT" => match put_request(key, &form, now) {
            Ok(req) => write(lab, conn.member, req).await,
            Err(e) => Err(e),
        },
        "POST" => match ttl_options(&form, now) {
            Ok(ttl) => {
                let req = V2Request::CreateInOrder {
                    dir: key.to_owned(),
                    value: form.get("value").unwrap_or_default().to_owned(),
                    ttl,
                };
                write(lab, conn.member, req).await
            }
            Err(e) => Err(e),
        },
        "DELETE" => match delete_request(key, &form) {
            Ok(req) => write(lab, conn.member, req).await,
            Err(e) => Err(e),
        },
        _ => {
            let mut answer = HttpResponse::error(405, "Method Not Allowed");
            answer
                .headers
                .push(("Allow", "HEAD,GET,PUT,POST,DELETE".to_owned()));
            return answer;
        }
    };
    let world = lab.world();
    match answer {
        Ok(Answer {
            event,
            status,
            chunked,
            start_index,
        }) => {
            let index = if chunked {
                start_index
            } else if event.action == crate::v2store::Action::Get {
                store_index(&world, conn.member)
            } else {
                event.index
            };
            let body = if event.index == 0 && chunked {
                String::new()
            } else {
                event.to_json()
            };
            let mut response = HttpResponse::json(status, body);
            response
                .headers
                .extend(headers(&world, conn.member, index, true));
            response.headers.sort_by_key(|(n, _)| *n);
            response.chunked = chunked;
            response
        }
        Err(err) => {
            let mut response = HttpResponse::json(err.code.http_status(), err.to_json());
            response
                .headers
                .extend(headers(&world, conn.member, err.index, false));
            response.headers.sort_by_key(|(n, _)| *n);
            response
        }
    }
}

/// A successful answer: the event, its status and whether it streams (a watch).
pub(super) struct Answer {
    pub(super) event: Event,
    status: u16,
    chunked: bool,
    /// A watch's `X-Etcd-Index`: the store index when it started waiting, as etcd's
    /// `StartIndex`.
    start_index: u64,
}

async fn get(lab: &Lab, member: usize, key: &str, form: &Form) -> Result<Answer, V2Error> {
    let recursive = form.flag("recursive");
    if !form.flag("wait") {
        let event = read(&lab.world(), member, key, recursive)?;
        return Ok(Answer {
            event,
            status: 200,
            chunked: false,
            start_index: 0,
        });
    }
    let wait_index = form.number("waitIndex")?.unwrap_or(0);
    let start_index = store_index(&lab.world(), member);
    let event = watch(lab, member, key, recursive, wait_index, MAX_WATCH_WAIT)
        .await?
        .unwrap_or_else(|| Event {
            action: crate::v2store::Action::Get,
            node: crate::v2store::NodeExtern::default(),
            prev_node: None,
            index: 0,
            refresh: false,
        });
    Ok(Answer {
        event,
        status: 200,
        chunked: true,
        start_index,
    })
}

/// A GET from member `member`'s own store.
pub(super) fn read(
    world: &World,
    member: usize,
    key: &str,
    recursive: bool,
) -> Result<Event, V2Error> {
    let store = world.members.get(member).map(|m| m.server.v2());
    let store = store.ok_or_else(|| unavailable("etcdserver: server stopped"))?;
    store.get(key, recursive, unix_nanos(world.now()))
}

/// Waits up to `limit` for an event on `key` at or after `wait_index` (0: the next one);
/// `None` if none came.
pub(super) async fn watch(
    lab: &Lab,
    member: usize,
    key: &str,
    recursive: bool,
    wait_index: u64,
    limit: SimDuration,
) -> Result<Option<Event>, V2Error> {
    let deadline = lab.now().saturating_add(limit);
    let mut from = wait_index;
    loop {
        {
            let world = lab.world();
            let store = world.members.get(member).map(|m| m.server.v2());
            let Some(store) = store else {
                return Ok(None);
            };
            if from == 0 {
                from = store.index().saturating_add(1);
            }
            if let Some(event) = store.watch(key, recursive, from)? {
                return Ok(Some(event));
            }
        }
        if lab.now() >= deadline {
            return Ok(None);
        }
        sleep(lab, POLL).await;
    }
}

/// Proposes `req` through member `member` and waits for it to apply, or etcd's request
/// timeout.
pub(super) async fn write(lab: &Lab, member: usize, req: V2Request) -> Result<Answer, V2Error> {
    let timeout = lab
        .world()
        .members
        .get(member)
        .map_or(5_000, |m| m.spec.election_timeout_ms);
    let timeout = SimDuration::from_millis(5_000u64.saturating_add(timeout.saturating_mul(2)));
    let deadline = lab.now().saturating_add(timeout);
    let id = lab.world_mut().propose_v2(member, &req).ok();
    loop {
        if let Some(id) = id
            && let Some(result) = lab.world_mut().take_v2_result(member, id)
        {
            let event = result?;
            let status = if event.created() { 201 } else { 200 };
            return Ok(Answer {
                event,
                status,
                chunked: false,
                start_index: 0,
            });
        }
        if lab.now() >= deadline {
            return Err(unavailable("etcdserver: request timed out"));
        }
        sleep(lab, POLL).await;
    }
}

/// etcd's answer to an error from below the store (`Raft Internal Error`).
fn unavailable(cause: &str) -> V2Error {
    V2Error {
        code: ErrorCode::RaftInternal,
        cause: cause.to_owned(),
        index: 0,
    }
}

fn store_index(world: &World, member: usize) -> u64 {
    world
        .members
        .get(member)
        .map_or(0, |m| m.server.v2().index())
}

/// The headers etcd's keys handler sets beyond CORS (which `etcd_http` adds to every
/// client-port answer): cluster id, store index and, on success, Raft's index and term.
fn headers(world: &World, member: usize, index: u64, raft: bool) -> Vec<(&'static str, String)> {
    let mut headers = Vec::new();
    let Some(m) = world.members.get(member) else {
        return headers;
    };
    headers.push(("X-Etcd-Cluster-Id", format!("{:x}", m.cluster_id)));
    headers.push(("X-Etcd-Index", index.to_string()));
    if raft {
        let term = m.node.as_ref().map_or(0, |n| n.raft().term());
        headers.push(("X-Raft-Index", m.server.applied_index().to_string()));
        headers.push(("X-Raft-Term", term.to_string()));
    }
    headers
}
