//! Calls a member answers from its own memory, without consensus: MemberList (the
//! configuration it has applied) — plus the round trip such calls make and the response
//! header every answer carries. Status, HashKV and Alarm are `maintenance`'s.

use super::HostEtcdApi;
use crate::etcdctl::{Member, MemberListResponse, Response, ResponseHeader, RpcError};
use crate::lab::{sleep, wait_for};
use crate::sim::{Connection, World};
use crate::time::SimTime;

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
    local_with(api, conn, deadline, |world, conn| Ok(serve(world, conn))).await
}

/// [`local`] with an answer that may be an error status.
pub(super) async fn local_with(
    api: &HostEtcdApi,
    conn: Connection,
    deadline: SimTime,
    serve: impl FnOnce(&World, Connection) -> Result<Response, RpcError>,
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
        Some(true) => serve(&api.lab.world(), conn),
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

/// The header of an answer from the member reached through `conn`, read from `world`.
pub(crate) fn header_of(world: &World, conn: Connection, revision: u64) -> ResponseHeader {
    let Some(m) = world.members.get(conn.member) else {
        return ResponseHeader::default();
    };
    ResponseHeader {
        cluster_id: cluster_id(world, conn.member),
        member_id: m.id,
        revision: i64::try_from(revision).unwrap_or(i64::MAX),
        raft_term: applied_term(world, conn.member),
    }
}

/// etcd's `Server.Term()`, which headers and `Status` report: the term of the last entry the
/// member applied, not Raft's current term. A member campaigning alone stays at the term of
/// its last leader (reference 03: term 5 in `endpoint status` while its log says term 9).
pub(super) fn applied_term(world: &World, idx: usize) -> u64 {
    let Some(m) = world.members.get(idx) else {
        return 0;
    };
    let applied = m.server.applied_index();
    m.node
        .as_ref()
        .and_then(|n| n.raft().raft_log().term(applied).ok())
        .or_else(|| world.member(m.name()).map(|v| v.term))
        .unwrap_or(0)
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
    // etcd's ClusterServer fills only cluster id, member id and term: no revision, so
    // `member list -w json` prints none.
    Response::MemberList(MemberListResponse {
        header: header_of(world, conn, 0),
        members,
    })
}
