//! [`AuthStore`]: one member's auth state — users, roles, the enabled flag and the auth
//! revision, which grows with every change — and [`AuthStore::apply`], which carries out a
//! replicated [`AuthProposal`] after checking that its caller may ask it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::tokens::Tokens;
use super::{AuthError, AuthProposal, AuthRequest, AuthResponse, MAX_NAME_BYTES, Permission, ROOT};
use crate::time::SimTime;

/// One user (etcd's `authpb.User`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// A SHA-256 of the password (etcd keeps a bcrypt hash; bcrypt's cost would stall the
    /// browser), `None` for a `--no-password` user, who cannot authenticate.
    pub password_hash: Option<String>,
    /// Granted roles, sorted.
    pub roles: Vec<String>,
}

/// A member's auth store. The tokens live in memory only, as etcd's simple tokens do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthStore {
    pub(super) enabled: bool,
    pub(super) revision: u64,
    pub(super) users: BTreeMap<String, User>,
    /// Each role's permissions, sorted by key.
    pub(super) roles: BTreeMap<String, Vec<Permission>>,
    /// Has auth ever been enabled? etcd writes its `authEnabled` flag on the first
    /// `auth enable` and keeps the row (set to 0) after `auth disable`.
    #[serde(default)]
    pub(super) ever_enabled: bool,
    #[serde(skip)]
    pub(super) tokens: Tokens,
}

impl AuthStore {
    /// An empty, disabled store.
    pub fn new() -> AuthStore {
        AuthStore::default()
    }

    /// Is authentication on (`auth enable`)?
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The auth revision: how many changes the store has seen.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A user, if it exists.
    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.get(name)
    }

    /// Every user, by name.
    pub fn users(&self) -> impl Iterator<Item = (&str, &User)> {
        self.users.iter().map(|(name, user)| (name.as_str(), user))
    }

    /// Every role and its permissions, by name.
    pub fn roles(&self) -> impl Iterator<Item = (&str, &[Permission])> {
        self.roles
            .iter()
            .map(|(name, perms)| (name.as_str(), perms.as_slice()))
    }

    /// The `authEnabled` flag as etcd's backend holds it: `None` until auth was first
    /// enabled, then whether it is on.
    pub fn enabled_flag(&self) -> Option<bool> {
        self.ever_enabled.then_some(self.enabled)
    }

    /// Applies a committed proposal: checks the caller's right, then the request.
    /// `now` starts the life of a token it issues.
    pub fn apply(
        &mut self,
        proposal: &AuthProposal,
        now: SimTime,
    ) -> Result<AuthResponse, AuthError> {
        self.check_caller(proposal.caller.as_deref(), &proposal.request)?;
        self.apply_request(&proposal.request, now)
    }

    /// Once auth is on, only a user with the root role manages it; a user may read itself
    /// and the roles it has (etcd's `authApplierV3`).
    fn check_caller(&self, caller: Option<&str>, req: &AuthRequest) -> Result<(), AuthError> {
        if !self.enabled || matches!(req, AuthRequest::Authenticate { .. }) {
            return Ok(());
        }
        let name = caller.ok_or(AuthError::UserEmpty)?;
        let user = self.users.get(name).ok_or(AuthError::UserNotFound)?;
        let own = match req {
            AuthRequest::UserGet { name: asked } => asked == name,
            AuthRequest::RoleGet { role } => user.roles.contains(role),
            _ => false,
        };
        if own || user.roles.iter().any(|r| r == ROOT) {
            return Ok(());
        }
        Err(AuthError::PermissionDenied)
    }

    fn apply_request(
        &mut self,
        req: &AuthRequest,
        now: SimTime,
    ) -> Result<AuthResponse, AuthError> {
        use AuthRequest as R;
        match req {
            R::AuthEnable => self.enable(),
            R::AuthDisable => {
                if self.enabled {
                    self.enabled = false;
                    self.bump();
                }
                Ok(AuthResponse::Done)
            }
            R::Authenticate { name, simple_token } => self.assign_token(name, simple_token, now),
            R::UserAdd {
                name,
                password_hash,
            } => self.user_add(name, password_hash.clone()),
            R::UserDelete { name } => self.user_delete(name),
            R::UserChangePassword {
                name,
                password_hash,
            } => self.user_change_password(name, password_hash),
            R::UserGrantRole { user, role } => self.user_grant_role(user, role),
            R::UserRevokeRole { name, role } => self.user_revoke_role(name, role),
            R::UserGet { name } => self.user_get(name),
            R::UserList => Ok(AuthResponse::Users(self.users.keys().cloned().collect())),
            R::RoleAdd { name } => self.role_add(name),
            R::RoleDelete { role } => self.role_delete(role),
            R::RoleGet { role } => self.role_get(role),
            R::RoleList => Ok(AuthResponse::Roles(self.roles.keys().cloned().collect())),
            R::RoleGrantPermission { name, perm } => self.role_grant_permission(name, perm),
            R::RoleRevokePermission {
                role,
                key,
                range_end,
            } => self.role_revoke_permission(role, key, range_end),
        }
    }

    /// `AuthEnable`: needs a root user holding the root role; enabling twice is no error.
    fn enable(&mut self) -> Result<AuthResponse, AuthError> {
        if self.enabled {
            return Ok(AuthResponse::Done);
        }
        let root = self.users.get(ROOT).ok_or(AuthError::RootUserNotExist)?;
        if !root.roles.iter().any(|r| r == ROOT) {
            return Err(AuthError::RootRoleNotExist);
        }
        self.enabled = true;
        self.ever_enabled = true;
        self.tokens.clear();
        // etcd 3.4's `AuthEnable` writes the flag but commits no new auth revision; its
        // `AuthDisable` does, if auth was on (read from real etcd 3.4.23 backends).
        Ok(AuthResponse::Done)
    }

    pub(super) fn bump(&mut self) {
        self.revision = self.revision.saturating_add(1);
    }
}

/// Refuses names the lab cannot keep.
pub(super) fn check_len(name: &[u8]) -> Result<(), AuthError> {
    if name.len() > MAX_NAME_BYTES {
        return Err(AuthError::TooLong(MAX_NAME_BYTES));
    }
    Ok(())
}
