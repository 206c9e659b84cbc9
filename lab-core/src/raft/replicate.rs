//! Log shipping on the leader: proposals, MsgApp (or MsgSnap when the entries a follower
//! needs were compacted), heartbeats and the commit rule (etcd's `appendEntry`, `sendAppend`,
//! `bcastAppend`, `bcastHeartbeat`, `maybeCommit`).

use super::event::{RaftEvent, StateRole};
use super::progress::ProgressState;
use super::{
    ConfChange, Entry, EntryType, Message, MessageType, NodeId, PlantedBug, Raft, RaftError,
};

impl Raft {
    /// Proposes `data` as a new entry. The leader appends it and starts replicating it
    /// (not while it is handing leadership over); a follower forwards it to its leader as
    /// `MsgProp` (etcd's default); with no leader it is dropped (`ProposalDropped`).
    /// A forwarded proposal may still be lost: the caller learns the outcome only by seeing
    /// the entry applied, as etcd's server does.
    pub fn propose(&mut self, data: Vec<u8>) -> Result<(), RaftError> {
        self.propose_or_forward(Entry::new(0, 0, data))
    }

    /// Proposes a membership change. At most one may be unapplied at a time; etcd silently
    /// turns an extra one into an empty entry, and so do we (reporting it).
    pub fn propose_conf_change(&mut self, cc: &ConfChange) -> Result<(), RaftError> {
        let mut ent = Entry::new(0, 0, cc.encode());
        ent.entry_type = EntryType::EntryConfChange;
        self.propose_or_forward(ent)
    }

    fn propose_or_forward(&mut self, ent: Entry) -> Result<(), RaftError> {
        match (self.state, self.lead) {
            (StateRole::Follower, Some(lead)) => {
                let mut m = Message::new(MessageType::MsgProp, self.id, lead, self.term);
                m.entries = vec![ent];
                self.send(m);
                Ok(())
            }
            _ => self.propose_entry(ent),
        }
    }

    /// Leader side of a forwarded `MsgProp`: append its entries as if proposed here.
    pub(crate) fn handle_forwarded_proposal(&mut self, m: Message) -> Result<(), RaftError> {
        for ent in m.entries {
            self.propose_entry(Entry {
                term: 0,
                index: 0,
                ..ent
            })?;
        }
        Ok(())
    }

    fn propose_entry(&mut self, mut ent: Entry) -> Result<(), RaftError> {
        let removed = !self.prs.contains(self.id);
        if self.state != StateRole::Leader || self.lead_transferee.is_some() || removed {
            return Err(RaftError::ProposalDropped);
        }
        let stored = self.raft_log.last_index() + 1 - self.raft_log.first_index();
        if stored >= self.max_log_entries {
            return Err(RaftError::LogFull {
                limit: self.max_log_entries,
            });
        }
        if ent.is_conf_change() {
            let applied = self.raft_log.applied();
            if self.pending_conf_index > applied {
                self.report(RaftEvent::ConfChangeIgnored {
                    pending: self.pending_conf_index,
                    applied,
                });
                ent = Entry::default();
            } else {
                self.pending_conf_index = self.raft_log.last_index() + 1;
            }
        }
        self.append_entry(vec![ent])?;
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
        let new_last = self.raft_log.append_moved(ents)?;
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.maybe_update(new_last);
        }
        self.maybe_commit()?;
        Ok(())
    }

    /// Commits the highest index a majority of voters has matched, if it is from this term.
    pub(crate) fn maybe_commit(&mut self) -> Result<bool, RaftError> {
        let mut majority_matched = self.prs.committed();
        // PLANTED BUG (CommitWithoutQuorum): our own copy is enough.
        if self.planted(PlantedBug::CommitWithoutQuorum) {
            majority_matched = self.raft_log.last_index();
        }
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
    /// `send_if_empty` is false; sends a snapshot instead if the entries were compacted.
    /// Returns whether a message was sent.
    fn maybe_send_append(&mut self, to: NodeId, send_if_empty: bool) -> Result<bool, RaftError> {
        let Some(pr) = self.prs.get(to) else {
            return Ok(false);
        };
        if pr.is_paused() {
            return Ok(false);
        }
        let next_index = pr.next_index;
        let prev_index = next_index.saturating_sub(1);
        let (log_term, entries) = match (
            self.raft_log.term(prev_index),
            self.raft_log.entries(next_index, self.max_size_per_msg),
        ) {
            (Ok(t), Ok(ents)) => (t, ents),
            (Err(RaftError::Compacted), _) | (_, Err(RaftError::Compacted)) => {
                return Ok(self.send_snapshot(to));
            }
            (Err(err), _) | (_, Err(err)) => return Err(err),
        };
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
                ProgressState::Snapshot => {}
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

    /// Sends `to` our latest snapshot and pauses it until the owner reports the outcome or
    /// the follower acknowledges. Only to a peer heard from recently: a snapshot is big.
    fn send_snapshot(&mut self, to: NodeId) -> bool {
        if !self.prs.get(to).is_some_and(|pr| pr.recent_active) {
            return false;
        }
        let snap = self.raft_log.snapshot().clone();
        if snap.is_empty() {
            // etcd panics: "need non-empty snapshot". Entries were compacted without one.
            self.report(RaftEvent::InternalError(RaftError::Compacted));
            return false;
        }
        let (index, term) = (snap.metadata.index, snap.metadata.term);
        if let Some(pr) = self.prs.get_mut(to) {
            pr.become_snapshot(index);
        }
        let mut m = Message::new(MessageType::MsgSnap, self.id, to, self.term);
        m.snapshot = Some(Box::new(snap));
        self.send(m);
        self.report(RaftEvent::SnapshotSent { to, index, term });
        true
    }

    /// Sends every peer (learners too) what it is missing, or the new commit index.
    pub(crate) fn bcast_append(&mut self) -> Result<(), RaftError> {
        // Walked rather than collected: this runs for every proposal and commit.
        let mut next = self.prs.next_id(None);
        while let Some(id) = next {
            if id != self.id {
                self.send_append(id)?;
            }
            next = self.prs.next_id(Some(id));
        }
        Ok(())
    }

    /// Tells every peer we are alive. The commit index sent is capped at what the peer has
    /// matched, so a follower never commits an entry it does not hold. The newest pending
    /// read's context rides along, so one round of answers confirms every pending read.
    pub(crate) fn bcast_heartbeat(&mut self) {
        let committed = self.raft_log.commit_index();
        let ctx = self
            .read_only
            .last_pending_request_ctx()
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let mut next = self.prs.next_id(None);
        while let Some(id) = next {
            next = self.prs.next_id(Some(id));
            if id == self.id {
                continue;
            }
            let matched = self.prs.get(id).map_or(0, |pr| pr.matched);
            let mut m = Message::new(MessageType::MsgHeartbeat, self.id, id, self.term);
            m.commit = matched.min(committed);
            m.context = ctx.clone();
            self.send(m);
        }
    }
}
