//! Calls a member answers from its own memory, without consensus: MemberList (the
//! configuration it has applied) — plus the round trip such calls make and the response
//! header every answer carries. Status, HashKV and Alarm are `maintenance`'s.

use super::HostEtcdApi;
use crate::etcdctl::{Member, MemberListResponse, Response, ResponseHeader, RpcError};
use crate::lab::{sleep, wait_for};
use crate::sim::{Connection, World, etcd_cluster_id, placeholder_member_id};
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
pub(super) fn header_of(world: &World, conn: Connection, revision: u64) -> ResponseHeader {
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

/// etcd's cluster id: a hash of the initial members' ids. A member that joined later has
/// the id of the cluster it joined, i.e. of any initial member.
fn cluster_id(world: &World, idx: usize) -> u64 {
    let initial = |i: usize| world.members.get(i).filter(|m| m.join.is_none());
    let founder = initial(idx).or_else(|| (0..world.members.len()).find_map(initial));
    let Some(m) = founder else {
        return 0;
    };
    let ids = match &m.spec.identity {
        Some(identity) => identity.initial_ids(),
        None => m
            .spec
            .initial_cluster
            .iter()
            .map(|name| placeholder_member_id(name))
            .collect(),
    };
    etcd_cluster_id(&ids)
}

/// `MemberList`: the configuration the member has applied, sorted by id as etcd sorts it.
/// A member that never started has published no name or client URLs yet.
pub(super) fn member_list(world: &World, conn: Connection) -> Response {
    let Some(reached) = world.members.get(conn.member) else {
        return Response::MemberList(MemberListResponse::default());
    };
    let conf = world.conf_state(reached.name()).unwrap_or_default();
    let voters = conf.voters.iter().map(|&id| (id, false));
    let learners = conf.learners.iter().map(|&id| (id, true));
    let mut members: Vec<Member> = voters
        .chain(learners)
        .map(|(id, is_learner)| describe(world, conn.member, id, is_learner))
        .collect();
    members.sort_by_key(|m| m.id);
    members.dedup_by_key(|m| m.id);
    Response::MemberList(MemberListResponse {
        header: header_of(world, conn, reached.server.store().revision()),
        members,
    })
}

/// One member as the reached member knows it.
fn describe(world: &World, reached: usize, id: u64, is_learner: bool) -> Member {
    let mut member = Member {
        id,
        is_learner,
        ..Member::default()
    };
    let known = world.members.iter().find(|m| m.id == id);
    match known {
        Some(m) => {
            let started = m.incarnation > 0;
            match &m.spec.identity {
                Some(identity) => {
                    member.peer_urls = identity.peer_urls.clone();
                    if started {
                        member.client_urls = identity.client_urls.clone();
                    }
                }
                None => {
                    let ip = world.hosts().get(m.host).map(|h| h.ip);
                    member.peer_urls = ip
                        .map(|ip| format!("http://{ip}:2380"))
                        .into_iter()
                        .collect();
                    if started {
                        member.client_urls = ip
                            .map(|ip| format!("http://{ip}:2379"))
                            .into_iter()
                            .collect();
                    }
                }
            }
            if started {
                member.name = m.name().to_owned();
            }
        }
        None => {
            // Only the bootstrap configuration names it: its peer URLs are all there is.
            let identity = world
                .members
                .get(reached)
                .and_then(|m| m.spec.identity.as_ref());
            if let Some(identity) = identity {
                let ids = identity.initial_ids();
                let urls = ids
                    .iter()
                    .zip(&identity.initial_cluster)
                    .find(|(i, _)| **i == id)
                    .map(|(_, (_, urls))| urls.clone());
                member.peer_urls = urls.unwrap_or_default();
            }
        }
    }
    member
}
