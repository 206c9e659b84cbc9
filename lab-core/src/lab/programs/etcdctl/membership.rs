//! Calls that change the cluster through the member reached: MemberRemove and
//! MemberPromote (a configuration change through Raft, answered once the member has applied
//! it, as etcd answers) and MoveLeader (sent to the leader, answered once leadership has
//! moved).

use super::HostEtcdApi;
use super::cluster::{self, header};
use crate::error::LabError;
use crate::etcdctl::{GrpcCode, Response, RpcError, ServerError};
use crate::lab::wait_for;
use crate::sim::{Command, Connection, World};
use crate::time::SimTime;

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
    let via = {
        let mut world = api.lab.world_mut();
        let (via, name) = names(&world, conn.member, id)?;
        let command = match change {
            Change::Remove => Command::MemberRemove {
                via: via.clone(),
                name,
            },
            Change::Promote => Command::MemberPromote {
                via: via.clone(),
                name,
            },
        };
        world.apply(command).map_err(membership_error)?;
        via
    };
    let timeout = deadline.saturating_duration_since(api.lab.now());
    let applied = wait_for(&api.lab, timeout, move |world| {
        let conf = world.conf_state(&via).ok()?;
        let done = match change {
            Change::Remove => !conf.voters.contains(&id) && !conf.learners.contains(&id),
            Change::Promote => conf.voters.contains(&id),
        };
        done.then_some(())
    })
    .await;
    if applied.is_none() {
        return Err(RpcError::Server(ServerError::request_timed_out()));
    }
    let Response::MemberList(list) = cluster::member_list(&api.lab.world(), conn) else {
        return Err(RpcError::Server(ServerError::new(
            GrpcCode::Internal,
            "the member answered a different request",
        )));
    };
    Ok(match change {
        Change::Remove => Response::MemberRemove(list),
        Change::Promote => Response::MemberPromote(list),
    })
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
        other => ServerError::new(GrpcCode::Unavailable, &other.to_string()),
    };
    RpcError::Server(server)
}
