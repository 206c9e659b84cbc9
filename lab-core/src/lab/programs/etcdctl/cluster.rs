//! Calls a member answers from its own memory, without consensus: MemberList (the
//! configuration it has applied), Status (its Raft state and store) and Alarm list (the lab
//! raises no alarms) — plus the response header every answer carries.

use super::HostEtcdApi;
use crate::etcdctl::{
    Member, MemberListResponse, Response, ResponseHeader, RpcError, StatusResponse, VERSION,
};
use crate::lab::{sleep, wait_for};
use crate::sim::{Connection, World};
use crate::time::SimTime;

/// Size of a fresh member's bbolt file, as `endpoint status` shows it (unit: bytes).
const EMPTY_DB_BYTES: i64 = 20_480;
/// Of which in use (unit: bytes).
const EMPTY_DB_IN_USE_BYTES: i64 = 16_384;
/// bbolt grows a page at a time (unit: bytes).
const DB_PAGE_BYTES: i64 = 4_096;
/// Keys that fit in one page, roughly, for the shown database size (unit: keys).
const KEYS_PER_PAGE: i64 = 32;

/// How the member reached builds its answer.
pub(super) type Serve = fn(&World, Connection) -> Response;

/// One round trip to the member, which answers with `serve` at once if it runs; a frozen
/// member answers once it thaws, if the deadline has not passed.
pub(super) async fn local(
    api: &HostEtcdApi,
    conn: Connection,
    deadline: SimTime,
    serve: Serve,
) -> Result<Response, RpcError> {
    let arrive = api.lab.now().saturating_add(api.round_trip(conn.host));
    if arrive > deadline {
        return Err(api.silence_until(deadline).await);
    }
    sleep(&api.lab, arrive.saturating_duration_since(api.lab.now())).await;
    let timeout = deadline.saturating_duration_since(api.lab.now());
    let member = conn.member;
    let thawed = wait_for(&api.lab, timeout, move |world| {
        let m = world.members.get(member)?;
        (!m.paused || !m.is_running()).then_some(m.is_running())
    })
    .await;
    match thawed {
        Some(true) => Ok(serve(&api.lab.world(), conn)),
        Some(false) => Err(RpcError::Unreachable {
            reason: "connect: connection refused".to_owned(),
        }),
        None => Err(RpcError::DeadlineExceeded),
    }
}

/// The header of an answer from the member reached through `conn`.
pub(super) fn header(api: &HostEtcdApi, conn: Connection, revision: u64) -> ResponseHeader {
    header_of(&api.lab.world(), conn, revision)
}

fn header_of(world: &World, conn: Connection, revision: u64) -> ResponseHeader {
    let Some(m) = world.members.get(conn.member) else {
        return ResponseHeader::default();
    };
    ResponseHeader {
        cluster_id: cluster_id(world, conn.member),
        member_id: m.id,
        revision: i64::try_from(revision).unwrap_or(i64::MAX),
        raft_term: world.member(m.name()).map_or(0, |v| v.term),
    }
}

/// The id of the cluster the member belongs to.
fn cluster_id(world: &World, idx: usize) -> u64 {
    world.members.get(idx).map_or(0, |m| m.cluster_id)
}

/// `MemberList`: the membership the member has applied, sorted by id as etcd sorts it. A
/// member that has not published yet has no client URLs (and, if added at runtime, no name).
pub(super) fn member_list(world: &World, conn: Connection) -> Response {
    let Some(reached) = world.members.get(conn.member) else {
        return Response::MemberList(MemberListResponse::default());
    };
    let members = reached
        .server
        .cluster()
        .members()
        .map(|m| Member {
            id: m.id,
            name: m.name.clone(),
            peer_urls: m.peer_urls.clone(),
            client_urls: m.client_urls.clone(),
            is_learner: m.is_learner,
        })
        .collect();
    Response::MemberList(MemberListResponse {
        header: header_of(world, conn, reached.server.store().revision()),
        members,
    })
}

/// `Status`: the member's version, database size, Raft position and leader.
pub(super) fn status(world: &World, conn: Connection) -> Response {
    let Some(m) = world.members.get(conn.member) else {
        return Response::Status(StatusResponse::default());
    };
    let view = world.member(m.name());
    let store = m.server.store();
    let pages = i64::try_from(store.len()).unwrap_or(i64::MAX) / KEYS_PER_PAGE;
    let grown = pages.saturating_mul(DB_PAGE_BYTES);
    let leader = view.as_ref().and_then(|v| v.leader);
    let is_learner = world
        .conf_state(m.name())
        .is_ok_and(|c| c.learners.contains(&m.id));
    Response::Status(StatusResponse {
        header: header_of(world, conn, store.revision()),
        version: VERSION.to_owned(),
        db_size: EMPTY_DB_BYTES.saturating_add(grown),
        leader: leader.unwrap_or(0),
        raft_index: view.as_ref().map_or(0, |v| v.commit_index),
        raft_term: view.as_ref().map_or(0, |v| v.term),
        raft_applied_index: m.server.applied_index(),
        errors: match leader {
            Some(_) => Vec::new(),
            None => vec!["etcdserver: no leader".to_owned()],
        },
        db_size_in_use: EMPTY_DB_IN_USE_BYTES.saturating_add(grown),
        is_learner,
    })
}

/// `alarm list`: the lab raises no alarms.
pub(super) fn alarms(world: &World, conn: Connection) -> Response {
    let revision = world
        .members
        .get(conn.member)
        .map_or(0, |m| m.server.store().revision());
    Response::Alarm {
        header: header_of(world, conn, revision),
        alarms: Vec::new(),
    }
}
