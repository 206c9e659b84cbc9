//! Messages to a candidate or pre-candidate (etcd's `stepCandidate`): count votes, and give
//! way to any leader of our term.

use super::event::StateRole;
use super::{Message, MessageType, Raft, RaftError};

impl Raft {
    pub(crate) fn step_candidate(&mut self, m: Message) -> Result<(), RaftError> {
        // Only answers to our own kind of request count: a late MsgVoteResp from an earlier
        // real election must not be tallied as a pre-vote, or the reverse.
        let my_vote_resp = if self.state == StateRole::PreCandidate {
            MessageType::MsgPreVoteResp
        } else {
            MessageType::MsgVoteResp
        };
        match m.msg_type {
            MessageType::MsgApp => {
                self.become_follower(m.term, Some(m.from));
                self.handle_append_entries(m)
            }
            MessageType::MsgHeartbeat => {
                self.become_follower(m.term, Some(m.from));
                self.handle_heartbeat(&m)
            }
            MessageType::MsgSnap => {
                self.become_follower(m.term, Some(m.from));
                self.handle_snapshot(&m)
            }
            t if t == my_vote_resp => self.handle_vote_response(&m),
            // No leader to forward a proposal to (etcd's stepCandidate: ErrProposalDropped).
            MessageType::MsgProp => Err(RaftError::ProposalDropped),
            // No leader to forward reads or transfers to; MsgTimeoutNow is moot mid-election.
            _ => Ok(()),
        }
    }
}
