//! The KV calls etcdctl makes, carried by the world's clients: Range, Put, DeleteRange, Txn,
//! Compact and Alarm become `KvRequest`s sent from the client's host to the member reached,
//! and the member's `KvResponse` comes back as the gRPC response.

use super::HostEtcdApi;
use super::cluster::header;
use super::kv_convert as convert;
use crate::error::LabError;
use crate::etcdctl::{
    AlarmAction, AlarmType, DeleteRangeRequest, GrpcCode, PutRequest, RangeRequest, Response,
    RpcError, ServerError, TxnRequest,
};
use crate::lab::wait_for;
use crate::mvcc::{self, KvRequest, KvResponse};
use crate::sim::{ClientError, Command, Connection};
use crate::time::SimTime;

/// `Range`: a linearizable or serializable read of a key or a range, at a revision.
pub(super) async fn range(
    api: &HostEtcdApi,
    conn: Connection,
    r: RangeRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let request = KvRequest::Range(convert::range_request(r)?);
    let KvResponse::Range(r) = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    let header = header(api, conn, r.revision);
    Ok(Response::Range(convert::range_response(header, r)))
}

/// `Put`.
pub(super) async fn put(
    api: &HostEtcdApi,
    conn: Connection,
    r: PutRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let request = KvRequest::PutKey(convert::put_request(r)?);
    let KvResponse::PutKey(r) = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    let header = header(api, conn, r.revision);
    Ok(Response::Put(convert::put_response(header, r)))
}

/// `DeleteRange`.
pub(super) async fn delete_range(
    api: &HostEtcdApi,
    conn: Connection,
    r: DeleteRangeRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let request = KvRequest::DeleteRange(convert::delete_request(r)?);
    let KvResponse::DeleteRange(r) = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    let header = header(api, conn, r.revision);
    Ok(Response::DeleteRange(convert::delete_response(header, r)))
}

/// `Txn`.
pub(super) async fn txn(
    api: &HostEtcdApi,
    conn: Connection,
    t: TxnRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let request = KvRequest::Txn(convert::txn_request(t)?);
    let KvResponse::Txn(r) = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    Ok(Response::Txn(convert::txn_response(api, conn, r)))
}

/// `Compact`: negative revisions are refused by the store as compacted, as etcd's are.
pub(super) async fn compact(
    api: &HostEtcdApi,
    conn: Connection,
    revision: i64,
    physical: bool,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let request = KvRequest::Compaction {
        revision: u64::try_from(revision).unwrap_or(0),
        physical,
    };
    let KvResponse::Compaction { revision } = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    Ok(Response::Compact {
        header: header(api, conn, revision),
    })
}

/// `Alarm`: listed, raised and cleared through Raft, as etcd does.
pub(super) async fn alarm(
    api: &HostEtcdApi,
    conn: Connection,
    (action, member_id, alarm): (AlarmAction, u64, Option<AlarmType>),
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let request = KvRequest::Alarm(mvcc::AlarmRequest {
        action: match action {
            AlarmAction::Get => mvcc::AlarmAction::Get,
            AlarmAction::Activate => mvcc::AlarmAction::Activate,
            AlarmAction::Deactivate => mvcc::AlarmAction::Deactivate,
        },
        member_id,
        alarm: alarm.map(convert::alarm_kind),
    });
    let KvResponse::Alarm { revision, alarms } = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    Ok(Response::Alarm {
        header: header(api, conn, revision),
        alarms: alarms.into_iter().map(convert::alarm_member).collect(),
    })
}

/// A linearizable read of the `health` key: does it finish by `deadline`?
pub(super) async fn quorum_get(api: &HostEtcdApi, conn: Connection, deadline: SimTime) -> bool {
    let request = KvRequest::Get {
        key: "health".to_owned(),
        serializable: false,
    };
    send(api, conn, request, deadline).await.is_ok()
}

/// Sends `request` from the client's host to the member and waits for its reply until
/// `deadline`.
pub(super) async fn send(
    api: &HostEtcdApi,
    conn: Connection,
    request: KvRequest,
    deadline: SimTime,
) -> Result<KvResponse, RpcError> {
    let id = api.lab.next_client_request_id();
    {
        let mut world = api.lab.world_mut();
        let client = world.hosts().get(api.host).map(|h| h.name.clone());
        let member = world.members.get(conn.member).map(|m| m.name().to_owned());
        let (Some(client), Some(member)) = (client, member) else {
            return Err(refused());
        };
        world
            .apply(Command::ClientRequest {
                id,
                client,
                member,
                request,
            })
            .map_err(lab_error)?;
        api.lab.collect_client_replies(&mut world);
    }
    let lab = api.lab.clone();
    let timeout = deadline.saturating_duration_since(api.lab.now());
    match wait_for(&api.lab, timeout, move |_| lab.take_client_reply(id)).await {
        Some(reply) => reply.result.map_err(client_error),
        None => Err(RpcError::DeadlineExceeded),
    }
}

pub(super) fn mismatched() -> RpcError {
    RpcError::Server(ServerError::new(
        GrpcCode::Internal,
        "the member answered a different request",
    ))
}

fn refused() -> RpcError {
    RpcError::Unreachable {
        reason: "connect: connection refused".to_owned(),
    }
}

/// The world refused to send the request: its checks are etcd's gRPC-layer checks.
fn lab_error(err: LabError) -> RpcError {
    let text = err.to_string();
    let code = if text.starts_with("etcdserver: ") {
        GrpcCode::InvalidArgument
    } else {
        GrpcCode::Unknown
    };
    RpcError::Server(ServerError::new(code, &text))
}

/// The member's answer as the status etcd sends it.
fn client_error(err: ClientError) -> RpcError {
    let server = match err {
        // The process went away with the request: the transport breaks and the balancer
        // tries another endpoint, as it does for a refused connection.
        ClientError::ConnectionRefused => return refused(),
        ClientError::ProposalDropped => {
            ServerError::new(GrpcCode::Unknown, "raft proposal dropped")
        }
        ClientError::TooManyRequests => {
            ServerError::new(GrpcCode::ResourceExhausted, "etcdserver: too many requests")
        }
        ClientError::NoSpace => ServerError::new(
            GrpcCode::ResourceExhausted,
            "etcdserver: mvcc: database space exceeded",
        ),
        ClientError::OutOfRange(text) => ServerError::new(GrpcCode::OutOfRange, &text),
        ClientError::InvalidRequest(text) if text.starts_with("etcdserver: ") => {
            ServerError::new(GrpcCode::InvalidArgument, &text)
        }
        ClientError::InvalidRequest(text) => {
            ServerError::new(GrpcCode::InvalidArgument, &format!("etcdserver: {text}"))
        }
        ClientError::NotSupportedForLearner => ServerError::not_supported_for_learner(),
        ClientError::Timeout => ServerError::request_timed_out(),
        ClientError::NoLeaderDeadline => ServerError::server_context_deadline(),
        ClientError::Lease(err) => super::lease::server_error(&err),
    };
    RpcError::Server(server)
}
