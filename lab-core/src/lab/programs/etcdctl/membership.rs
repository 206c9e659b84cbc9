//! Calls that change the cluster through the member reached: MemberAdd, MemberUpdate,
//! MemberRemove and MemberPromote (a configuration change through Raft, answered once the
//! member has applied it, as etcd answers) and MoveLeader (sent to the leader, answered once
//! leadership has moved) — also for the v2 API's `/v2/members` changes.

use super::HostEtcdApi;
use super::cluster::{self, header};
use crate::error::LabError;
use crate::etcdctl::{
    GrpcCode, Member, MemberAddResponse, MemberListResponse, Response, RpcError, ServerError,
};
use crate::lab::{Lab, wait_for};
use crate::raft::ConfChangeType;
use crate::sim::{Command, Connection, MembershipError, World};
use crate::time::{SimDuration, SimTime};

/// A membership change the v2 API (`/v2/members`) asks of the member behind `conn` for a
/// client on host `from`: it goes through the same world calls as the v3 `member` commands
/// and is answered once applied, or fails with the server's error after `timeout`.
pub(crate) async fn v2_member_change(
    lab: &Lab,
    from: usize,
    conn: Connection,
    asked: V2Change,
    timeout: SimDuration,
) -> Result<Option<crate::etcdctl::Member>, RpcError> {
    let api = HostEtcdApi::new(lab.clone(), from);
    let deadline = lab.now().saturating_add(timeout);
    let answer = match asked {
        V2Change::Add { peer_urls } => add(&api, conn, peer_urls, false, deadline).await?,
        V2Change::Update { id, peer_urls } => update(&api, conn, id, peer_urls, deadline).await?,
        V2Change::Remove { id } => self::change(&api, conn, Change::Remove, id, deadline).await?,
    };
    Ok(match answer {
        Response::MemberAdd(added) => Some(added.member),
        _ => None,
    })
}

/// What `/v2/members` changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum V2Change {
    /// `POST /v2/members`.
    Add { peer_urls: Vec<String> },
    /// `PUT /v2/members/<id>`.
    Update { id: u64, peer_urls: Vec<String> },
    /// `DELETE /v2/members/<id>`.
    Remove { id: u64 },
}

/// Which membership change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// `member remove ID`.
    Remove,
    /// `member promote ID`.
    Promote,
}

/// `member remove` / `member promote` of member `id` through the member reached.
pub(super) async fn change(
    api: &HostEtcdApi,
    conn: Connection,
    change: Change,
    id: u64,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let after = {
        let mut world = api.lab.world_mut();
        let (via, after) = reached(&world, conn)?;
        // A member the world knows by name is traced by it; one only the membership knows
        // (added, never started) or none at all, by id.
        let name = names(&world, conn.member, id).map_or_else(|_| format!("{id:x}"), |n| n.1);
        match change {
            Change::Remove => world.member_remove_id(&via, id, &name),
            Change::Promote => world.member_promote_id(&via, id, &name),
        }
        .map_err(membership_error)?;
        after
    };
    let change_type = match change {
        Change::Remove => ConfChangeType::RemoveNode,
        Change::Promote => ConfChangeType::AddNode,
    };
    wait_verdict(api, conn, deadline, after, change_type, id).await?;
    let list = answered_list(api, conn)?;
    Ok(match change {
        Change::Remove => Response::MemberRemove(list),
        Change::Promote => Response::MemberPromote(list),
    })
}

/// `member add`: the member reached checks and proposes the change, and answers with the
/// new member and its member list once it has applied it.
pub(super) async fn add(
    api: &HostEtcdApi,
    conn: Connection,
    peer_urls: Vec<String>,
    is_learner: bool,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let (added, after) = {
        let mut world = api.lab.world_mut();
        let after = reached(&world, conn)?.1;
        let added = world
            .member_add_by_urls(conn.member, peer_urls, is_learner)
            .map_err(membership_error)?;
        (added, after)
    };
    let id = added.id;
    let change_type = if is_learner {
        ConfChangeType::AddLearnerNode
    } else {
        ConfChangeType::AddNode
    };
    wait_verdict(api, conn, deadline, after, change_type, id).await?;
    let list = answered_list(api, conn)?;
    Ok(Response::MemberAdd(MemberAddResponse {
        header: list.header,
        member: Member {
            id,
            peer_urls: added.peer_urls,
            is_learner,
            ..Member::default()
        },
        members: list.members,
    }))
}

/// `member update`: new peer URLs, answered once the member reached applied them.
pub(super) async fn update(
    api: &HostEtcdApi,
    conn: Connection,
    id: u64,
    peer_urls: Vec<String>,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let after = {
        let mut world = api.lab.world_mut();
        let after = reached(&world, conn)?.1;
        world
            .member_update_by_urls(conn.member, id, peer_urls)
            .map_err(membership_error)?;
        after
    };
    wait_verdict(api, conn, deadline, after, ConfChangeType::UpdateNode, id).await?;
    let list = answered_list(api, conn)?;
    Ok(Response::MemberUpdate(list))
}

