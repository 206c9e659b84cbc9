//! Message handling: `step` and the per-role handlers (etcd's `Step`, `stepLeader`,
//! `stepCandidate`, `stepFollower`).
//!
//! `step` first reconciles terms (a higher term always wins, a lower one is stale), then hands
//! the message to the handler for the current role.

use super::event::{RaftEvent, StateRole};
use super::progress::ProgressState;
use super::quorum::VoteResult;
use super::{Message, MessageType, Raft, RaftError};

impl Raft {
    /// Feeds one message from a peer into the state machine.
    pub fn step(&mut self, m: Message) -> Result<(), RaftError> {
        self.check_message(&m)?;
        if m.term > self.term {
            // Pre-vote and check-quorum's leader lease will be able to ignore the term here.
            let lead = match m.msg_type {
                MessageType::MsgApp | MessageType::MsgHeartbeat => Some(m.from),
                _ => None,
            };
            self.become_follower(m.term, lead);
        } else if m.term < self.term {
            // Stale: from an old leader or candidate. With check-quorum or pre-vote we will
            // answer so it learns the new term; without them, silence is enough.
            return Ok(());
        }
        match m.msg_type {
            MessageType::MsgVote => {
                self.handle_vote(&m);
                Ok(())
            }
            _ => match self.state {
                StateRole::Leader => self.step_leader(m),
                StateRole::Candidate => self.step_candidate(m),
                StateRole::Follower => self.step_follower(m),
            },
        }
    }

    /// Rejects messages that no correct peer sends, before they touch any state.
    fn check_message(&self, m: &Message) -> Result<(), RaftError> {
        if m.to != self.id {
            return Err(RaftError::WrongRecipient {
                to: m.to,
                id: self.id,
            });
        }
        if m.term == 0 {
            return Err(RaftError::MissingTerm { from: m.from });
        }
        if m.msg_type.is_response() && !self.prs.contains(m.from) {
            return Err(RaftError::StepPeerNotFound);
        }
        let contiguous = m
            .entries
            .iter()
            .zip(m.index.saturating_add(1)..)
            .all(|(e, i)| e.index == i);
        if !contiguous {
            return Err(RaftError::MalformedEntries { from: m.from });
        }
        Ok(())
    }

    /// Grants at most one vote per term, and only to a candidate whose log is at least as
    /// up-to-date as ours (§5.4.1), which is what keeps committed entries in every future
    /// leader's log.
    fn handle_vote(&mut self, m: &Message) {
        let can_vote = self.vote == Some(m.from) || (self.vote.is_none() && self.lead.is_none());
        let granted = can_vote && self.raft_log.is_up_to_date(m.index, m.log_term);
        let mut resp = Message::new(MessageType::MsgVoteResp, self.id, m.from, self.term);
        resp.reject = !granted;
        if granted {
            // Granting a vote is hearing from a plausible leader: don't compete with it.
            self.election_elapsed = 0;
            self.vote = Some(m.from);
        }
        self.send(resp);
        self.report(RaftEvent::Voted {
            candidate: m.from,
            term: m.term,
            granted,
        });
    }

    fn step_leader(&mut self, m: Message) -> Result<(), RaftError> {
        match m.msg_type {
            MessageType::MsgAppResp => self.handle_append_response(&m),
            MessageType::MsgHeartbeatResp => self.handle_heartbeat_response(&m),
            // Vote results after winning, or a second leader at our term (impossible while
            // the one-vote-per-term rule holds): nothing to do.
            _ => Ok(()),
        }
    }

    fn step_candidate(&mut self, m: Message) -> Result<(), RaftError> {
        match m.msg_type {
            MessageType::MsgApp => {
                self.become_follower(m.term, Some(m.from));
                self.handle_append_entries(&m)
            }
            MessageType::MsgHeartbeat => {
                self.become_follower(m.term, Some(m.from));
                self.handle_heartbeat(&m)
            }
            MessageType::MsgVoteResp => self.handle_vote_response(&m),
            _ => Ok(()),
        }
    }

