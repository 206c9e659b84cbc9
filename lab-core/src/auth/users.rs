//! The user requests of [`AuthStore`]: add, delete, change password, grant and revoke a
//! role, get — with etcd 3.4.23's refusals.

use super::store::check_len;
use super::{AuthError, AuthResponse, AuthStore, MAX_ROLES_PER_USER, MAX_USERS, ROOT, User};

impl AuthStore {
    pub(super) fn user_add(
        &mut self,
        name: &str,
        password_hash: Option<String>,
    ) -> Result<AuthResponse, AuthError> {
        if name.is_empty() {
            return Err(AuthError::UserEmpty);
        }
        check_len(name.as_bytes())?;
        if self.users.contains_key(name) {
            return Err(AuthError::UserAlreadyExist);
        }
        if self.users.len() >= MAX_USERS {
            return Err(AuthError::TooMany("users", MAX_USERS));
        }
        let user = User {
            password_hash,
            roles: Vec::new(),
        };
        self.users.insert(name.to_owned(), user);
        self.bump();
        Ok(AuthResponse::Done)
    }

    /// The root user cannot go while auth is on.
    pub(super) fn user_delete(&mut self, name: &str) -> Result<AuthResponse, AuthError> {
        if self.enabled && name == ROOT {
            return Err(AuthError::InvalidAuthMgmt);
        }
        self.users.remove(name).ok_or(AuthError::UserNotFound)?;
        self.tokens.forget_user(name);
        self.bump();
        Ok(AuthResponse::Done)
    }

    pub(super) fn user_change_password(
        &mut self,
        name: &str,
        password_hash: &str,
    ) -> Result<AuthResponse, AuthError> {
        let user = self.users.get_mut(name).ok_or(AuthError::UserNotFound)?;
        user.password_hash = Some(password_hash.to_owned());
        self.tokens.forget_user(name);
        self.bump();
        Ok(AuthResponse::Done)
    }

    /// The root role may be granted before it exists; granting twice is no error.
    pub(super) fn user_grant_role(
        &mut self,
        name: &str,
        role: &str,
    ) -> Result<AuthResponse, AuthError> {
        if !self.users.contains_key(name) {
            return Err(AuthError::UserNotFound);
        }
        if role != ROOT && !self.roles.contains_key(role) {
            return Err(AuthError::RoleNotFound);
        }
        let user = self.users.get_mut(name).ok_or(AuthError::UserNotFound)?;
        // A role the user already has is granted again without a commit, as etcd ignores it.
        if let Err(at) = user.roles.binary_search_by(|r| r.as_str().cmp(role)) {
            if user.roles.len() >= MAX_ROLES_PER_USER {
                return Err(AuthError::TooMany("roles per user", MAX_ROLES_PER_USER));
            }
            user.roles.insert(at, role.to_owned());
            self.bump();
        }
        Ok(AuthResponse::Done)
    }

    /// The root user keeps the root role while auth is on.
    pub(super) fn user_revoke_role(
        &mut self,
        name: &str,
        role: &str,
    ) -> Result<AuthResponse, AuthError> {
        if self.enabled && name == ROOT && role == ROOT {
            return Err(AuthError::InvalidAuthMgmt);
        }
        let user = self.users.get_mut(name).ok_or(AuthError::UserNotFound)?;
        let at = user
            .roles
            .iter()
            .position(|r| r == role)
            .ok_or(AuthError::RoleNotGranted)?;
        user.roles.remove(at);
        self.bump();
        Ok(AuthResponse::Done)
    }

    pub(super) fn user_get(&self, name: &str) -> Result<AuthResponse, AuthError> {
        let user = self.users.get(name).ok_or(AuthError::UserNotFound)?;
        Ok(AuthResponse::User(user.roles.clone()))
    }
}
