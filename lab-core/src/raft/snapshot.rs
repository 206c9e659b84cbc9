//! `Snapshot` and `SnapshotMetadata`: the state machine at one log index, standing in for the
//! log prefix that compaction discarded (etcd's `raftpb.Snapshot`).

use serde::{Deserialize, Serialize};

use super::ConfState;

/// Where a snapshot sits in the log, and the membership at that point.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMetadata {
    /// Membership as of `index`.
    pub conf_state: ConfState,
    /// Last log index the snapshot covers.
    pub index: u64,
    /// Term of the entry at `index`.
    pub term: u64,
}

/// A state-machine image plus its position. Index 0 means "no snapshot".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The state machine's serialized contents (etcd: the bbolt database); opaque to Raft.
    pub data: Vec<u8>,
    /// Position and membership.
    pub metadata: SnapshotMetadata,
}

impl Snapshot {
    /// Is this the "no snapshot" value (etcd's `IsEmptySnap`)?
    pub fn is_empty(&self) -> bool {
        self.metadata.index == 0
    }
}