    fn step_follower(&mut self, m: Message) -> Result<(), RaftError> {
        match m.msg_type {
            MessageType::MsgApp => {
                self.election_elapsed = 0;
                self.lead = Some(m.from);
                self.handle_append_entries(&m)
            }
            MessageType::MsgHeartbeat => {
                self.election_elapsed = 0;
                self.lead = Some(m.from);
                self.handle_heartbeat(&m)
            }
            _ => Ok(()),
        }
    }

    fn handle_vote_response(&mut self, m: &Message) -> Result<(), RaftError> {
        match self.poll(m.from, !m.reject) {
            VoteResult::Won => {
                self.become_leader()?;
                self.bcast_append()
            }
            VoteResult::Lost => {
                self.become_follower(self.term, None);
                Ok(())
            }
            VoteResult::Pending => Ok(()),
        }
    }

    /// Follower side of MsgApp: the Log Matching check, then append and adopt the commit.
    fn handle_append_entries(&mut self, m: &Message) -> Result<(), RaftError> {
        let committed = self.raft_log.commit_index();
        let mut resp = Message::new(MessageType::MsgAppResp, self.id, m.from, self.term);
        if m.index < committed {
            // Everything up to our commit index already matches any leader's log.
            resp.index = committed;
            self.send(resp);
            return Ok(());
        }
        match self
            .raft_log
            .maybe_append(m.index, m.log_term, m.commit, &m.entries)?
        {
            Some(last_new) => resp.index = last_new,
            None => {
                resp.index = m.index;
                resp.reject = true;
                resp.reject_hint = self.raft_log.last_index();
            }
        }
        self.send(resp);
        Ok(())
    }

    /// Follower side of MsgHeartbeat: the commit it carries never exceeds what we matched.
    fn handle_heartbeat(&mut self, m: &Message) -> Result<(), RaftError> {
        self.raft_log.commit_to(m.commit)?;
        let resp = Message::new(MessageType::MsgHeartbeatResp, self.id, m.from, self.term);
        self.send(resp);
        Ok(())
    }

    /// Leader side of MsgAppResp: move the follower's progress and maybe the commit index.
    fn handle_append_response(&mut self, m: &Message) -> Result<(), RaftError> {
        let last_index = self.raft_log.last_index();
        let Some(pr) = self.prs.get_mut(m.from) else {
            return Ok(());
        };
        pr.recent_active = true;
        if m.reject {
            if pr.maybe_decr_to(m.index, m.reject_hint) {
                if pr.state == ProgressState::Replicate {
                    pr.become_probe();
                }
                self.send_append(m.from)?;
            }
            return Ok(());
        }
        if m.index > last_index {
            // We never sent this; a confused or malicious peer. Ignore it.
            return Ok(());
        }
        let old_paused = pr.is_paused();
        if !pr.maybe_update(m.index) {
            return Ok(());
        }
        match pr.state {
            ProgressState::Probe => pr.become_replicate(),
            ProgressState::Replicate => pr.inflights.free_le(m.index),
        }
        if self.maybe_commit()? {
            self.bcast_append()?;
        } else if old_paused {
            // It may have missed the latest commit index while paused.
            self.send_append(m.from)?;
        }
        self.send_appends_while_unpaused(m.from)
    }

    /// Leader side of MsgHeartbeatResp: the follower is alive, so unblock it and catch it up.
    fn handle_heartbeat_response(&mut self, m: &Message) -> Result<(), RaftError> {
        let last_index = self.raft_log.last_index();
        let Some(pr) = self.prs.get_mut(m.from) else {
            return Ok(());
        };
        pr.recent_active = true;
        pr.probe_sent = false;
        if pr.state == ProgressState::Replicate && pr.inflights.full() {
            pr.inflights.free_first_one();
        }
        if pr.matched < last_index {
            self.send_append(m.from)?;
        }
        Ok(())
    }
}
