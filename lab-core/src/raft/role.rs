//! Role transitions: `become_follower`, `become_pre_candidate`, `become_candidate`,
//! `become_leader`, and the reset they share (etcd's `becomeX` and `reset`).

use super::event::{RaftEvent, StateRole};
use super::read_only::ReadOnly;
use super::{Entry, NodeId, Raft, RaftError};

impl Raft {
    /// Common part of every role change: new term (forgetting the vote), no leader, fresh
    /// timers, fresh progress and votes, no transfer, no pending reads.
    fn reset(&mut self, term: u64) {
        if term != self.term {
            self.term = term;
            self.vote = None;
        }
        self.lead = None;
        self.election_elapsed = 0;
        self.heartbeat_elapsed = 0;
        self.reset_randomized_election_timeout();
        // Silently: a role change ends a transfer whether it succeeded or not.
        self.lead_transferee = None;
        self.prs.reset_votes();
        let last_index = self.raft_log.last_index();
        self.prs.reset_progress(last_index + 1);
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.matched = last_index;
        }
        // Reads confirmed under the old role could be answered by a deposed leader.
        self.read_only = ReadOnly::default();
    }

    /// Follow `lead` (if known) at `term`.
    pub fn become_follower(&mut self, term: u64, lead: Option<NodeId>) {
        self.reset(term);
        self.lead = lead;
        self.state = StateRole::Follower;
        self.report(RaftEvent::BecameFollower { term, lead });
    }

    /// Ask for pre-votes: same term, same vote, no leader. Only a successful pre-vote raises
    /// the term, so a node that cannot win never disturbs the cluster (thesis §9.6).
    pub fn become_pre_candidate(&mut self) {
        if self.state == StateRole::Leader {
            return; // etcd: "invalid transition [leader -> pre-candidate]"
        }
        self.prs.reset_votes();
        self.lead = None;
        self.state = StateRole::PreCandidate;
        self.report(RaftEvent::BecamePreCandidate { term: self.term });
    }

    /// Start an election in the next term, voting for ourselves. Leaders never do this.
    pub fn become_candidate(&mut self) {
        if self.state == StateRole::Leader {
            return; // etcd: "invalid transition [leader -> candidate]"
        }
        self.reset(self.term.saturating_add(1));
        self.vote = Some(self.id);
        self.state = StateRole::Candidate;
        self.report(RaftEvent::BecameCandidate { term: self.term });
    }

    /// Take over: only a candidate that won its election does this. The empty entry at the
    /// new term lets the leader commit entries from earlier terms (§5.4.2) and tells
    /// followers that this term has a leader.
    pub fn become_leader(&mut self) -> Result<(), RaftError> {
        if self.state != StateRole::Candidate {
            return Ok(()); // etcd: "invalid transition [follower -> leader]"
        }
        self.reset(self.term);
        self.lead = Some(self.id);
        self.state = StateRole::Leader;
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.become_replicate();
            // The leader always counts as active; check-quorum keeps it that way.
            pr.recent_active = true;
        }
        // Any unapplied conf change may be in the tail we inherited; scanning it would cost
        // more than delaying the next change until everything up to here is applied.
        self.pending_conf_index = self.raft_log.last_index();
        self.report(RaftEvent::BecameLeader { term: self.term });
        self.append_entry(vec![Entry::default()])
    }

    /// Gives up on handing leadership over.
    pub(crate) fn abort_leader_transfer(&mut self) {
        if let Some(transferee) = self.lead_transferee.take() {
            self.report(RaftEvent::TransferAborted {
                term: self.term,
                transferee,
            });
        }
    }
}
