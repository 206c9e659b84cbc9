//! Membership churn for a [`Scenario`]: `etcdctl member add|promote|remove` through a random
//! member, drawn so that every kind of change happens in most runs.
//!
//! A learner waiting is promoted most of the time (etcd's recommended way to grow a cluster);
//! otherwise the draw leans towards adding below five voters and removing above, which keeps
//! the cluster between three and seven voters while it keeps changing. Removals pick the
//! leader a third of the time: a leader that removes itself steps down once the change
//! applies, the case etcd's `member remove` of the leader exercises.

use std::net::Ipv4Addr;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Scenario;
use super::cluster::ClusterView;
use crate::raft::ConfState;
use crate::sim::{Command, MemberSpec, World};

/// Most members ever configured in one run, churn included (unit: members). Removed members
/// stay configured (stopped), so this bounds the world's size, not the cluster's.
pub(super) const MAX_CONFIGURED: usize = 16;
/// Voters below which churn prefers adding, and above which it prefers removing.
const TARGET_VOTERS: usize = 5;
/// Fewest voters a removal may leave behind: removing down to two can strand the last one
/// without a quorum, in etcd too.
const MIN_VOTERS_AFTER_REMOVE: usize = 3;

impl Scenario {
    /// One membership change, or nothing if none fits the cluster as it is.
    pub(super) fn churn(
        &self,
        rng: &mut ChaCha8Rng,
        world: &World,
        view: &ClusterView,
    ) -> Vec<Command> {
        if view.leader.is_none() {
            return Vec::new();
        }
        let running: Vec<&str> = view
            .all()
            .filter(|m| m.running)
            .map(|m| m.name.as_str())
            .collect();
        let Some(via) = running.get(rng.random_range(0..running.len().max(1))) else {
            return Vec::new();
        };
        let via = (*via).to_owned();
        if let Some(learner) = view.learners.first()
            && rng.random_bool(0.75)
        {
            let name = learner.name.clone();
            return vec![Command::MemberPromote { via, name }];
        }
        let add_chance = if view.voters.len() < TARGET_VOTERS {
            0.7
        } else {
            0.3
        };
        if rng.random_bool(add_chance) {
            self.member_add(rng, world, via)
        } else {
            self.member_remove(rng, view, via)
        }
    }

    /// A new member on a new host, as a learner most of the time, started at once.
    fn member_add(&self, rng: &mut ChaCha8Rng, world: &World, via: String) -> Vec<Command> {
        let configured = world.members().len();
        if configured >= MAX_CONFIGURED {
            return Vec::new();
        }
        let name = format!("m{}", configured + 1);
        // Below MAX_CONFIGURED (16), so the last octet stays far below 255.
        let ip = Ipv4Addr::new(10, 0, 1, 10 + configured as u8);
        let mut spec = MemberSpec::new(&name, &name, &[name.as_str()]);
        spec.heartbeat_interval_ms = self.heartbeat_ms;
        spec.election_timeout_ms = self.election_ms;
        spec.pre_vote = self.pre_vote;
        vec![
            Command::AddHost {
                name: name.clone(),
                ip,
            },
            Command::MemberAdd {
                via,
                spec,
                learner: rng.random_bool(0.7),
            },
            Command::StartMember(name),
        ]
    }

    /// Removes the leader (a third of the time), another voter, or a learner.
    fn member_remove(&self, rng: &mut ChaCha8Rng, view: &ClusterView, via: String) -> Vec<Command> {
        let can_remove_voter = view.voters.len() > MIN_VOTERS_AFTER_REMOVE;
        let name = match (&view.leader, view.learners.first()) {
            (_, Some(learner)) if !can_remove_voter || rng.random_bool(0.3) => learner.name.clone(),
            _ if !can_remove_voter => return Vec::new(),
            (Some(leader), _) if rng.random_bool(0.35) => leader.name.clone(),
            _ => view.voters[rng.random_range(0..view.voters.len())]
                .name
                .clone(),
        };
        vec![Command::MemberRemove { via, name }]
    }
}

/// Membership changes a run went through, as seen in the leader's configuration after each
/// step (a change undone within one step is not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChurnCounts {
    /// Members that joined the configuration, as voters or learners.
    pub adds: u64,
    /// Learners that became voters.
    pub promotions: u64,
    /// Members that left the configuration.
    pub removals: u64,
    /// Removals of the member that led when last seen.
    pub leader_removals: u64,
}

impl ChurnCounts {
    /// Counts what changed from `before` to `after`; `leader` led under `before`.
    pub(super) fn note(&mut self, before: &ConfState, after: &ConfState, leader: Option<u64>) {
        for id in after.voters.iter().chain(&after.learners) {
            if before.learners.contains(id) && after.voters.contains(id) {
                self.promotions += 1;
            } else if !before.contains(*id) {
                self.adds += 1;
            }
        }
        for id in before.voters.iter().chain(&before.learners) {
            if !after.contains(*id) {
                self.removals += 1;
                self.leader_removals += u64::from(Some(*id) == leader);
            }
        }
    }

    pub fn add(&mut self, other: &ChurnCounts) {
        self.adds += other.adds;
        self.promotions += other.promotions;
        self.removals += other.removals;
        self.leader_removals += other.leader_removals;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(voters: &[u64], learners: &[u64]) -> ConfState {
        ConfState {
            voters: voters.iter().copied().collect(),
            learners: learners.iter().copied().collect(),
        }
    }

    #[test]
    fn a_learner_promoted_while_the_leader_leaves_counts_both() {
        let mut counts = ChurnCounts::default();
        counts.note(&conf(&[1, 2, 3], &[4]), &conf(&[2, 3, 4], &[]), Some(1));
        let want = ChurnCounts {
            adds: 0,
            promotions: 1,
            removals: 1,
            leader_removals: 1,
        };
        assert_eq!(counts, want);
    }

    #[test]
    fn a_new_learner_is_an_add_and_nothing_else() {
        let mut counts = ChurnCounts::default();
        counts.note(&conf(&[1, 2, 3], &[]), &conf(&[1, 2, 3], &[5]), Some(1));
        assert_eq!(counts.adds, 1);
        assert_eq!(counts.promotions + counts.removals, 0);
    }
}
