//! The KV calls etcdctl makes, carried by the world's clients: a one-key Range, Put and
//! DeleteRange become `KvRequest`s sent from the client's host to the member reached, and
//! the member's `KvResponse` comes back as the gRPC response. What the store cannot do yet
//! (ranges, history, leases) is refused with a clear `Unimplemented` status.

use super::HostEtcdApi;
use super::cluster::header;
use crate::error::LabError;
use crate::etcdctl::{
    DeleteRangeRequest, DeleteRangeResponse, GrpcCode, KeyValue, PutRequest, PutResponse,
    RangeRequest, RangeResponse, Response, RpcError, ServerError,
};
use crate::lab::wait_for;
use crate::mvcc::{self, KvRequest, KvResponse};
use crate::sim::{ClientError, Command, Connection};
use crate::time::SimTime;

/// `get KEY`: a linearizable or serializable read of one key.
pub(super) async fn range(
    api: &HostEtcdApi,
    conn: Connection,
    r: RangeRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    if !r.range_end.is_empty() {
        return Err(unsupported(
            "key ranges (--prefix, --from-key, a range end)",
        ));
    }
    if r.revision != 0 {
        return Err(unsupported("reads at a past revision (--rev)"));
    }
    let request = KvRequest::Get {
        key: utf8(r.key)?,
        serializable: r.serializable,
    };
    let KvResponse::Get { revision, kv } = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    let mut kvs: Vec<KeyValue> = kv.into_iter().map(key_value).collect();
    let count = kvs.len() as i64;
    if r.keys_only {
        kvs.iter_mut().for_each(|kv| kv.value.clear());
    }
    if r.count_only {
        kvs.clear();
    }
    Ok(Response::Range(RangeResponse {
        header: header(api, conn, revision),
        kvs,
        more: false,
        count,
    }))
}

/// `put KEY VALUE`.
pub(super) async fn put(
    api: &HostEtcdApi,
    conn: Connection,
    r: PutRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    if r.ignore_lease {
        return Err(unsupported("--ignore-lease"));
    }
    if r.prev_kv || r.ignore_value {
        return Err(unsupported("--prev-kv and --ignore-value"));
    }
    let request = KvRequest::Put {
        key: utf8(r.key)?,
        value: utf8(r.value)?,
        lease: r.lease,
    };
    let KvResponse::Put { revision } = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    Ok(Response::Put(PutResponse {
        header: header(api, conn, revision),
        prev_kv: None,
    }))
}

/// `del KEY`.
pub(super) async fn delete_range(
    api: &HostEtcdApi,
    conn: Connection,
    r: DeleteRangeRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    if !r.range_end.is_empty() {
        return Err(unsupported(
            "deleting key ranges (--prefix, --from-key, a range end)",
        ));
    }
    if r.prev_kv {
        return Err(unsupported("--prev-kv"));
    }
    let request = KvRequest::Delete { key: utf8(r.key)? };
    let KvResponse::Delete { revision, deleted } = send(api, conn, request, deadline).await? else {
        return Err(mismatched());
    };
    Ok(Response::DeleteRange(DeleteRangeResponse {
        header: header(api, conn, revision),
        deleted: i64::try_from(deleted).unwrap_or(i64::MAX),
        prev_kvs: Vec::new(),
    }))
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
    if !matches!(request, KvRequest::Lease(_)) && request.key().is_empty() {
        return Err(RpcError::Server(ServerError::new(
            GrpcCode::InvalidArgument,
            "etcdserver: key is not provided",
        )));
    }
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

/// The store's key as the gRPC `mvccpb.KeyValue`.
pub(super) fn key_value(kv: mvcc::KeyValue) -> KeyValue {
    let revision = |r: u64| i64::try_from(r).unwrap_or(i64::MAX);
    KeyValue {
        key: kv.key.into_bytes(),
        create_revision: revision(kv.create_revision),
        mod_revision: revision(kv.mod_revision),
        version: revision(kv.version),
        value: kv.value.into_bytes(),
        lease: kv.lease,
    }
}

/// The lab's store keeps text: bytes that are not UTF-8 are refused before sending.
fn utf8(bytes: Vec<u8>) -> Result<String, RpcError> {
    String::from_utf8(bytes).map_err(|_| {
        RpcError::Server(ServerError::new(
            GrpcCode::InvalidArgument,
            "the lab stores only UTF-8 keys and values",
        ))
    })
}

/// What a call the lab's store cannot serve yet answers.
pub(super) fn unsupported(what: &str) -> RpcError {
    RpcError::Server(ServerError::new(
        GrpcCode::Unimplemented,
        &format!("the lab does not support {what} yet"),
    ))
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
