//! Authentication and permission checks: passwords, etcd's simple tokens (a token names
//! its user until it goes unused for 5 minutes, the user is deleted or changes password, or
//! auth is switched on again),
//! and whether a user may read or write a key range (etcd's `IsRangePermitted`,
//! `IsPutPermitted`, `IsDeleteRangePermitted`, `IsAdminPermitted`).

use sha2::{Digest, Sha256};

use super::permission::{Interval, covers};
use super::{AuthError, AuthResponse, AuthStore, ROOT};
use crate::time::SimTime;

/// What a key request does to its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Range.
    Read,
    /// Put, DeleteRange.
    Write,
}

/// The hash the store keeps for `password`.
pub fn hash_password(password: &str) -> String {
    let digest = Sha256::digest(password.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl AuthStore {
    /// The check the member receiving `Authenticate` makes before proposing it: auth on,
    /// the user known, the password right.
    pub fn check_password(&self, name: &str, password: &str) -> Result<(), AuthError> {
        if !self.enabled {
            return Err(AuthError::AuthNotEnabled);
        }
        let user = self.users.get(name).ok_or(AuthError::AuthFailed)?;
        let Some(hash) = &user.password_hash else {
            return Err(AuthError::NoPasswordUser);
        };
        if *hash != hash_password(password) {
            return Err(AuthError::AuthFailed);
        }
        Ok(())
    }

    /// The applied `Authenticate`: the token now names the user.
    pub(super) fn assign_token(
        &mut self,
        name: &str,
        token: &str,
        now: SimTime,
    ) -> Result<AuthResponse, AuthError> {
        if !self.enabled {
            return Err(AuthError::AuthNotEnabled);
        }
        if !self.users.contains_key(name) {
            return Err(AuthError::AuthFailed);
        }
        self.tokens.assign(token, name, now);
        Ok(AuthResponse::Token(token.to_owned()))
    }

    /// The user a call's token names at `now` (the token's life renewed): `None` without a
    /// token or with auth off; an unknown or expired token is refused.
    pub fn user_of_token(
        &mut self,
        token: Option<&str>,
        now: SimTime,
    ) -> Result<Option<String>, AuthError> {
        let Some(token) = token.filter(|_| self.enabled) else {
            return Ok(None);
        };
        self.tokens
            .user(token, now)
            .map(Some)
            .ok_or(AuthError::InvalidAuthToken)
    }

    /// May `user` do `op` on `key` (up to `range_end`, as a request gives it)?
    pub fn check_key(
        &self,
        user: Option<&str>,
        op: Operation,
        key: &[u8],
        range_end: &[u8],
    ) -> Result<(), AuthError> {
        if !self.enabled {
            return Ok(());
        }
        let name = user.ok_or(AuthError::UserEmpty)?;
        let user = self.users.get(name).ok_or(AuthError::PermissionDenied)?;
        if user.roles.iter().any(|r| r == ROOT) {
            return Ok(());
        }
        let mut granted: Vec<Interval<'_>> = user
            .roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .flatten()
            .filter(|p| match op {
                Operation::Read => p.perm_type.reads(),
                Operation::Write => p.perm_type.writes(),
            })
            .map(|p| p.interval())
            .collect();
        if covers(&mut granted, &Interval::of(key, range_end)) {
            Ok(())
        } else {
            Err(AuthError::PermissionDenied)
        }
    }

    /// Calls only an administrator may make once auth is on (snapshot, hash, move-leader).
    pub fn check_admin(&self, user: Option<&str>) -> Result<(), AuthError> {
        if !self.enabled {
            return Ok(());
        }
        let name = user.ok_or(AuthError::UserEmpty)?;
        let user = self.users.get(name).ok_or(AuthError::UserNotFound)?;
        if user.roles.iter().any(|r| r == ROOT) {
            Ok(())
        } else {
            Err(AuthError::PermissionDenied)
        }
    }
}
