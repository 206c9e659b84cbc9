//! Raft consensus as a pure state machine, shaped like etcd-io/raft.
//!
//! Inputs are ticks ([`RawNode::tick`]), messages ([`RawNode::step`]) and proposals
//! ([`RawNode::propose`]); outputs come out as a [`Ready`]: messages to send, the hard state
//! and entries to persist, committed entries to apply. No I/O, no clock, and randomness only
//! from the injected RNG, so one engine runs in the browser, in tests and (later) in a real
//! node.
//!
//! Implemented: leader election (one vote per term, log up-to-date check), heartbeats, log
//! replication with per-peer `Progress` and flow control, commit by quorum for current-term
//! entries. Still to come, each with a marked place in the code: pre-vote, check-quorum,
//! ReadIndex, learners, membership changes, leadership transfer, snapshots and compaction.
//!
//! | file | owns |
//! |---|---|
//! | `config` | [`RaftConfig`] and the etcd flag mapping |
//! | `message`, `entry`, `hard_state` | wire and disk types |
//! | `storage`, `unstable`, `log` | the log: persisted part, unpersisted tail, [`RaftLog`] |
//! | `progress`, `inflights`, `quorum`, `tracker` | the leader's view of its followers |
//! | `node`, `step`, `replicate` | [`Raft`]: roles and timers, message handling, log shipping |
//! | `ready`, `raw_node` | [`Ready`] batches and [`RawNode`] |

mod config;
mod entry;
mod error;
mod event;
mod hard_state;
mod inflights;
mod log;
mod message;
mod node;
mod progress;
mod quorum;
mod raw_node;
mod ready;
mod replicate;
mod step;
mod storage;
mod tracker;
mod unstable;

#[cfg(test)]
mod test_network;
#[cfg(test)]
mod tests;

pub use config::{
    DEFAULT_MAX_INFLIGHT_MSGS, DEFAULT_MAX_LOG_ENTRIES, DEFAULT_MAX_SIZE_PER_MSG, MAX_VOTERS,
    RaftConfig, election_ticks,
};
pub use entry::Entry;
pub use error::RaftError;
pub use event::{RaftEvent, StateRole};
pub use hard_state::HardState;
pub use inflights::Inflights;
pub use log::RaftLog;
pub use message::{Message, MessageType};
pub use node::{MAX_EVENTS, MAX_OUTBOX, Raft};
pub use progress::{Progress, ProgressState};
pub use quorum::{MajorityConfig, VoteResult};
pub use raw_node::RawNode;
pub use ready::{Ready, SoftState};
pub use storage::MemoryStorage;
pub use tracker::ProgressTracker;

/// A node id. 0 means "none" in etcd and is never a valid id here.
pub type NodeId = u64;
