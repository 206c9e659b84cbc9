//! Messages to a leader (etcd's `stepLeader`): follower acknowledgements move `Progress` and
//! the commit index; heartbeat answers keep check-quorum and ReadIndex going; transfer and
//! read requests are handed to `transfer.rs` and `read_index.rs`. Also the owner's reports
//! about snapshot delivery and unreachable peers.

use super::progress::ProgressState;
use super::{Message, MessageType, NodeId, Raft, RaftError};

impl Raft {
    pub(crate) fn step_leader(&mut self, m: Message) -> Result<(), RaftError> {
        match m.msg_type {
            MessageType::MsgAppResp => self.handle_append_response(&m),
            MessageType::MsgHeartbeatResp => self.handle_heartbeat_response(&m),
            MessageType::MsgTransferLeader => self.handle_transfer_leader(m.from),
            MessageType::MsgReadIndex => self.handle_read_index(m),
            MessageType::MsgProp => self.handle_forwarded_proposal(m),
            // Vote results after winning, or a second leader at our term (impossible while
            // the one-vote-per-term rule holds): nothing to do.
            _ => Ok(()),
        }
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
            ProgressState::Snapshot if pr.matched >= pr.pending_snapshot => {
                // The snapshot landed: resume normal replication after it.
                pr.become_probe();
                pr.become_replicate();
            }
            ProgressState::Snapshot => {}
            ProgressState::Replicate => pr.inflights.free_le(m.index),
        }
        let matched = pr.matched;
        if self.maybe_commit()? {
            self.bcast_append()?;
        } else if old_paused {
            // It may have missed the latest commit index while paused.
            self.send_append(m.from)?;
        }
        self.send_appends_while_unpaused(m.from)?;
        if self.lead_transferee == Some(m.from) && matched == self.raft_log.last_index() {
            // The transferee has caught up: tell it to campaign.
            self.send_timeout_now(m.from);
        }
        Ok(())
    }

    /// Leader side of MsgHeartbeatResp: the follower is alive, so unblock it and catch it up;
    /// its echo of a read's context may confirm our leadership for pending reads.
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
        if !m.context.is_empty() {
            self.confirm_reads(m.from, &m.context);
        }
        Ok(())
    }

    /// The owner delivered (or failed to deliver) the snapshot it was sending to `id`
    /// (etcd's `ReportSnapshot` / `MsgSnapStatus`).
    pub fn report_snapshot(&mut self, id: NodeId, failed: bool) {
        let Some(pr) = self.prs.get_mut(id) else {
            return;
        };
        if pr.state != ProgressState::Snapshot {
            return;
        }
        if failed {
            pr.pending_snapshot = 0;
        }
        pr.become_probe();
        // Wait for the follower's MsgAppResp (or, after a failure, a heartbeat interval)
        // before probing again.
        pr.probe_sent = true;
    }

    /// The owner could not reach `id` (etcd's `ReportUnreachable`): stop streaming to it
    /// optimistically and probe instead.
    pub fn report_unreachable(&mut self, id: NodeId) {
        if let Some(pr) = self.prs.get_mut(id)
            && pr.state == ProgressState::Replicate
        {
            pr.become_probe();
        }
    }
}
