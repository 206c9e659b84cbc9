//! `RaftError`: everything the Raft state machine can refuse.
//!
//! Texts follow etcd-io/raft where etcd has an equivalent, so learners can search for them.
//! Where etcd panics on a broken invariant (a corrupted log), we return an error instead: a
//! panic in WebAssembly would take the whole page down.

use thiserror::Error;

use super::NodeId;

/// Why a Raft operation was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RaftError {
    /// `propose` on a node that is not the leader (etcd `ErrProposalDropped`).
    #[error("raft proposal dropped")]
    ProposalDropped,
    /// A response from a node that is not in the configuration (etcd `ErrStepPeerNotFound`).
    #[error("raft: cannot step as peer not found")]
    StepPeerNotFound,
    /// A message addressed to some other node.
    #[error("raft: message for {to:x} delivered to {id:x}")]
    WrongRecipient {
        /// The message's `to`.
        to: NodeId,
        /// This node.
        id: NodeId,
    },
    /// A remote message without a term; only local messages may have term 0.
    #[error("raft: message from {from:x} has no term")]
    MissingTerm {
        /// The sender.
        from: NodeId,
    },
    /// A MsgApp whose entries do not follow its `index` one by one.
    #[error("raft: malformed entries in message from {from:x}")]
    MalformedEntries {
        /// The sender.
        from: NodeId,
    },
    /// `RaftConfig` failed validation; the text is etcd's.
    #[error("{0}")]
    InvalidConfig(&'static str),
    /// The index was compacted away (etcd `ErrCompacted`).
    #[error("requested index is unavailable due to compaction")]
    Compacted,
    /// The index is beyond the log (etcd `ErrUnavailable`).
    #[error("requested entry at index is unavailable")]
    Unavailable,
    /// Appending would leave a hole in the log.
    #[error("missing log entry [last: {last}, append at: {at}]")]
    LogGap {
        /// Last index present.
        last: u64,
        /// First index of the appended batch.
        at: u64,
    },
    /// The uncompacted log holds `max_log_entries`: the owner is not compacting.
    #[error("raft log is full ({limit} uncompacted entries); compact it to make room")]
    LogFull {
        /// The configured limit.
        limit: u64,
    },
    /// A snapshot older than the one already held (etcd `ErrSnapOutOfDate`).
    #[error("requested index is older than the existing snapshot")]
    SnapOutOfDate,
    /// A conf change entry whose payload does not decode.
    #[error("raft: malformed conf change")]
    MalformedConfChange,
    /// A leadership transfer or conf change named no node or an impossible one.
    #[error("raft: invalid node id {0:x} for this operation")]
    InvalidNode(NodeId),
    /// Asked to commit past the end of the log (etcd panics here).
    #[error(
        "tocommit({commit}) is out of range [lastIndex({last_index})]. Was the raft log corrupted, truncated, or lost?"
    )]
    CommitOutOfRange {
        /// Requested commit index.
        commit: u64,
        /// Last index in the log.
        last_index: u64,
    },
    /// A leader tried to overwrite a committed entry (etcd panics here).
    #[error("entry {conflict} conflict with committed entry [committed({committed})]")]
    ConflictWithCommitted {
        /// First conflicting index.
        conflict: u64,
        /// Current commit index.
        committed: u64,
    },
}

impl RaftError {
    /// Is this where etcd's raft panics: a broken safety property (a leader overwriting a
    /// committed entry, a commit index past the log) rather than a message to refuse?
    pub fn is_safety_assertion(&self) -> bool {
        matches!(
            self,
            RaftError::CommitOutOfRange { .. } | RaftError::ConflictWithCommitted { .. }
        )
    }
}