/// The name of the member reached and the index it has applied up to: its verdict on the
/// change proposed now comes after that index.
fn reached(world: &World, conn: Connection) -> Result<(String, u64), RpcError> {
    let member = world
        .members
        .get(conn.member)
        .ok_or_else(|| RpcError::Server(ServerError::member_not_found()))?;
    Ok((member.name().to_owned(), member.server.applied_index()))
}

/// Waits until the member reached has applied the change of `change_type` for `id` it
/// proposed after index `after`, and answers with the apply-time check's verdict.
async fn wait_verdict(
    api: &HostEtcdApi,
    conn: Connection,
    deadline: SimTime,
    after: u64,
    change_type: ConfChangeType,
    id: u64,
) -> Result<(), RpcError> {
    let timeout = deadline.saturating_duration_since(api.lab.now());
    let verdict = wait_for(&api.lab, timeout, move |world| {
        let server = &world.members.get(conn.member)?.server;
        let found = server.conf_change_verdicts.find(after, change_type, id)?;
        Some(found.result)
    })
    .await;
    match verdict {
        Some(Ok(())) => Ok(()),
        Some(Err(refused)) => Err(RpcError::Server(refusal(refused))),
        None => Err(RpcError::Server(ServerError::request_timed_out())),
    }
}

/// The apply-time check's refusal as the status etcd sends (`togRPCError`).
fn refusal(err: MembershipError) -> ServerError {
    match err {
        MembershipError::IdRemoved | MembershipError::IdNotFound => ServerError::member_not_found(),
        MembershipError::IdExists => ServerError::member_exist(),
        MembershipError::PeerUrlExists => ServerError::peer_url_exist(),
        MembershipError::NotLearner => ServerError::member_not_learner(),
        MembershipError::TooManyLearners => ServerError::too_many_learners(),
    }
}

/// The member list the member reached now answers with.
fn answered_list(api: &HostEtcdApi, conn: Connection) -> Result<MemberListResponse, RpcError> {
    match cluster::member_list(&api.lab.world(), conn) {
        Response::MemberList(list) => Ok(list),
        _ => Err(RpcError::Server(ServerError::new(
            GrpcCode::Internal,
            "the member answered a different request",
        ))),
    }
}

/// `move-leader`: only the leader takes it; it answers once `target_id` leads.
pub(super) async fn move_leader(
    api: &HostEtcdApi,
    conn: Connection,
    target_id: u64,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    {
        let mut world = api.lab.world_mut();
        let (via, target) = names(&world, conn.member, target_id)
            .map_err(|_| RpcError::Server(ServerError::bad_leader_transferee()))?;
        let leads = world.member(&via).is_some_and(|v| v.leader == Some(v.id));
        if !leads {
            return Err(RpcError::Server(ServerError::new(
                GrpcCode::FailedPrecondition,
                "etcdserver: not leader",
            )));
        }
        let command = Command::MoveLeader { transferee: target };
        world.apply(command).map_err(membership_error)?;
    }
    let timeout = deadline.saturating_duration_since(api.lab.now());
    let moved = wait_for(&api.lab, timeout, move |world| {
        world.leader().filter(|l| l.id == target_id).map(|_| ())
    })
    .await;
    match moved {
        Some(()) => {
            let revision = api
                .lab
                .world()
                .members
                .get(conn.member)
                .map_or(0, |m| m.server.store().revision());
            Ok(Response::MoveLeader {
                header: header(api, conn, revision),
            })
        }
        None => Err(RpcError::Server(ServerError::new(
            GrpcCode::Unavailable,
            "etcdserver: request timed out, leader transfer took too long",
        ))),
    }
}

/// The names of the member reached and of member `id`, which the world knows members by.
fn names(world: &World, reached: usize, id: u64) -> Result<(String, String), RpcError> {
    let via = world.members.get(reached).map(|m| m.name().to_owned());
    let target = world.members.iter().find(|m| m.id == id);
    match (via, target) {
        (Some(via), Some(target)) => Ok((via, target.name().to_owned())),
        _ => Err(RpcError::Server(ServerError::member_not_found())),
    }
}

/// The world's refusal as the status etcd sends.
fn membership_error(err: LabError) -> RpcError {
    let server = match err {
        LabError::MemberNotFound | LabError::UnknownMember(_) => ServerError::member_not_found(),
        LabError::NotEnoughStartedMembers => ServerError::not_enough_started_members(),
        LabError::NotALearner => ServerError::member_not_learner(),
        LabError::LearnerNotReady => ServerError::learner_not_ready(),
        LabError::BadLeaderTransferee => ServerError::bad_leader_transferee(),
        LabError::NoLeader => ServerError::no_leader(),
        LabError::UnhealthyCluster => ServerError::unhealthy_cluster(),
        LabError::PeerUrlExists => ServerError::peer_url_exist(),
        LabError::MemberExists => ServerError::member_exist(),
        other => ServerError::new(GrpcCode::Unavailable, &other.to_string()),
    };
    RpcError::Server(server)
}
