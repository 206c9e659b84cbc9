//! `TraceKind` and `DropReason`: the vocabulary of the trace.
//!
//! Members are named, not numbered, because people read the trace. Raft-level kinds follow
//! etcd's log lines ("became leader at term 2") so the lab's story matches etcd's logs.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::raft::MessageType;

/// Why a message did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DropReason {
    /// The link from sender to receiver is cut.
    LinkCut,
    /// Too many messages in flight.
    NetworkFull,
    /// The recipient's process is not running.
    MemberStopped,
    /// No member has the recipient id.
    UnknownMember,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TraceKind {
    /// A machine joined the lab.
    HostAdded { host: String, ip: Ipv4Addr },
    /// A member was configured.
    MemberAdded {
        member: String,
        id: u64,
        host: String,
    },
    /// A member's process started (restoring from its data-dir if any).
    MemberStarted { member: String },
    /// A member's process was killed.
    MemberStopped { member: String },
    /// "became follower at term N".
    BecameFollower { member: String, term: u64 },
    /// "became candidate at term N".
    BecameCandidate { member: String, term: u64 },
    /// "became leader at term N".
    BecameLeader { member: String, term: u64 },
    /// "elected leader X at term N" / "lost leader at term N".
    LeaderChanged {
        member: String,
        leader: Option<String>,
        term: u64,
    },
    /// A vote was granted or refused.
    Voted {
        voter: String,
        candidate: String,
        term: u64,
        granted: bool,
    },
    /// A member learned that entries up to `commit_index` are committed.
    CommitAdvanced { member: String, commit_index: u64 },
    /// Messages from host `from` to host `to` are now dropped.
    LinkCut { from: String, to: String },
    /// Messages from host `from` to host `to` flow again.
    LinkHealed { from: String, to: String },
    /// Every link flows again.
    AllLinksHealed,
    /// A message was lost.
    MessageDropped {
        from: String,
        to: String,
        msg_type: MessageType,
        reason: DropReason,
    },
    /// Raft refused a message or broke an invariant; the text says which.
    RaftError { member: String, error: String },
}
