//! `RawNode`: the owner-facing wrapper around [`Raft`] that batches its output into
//! [`Ready`]s and takes acknowledgements through `advance` (etcd's `RawNode`).

use rand_chacha::ChaCha8Rng;

use super::event::RaftEvent;
use super::ready::{Ready, SoftState};
use super::{
    ConfChange, ConfState, Entry, EntryType, HardState, MemoryStorage, Message, NodeId, PlantedBug,
    Raft, RaftConfig, RaftError, Snapshot,
};

/// A Raft node plus what its owner has already been told.
#[derive(Clone, Debug)]
pub struct RawNode {
    raft: Raft,
    prev_soft_state: SoftState,
    prev_hard_state: HardState,
    /// Cap on committed entry bytes per `Ready` (unit: bytes); etcd defaults it to
    /// `max_size_per_msg`. Larger batches apply faster but stall the owner longer.
    max_committed_size_per_ready: u64,
}

impl RawNode {
    /// Restores a node from `storage` (empty for a new member). `rng` drives the randomized
    /// election timeout; seed it from the world so runs replay.
    pub fn new(
        config: &RaftConfig,
        storage: MemoryStorage,
        rng: ChaCha8Rng,
    ) -> Result<RawNode, RaftError> {
        let prev_hard_state = storage.hard_state();
        let raft = Raft::new(config, storage, rng)?;
        Ok(RawNode {
            prev_soft_state: soft_state(&raft),
            prev_hard_state,
            raft,
            max_committed_size_per_ready: config.max_size_per_msg,
        })
    }

    /// Bootstraps a brand-new member of a new cluster as etcd's `raft.StartNode` does with
    /// peers: the initial membership becomes conf-change entries at term 1, committed at
    /// once (every member writes the same ones), so the first election is at term 2 and
    /// applying the entries fills the server's membership store. Refused unless the log is
    /// empty.
    pub fn bootstrap(&mut self, peers: &[ConfChange]) -> Result<(), RaftError> {
        if self.raft.raft_log.last_index() != 0 || self.raft.term != 0 {
            return Err(RaftError::InvalidConfig("can't bootstrap a nonempty log"));
        }
        if peers.is_empty() {
            return Err(RaftError::InvalidConfig(
                "must provide at least one peer to Bootstrap",
            ));
        }
        self.raft.become_follower(1, None);
        let entries: Vec<Entry> = (1..)
            .zip(peers)
            .map(|(index, cc)| Entry {
                entry_type: EntryType::EntryConfChange,
                term: 1,
                index,
                data: cc.encode(),
            })
            .collect();
        let last = self.raft.raft_log.append(&entries)?;
        self.raft.raft_log.commit_to(last)?;
        for cc in peers {
            self.raft.apply_conf_change(cc)?;
        }
        Ok(())
    }

    /// Ticks `n` times at once (etcd's `advanceTicks`, used to fast-forward a fresh
    /// member's election clock once its peers are connected).
    pub fn advance_ticks(&mut self, n: u32) {
        for _ in 0..n {
            self.raft.tick();
        }
    }

    /// The node, read-only.
    pub fn raft(&self) -> &Raft {
        &self.raft
    }

    /// Advances the logical clock by one tick.
    pub fn tick(&mut self) {
        self.raft.tick();
    }

    /// Feeds a message from a peer.
    pub fn step(&mut self, m: Message) -> Result<(), RaftError> {
        self.raft.step(m)
    }

    /// Starts an election now instead of waiting for the timeout (etcd's `Campaign`); with
    /// pre-vote on, a pre-vote round comes first.
    pub fn campaign(&mut self) -> Result<(), RaftError> {
        self.raft.hup(false)
    }

    /// Proposes `data` for the log (leader only).
    pub fn propose(&mut self, data: Vec<u8>) -> Result<(), RaftError> {
        self.raft.propose(data)
    }

    /// Proposes a membership change (leader only).
    pub fn propose_conf_change(&mut self, cc: &ConfChange) -> Result<(), RaftError> {
        self.raft.propose_conf_change(cc)
    }

    /// Applies a committed membership change; call it when applying its entry.
    pub fn apply_conf_change(&mut self, cc: &ConfChange) -> Result<ConfState, RaftError> {
        self.raft.apply_conf_change(cc)
    }

    /// Hands leadership to `transferee` (etcd's `TransferLeader`, `etcdctl move-leader`).
    pub fn transfer_leader(&mut self, transferee: NodeId) -> Result<(), RaftError> {
        self.raft.transfer_leader(transferee)
    }

    /// Starts a linearizable read identified by `ctx` (etcd's `ReadIndex`).
    pub fn read_index(&mut self, ctx: Vec<u8>) -> Result<(), RaftError> {
        self.raft.read_index(ctx)
    }

    /// Reports whether the snapshot sent to `id` arrived (etcd's `ReportSnapshot`).
    pub fn report_snapshot(&mut self, id: NodeId, failed: bool) {
        self.raft.report_snapshot(id, failed);
    }

    /// Reports that `id` could not be reached (etcd's `ReportUnreachable`).
    pub fn report_unreachable(&mut self, id: NodeId) {
        self.raft.report_unreachable(id);
    }

    /// Records a snapshot of the state machine (`data`) at the applied index, with the
    /// membership as applied (etcd server's `snapshot`, then `CreateSnapshot`).
    pub fn create_snapshot(&mut self, data: Vec<u8>) -> Result<Snapshot, RaftError> {
        let applied = self.raft.raft_log.applied();
        let cs = self.raft.prs.conf_state();
        let storage = self.raft.raft_log.storage_mut();
        storage.create_snapshot(applied, cs, data).cloned()
    }

