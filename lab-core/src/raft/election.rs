//! Elections: starting one (`hup`, `campaign`, with or without pre-vote), answering vote
//! requests and counting the answers (etcd's `hup`, `campaign`, `poll` and the `MsgVote` /
//! `MsgPreVote` branch of `Step`).

use super::event::{RaftEvent, StateRole, VotePositions};
use super::message::CAMPAIGN_TRANSFER;
use super::quorum::VoteResult;
use super::{Message, MessageType, NodeId, PlantedBug, Raft, RaftError};

/// Why a node campaigns (etcd's `CampaignType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CampaignType {
    /// Pre-vote phase: would a quorum vote for us at the next term?
    PreElection,
    /// A real election at a new term.
    Election,
    /// An election a leader asked for (MsgTimeoutNow): skips pre-vote, overrides leases.
    Transfer,
}

impl Raft {
    /// An election timeout fired or the owner asked for an election (etcd's local `MsgHup`).
    /// `transfer` marks the election a leadership transfer asked for.
    pub(crate) fn hup(&mut self, transfer: bool) -> Result<(), RaftError> {
        if self.state == StateRole::Leader || !self.promotable() {
            return Ok(());
        }
        // A committed but unapplied conf change may remove us or change the quorum; an
        // election under the old configuration could pick a leader the new one would not.
        if self.has_unapplied_conf_change() {
            return Ok(());
        }
        self.report(RaftEvent::ElectionStarted { term: self.term });
        let kind = if transfer {
            CampaignType::Transfer
        } else if self.pre_vote {
            CampaignType::PreElection
        } else {
            CampaignType::Election
        };
        self.campaign(kind)
    }

    fn has_unapplied_conf_change(&self) -> bool {
        let log = &self.raft_log;
        if log.commit_index() <= log.applied() {
            return false;
        }
        log.slice(log.applied() + 1, log.commit_index() + 1, u64::MAX)
            .map(|ents| ents.iter().any(|e| e.is_conf_change()))
            .unwrap_or(false)
    }

    pub(crate) fn campaign(&mut self, kind: CampaignType) -> Result<(), RaftError> {
        let (msg_type, term) = if kind == CampaignType::PreElection {
            self.become_pre_candidate();
            // Ask about the next term without moving to it.
            (MessageType::MsgPreVote, self.term.saturating_add(1))
        } else {
            self.become_candidate();
            (MessageType::MsgVote, self.term)
        };
        if self.poll(self.id, true) == VoteResult::Won {
            // A single-voter cluster wins on its own vote.
            return if kind == CampaignType::PreElection {
                self.campaign(CampaignType::Election)
            } else {
                self.become_leader()
            };
        }
        let (index, log_term) = (self.raft_log.last_index(), self.raft_log.last_term());
        let voters: Vec<NodeId> = self.prs.voters().iter().copied().collect();
        for id in voters {
            if id == self.id {
                continue;
            }
            let mut m = Message::new(msg_type, self.id, id, term);
            m.index = index;
            m.log_term = log_term;
            if kind == CampaignType::Transfer {
                m.context = CAMPAIGN_TRANSFER.to_vec();
            }
            self.send(m);
        }
        Ok(())
    }

    /// Records `id`'s vote and returns the election's outcome so far.
    pub(crate) fn poll(&mut self, id: NodeId, granted: bool) -> VoteResult {
        self.prs.record_vote(id, granted);
        self.prs.tally_votes().2
    }

    /// Grants at most one vote per term, and only to a candidate whose log is at least as
    /// up-to-date as ours (§5.4.1), which is what keeps committed entries in every future
    /// leader's log. A pre-vote for a higher term promises nothing and records nothing.
    pub(crate) fn handle_vote(&mut self, m: &Message) {
        let pre_vote = m.msg_type == MessageType::MsgPreVote;
        let mut can_vote = self.vote == Some(m.from)
            || (self.vote.is_none() && self.lead.is_none())
            || (pre_vote && m.term > self.term);
        // PLANTED BUG (DoubleVote): forget that we already voted this term.
        if self.planted(PlantedBug::DoubleVote) {
            can_vote = true;
        }
        let granted = can_vote && self.raft_log.is_up_to_date(m.index, m.log_term);
        let positions = self.vote_positions(m);
        let mut resp = Message::new(m.msg_type.vote_response(), self.id, m.from, self.term);
        if granted {
            // Answer at the candidate's term: for a pre-vote that term is not ours yet.
            resp.term = m.term;
            if !pre_vote {
                // Granting a vote is hearing from a plausible leader: don't compete with it.
                self.election_elapsed = 0;
                self.vote = Some(m.from);
            }
        } else {
            resp.reject = true;
        }
        self.send(resp);
        self.report(RaftEvent::Voted {
            candidate: m.from,
            term: m.term,
            granted,
            pre_vote,
            positions,
        });
    }

    /// Our log's and `m`'s sender's positions, as etcd's vote lines print them.
    pub(crate) fn vote_positions(&self, m: &Message) -> VotePositions {
        VotePositions {
            voter: (self.raft_log.last_term(), self.raft_log.last_index()),
            vote: self.vote.unwrap_or(0),
            candidate: (m.log_term, m.index),
        }
    }

    /// Counts an answer to our (pre-)vote request.
    pub(crate) fn handle_vote_response(&mut self, m: &Message) -> Result<(), RaftError> {
        let result = self.poll(m.from, !m.reject);
        let (granted, rejected, _) = self.prs.tally_votes();
        self.report(RaftEvent::VotesTallied {
            pre_vote: self.state == StateRole::PreCandidate,
            granted,
            rejected,
        });
        match result {
            VoteResult::Won if self.state == StateRole::PreCandidate => {
                self.campaign(CampaignType::Election)
            }
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
}
