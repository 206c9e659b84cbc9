//! `MajorityConfig`: who decides, and what a majority of them has decided (etcd's `quorum`).
//!
//! Kept separate from progress tracking so joint consensus (two majority configs, both of
//! which must agree) can be added for membership changes without touching the callers.

use std::collections::{BTreeMap, BTreeSet};

use super::NodeId;

/// Voter counts up to which `committed_index` needs no allocation (etcd recommends at most 7
/// voters; the lab allows up to 64 members).
const SMALL_CLUSTER: usize = 16;

/// Outcome of counting votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteResult {
    /// Not decided yet: enough voters have not answered.
    Pending,
    /// A majority refused.
    Lost,
    /// A majority granted.
    Won,
}

/// A set of voters deciding by simple majority.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MajorityConfig {
    voters: BTreeSet<NodeId>,
}

impl MajorityConfig {
    /// Majority over `voters`.
    pub fn new(voters: BTreeSet<NodeId>) -> MajorityConfig {
        MajorityConfig { voters }
    }

    /// The voters, in id order.
    pub fn voters(&self) -> &BTreeSet<NodeId> {
        &self.voters
    }

    /// How many voters make a majority.
    pub fn quorum(&self) -> usize {
        self.voters.len() / 2 + 1
    }

    /// The highest index that a majority has matched; `matched(id)` is `None` for a voter we
    /// know nothing about, which counts as 0. An empty config commits everything (`u64::MAX`)
    /// so that, in a joint config, only the other half decides. `matched` is called once per
    /// voter, in id order.
    pub fn committed_index(&self, mut matched: impl FnMut(NodeId) -> Option<u64>) -> u64 {
        if self.voters.is_empty() {
            return u64::MAX;
        }
        // The leader asks after every acknowledgement: sort on the stack for the usual
        // cluster sizes, on the heap only beyond.
        let mut small = [0u64; SMALL_CLUSTER];
        let mut large = Vec::new();
        let indexes: &mut [u64] = if self.voters.len() <= SMALL_CLUSTER {
            for (slot, &id) in small.iter_mut().zip(&self.voters) {
                *slot = matched(id).unwrap_or(0);
            }
            &mut small[..self.voters.len()]
        } else {
            large.extend(self.voters.iter().map(|&id| matched(id).unwrap_or(0)));
            &mut large
        };
        indexes.sort_unstable_by(|a, b| b.cmp(a));
        indexes.get(self.quorum() - 1).copied().unwrap_or(0)
    }

    /// Tallies `votes` (voter → granted). Voters missing from `votes` have not answered.
    pub fn vote_result(&self, votes: &BTreeMap<NodeId, bool>) -> VoteResult {
        if self.voters.is_empty() {
            return VoteResult::Won;
        }
        let (mut granted, mut missing) = (0, 0);
        for id in &self.voters {
            match votes.get(id) {
                Some(true) => granted += 1,
                Some(false) => {}
                None => missing += 1,
            }
        }
        if granted >= self.quorum() {
            VoteResult::Won
        } else if granted + missing >= self.quorum() {
            VoteResult::Pending
        } else {
            VoteResult::Lost
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(ids: &[NodeId]) -> MajorityConfig {
        MajorityConfig::new(ids.iter().copied().collect())
    }

    #[test]
    fn committed_index_is_the_majority_match() {
        let c = config(&[1, 2, 3]);
        let matched = BTreeMap::from([(1, 5), (2, 3), (3, 9)]);
        assert_eq!(c.committed_index(|id| matched.get(&id).copied()), 5);
        let c = config(&[1, 2, 3, 4]);
        assert_eq!(c.committed_index(|id| matched.get(&id).copied()), 3);
        assert_eq!(config(&[]).committed_index(|_| None), u64::MAX);
    }

    #[test]
    fn vote_result_needs_a_majority() {
        let c = config(&[1, 2, 3]);
        let votes = |v: &[(NodeId, bool)]| v.iter().copied().collect::<BTreeMap<_, _>>();
        assert_eq!(c.vote_result(&votes(&[(1, true)])), VoteResult::Pending);
        assert_eq!(
            c.vote_result(&votes(&[(1, true), (2, true)])),
            VoteResult::Won
        );
        assert_eq!(
            c.vote_result(&votes(&[(1, true), (2, false), (3, false)])),
            VoteResult::Lost
        );
    }
}
