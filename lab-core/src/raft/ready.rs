//! `Ready` and `SoftState`: one batch of work a node hands to its owner (etcd's `Ready`).
//!
//! The contract, in order: persist `snapshot`, `hard_state` and `entries`; then send
//! `messages`; then apply the snapshot and `committed_entries` (calling
//! `RawNode::apply_conf_change` for conf-change entries); serve `read_states` once applied up to
//! their index; then call `RawNode::advance` with the same `Ready`. Every message that
//! depends on persisted state (a vote, an append acknowledgement) travels in the same `Ready`
//! as that state, so persisting before sending is enough to keep promises across crashes.

use super::event::StateRole;
use super::{Entry, HardState, Message, NodeId, ReadState, Snapshot};

/// Volatile state worth showing but not persisting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoftState {
    /// The known leader.
    pub lead: Option<NodeId>,
    /// This node's role.
    pub raft_state: StateRole,
}

/// Work for the owner of a node; see the module docs for the order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    /// Set when the soft state changed since the last `Ready`.
    pub soft_state: Option<SoftState>,
    /// Set when the hard state changed and must be persisted.
    pub hard_state: Option<HardState>,
    /// A snapshot from the leader to persist and restore the state machine from, before
    /// anything else in this `Ready`.
    pub snapshot: Option<Snapshot>,
    /// New log entries to persist (they may overwrite a persisted suffix).
    pub entries: Vec<Entry>,
    /// Entries now committed, to apply to the state machine in order.
    pub committed_entries: Vec<Entry>,
    /// Messages to send once the above is persisted.
    pub messages: Vec<Message>,
    /// Linearizable reads that may be served once the state machine reaches their index.
    pub read_states: Vec<ReadState>,
}

impl Ready {
    /// Is there nothing to do?
    pub fn is_empty(&self) -> bool {
        self.soft_state.is_none()
            && self.hard_state.is_none()
            && self.snapshot.is_none()
            && self.entries.is_empty()
            && self.committed_entries.is_empty()
            && self.messages.is_empty()
            && self.read_states.is_empty()
    }
}
