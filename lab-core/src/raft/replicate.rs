//! Log shipping on the leader: proposals, MsgApp, heartbeats and the commit rule (etcd's
//! `appendEntry`, `sendAppend`, `bcastAppend`, `bcastHeartbeat`, `maybeCommit`).

use super::event::StateRole;
use super::progress::ProgressState;
use super::{Entry, Message, MessageType, NodeId, Raft, RaftError};

impl Raft {
    /// Appends `data` as a new entry and starts replicating it. Only the leader accepts
    /// proposals; followers do not forward them yet (etcd does, unless disabled).
    pub fn propose(&mut self, data: Vec<u8>) -> Result<(), RaftError> {
        if self.state != StateRole::Leader {
            return Err(RaftError::ProposalDropped);
        }
        let stored = self.raft_log.last_index() + 1 - self.raft_log.first_index();
        if stored >= self.max_log_entries {
            return Err(RaftError::LogFull {
                limit: self.max_log_entries,
            });
        }
        self.append_entry(vec![Entry::new(0, 0, data)])?;
        self.bcast_append()
    }

    /// Stamps `ents` with our term and the next indexes, appends them and counts our own copy
    /// toward the quorum. Our copy is not durable yet, but the `Ready` that carries any
    /// resulting commit also carries the entries, and the owner persists before it applies.
    pub(crate) fn append_entry(&mut self, mut ents: Vec<Entry>) -> Result<(), RaftError> {
        let last_index = self.raft_log.last_index();
        for (ent, index) in ents.iter_mut().zip(last_index + 1..) {
            ent.term = self.term;
            ent.index = index;
        }
        let new_last = self.raft_log.append(&ents)?;
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.maybe_update(new_last);
        }
        self.maybe_commit()?;
        Ok(())
    }

    /// Commits the highest index a majority has matched, if it is from this term.
    pub(crate) fn maybe_commit(&mut self) -> Result<bool, RaftError> {
        let majority_matched = self.prs.committed();
        self.raft_log.maybe_commit(majority_matched, self.term)
    }

    /// Sends `to` the entries it is missing, or an empty MsgApp to carry the commit index.
    pub(crate) fn send_append(&mut self, to: NodeId) -> Result<(), RaftError> {
        self.maybe_send_append(to, true).map(|_| ())
    }

    /// Keeps sending to `to` while flow control allows and there is something to send.
    /// Bounded by the inflight window, plus one for the probe-state case.
    pub(crate) fn send_appends_while_unpaused(&mut self, to: NodeId) -> Result<(), RaftError> {
        let limit = self.prs.get(to).map_or(0, |pr| pr.inflights_capacity() + 1);
        for _ in 0..limit {
            if !self.maybe_send_append(to, false)? {
                break;
            }
        }
        Ok(())
    }

    /// Sends one MsgApp to `to` unless it is paused, or there are no entries and
    /// `send_if_empty` is false. Returns whether a message was sent.
    fn maybe_send_append(&mut self, to: NodeId, send_if_empty: bool) -> Result<bool, RaftError> {
        let Some(pr) = self.prs.get(to) else {
            return Ok(false);
        };
        if pr.is_paused() {
            return Ok(false);
        }
        let next_index = pr.next_index;
        let prev_index = next_index.saturating_sub(1);
        // Without compaction every index is present; with it, a failure here means "send a
        // snapshot instead" (MsgSnap), which is not implemented yet.
        let log_term = self.raft_log.term(prev_index)?;
        let entries = self.raft_log.entries(next_index, self.max_size_per_msg)?;
        if entries.is_empty() && !send_if_empty {
            return Ok(false);
        }
        if let (Some(last), Some(pr)) = (entries.last(), self.prs.get_mut(to)) {
            match pr.state {
                ProgressState::Replicate => {
                    pr.optimistic_update(last.index);
                    pr.inflights.add(last.index);
                }
                ProgressState::Probe => pr.probe_sent = true,
            }
        }
        let mut m = Message::new(MessageType::MsgApp, self.id, to, self.term);
        m.index = prev_index;
        m.log_term = log_term;
        m.entries = entries;
        m.commit = self.raft_log.commit_index();
        self.send(m);
        Ok(true)
    }

    /// Sends every peer what it is missing (or the new commit index).
    pub(crate) fn bcast_append(&mut self) -> Result<(), RaftError> {
        for id in self.prs.ids() {
            if id != self.id {
                self.send_append(id)?;
            }
        }
        Ok(())
    }

    /// Tells every peer we are alive. The commit index sent is capped at what the peer has
    /// matched, so a follower never commits an entry it does not hold.
    pub(crate) fn bcast_heartbeat(&mut self) {
        let committed = self.raft_log.commit_index();
        for id in self.prs.ids() {
            if id == self.id {
                continue;
            }
            let matched = self.prs.get(id).map_or(0, |pr| pr.matched);
            let mut m = Message::new(MessageType::MsgHeartbeat, self.id, id, self.term);
            m.commit = matched.min(committed);
            self.send(m);
        }
    }
}
