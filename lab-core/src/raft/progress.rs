//! `Progress`: what a leader knows about one follower's log (etcd's `tracker.Progress`).

use super::Inflights;

/// How the leader is currently sending to a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressState {
    /// Unsure where the follower's log ends: send one MsgApp at a time and wait for the answer.
    Probe,
    /// The follower keeps up: stream MsgApps optimistically, bounded by `Inflights`.
    Replicate,
    /// The entries the follower needs were compacted away: a snapshot is on its way, send
    /// nothing else until it lands (or fails).
    Snapshot,
}

/// The leader's view of one peer. `matched` only grows while the leader stays leader;
/// `next_index` may move back when the follower rejects an append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Highest index known to be replicated on the peer.
    pub matched: u64,
    /// Index of the next entry to send.
    pub next_index: u64,
    /// Probe or replicate.
    pub state: ProgressState,
    /// In probe state: a MsgApp is outstanding, so stay quiet until it is answered or a
    /// heartbeat response arrives.
    pub probe_sent: bool,
    /// Heard from since the last check-quorum round (which clears it every election timeout).
    pub recent_active: bool,
    /// In snapshot state: the index of the snapshot being sent.
    pub pending_snapshot: u64,
    /// A learner: replicated to, never counted in a quorum.
    pub is_learner: bool,
    /// Outstanding appends in replicate state.
    pub inflights: Inflights,
}

impl Progress {
    /// A fresh progress in probe state, starting at `next_index`.
    pub fn new(next_index: u64, max_inflight: u32) -> Progress {
        Progress {
            matched: 0,
            next_index,
            state: ProgressState::Probe,
            probe_sent: false,
            recent_active: false,
            pending_snapshot: 0,
            is_learner: false,
            inflights: Inflights::new(max_inflight),
        }
    }

    fn reset_state(&mut self, state: ProgressState) {
        self.probe_sent = false;
        self.pending_snapshot = 0;
        self.state = state;
        self.inflights.reset();
    }

    /// Back to one-at-a-time probing, resuming right after what is known to match (or after
    /// the snapshot just sent, which the follower holds if it applied it).
    pub fn become_probe(&mut self) {
        if self.state == ProgressState::Snapshot {
            let pending = self.pending_snapshot;
            self.reset_state(ProgressState::Probe);
            self.next_index = self.matched.max(pending).saturating_add(1);
        } else {
            self.reset_state(ProgressState::Probe);
            self.next_index = self.matched.saturating_add(1);
        }
    }

    /// A snapshot at `snapshot_index` is being sent; pause until it is reported.
    pub fn become_snapshot(&mut self, snapshot_index: u64) {
        self.reset_state(ProgressState::Snapshot);
        self.pending_snapshot = snapshot_index;
    }

    /// Start streaming after the matched index.
    pub fn become_replicate(&mut self) {
        self.reset_state(ProgressState::Replicate);
        self.next_index = self.matched.saturating_add(1);
    }

    /// The peer acknowledged up to `n`; returns whether `matched` moved.
    pub fn maybe_update(&mut self, n: u64) -> bool {
        let updated = self.matched < n;
        if updated {
            self.matched = n;
            self.probe_sent = false;
        }
        self.next_index = self.next_index.max(n.saturating_add(1));
        updated
    }

    /// Entries up to `n` were sent in replicate state; assume they will arrive.
    pub fn optimistic_update(&mut self, n: u64) {
        self.next_index = n.saturating_add(1);
    }

    /// The peer rejected an append at `rejected`; its log ends at `last`. Returns false for a
    /// stale rejection (one we already acted on), so that duplicates do not rewind us twice.
    pub fn maybe_decr_to(&mut self, rejected: u64, last: u64) -> bool {
        if self.state == ProgressState::Replicate {
            if rejected <= self.matched {
                return false;
            }
            self.next_index = self.matched.saturating_add(1);
            return true;
        }
        if self.next_index.saturating_sub(1) != rejected {
            return false;
        }
        self.next_index = rejected.min(last.saturating_add(1)).max(1);
        self.probe_sent = false;
        true
    }

    /// How many appends may be outstanding in replicate state.
    pub fn inflights_capacity(&self) -> usize {
        self.inflights.capacity()
    }

    /// Should the leader hold off sending appends to this peer?
    pub fn is_paused(&self) -> bool {
        match self.state {
            ProgressState::Probe => self.probe_sent,
            ProgressState::Replicate => self.inflights.full(),
            ProgressState::Snapshot => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_backs_off_to_the_rejection_hint() {
        let mut pr = Progress::new(10, 8);
        assert!(!pr.maybe_decr_to(5, 3), "stale rejection is ignored");
        assert!(pr.maybe_decr_to(9, 3));
        assert_eq!(pr.next_index, 4);
    }

    #[test]
    fn replicate_rewinds_to_matched() {
        let mut pr = Progress::new(1, 8);
        assert!(pr.maybe_update(5));
        pr.become_replicate();
        pr.optimistic_update(9);
        assert!(!pr.maybe_decr_to(4, 4));
        assert!(pr.maybe_decr_to(7, 6));
        assert_eq!(pr.next_index, 6);
    }

    #[test]
    fn probe_pauses_after_one_message() {
        let mut pr = Progress::new(1, 8);
        assert!(!pr.is_paused());
        pr.probe_sent = true;
        assert!(pr.is_paused());
        assert!(pr.maybe_update(1));
        assert!(!pr.is_paused());
    }
}
