//! Calls a member answers from its own memory, without consensus: MemberList (the
//! configuration it has applied), Status (its Raft state and store) and Alarm list (the lab
//! raises no alarms) — plus the response header every answer carries.

use super::HostEtcdApi;
use crate::etcdctl::{
    Member, MemberListResponse, Response, ResponseHeader, RpcError, StatusResponse, VERSION,
};
use crate::lab::{sleep, wait_for};
use crate::sim::{Connection, World, etcd_cluster_id, placeholder_member_id};
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
    // etcd's ClusterServer fills only cluster id, member id and term: no revision, so
    // `member list -w json` prints none.
    Response::MemberList(MemberListResponse {
        header: header_of(world, conn, 0),
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
