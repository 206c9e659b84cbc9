//! The `Lease` service calls as the world's clients make them: grant and revoke go through
//! Raft from the member reached; keep-alive and time-to-live are answered by the leader's
//! lessor, `lease list` by the member's own — all as [`LeaseRequest`]s.

use super::HostEtcdApi;
use super::cluster::header;
use super::kv::send;
use crate::etcdctl::{
    GrpcCode, LeaseGrantResponse, LeaseKeepAliveResponse, LeaseLeasesResponse, LeaseRevokeResponse,
    LeaseStatus, LeaseTimeToLiveResponse, Request, Response, RpcError, ServerError,
};
use crate::lease::{LeaseError, LeaseRequest, LeaseResponse};
use crate::mvcc::{KvRequest, KvResponse};
use crate::sim::Connection;
use crate::time::SimTime;

/// Serves one lease call, `None` for calls of other services.
pub(super) async fn serve(
    api: &HostEtcdApi,
    conn: Connection,
    request: &Request,
    deadline: SimTime,
) -> Option<Result<Response, RpcError>> {
    let lease = match *request {
        Request::LeaseGrant { ttl, id } => LeaseRequest::Grant { id, ttl },
        Request::LeaseRevoke { id } => LeaseRequest::Revoke { id },
        Request::LeaseKeepAlive { id } => LeaseRequest::KeepAlive { id },
        Request::LeaseTimeToLive { id, keys } => LeaseRequest::TimeToLive { id, keys },
        Request::LeaseLeases => LeaseRequest::Leases,
        _ => return None,
    };
    let answer = send(api, conn, KvRequest::Lease(lease), deadline).await;
    Some(answer.and_then(|response| match response {
        KvResponse::Lease(lease) => Ok(respond(api, conn, lease)),
        _ => Err(super::kv::mismatched()),
    }))
}

/// The lessor's answer as the gRPC response.
fn respond(api: &HostEtcdApi, conn: Connection, lease: LeaseResponse) -> Response {
    let header = header(api, conn, lease.revision());
    match lease {
        LeaseResponse::Granted { id, ttl, .. } => Response::LeaseGrant(LeaseGrantResponse {
            header,
            id,
            ttl,
            error: String::new(),
        }),
        LeaseResponse::Revoked { .. } => Response::LeaseRevoke(LeaseRevokeResponse { header }),
        LeaseResponse::KeptAlive { id, ttl, .. } => {
            Response::LeaseKeepAlive(LeaseKeepAliveResponse { header, id, ttl })
        }
        LeaseResponse::TimeToLive { ttl, .. } => {
            Response::LeaseTimeToLive(LeaseTimeToLiveResponse {
                header,
                id: ttl.id,
                ttl: ttl.ttl,
                granted_ttl: ttl.granted_ttl,
                keys: ttl.keys.into_iter().map(String::into_bytes).collect(),
            })
        }
        LeaseResponse::Leases { ids, .. } => Response::LeaseLeases(LeaseLeasesResponse {
            header,
            leases: ids.into_iter().map(|id| LeaseStatus { id }).collect(),
        }),
    }
}

/// The lessor's refusal with the code etcd's `rpctypes` gives it.
pub(super) fn server_error(err: &LeaseError) -> ServerError {
    let code = match err {
        LeaseError::NotFound => GrpcCode::NotFound,
        LeaseError::Exists => GrpcCode::FailedPrecondition,
        LeaseError::TtlTooLarge => GrpcCode::OutOfRange,
        LeaseError::NotPrimary => GrpcCode::Unavailable,
        LeaseError::TooMany(_) => GrpcCode::ResourceExhausted,
    };
    ServerError::new(code, &err.to_string())
}
