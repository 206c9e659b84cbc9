//! Membership: applying committed `ConfChange`s (etcd's `applyConfChange` and
//! `switchToConfig`) and restoring the log and configuration from a snapshot (`restore`).

use super::event::{RaftEvent, StateRole};
use super::{ConfChange, ConfChangeType, ConfState, ProgressTracker, Raft, RaftError, Snapshot};

impl Raft {
    /// Applies a committed conf change and returns the new configuration. The owner calls
    /// this when it applies the entry, on every node, so all switch at the same log position.
    pub fn apply_conf_change(&mut self, cc: &ConfChange) -> Result<ConfState, RaftError> {
        if cc.node_id == 0 {
            return Err(RaftError::InvalidNode(0));
        }
        let next_index = self.raft_log.last_index() + 1;
        match cc.change_type {
            ConfChangeType::AddNode => self.prs.add_voter(cc.node_id, next_index),
            ConfChangeType::AddLearnerNode => self.prs.add_learner(cc.node_id, next_index),
            ConfChangeType::RemoveNode => self.prs.remove(cc.node_id),
            ConfChangeType::UpdateNode => {}
        }
        self.switch_to_config()
    }

    /// Reacts to a new configuration: a removed leader steps down; a remaining leader may
    /// now commit under the new quorum and starts replicating to newcomers.
    fn switch_to_config(&mut self) -> Result<ConfState, RaftError> {
        let cs = self.prs.conf_state();
        self.report(RaftEvent::ConfChanged(cs.clone()));
        if self.state != StateRole::Leader {
            return Ok(cs);
        }
        if !self.promotable() {
            // We were removed: stop leading. Not promotable any more, we never campaign
            // again; the others elect a leader after an election timeout.
            self.become_follower(self.term, None);
            return Ok(cs);
        }
        if self.maybe_commit()? {
            self.bcast_append()?;
        } else {
            for id in self.prs.ids() {
                if id != self.id {
                    self.send_appends_while_unpaused(id)?;
                }
            }
        }
        if let Some(t) = self.lead_transferee
            && !self.prs.voters().contains(&t)
        {
            self.abort_leader_transfer();
        }
        Ok(cs)
    }

    /// Replaces our log with a leader's snapshot if it tells us something new. Returns
    /// whether it did; `false` when we already hold everything it covers.
    pub(crate) fn restore(&mut self, snap: Snapshot) -> bool {
        let (index, term) = (snap.metadata.index, snap.metadata.term);
        if index <= self.raft_log.commit_index() {
            return false;
        }
        if !snap.metadata.conf_state.contains(self.id) {
            // Defense in depth: a snapshot that does not list us cannot be meant for us.
            return false;
        }
        if self.raft_log.match_term(index, term) {
            // We hold the entry the snapshot ends with, hence the whole prefix: just commit.
            if let Err(err) = self.raft_log.commit_to(index) {
                self.report(RaftEvent::InternalError(err));
            }
            return false;
        }
        let cs = snap.metadata.conf_state.clone();
        self.raft_log.restore(snap);
        self.prs = ProgressTracker::new(&cs, self.prs.max_inflight());
        let last_index = self.raft_log.last_index();
        self.prs.reset_progress(last_index + 1);
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.matched = last_index;
        }
        self.report(RaftEvent::ConfChanged(cs));
        true
    }
}
