//! `RawNode`: the owner-facing wrapper around [`Raft`] that batches its output into
//! [`Ready`]s and takes acknowledgements through `advance` (etcd's `RawNode`).

use rand_chacha::ChaCha8Rng;

use super::event::RaftEvent;
use super::ready::{Ready, SoftState};
use super::{HardState, MemoryStorage, Message, Raft, RaftConfig, RaftError};

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

    /// Starts an election now instead of waiting for the timeout (etcd's `Campaign`).
    pub fn campaign(&mut self) -> Result<(), RaftError> {
        self.raft.hup()
    }

    /// Proposes `data` for the log (leader only).
    pub fn propose(&mut self, data: Vec<u8>) -> Result<(), RaftError> {
        self.raft.propose(data)
    }

    /// Is there anything to persist, send or apply?
    pub fn has_ready(&self) -> bool {
        let r = &self.raft;
        soft_state(r) != self.prev_soft_state
            || r.hard_state() != self.prev_hard_state
            || !r.raft_log.unstable_entries().is_empty()
            || !r.msgs.is_empty()
            || r.raft_log.has_next_committed_entries()
    }

    /// Collects the pending work. Messages are handed over now; entries and the hard state
    /// count as persisted only once `advance` is called with this `Ready`.
    pub fn ready(&mut self) -> Ready {
        let soft = soft_state(&self.raft);
        let hard = self.raft.hard_state();
        let rd = Ready {
            soft_state: (soft != self.prev_soft_state).then_some(soft),
            hard_state: (hard != self.prev_hard_state).then_some(hard),
            entries: self.raft.raft_log.unstable_entries().to_vec(),
            committed_entries: self
                .raft
                .raft_log
                .next_committed_entries(self.max_committed_size_per_ready),
            messages: std::mem::take(&mut self.raft.msgs),
        };
        self.prev_soft_state = soft;
        rd
    }

    /// The owner has persisted, sent and applied `rd`.
    pub fn advance(&mut self, rd: &Ready) -> Result<(), RaftError> {
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
