//! `ProgressTracker`: the configuration, per-peer `Progress` and the votes of the current
//! election (etcd's `tracker.ProgressTracker`).

use std::collections::{BTreeMap, BTreeSet};

use super::quorum::{MajorityConfig, VoteResult};
use super::{NodeId, Progress};

/// Voters, their progress and votes. `BTreeMap`s keep iteration in id order, which keeps the
/// order of outgoing messages, and therefore whole runs, deterministic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressTracker {
    voters: MajorityConfig,
    progress: BTreeMap<NodeId, Progress>,
    votes: BTreeMap<NodeId, bool>,
    max_inflight: u32,
}

impl ProgressTracker {
    /// Tracks `voters`, with up to `max_inflight` outstanding appends per peer.
    pub fn new(voters: BTreeSet<NodeId>, max_inflight: u32) -> ProgressTracker {
        let progress = voters
            .iter()
            .map(|&id| (id, Progress::new(1, max_inflight)))
            .collect();
        ProgressTracker {
            voters: MajorityConfig::new(voters),
            progress,
            votes: BTreeMap::new(),
            max_inflight,
        }
    }

    /// The voting configuration.
    pub fn voters(&self) -> &BTreeSet<NodeId> {
        self.voters.voters()
    }

    /// Is `id` part of the configuration?
    pub fn contains(&self, id: NodeId) -> bool {
        self.progress.contains_key(&id)
    }

    /// Progress of `id`.
    pub fn get(&self, id: NodeId) -> Option<&Progress> {
        self.progress.get(&id)
    }

    /// Mutable progress of `id`.
    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut Progress> {
        self.progress.get_mut(&id)
    }

    /// Ids of everyone tracked, in id order.
    pub fn ids(&self) -> Vec<NodeId> {
        self.progress.keys().copied().collect()
    }

    /// Starts every peer over at `next_index` (on becoming leader, or any role change).
    pub fn reset_progress(&mut self, next_index: u64) {
        for pr in self.progress.values_mut() {
            *pr = Progress::new(next_index, self.max_inflight);
        }
    }

    /// The highest index a majority of voters has matched.
    pub fn committed(&self) -> u64 {
        self.voters
            .committed_index(|id| self.progress.get(&id).map(|pr| pr.matched))
    }

    /// Forgets the votes of the last election.
    pub fn reset_votes(&mut self) {
        self.votes.clear();
    }

    /// Records `id`'s vote; only its first answer in an election counts.
    pub fn record_vote(&mut self, id: NodeId, granted: bool) {
        self.votes.entry(id).or_insert(granted);
    }

    /// Granted and rejected counts, and the outcome so far.
    pub fn tally_votes(&self) -> (usize, usize, VoteResult) {
        let granted = self.votes.values().filter(|&&v| v).count();
        let rejected = self.votes.len() - granted;
        (granted, rejected, self.voters.vote_result(&self.votes))
    }
}