    /// Discards persisted entries up to and including `index`, which a snapshot must cover
    /// (etcd's `Compact`).
    pub fn compact(&mut self, index: u64) -> Result<(), RaftError> {
        self.raft.raft_log.storage_mut().compact(index)
    }

    /// Is there anything to persist, send, apply or read?
    pub fn has_ready(&self) -> bool {
        let r = &self.raft;
        soft_state(r) != self.prev_soft_state
            || r.hard_state() != self.prev_hard_state
            || r.raft_log.pending_snapshot().is_some()
            || !r.raft_log.unstable_entries().is_empty()
            || !r.msgs.is_empty()
            || r.raft_log.has_next_committed_entries()
            || !r.read_states.is_empty()
    }

    /// Collects the pending work. Messages are handed over now; the snapshot, entries and
    /// hard state count as persisted only once `advance` is called with this `Ready`.
    pub fn ready(&mut self) -> Ready {
        let soft = soft_state(&self.raft);
        let hard = self.raft.hard_state();
        let soft_state = (soft != self.prev_soft_state).then_some(soft);
        self.prev_soft_state = soft;
        let unpersisted =
            hard != self.prev_hard_state || self.raft.raft_log.pending_snapshot().is_some();
        let unpersisted = unpersisted || !self.raft.raft_log.unstable_entries().is_empty();
        // PLANTED BUG (ReplyBeforePersist): send the replies now and leave what they promise
        // for a later `Ready`, so a crash in between breaks the promise.
        if self.raft.planted(PlantedBug::ReplyBeforePersist)
            && unpersisted
            && !self.raft.msgs.is_empty()
        {
            return Ready {
                soft_state,
                messages: std::mem::take(&mut self.raft.msgs),
                ..Ready::default()
            };
        }
        let log = &self.raft.raft_log;
        Ready {
            soft_state,
            hard_state: (hard != self.prev_hard_state).then_some(hard),
            snapshot: log.pending_snapshot().cloned(),
            entries: log.unstable_entries().to_vec(),
            committed_entries: log.next_committed_entries(self.max_committed_size_per_ready),
            messages: std::mem::take(&mut self.raft.msgs),
            read_states: std::mem::take(&mut self.raft.read_states),
        }
    }

    /// The owner has persisted, sent and applied `rd`.
    pub fn advance(&mut self, rd: &Ready) -> Result<(), RaftError> {
        if let Some(snap) = &rd.snapshot {
            self.raft.raft_log.stable_snapshot(snap)?;
        }
        if let Some(hs) = rd.hard_state {
            self.raft.raft_log.stable_hard_state(hs);
            self.prev_hard_state = hs;
        }
        self.raft.raft_log.stable_entries(&rd.entries)?;
        if let Some(last) = rd.committed_entries.last() {
            self.raft.raft_log.applied_to(last.index);
        }
        Ok(())
    }

    /// Hands back the (drained) message buffer of a handled `Ready`, so the next `Ready`'s
    /// messages reuse its allocation: every delivery produces a `Ready` with messages, and
    /// allocating a fresh buffer for each was a measurable share of the simulation's time.
    pub fn recycle_messages(&mut self, mut buf: Vec<Message>) {
        let msgs = &mut self.raft.msgs;
        if msgs.is_empty() && msgs.capacity() < buf.capacity() {
            buf.clear();
            *msgs = buf;
        }
    }

    /// Drains what the node reported since the last call.
    pub fn take_events(&mut self) -> Vec<RaftEvent> {
        std::mem::take(&mut self.raft.events)
    }
}

fn soft_state(raft: &Raft) -> SoftState {
    SoftState {
        lead: raft.lead(),
        raft_state: raft.state(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use rand::SeedableRng;

    use super::*;
    use crate::raft::MessageType;
    use crate::raft::test_network::config;

    fn candidate() -> RawNode {
        let rng = ChaCha8Rng::seed_from_u64(1);
        let mut node = RawNode::new(&config(1, 3), MemoryStorage::new(), rng).unwrap();
        node.campaign().unwrap();
        node
    }

    #[test]
    fn a_recycled_buffer_carries_the_next_readys_messages() {
        let mut node = candidate();
        let mut rd = node.ready();
        assert_eq!(rd.messages.len(), 2, "a vote request to each peer");
        let mut buf = std::mem::take(&mut rd.messages);
        buf.clear();
        let capacity = buf.capacity();
        node.advance(&rd).unwrap();
        node.recycle_messages(buf);
        // A new term means new vote requests, sent from the recycled buffer.
        node.campaign().unwrap();
        let rd = node.ready();
        let types: Vec<_> = rd.messages.iter().map(|m| m.msg_type).collect();
        assert_eq!(types, [MessageType::MsgVote, MessageType::MsgVote]);
        assert_eq!(rd.messages.capacity(), capacity);
    }

    #[test]
    fn recycling_never_drops_pending_messages() {
        let mut node = candidate();
        let mut stale = vec![Message::new(MessageType::MsgApp, 1, 2, 1)];
        stale.reserve(64);
        node.recycle_messages(stale);
        let rd = node.ready();
        assert!(
            rd.messages
                .iter()
                .all(|m| m.msg_type == MessageType::MsgVote),
            "the campaign's votes are kept; the buffer's old contents are not sent"
        );
        assert_eq!(rd.messages.len(), 2);
    }
}
