//! `RaftEvent` and `StateRole`: what a node reports about itself, like etcd-io/raft's log lines
//! ("1 became leader at term 2").
//!
//! The world turns these into trace entries; they are observations only and never feed back
//! into the protocol.

use serde::{Deserialize, Serialize};

use super::{NodeId, RaftError};

/// A node's role in the protocol (etcd's `StateType`). `PreCandidate` arrives with pre-vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StateRole {
    /// Follows a leader, or waits for one.
    Follower,
    /// Asking for votes.
    Candidate,
    /// Accepts proposals and replicates them.
    Leader,
}

/// Something a node did that a person watching would want to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RaftEvent {
    /// "became follower at term N" (with the leader, if known).
    BecameFollower {
        /// The new term.
        term: u64,
        /// The leader, if already known.
        lead: Option<NodeId>,
    },
    /// "became candidate at term N".
    BecameCandidate {
        /// The new term.
        term: u64,
    },
    /// "became leader at term N".
    BecameLeader {
        /// The term.
        term: u64,
    },
    /// "cast MsgVote for X" or "rejected MsgVote from X".
    Voted {
        /// Who asked.
        candidate: NodeId,
        /// The candidate's term.
        term: u64,
        /// Granted or rejected.
        granted: bool,
    },
    /// An internal invariant broke where etcd would panic; the operation was abandoned.
    InternalError(RaftError),
}
