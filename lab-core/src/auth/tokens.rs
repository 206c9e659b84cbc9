//! `Tokens`: a member's live simple tokens (etcd's `tokenSimple`): token → user, kept in
//! memory only. A token lives [`SIMPLE_TOKEN_TTL`] past its last use, as etcd's
//! `simpleTokenKeeper` keeps it, and no more than [`MAX_TOKENS`] live at once.

use std::collections::{BTreeMap, VecDeque};

use crate::time::{SimDuration, SimTime};

/// Most live tokens a member keeps; the oldest goes first (unit: tokens).
pub const MAX_TOKENS: usize = 1_024;

/// How long an unused simple token lives (etcd's `simpleTokenTTLDefault`, 300 s).
pub const SIMPLE_TOKEN_TTL: SimDuration = SimDuration::from_secs(300);

/// The live tokens: each one's user and when it dies unless used, and the order of issue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Tokens {
    pub(super) users: BTreeMap<String, (String, SimTime)>,
    order: VecDeque<String>,
}

impl Tokens {
    /// Issues `token` to `user` at `now`.
    pub(super) fn assign(&mut self, token: &str, user: &str, now: SimTime) {
        let entry = (user.to_owned(), now + SIMPLE_TOKEN_TTL);
        if self.users.insert(token.to_owned(), entry).is_none() {
            self.order.push_back(token.to_owned());
        }
        while self.order.len() > MAX_TOKENS {
            if let Some(old) = self.order.pop_front() {
                self.users.remove(&old);
            }
        }
    }

    /// The user `token` names at `now`, its life renewed; an expired token is forgotten.
    pub(super) fn user(&mut self, token: &str, now: SimTime) -> Option<String> {
        let (user, end) = self.users.get_mut(token)?;
        if now > *end {
            self.users.remove(token);
            self.order.retain(|t| t != token);
            return None;
        }
        *end = now + SIMPLE_TOKEN_TTL;
        Some(user.clone())
    }

    pub(super) fn forget_user(&mut self, user: &str) {
        self.users.retain(|_, (u, _)| u != user);
        let users = &self.users;
        self.order.retain(|t| users.contains_key(t));
    }

    pub(super) fn clear(&mut self) {
        self.users.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_lives_five_minutes_past_its_last_use() {
        let mut tokens = Tokens::default();
        let at = SimTime::from_millis;
        tokens.assign("t.1", "alice", at(0));
        assert_eq!(tokens.user("t.1", at(299_000)), Some("alice".into()));
        assert_eq!(
            tokens.user("t.1", at(598_000)),
            Some("alice".into()),
            "each use renews it"
        );
        assert_eq!(tokens.user("t.1", at(898_001)), None, "unused for 300 s");
        assert_eq!(tokens.user("t.1", at(898_002)), None, "and forgotten");
        assert!(tokens.users.is_empty());
    }
}
