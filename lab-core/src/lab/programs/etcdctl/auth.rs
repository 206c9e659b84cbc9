//! The `Auth` service and the auth checks on other calls, as the member reached serves
//! them: the caller named by the call's token, `Authenticate` (password checked locally,
//! the token then replicated), every other auth call proposed through Raft and answered
//! once the member has applied it, and the permission checks on key and admin calls
//! against the member's own auth store.

use super::HostEtcdApi;
use super::cluster::header;
use crate::auth::{AuthError, AuthRequest, AuthResponse, Operation};
use crate::etcdctl::{GrpcCode, Request, Response, RpcError, ServerError};
use crate::lab::{sleep, wait_for};
use crate::sim::Connection;
use crate::time::SimTime;

/// Letters of a simple token (etcd's `letters`).
const TOKEN_LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Random letters in a simple token, before `.<index>`.
const TOKEN_RANDOM_CHARS: usize = 16;

/// The user the call's token names at the member reached (`None`: no token, or auth off).
pub(super) fn caller(api: &HostEtcdApi, conn: Connection) -> Result<Option<String>, RpcError> {
    let token = api.token.borrow().clone();
    let now = api.lab.now();
    let mut world = api.lab.world_mut();
    let Some(member) = world.members.get_mut(conn.member) else {
        return Ok(None);
    };
    member
        .server
        .auth_mut()
        .user_of_token(token.as_deref(), now)
        .map_err(auth_error)
}

/// etcd's checks before serving a call: key permissions for Range, Put and DeleteRange;
/// the root role for snapshot, hash, leader moves and alarms.
pub(super) fn check(
    api: &HostEtcdApi,
    conn: Connection,
    user: Option<&str>,
    request: &Request,
) -> Result<(), RpcError> {
    let world = api.lab.world();
    let Some(member) = world.members.get(conn.member) else {
        return Ok(());
    };
    let auth = member.server.auth();
    let checked = match request {
        Request::Range(r) => auth.check_key(user, Operation::Read, &r.key, &r.range_end),
        Request::Put(r) => auth.check_key(user, Operation::Write, &r.key, &[]),
        Request::DeleteRange(r) => auth.check_key(user, Operation::Write, &r.key, &r.range_end),
        Request::HashKv { .. }
        | Request::Snapshot
        | Request::MoveLeader { .. }
        | Request::Alarm { .. } => auth.check_admin(user),
        _ => Ok(()),
    };
    checked.map_err(auth_error)
}

/// `Authenticate`: the member checks the password, then replicates the token it chose.
pub(super) async fn authenticate(
    api: &HostEtcdApi,
    conn: Connection,
    name: String,
    password: &str,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    sleep(&api.lab, api.round_trip(conn.host)).await;
    let index = {
        let world = api.lab.world();
        let member = world.members.get(conn.member).ok_or_else(refused)?;
        member
            .server
            .auth()
            .check_password(&name, password)
            .map_err(auth_error)?;
        member.server.applied_index().saturating_add(1)
    };
    let simple_token = format!("{}.{index}", random_letters(api));
    let request = AuthRequest::Authenticate { name, simple_token };
    match propose(api, conn, None, request, deadline).await? {
        AuthResponse::Token(token) => Ok(Response::Authenticate {
            header: header(api, conn, revision(api, conn)),
            token,
        }),
        _ => Err(RpcError::Server(ServerError::new(
            GrpcCode::Internal,
            "the member answered a different request",
        ))),
    }
}

/// Any other auth call, proposed through Raft by the member reached.
pub(super) async fn serve(
    api: &HostEtcdApi,
    conn: Connection,
    caller: Option<String>,
    request: AuthRequest,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    sleep(&api.lab, api.round_trip(conn.host)).await;
    let response = propose(api, conn, caller, request, deadline).await?;
    Ok(Response::Auth {
        header: header(api, conn, revision(api, conn)),
        response,
    })
}

/// Proposes `request` and waits until the member reached has applied it.
async fn propose(
    api: &HostEtcdApi,
    conn: Connection,
    caller: Option<String>,
    request: AuthRequest,
    deadline: SimTime,
) -> Result<AuthResponse, RpcError> {
    let member = conn.member;
    let server_deadline = api.lab.world().request_deadline(member);
    let id = api
        .lab
        .world_mut()
        .propose_auth(member, caller, request)
        .map_err(|e| RpcError::Server(ServerError::new(GrpcCode::Unknown, &e.to_string())))?;
    // The client gives up at its deadline; the server at its `ReqTimeout` if that is sooner.
    let timeout = deadline
        .min(server_deadline)
        .saturating_duration_since(api.lab.now());
    let answer = wait_for(&api.lab, timeout, move |world| {
        world.auth_result(member, id)
    })
    .await;
    api.lab.world_mut().take_auth_result(member, id);
    match answer {
        Some(result) => result.map_err(auth_error),
        None if server_deadline < deadline => {
            Err(RpcError::Server(ServerError::request_timed_out()))
        }
        None => Err(RpcError::DeadlineExceeded),
    }
}

fn revision(api: &HostEtcdApi, conn: Connection) -> u64 {
    api.lab
        .world()
        .members
        .get(conn.member)
        .map_or(0, |m| m.server.store().revision())
}

fn random_letters(api: &HostEtcdApi) -> String {
    use crate::etcdctl::EtcdApi;
    let mut bits = api.random_u128();
    let mut token = String::with_capacity(TOKEN_RANDOM_CHARS);
    for _ in 0..TOKEN_RANDOM_CHARS {
        let at = (bits % TOKEN_LETTERS.len() as u128) as usize;
        bits /= TOKEN_LETTERS.len() as u128;
        token.push(TOKEN_LETTERS.get(at).map_or('a', |&b| char::from(b)));
    }
    token
}

fn refused() -> RpcError {
    RpcError::Unreachable {
        reason: "connect: connection refused".to_owned(),
    }
}

/// The status etcd sends an auth refusal with (`rpctypes`).
pub(super) fn auth_error(err: AuthError) -> RpcError {
    let code = match err {
        AuthError::PermissionDenied => GrpcCode::PermissionDenied,
        AuthError::UserEmpty
        | AuthError::RoleEmpty
        | AuthError::AuthFailed
        | AuthError::InvalidAuthMgmt
        | AuthError::TooMany(..)
        | AuthError::TooLong(_) => GrpcCode::InvalidArgument,
        AuthError::NoPasswordUser => GrpcCode::Unknown,
        AuthError::InvalidAuthToken => GrpcCode::Unauthenticated,
        _ => GrpcCode::FailedPrecondition,
    };
    RpcError::Server(ServerError::new(code, &err.to_string()))
}
