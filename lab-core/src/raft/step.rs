//! `step`: the entry point for every message from a peer (etcd's `Step`).
//!
//! It first reconciles terms (a higher term wins unless a leader lease or pre-vote says
//! otherwise; a lower one is stale), answers vote requests, then hands the message to the
//! handler for the current role (`step_leader.rs`, `step_candidate.rs`, `step_follower.rs`).

use super::event::{RaftEvent, StateRole};
use super::message::CAMPAIGN_TRANSFER;
use super::{Message, MessageType, PlantedBug, Raft, RaftError};

impl Raft {
    /// Feeds one message from a peer into the state machine.
    pub fn step(&mut self, m: Message) -> Result<(), RaftError> {
        self.check_message(&m)?;
        if m.term > self.term {
            if self.ignores_for_lease(&m) {
                self.report(RaftEvent::IgnoredVote {
                    candidate: m.from,
                    term: m.term,
                    pre_vote: m.msg_type == MessageType::MsgPreVote,
                    remaining_ticks: self.election_tick.saturating_sub(self.election_elapsed),
                    positions: self.vote_positions(&m),
                });
                return Ok(());
            }
            match m.msg_type {
                // A pre-vote asks about a term nobody holds yet: answering it changes nothing.
                MessageType::MsgPreVote => {}
                // We move to that term only once a quorum of pre-votes is in.
                MessageType::MsgPreVoteResp if !m.reject => {}
                MessageType::MsgApp | MessageType::MsgHeartbeat | MessageType::MsgSnap => {
                    self.become_follower(m.term, Some(m.from));
                }
                _ => self.become_follower(m.term, None),
            }
        } else if m.term < self.term {
            return self.step_stale(&m);
        }
        match m.msg_type {
            MessageType::MsgVote | MessageType::MsgPreVote => {
                self.handle_vote(&m);
                Ok(())
            }
            _ => match self.state {
                StateRole::Leader => self.step_leader(m),
                StateRole::Candidate | StateRole::PreCandidate => self.step_candidate(m),
                StateRole::Follower => self.step_follower(m),
            },
        }
    }

    /// The leader lease of check-quorum: a node that heard from its leader within the
    /// election timeout ignores (pre-)votes for a higher term, so a partitioned node that
    /// comes back cannot depose a working leader. A leadership transfer overrides it.
    fn ignores_for_lease(&self, m: &Message) -> bool {
        let is_vote = matches!(m.msg_type, MessageType::MsgVote | MessageType::MsgPreVote);
        let forced = m.context == CAMPAIGN_TRANSFER;
        let in_lease =
            self.check_quorum && self.lead.is_some() && self.election_elapsed < self.election_tick;
        is_vote && !forced && in_lease
    }

    /// A message from an older term.
    fn step_stale(&mut self, m: &Message) -> Result<(), RaftError> {
        // PLANTED BUG (AppendWithoutTermCheck): obey a deposed leader.
        if self.planted(PlantedBug::AppendWithoutTermCheck) && m.msg_type == MessageType::MsgApp {
            return self.handle_append_entries(m.clone());
        }
        let from_old_leader = matches!(m.msg_type, MessageType::MsgHeartbeat | MessageType::MsgApp);
        if (self.check_quorum || self.pre_vote) && from_old_leader {
            // With check-quorum or pre-vote our higher term may never reach the old leader
            // through a vote (it ignores them, or none are sent), so tell it: an answer at our
            // term makes it step down.
            self.send(Message::new(
                MessageType::MsgAppResp,
                self.id,
                m.from,
                self.term,
            ));
        } else if m.msg_type == MessageType::MsgPreVote {
            // Without a rejection the pre-candidate would wait forever.
            let mut resp = Message::new(MessageType::MsgPreVoteResp, self.id, m.from, self.term);
            resp.reject = true;
            self.send(resp);
        }
        Ok(())
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
        // Forwarded proposals are not placed in the log yet: the leader stamps them.
        let contiguous = m.msg_type == MessageType::MsgProp
            || m.entries
                .iter()
                .zip(m.index.saturating_add(1)..)
                .all(|(e, i)| e.index == i);
        let snapshot_ok = (m.msg_type == MessageType::MsgSnap) == m.snapshot.is_some();
        if !contiguous || !snapshot_ok {
            return Err(RaftError::MalformedEntries { from: m.from });
        }
        Ok(())
    }
}
