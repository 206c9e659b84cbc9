//! etcd's auth store (`auth/store.go`): users, roles, key permissions, the enabled flag and
//! simple tokens, replicated through Raft like every other request and kept in the member's
//! backend with the keys.
//!
//! Every auth request ([`AuthRequest`]) travels in a Raft entry as an [`AuthProposal`] that
//! names the caller; each member applies it to its [`AuthStore`], which checks the caller's
//! right to ask (only users with the `root` role manage auth once it is enabled) and answers.
//! Key requests are checked against the store of the member that serves them
//! ([`AuthStore::check_key`]).
//!
//! | file | owns |
//! |---|---|
//! | `store` | [`AuthStore`]: users, roles, enabled flag, revision; who may manage auth |
//! | `users`, `roles` | the user and role requests |
//! | `check` | authentication, simple tokens and the permission checks on key requests |
//! | `permission` | [`Permission`], [`PermType`] and the key intervals they cover |
//! | `request` | [`AuthRequest`], [`AuthResponse`], [`AuthProposal`] and their entry payload |
//! | `error` | [`AuthError`], with etcd's texts |
//!
//! Limits: [`MAX_USERS`] users, [`MAX_ROLES`] roles, [`MAX_PERMISSIONS`] permissions per role,
//! [`MAX_ROLES_PER_USER`] roles per user, [`MAX_TOKENS`] live tokens, names of at most
//! [`MAX_NAME_BYTES`] bytes.

mod check;
mod error;
mod permission;
mod request;
mod roles;
mod store;
mod tokens;
mod users;

#[cfg(test)]
mod tests;

pub use check::{Operation, hash_password};
pub use error::AuthError;
pub use permission::{PermType, Permission, prefix_range_end};
pub use request::{AuthProposal, AuthRequest, AuthResponse};
pub use store::{AuthStore, User};
pub use tokens::{MAX_TOKENS, SIMPLE_TOKEN_TTL};

/// The user and the role that may do everything (etcd's `rootUser`, `rootRole`).
pub const ROOT: &str = "root";
/// Most users one store holds.
pub const MAX_USERS: usize = 1_000;
/// Most roles one store holds.
pub const MAX_ROLES: usize = 1_000;
/// Most key permissions one role holds.
pub const MAX_PERMISSIONS: usize = 1_000;
/// Most roles granted to one user.
pub const MAX_ROLES_PER_USER: usize = 100;
/// Longest user or role name and longest permission key (unit: bytes).
pub const MAX_NAME_BYTES: usize = 4_096;
