//! Messages to a follower (etcd's `stepFollower`): take entries, heartbeats and snapshots
//! from the leader, forward proposals, reads and transfer requests to it, and campaign on
//! MsgTimeoutNow.

use super::event::RaftEvent;
use super::read_only::ReadState;
use super::{Message, MessageType, Raft, RaftError};

impl Raft {
    pub(crate) fn step_follower(&mut self, mut m: Message) -> Result<(), RaftError> {
        match m.msg_type {
            MessageType::MsgApp => {
                self.election_elapsed = 0;
                self.lead = Some(m.from);
                self.handle_append_entries(m)
            }
            MessageType::MsgHeartbeat => {
                self.election_elapsed = 0;
                self.lead = Some(m.from);
                self.handle_heartbeat(&m)
            }
            MessageType::MsgSnap => {
                self.election_elapsed = 0;
                self.lead = Some(m.from);
                self.handle_snapshot(&m)
            }
            MessageType::MsgProp => match self.lead {
                // A follower that forwarded to a leader it no longer follows passes it on.
                Some(lead) => {
                    m.to = lead;
                    m.term = self.term;
                    self.send(m);
                    Ok(())
                }
                None => Err(RaftError::ProposalDropped),
            },
            MessageType::MsgTransferLeader | MessageType::MsgReadIndex => {
                // Only the leader can act on these; without one they are dropped (the client
                // times out, as with etcd).
                if let Some(lead) = self.lead {
                    m.to = lead;
                    m.term = self.term;
                    self.send(m);
                }
                Ok(())
            }
            MessageType::MsgTimeoutNow => {
                // Our leader says our log is current: campaign now, at once, without pre-vote.
                self.hup(true)
            }
            MessageType::MsgReadIndexResp => {
                self.push_read_state(ReadState {
                    index: m.index,
                    request_ctx: m.context,
                });
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Follower side of MsgApp: the Log Matching check, then append and adopt the commit.
    /// Takes the message so its entries move into the log rather than being copied.
    pub(crate) fn handle_append_entries(&mut self, m: Message) -> Result<(), RaftError> {
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
            .maybe_append_moved(m.index, m.log_term, m.commit, m.entries)?
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
    /// The context is echoed so the leader can confirm pending reads.
    pub(crate) fn handle_heartbeat(&mut self, m: &Message) -> Result<(), RaftError> {
        self.raft_log.commit_to(m.commit)?;
        let mut resp = Message::new(MessageType::MsgHeartbeatResp, self.id, m.from, self.term);
        resp.context = m.context.clone();
        self.send(resp);
        Ok(())
    }

    /// Follower side of MsgSnap: restore unless we already have everything it covers, then
    /// tell the leader where our log now ends.
    pub(crate) fn handle_snapshot(&mut self, m: &Message) -> Result<(), RaftError> {
        let Some(snap) = m.snapshot.as_deref().cloned() else {
            return Err(RaftError::MalformedEntries { from: m.from });
        };
        let (index, term) = (snap.metadata.index, snap.metadata.term);
        let mut resp = Message::new(MessageType::MsgAppResp, self.id, m.from, self.term);
        if self.restore(snap) {
            self.report(RaftEvent::SnapshotRestored { index, term });
            resp.index = self.raft_log.last_index();
        } else {
            resp.index = self.raft_log.commit_index();
        }
        self.send(resp);
        Ok(())
    }
}
