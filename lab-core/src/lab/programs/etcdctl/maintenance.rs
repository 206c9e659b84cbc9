//! The Maintenance calls a member answers from its own state, without consensus (etcd's
//! `v3rpc/maintenance.go`): Status (its Raft position, leader and database), HashKV (the
//! hash of its key history) and Defragment (its backend's free pages given back).

use super::HostEtcdApi;
use super::cluster::{applied_term, header_of, local_with};
use super::key_bucket::{NEVER_COMPACTED, db_size, hash_by_rev};
use crate::etcdctl::{HashKvResponse, Response, RpcError, StatusResponse, VERSION};
use crate::sim::{Connection, World};
use crate::time::SimTime;

/// `Status`: the member's version, database size, Raft position and leader; without a leader
/// it says so in `errors`, as etcd 3.4 does.
pub(super) fn status(world: &World, conn: Connection) -> Response {
    let Some(m) = world.members.get(conn.member) else {
        return Response::Status(StatusResponse::default());
    };
    let view = world.member(m.name());
    let store = m.server.store();
    let (db_size, db_size_in_use) = db_size(store);
    let leader = view.as_ref().and_then(|v| v.leader);
    let is_learner = world
        .conf_state(m.name())
        .is_ok_and(|c| c.learners.contains(&m.id));
    Response::Status(StatusResponse {
        header: header_of(world, conn, store.revision()),
        version: VERSION.to_owned(),
        db_size,
        leader: leader.unwrap_or(0),
        raft_index: view.as_ref().map_or(0, |v| v.commit_index),
        raft_term: applied_term(world, conn.member),
        raft_applied_index: m.server.applied_index(),
        errors: match leader {
            Some(_) => Vec::new(),
            None => vec!["etcdserver: no leader".to_owned()],
        },
        db_size_in_use,
        is_learner,
    })
}

/// `HashKV`: the member's own hash of its key bucket up to `revision` (0: all of it); the
/// header carries the current revision, as etcd's does.
pub(super) fn hash_kv(
    world: &World,
    conn: Connection,
    revision: i64,
) -> Result<Response, RpcError> {
    let Some(m) = world.members.get(conn.member) else {
        return Ok(Response::HashKv(HashKvResponse::default()));
    };
    let (hash, current) = hash_by_rev(m.server.store(), revision).map_err(RpcError::Server)?;
    Ok(Response::HashKv(HashKvResponse {
        header: header_of(world, conn, current),
        hash,
        compact_revision: m
            .server
            .store()
            .compact_revision()
            .map_or(NEVER_COMPACTED, |r| i64::try_from(r).unwrap_or(i64::MAX)),
    }))
}

/// `Defragment`: the member's backend gives back the pages compactions freed.
pub(super) async fn defragment(
    api: &HostEtcdApi,
    conn: Connection,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let revision = |world: &World, conn: Connection| {
        let revision = world
            .members
            .get(conn.member)
            .map_or(0, |m| m.server.store().revision());
        Ok(Response::Defragment {
            header: header_of(world, conn, revision),
        })
    };
    let response = local_with(api, conn, deadline, revision).await?;
    if let Some(m) = api.lab.world_mut().members.get_mut(conn.member) {
        m.server.defrag();
    }
    Ok(response)
}
