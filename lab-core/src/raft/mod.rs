//! Raft consensus as a pure state machine, shaped like etcd-io/raft as etcd 3.4 uses it.
//!
//! Inputs are ticks ([`RawNode::tick`]), messages ([`RawNode::step`]), proposals and
//! requests ([`RawNode::propose`], `propose_conf_change`, `transfer_leader`, `read_index`);
//! outputs come out as a [`Ready`]: messages to send, the snapshot, hard state and entries to
//! persist, committed entries to apply, reads to serve. No I/O, no clock, and randomness only
//! from the injected RNG, so one engine runs in the browser, in tests and (later) in a real
//! node.
//!
//! Implemented: leader election with optional pre-vote, check-quorum and leader leases,
//! heartbeats, log replication with per-peer `Progress` and flow control, commit by quorum
//! for current-term entries, leadership transfer, ReadIndex reads (`ReadOnlySafe`), learners
//! and single-server membership changes, snapshots and log compaction, and planted bugs for
//! validating safety checkers, proposal forwarding from followers to the leader (`MsgProp`,
//! etcd's default). Not implemented: joint consensus (`ConfChangeV2`, unused by etcd 3.4),
//! `ReadOnlyLeaseBased`, `DisableProposalForwarding`.
//!
//! | file | owns |
//! |---|---|
//! | `config`, `planted_bug` | [`RaftConfig`], the etcd flag mapping, [`PlantedBug`] |
//! | `message`, `entry`, `hard_state`, `snapshot`, `conf_change` | wire and disk types |
//! | `storage`, `unstable`, `log` | the log: persisted part, unpersisted tail, [`RaftLog`] |
//! | `progress`, `inflights`, `quorum`, `tracker` | the leader's view of its followers |
//! | `node`, `role`, `tick`, `election` | [`Raft`]: state, role changes, timers, elections |
//! | `step`, `step_leader`, `step_candidate`, `step_follower` | message handling by role |
//! | `replicate` | proposals, MsgApp/MsgSnap, heartbeats, the commit rule |
//! | `transfer`, `read_only`, `read_index`, `membership` | leadership transfer, reads, conf changes and snapshot restore |
//! | `ready`, `raw_node`, `event` | [`Ready`] batches, [`RawNode`], [`RaftEvent`] |

mod conf_change;
mod config;
mod election;
mod entry;
mod error;
mod event;
mod hard_state;
mod inflights;
mod log;
mod membership;
mod message;
mod node;
mod planted_bug;
mod progress;
mod quorum;
mod raw_node;
mod read_index;
mod read_only;
mod ready;
mod replicate;
mod role;
mod snapshot;
mod step;
mod step_candidate;
mod step_follower;
mod step_leader;
mod storage;
mod tick;
mod tracker;
mod transfer;
mod unstable;

#[cfg(test)]
mod test_network;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_election;
#[cfg(test)]
mod tests_membership;
#[cfg(test)]
mod tests_planted;
#[cfg(test)]
mod tests_read_index;
#[cfg(test)]
mod tests_snapshot;
#[cfg(test)]
mod tests_transfer;

pub use conf_change::{ConfChange, ConfChangeType, ConfState};
pub use config::{
    DEFAULT_MAX_INFLIGHT_MSGS, DEFAULT_MAX_LOG_ENTRIES, DEFAULT_MAX_SIZE_PER_MSG, MAX_VOTERS,
    RaftConfig, election_ticks,
};
pub use entry::{Entry, EntryType};
pub use error::RaftError;
pub use event::{RaftEvent, StateRole, VotePositions};
pub use hard_state::HardState;
pub use inflights::Inflights;
pub use log::RaftLog;
pub use message::{CAMPAIGN_TRANSFER, Message, MessageType};
pub use node::{MAX_EVENTS, MAX_OUTBOX, MAX_READ_STATES, Raft};
pub use planted_bug::{PlantedBug, UnknownPlantedBug};
pub use progress::{Progress, ProgressState};
pub use quorum::{MajorityConfig, VoteResult};
pub use raw_node::RawNode;
pub use read_only::{MAX_PENDING_READS, ReadOnly, ReadState};
pub use ready::{Ready, SoftState};
pub use snapshot::{Snapshot, SnapshotMetadata};
pub use storage::MemoryStorage;
pub use tracker::ProgressTracker;

/// A node id. 0 means "none" in etcd and is never a valid id here.
pub type NodeId = u64;
