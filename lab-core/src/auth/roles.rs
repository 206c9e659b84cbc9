//! The role requests of [`AuthStore`]: add, delete, get, grant and revoke a key
//! permission — with etcd 3.4.23's refusals and its order of permissions.

use super::store::check_len;
use super::{AuthError, AuthResponse, AuthStore, MAX_PERMISSIONS, MAX_ROLES, Permission, ROOT};

impl AuthStore {
    pub(super) fn role_add(&mut self, name: &str) -> Result<AuthResponse, AuthError> {
        if name.is_empty() {
            return Err(AuthError::RoleEmpty);
        }
        check_len(name.as_bytes())?;
        if self.roles.contains_key(name) {
            return Err(AuthError::RoleAlreadyExist);
        }
        if self.roles.len() >= MAX_ROLES {
            return Err(AuthError::TooMany("roles", MAX_ROLES));
        }
        self.roles.insert(name.to_owned(), Vec::new());
        self.bump();
        Ok(AuthResponse::Done)
    }

    /// The root role cannot go while auth is on; users lose a deleted role.
    pub(super) fn role_delete(&mut self, role: &str) -> Result<AuthResponse, AuthError> {
        if self.enabled && role == ROOT {
            return Err(AuthError::InvalidAuthMgmt);
        }
        self.roles.remove(role).ok_or(AuthError::RoleNotFound)?;
        for user in self.users.values_mut() {
            user.roles.retain(|r| r != role);
        }
        self.bump();
        Ok(AuthResponse::Done)
    }

    pub(super) fn role_get(&self, role: &str) -> Result<AuthResponse, AuthError> {
        let perms = self.roles.get(role).ok_or(AuthError::RoleNotFound)?;
        Ok(AuthResponse::Role(perms.clone()))
    }

    /// etcd looks only at the first permission whose key is not below the new one's: the
    /// same key and range end there update its type; anything else appends the permission
    /// and re-sorts by key, so the same range granted after another of the same key lands
    /// twice (reference: `role get readers` lists `[/app/, /app0)` twice).
    pub(super) fn role_grant_permission(
        &mut self,
        name: &str,
        perm: &Permission,
    ) -> Result<AuthResponse, AuthError> {
        check_len(&perm.key)?;
        check_len(&perm.range_end)?;
        let perms = self.roles.get_mut(name).ok_or(AuthError::RoleNotFound)?;
        let first = perms.partition_point(|p| p.key < perm.key);
        match perms.get_mut(first) {
            Some(p) if p.key == perm.key && p.range_end == perm.range_end => {
                p.perm_type = perm.perm_type;
            }
            _ => {
                if perms.len() >= MAX_PERMISSIONS {
                    return Err(AuthError::TooMany("permissions", MAX_PERMISSIONS));
                }
                perms.push(perm.clone());
                // Stable, as Go's insertion sort is for the short slices roles hold.
                perms.sort_by(|a, b| a.key.cmp(&b.key));
            }
        }
        self.bump();
        Ok(AuthResponse::Done)
    }

    pub(super) fn role_revoke_permission(
        &mut self,
        role: &str,
        key: &[u8],
        range_end: &[u8],
    ) -> Result<AuthResponse, AuthError> {
        let perms = self.roles.get_mut(role).ok_or(AuthError::RoleNotFound)?;
        let at = perms
            .iter()
            .position(|p| p.key == key && p.range_end == range_end)
            .ok_or(AuthError::PermissionNotGranted)?;
        perms.remove(at);
        self.bump();
        Ok(AuthResponse::Done)
    }
}
