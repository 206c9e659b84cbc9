//! etcd 3.4's learner gate (`v3rpc`'s unary interceptor with `isRPCSupportedForLearner`): a
//! member that is still a learner answers only `Status` and serializable `Range`; every
//! other unary call is refused with `etcdserver: rpc not supported for learner` (code
//! `Unavailable`, so clientv3 retries the repeatable ones).

use super::HostEtcdApi;
use super::cluster;
use crate::etcdctl::{Request, Response, RpcError, ServerError};
use crate::sim::{Connection, World};
use crate::time::SimTime;

/// Does the member behind `conn` refuse `request` because it is a learner? It judges by
/// the membership it has applied, as etcd's `IsLearner` does.
pub(super) fn refuses(world: &World, conn: Connection, request: &Request) -> bool {
    is_learner(world, conn.member) && !supported_for_learner(request)
}

/// etcd's `isRPCSupportedForLearner`.
fn supported_for_learner(request: &Request) -> bool {
    match request {
        Request::Status => true,
        Request::Range(range) => range.serializable,
        _ => false,
    }
}

pub(super) fn is_learner(world: &World, member: usize) -> bool {
    world.members.get(member).is_some_and(|m| {
        m.is_running()
            && m.server
                .cluster()
                .member(m.id)
                .is_some_and(|own| own.is_learner)
    })
}

/// The refusal, after the round trip to the member.
pub(super) async fn refusal(
    api: &HostEtcdApi,
    conn: Connection,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let refuse = |_: &World, _| Err(RpcError::Server(ServerError::not_supported_for_learner()));
    cluster::local_with(api, conn, deadline, refuse).await
}
