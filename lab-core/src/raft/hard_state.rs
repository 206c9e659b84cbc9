//! `HardState`: the part of a node's state that must survive a crash.

use serde::{Deserialize, Serialize};

use super::NodeId;

/// What Raft must persist before it answers anyone (Raft paper, Figure 2, "persistent state").
///
/// Mirrors etcd's `raftpb.HardState`; etcd names the last field `Commit`. Persisting the commit
/// index is not required for safety, but etcd does it so a restarted member applies faster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardState {
    /// Latest term this node has seen.
    pub term: u64,
    /// Candidate this node voted for in `term`, if any.
    pub vote: Option<NodeId>,
    /// Highest log index known to be committed.
    pub commit_index: u64,
}
