//! Expiry: etcd's `DeleteExpiredKeys`, which the leader's `SYNC` request runs on every
//! member. Each node due by the cutoff goes, earliest first, with its subtree; each makes
//! an `expire` event (the key without value, `prevNode` as it was) and moves the index.

use super::path::join;
use super::{Action, V2Store};

impl V2Store {
    /// Whether any node has a TTL (etcd's `HasTTLKeys`): the leader proposes a `SYNC`
    /// only then.
    pub fn has_ttl_keys(&self) -> bool {
        self.root.has_ttl()
    }

    /// Removes every node whose expiration is at or before `cutoff` (Unix nanoseconds).
    /// The work is bounded by the store's size ([`super::MAX_NODES`]).
    pub(super) fn delete_expired(&mut self, cutoff: i64) {
        let mut due = Vec::new();
        self.root.collect_due(&mut Vec::new(), cutoff, &mut due);
        // etcd pops its TTL heap: earliest expiration first (ties by path here, to stay
        // deterministic).
        due.sort();
        for (_, parts) in due {
            self.expire(&parts, cutoff);
        }
    }

    /// Expires the node at `parts` unless it already went with an expired directory.
    fn expire(&mut self, parts: &[String], cutoff: i64) {
        let Ok(node) = self.walk(parts) else {
            return;
        };
        if node.expire_at.is_none_or(|at| at > cutoff) || parts.is_empty() {
            return;
        }
        let prev = node.to_extern(&join(parts), false, false, self.clock);
        self.detach(parts, Action::Expire, prev);
    }
}
