//! [`AuthError`]: the auth store's refusals, worded as etcd 3.4.23's `rpctypes` errors reach
//! etcdctl (`etcdserver: …`).

use thiserror::Error;

/// Why the auth store refused a request.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[allow(missing_docs)]
pub enum AuthError {
    #[error("etcdserver: root user does not exist")]
    RootUserNotExist,
    #[error("etcdserver: root user does not have root role")]
    RootRoleNotExist,
    #[error("etcdserver: user name already exists")]
    UserAlreadyExist,
    #[error("etcdserver: user name is empty")]
    UserEmpty,
    #[error("etcdserver: user name not found")]
    UserNotFound,
    #[error("etcdserver: role name already exists")]
    RoleAlreadyExist,
    #[error("etcdserver: role name not found")]
    RoleNotFound,
    #[error("etcdserver: role name is empty")]
    RoleEmpty,
    #[error("etcdserver: authentication failed, invalid user ID or password")]
    AuthFailed,
    /// Not an `etcdserver:` error: clients show it as the whole gRPC status.
    #[error("auth: authentication failed, password was given for no password user")]
    NoPasswordUser,
    #[error("etcdserver: permission denied")]
    PermissionDenied,
    #[error("etcdserver: role is not granted to the user")]
    RoleNotGranted,
    #[error("etcdserver: permission is not granted to the role")]
    PermissionNotGranted,
    #[error("etcdserver: authentication is not enabled")]
    AuthNotEnabled,
    #[error("etcdserver: invalid auth token")]
    InvalidAuthToken,
    #[error("etcdserver: invalid auth management")]
    InvalidAuthMgmt,
    /// The lab's bounds (see the module's limits), not etcd's.
    #[error("etcdserver: too many {0} (the lab keeps at most {1})")]
    TooMany(&'static str, usize),
    /// A name or key longer than [`super::MAX_NAME_BYTES`].
    #[error("etcdserver: name or key too long (the lab accepts at most {0} bytes)")]
    TooLong(usize),
}
