//! Leadership transfer (Raft thesis §3.10, etcd's `MsgTransferLeader` / `MsgTimeoutNow`):
//! the leader stops taking proposals, brings the transferee's log up to date, then tells it
//! to campaign at once. Used by `etcdctl move-leader` and by a member stopping gracefully.
//! If the transferee has not won within an election timeout, `tick.rs` aborts the transfer.

use super::event::{RaftEvent, StateRole};
use super::{Message, MessageType, NodeId, Raft, RaftError};

impl Raft {
    /// Asks for leadership to move to `transferee`. On the leader this starts the transfer;
    /// a follower forwards the request to its leader; otherwise it is dropped.
    pub fn transfer_leader(&mut self, transferee: NodeId) -> Result<(), RaftError> {
        if transferee == 0 {
            return Err(RaftError::InvalidNode(transferee));
        }
        match (self.state, self.lead) {
            (StateRole::Leader, _) => self.handle_transfer_leader(transferee),
            (StateRole::Follower, Some(lead)) => {
                // etcd puts the transferee in `from`; the leader reads it from there.
                let m = Message::new(MessageType::MsgTransferLeader, transferee, lead, self.term);
                self.send(m);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Leader side of MsgTransferLeader.
    pub(crate) fn handle_transfer_leader(&mut self, transferee: NodeId) -> Result<(), RaftError> {
        let Some(pr) = self.prs.get(transferee) else {
            return Ok(()); // not a member
        };
        if pr.is_learner {
            return Ok(()); // a learner cannot lead
        }
        let matched = pr.matched;
        if let Some(current) = self.lead_transferee {
            if current == transferee {
                return Ok(()); // already in progress
            }
            self.abort_leader_transfer();
        }
        if transferee == self.id {
            return Ok(()); // already leader
        }
        // The transfer must finish within one election timeout, counted from now.
        self.election_elapsed = 0;
        self.lead_transferee = Some(transferee);
        self.report(RaftEvent::TransferStarted {
            term: self.term,
            transferee,
        });
        if matched == self.raft_log.last_index() {
            self.send_timeout_now(transferee);
            Ok(())
        } else {
            self.send_append(transferee)
        }
    }

    /// Tells `to` to campaign immediately.
    pub(crate) fn send_timeout_now(&mut self, to: NodeId) {
        let m = Message::new(MessageType::MsgTimeoutNow, self.id, to, self.term);
        self.send(m);
    }
}
