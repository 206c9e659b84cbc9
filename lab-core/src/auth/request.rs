//! [`AuthRequest`] and [`AuthResponse`]: etcd's `Auth` service calls and answers, and
//! [`AuthProposal`], one such call in a Raft entry with its id and caller (etcd's
//! `InternalRaftRequest` with its `RequestHeader`).
//!
//! Entry payloads open with [`PREFIX`], a byte no client request's JSON starts with, so
//! the server tells them apart without trying decoders in turn.

use serde::{Deserialize, Serialize};

use super::Permission;

/// First bytes of an auth proposal's entry payload.
const PREFIX: &[u8] = b"\0auth:";

/// One auth call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum AuthRequest {
    AuthEnable,
    AuthDisable,
    /// The password was checked by the member that received the call; the entry carries
    /// the token it chose (etcd's `InternalAuthenticateRequest.simple_token`).
    Authenticate {
        name: String,
        simple_token: String,
    },
    /// `password_hash` is `None` for `--no-password`.
    UserAdd {
        name: String,
        password_hash: Option<String>,
    },
    UserDelete {
        name: String,
    },
    UserChangePassword {
        name: String,
        password_hash: String,
    },
    UserGrantRole {
        user: String,
        role: String,
    },
    UserRevokeRole {
        name: String,
        role: String,
    },
    UserGet {
        name: String,
    },
    UserList,
    RoleAdd {
        name: String,
    },
    RoleDelete {
        role: String,
    },
    RoleGet {
        role: String,
    },
    RoleList,
    RoleGrantPermission {
        name: String,
        perm: Permission,
    },
    RoleRevokePermission {
        role: String,
        key: Vec<u8>,
        range_end: Vec<u8>,
    },
}

/// The answer to an [`AuthRequest`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthResponse {
    /// A change applied (or nothing to change).
    Done,
    /// `Authenticate`: the token later calls carry.
    Token(String),
    /// `UserGet`: the user's roles, sorted.
    User(Vec<String>),
    /// `UserList`: every user's name, sorted.
    Users(Vec<String>),
    /// `RoleGet`: the role's permissions, sorted by key.
    Role(Vec<Permission>),
    /// `RoleList`: every role's name, sorted.
    Roles(Vec<String>),
}

/// An auth call as a Raft entry carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthProposal {
    /// Unique across the cluster, so the proposing member finds the answer.
    pub id: u64,
    /// The authenticated user who asks, if any (etcd's `RequestHeader.username`).
    pub caller: Option<String>,
    /// The call.
    pub request: AuthRequest,
}

impl AuthProposal {
    /// The entry payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut data = PREFIX.to_vec();
        data.extend(serde_json::to_vec(self).unwrap_or_default());
        data
    }

    /// Reads an entry payload; `None` if it is not an auth proposal.
    pub fn decode(data: &[u8]) -> Option<AuthProposal> {
        serde_json::from_slice(data.strip_prefix(PREFIX)?).ok()
    }
}
