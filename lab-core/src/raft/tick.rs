//! The logical clock: `tick` on followers and candidates counts toward an election; on the
//! leader it drives heartbeats, the check-quorum round and the leadership-transfer deadline
//! (etcd's `tickElection`, `tickHeartbeat`).

use rand::Rng;

use super::event::{RaftEvent, StateRole};
use super::{Raft, RaftError};

impl Raft {
    /// Advances the logical clock by one tick.
    pub fn tick(&mut self) {
        let result = match self.state {
            StateRole::Leader => self.tick_heartbeat(),
            StateRole::Follower | StateRole::Candidate | StateRole::PreCandidate => {
                self.tick_election()
            }
        };
        if let Err(err) = result {
            self.report(RaftEvent::InternalError(err));
        }
    }

    fn tick_election(&mut self) -> Result<(), RaftError> {
        self.election_elapsed = self.election_elapsed.saturating_add(1);
        if self.promotable() && self.past_election_timeout() {
            self.election_elapsed = 0;
            self.hup(false)?;
        }
        Ok(())
    }

    fn tick_heartbeat(&mut self) -> Result<(), RaftError> {
        self.heartbeat_elapsed = self.heartbeat_elapsed.saturating_add(1);
        self.election_elapsed = self.election_elapsed.saturating_add(1);
        if self.election_elapsed >= self.election_tick {
            self.election_elapsed = 0;
            if self.check_quorum {
                self.check_quorum_active();
            }
            // A transfer that did not finish within an election timeout has failed (the
            // transferee is down or slow); resume accepting proposals.
            if self.state == StateRole::Leader {
                self.abort_leader_transfer();
            }
        }
        if self.state != StateRole::Leader {
            return Ok(());
        }
        if self.heartbeat_elapsed >= self.heartbeat_tick {
            self.heartbeat_elapsed = 0;
            self.bcast_heartbeat();
        }
        Ok(())
    }

    /// Check-quorum (etcd's `MsgCheckQuorum`): a leader cut off from a majority steps down
    /// instead of serving stale reads and collecting doomed proposals forever.
    fn check_quorum_active(&mut self) {
        // The leader always counts itself as active.
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.recent_active = true;
        }
        if !self.prs.quorum_active() {
            self.report(RaftEvent::SteppedDown { term: self.term });
            self.become_follower(self.term, None);
            return;
        }
        let id = self.id;
        for peer in self.prs.ids() {
            if peer != id
                && let Some(pr) = self.prs.get_mut(peer)
            {
                pr.recent_active = false;
            }
        }
    }

    /// Has this node waited its randomized election timeout?
    pub(crate) fn past_election_timeout(&self) -> bool {
        self.election_elapsed >= self.randomized_election_timeout
    }

    pub(crate) fn reset_randomized_election_timeout(&mut self) {
        let lo = self.election_tick;
        let hi = lo.saturating_mul(2);
        self.randomized_election_timeout = if hi > lo {
            self.rng.random_range(lo..hi)
        } else {
            lo
        };
    }
}
