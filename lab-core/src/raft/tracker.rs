//! `ProgressTracker`: the configuration (voters and learners), per-peer `Progress` and the
//! votes of the current election (etcd's `tracker.ProgressTracker`).

use std::collections::{BTreeMap, BTreeSet};

use super::quorum::{MajorityConfig, VoteResult};
use super::{ConfState, NodeId, Progress};

/// Members, their progress and votes. `BTreeMap`s keep iteration in id order, which keeps the
/// order of outgoing messages, and therefore whole runs, deterministic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressTracker {
    voters: MajorityConfig,
    learners: BTreeSet<NodeId>,
    progress: BTreeMap<NodeId, Progress>,
    votes: BTreeMap<NodeId, bool>,
    max_inflight: u32,
}

impl ProgressTracker {
    /// Tracks the members of `cs`, with up to `max_inflight` outstanding appends per peer.
    pub fn new(cs: &ConfState, max_inflight: u32) -> ProgressTracker {
        let mut tracker = ProgressTracker {
            voters: MajorityConfig::new(BTreeSet::new()),
            learners: BTreeSet::new(),
            progress: BTreeMap::new(),
            votes: BTreeMap::new(),
            max_inflight,
        };
        for &id in &cs.voters {
            tracker.add_voter(id, 1);
        }
        for &id in &cs.learners {
            tracker.add_learner(id, 1);
        }
        tracker
    }

    /// The voting members.
    pub fn voters(&self) -> &BTreeSet<NodeId> {
        self.voters.voters()
    }

    /// The non-voting members.
    pub fn learners(&self) -> &BTreeSet<NodeId> {
        &self.learners
    }

    /// The configuration as etcd reports it.
    pub fn conf_state(&self) -> ConfState {
        ConfState {
            voters: self.voters().clone(),
            learners: self.learners.clone(),
        }
    }

    /// Most outstanding appends per peer.
    pub(crate) fn max_inflight(&self) -> u32 {
        self.max_inflight
    }

    /// Is `id` part of the configuration?
    pub fn contains(&self, id: NodeId) -> bool {
        self.progress.contains_key(&id)
    }

    /// Is there exactly one voter (which then decides everything alone)?
    pub fn is_singleton(&self) -> bool {
        self.voters().len() == 1
    }

    /// Progress of `id`.
    pub fn get(&self, id: NodeId) -> Option<&Progress> {
        self.progress.get(&id)
    }

    /// Mutable progress of `id`.
    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut Progress> {
        self.progress.get_mut(&id)
    }

    /// Ids of everyone tracked, learners included, in id order.
    pub fn ids(&self) -> Vec<NodeId> {
        self.progress.keys().copied().collect()
    }

    /// The smallest tracked id above `after` (the smallest of all for `None`): walks the ids
    /// without collecting them, for loops that change the node as they go.
    pub(crate) fn next_id(&self, after: Option<NodeId>) -> Option<NodeId> {
        use std::ops::Bound::{Excluded, Unbounded};
        let from = after.map_or(Unbounded, Excluded);
        self.progress
            .range((from, Unbounded))
            .next()
            .map(|(&id, _)| id)
    }

    /// Makes `id` a voter: promotes a learner (keeping its progress) or starts tracking a new
    /// member at `next_index`.
    pub(crate) fn add_voter(&mut self, id: NodeId, next_index: u64) {
        let max_inflight = self.max_inflight;
        let pr = self.progress.entry(id).or_insert_with(|| {
            let mut pr = Progress::new(next_index, max_inflight);
            // A new member gets an election timeout's grace before check-quorum counts it.
            pr.recent_active = true;
            pr
        });
        pr.is_learner = false;
        self.learners.remove(&id);
        let mut voters = self.voters().clone();
        voters.insert(id);
        self.voters = MajorityConfig::new(voters);
    }

    /// Starts tracking `id` as a learner. A voter stays a voter: etcd refuses demotions.
    pub(crate) fn add_learner(&mut self, id: NodeId, next_index: u64) {
        if self.voters().contains(&id) {
            return;
        }
        let max_inflight = self.max_inflight;
        let pr = self.progress.entry(id).or_insert_with(|| {
            let mut pr = Progress::new(next_index, max_inflight);
            pr.recent_active = true;
            pr
        });
        pr.is_learner = true;
        self.learners.insert(id);
    }

    /// Stops tracking `id`.
    pub(crate) fn remove(&mut self, id: NodeId) {
        self.progress.remove(&id);
        self.learners.remove(&id);
        self.votes.remove(&id);
        let mut voters = self.voters().clone();
        voters.remove(&id);
        self.voters = MajorityConfig::new(voters);
    }

    /// Starts every peer over at `next_index` (on any role change); learners stay learners.
    pub fn reset_progress(&mut self, next_index: u64) {
        for pr in self.progress.values_mut() {
            let is_learner = pr.is_learner;
            *pr = Progress::new(next_index, self.max_inflight);
            pr.is_learner = is_learner;
        }
    }

    /// The highest index a majority of voters has matched.
    pub fn committed(&self) -> u64 {
        // The leader asks after every acknowledgement. Voters are asked for in id order, the
        // order the progress map iterates in: walk it alongside rather than look each up.
        let mut progress = self.progress.iter().peekable();
        self.voters.committed_index(|id| {
            while progress.next_if(|&(&p, _)| p < id).is_some() {}
            progress
                .next_if(|&(&p, _)| p == id)
                .map(|(_, pr)| pr.matched)
        })
    }

    /// Has a majority of voters been heard from since the last check (etcd's `QuorumActive`)?
    pub fn quorum_active(&self) -> bool {
        let active: BTreeMap<NodeId, bool> = self
            .voters()
            .iter()
            .map(|&id| {
                (
                    id,
                    self.progress.get(&id).is_some_and(|pr| pr.recent_active),
                )
            })
            .collect();
        self.voters.vote_result(&active) == VoteResult::Won
    }

    /// Outcome of a set of acknowledgements (ReadIndex) among the voters.
    pub fn vote_result(&self, acks: &BTreeMap<NodeId, bool>) -> VoteResult {
        self.voters.vote_result(acks)
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
