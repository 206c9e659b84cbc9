//! `LabError`: every way a user command can be refused.
//!
//! A refusal is a value, never a panic (a panic in WebAssembly kills the page), and a refused
//! command leaves the world exactly as it was. Texts that mirror etcd's own messages are
//! copied verbatim so learners can search for them; the server and UI convert these into their
//! responses at the edge.

use std::net::Ipv4Addr;

use thiserror::Error;

use crate::raft::RaftError;

/// Why a command was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LabError {
    /// No member has this name.
    #[error("unknown member {0:?}")]
    UnknownMember(String),
    /// No host (or member, where either is accepted) has this name.
    #[error("unknown host {0:?}")]
    UnknownHost(String),
    /// The member is not running (stop twice, or propose to a stopped member).
    #[error("member {0:?} is not running")]
    MemberNotRunning(String),
    /// The member is already running.
    #[error("member {0:?} is already running")]
    MemberAlreadyRunning(String),
    /// A host with this name exists.
    #[error("host {0:?} already exists")]
    DuplicateHost(String),
    /// Another host has this address.
    #[error("address {ip} is already used by host {host:?}")]
    DuplicateIp {
        /// The address.
        ip: Ipv4Addr,
        /// The host that has it.
        host: String,
    },
    /// A member with this name exists.
    #[error("member {0:?} already exists")]
    DuplicateMember(String),
    /// Two member names map to the same id.
    #[error("member id {id:016x} of {name:?} is already used by {other:?}")]
    DuplicateMemberId {
        /// The colliding id.
        id: u64,
        /// The new member.
        name: String,
        /// The existing member.
        other: String,
    },
    /// Names must be 1 to 64 characters.
    #[error("invalid name {0:?}: use 1 to 64 characters")]
    InvalidName(String),
    /// A link from a host to itself.
    #[error("host {0:?} has no link to itself")]
    SameHost(String),
    /// The world holds as many hosts as it may.
    #[error("too many hosts (limit {0})")]
    TooManyHosts(usize),
    /// The world holds as many members as it may.
    #[error("too many members (limit {0})")]
    TooManyMembers(usize),
    /// A configuration etcd would refuse; the text is etcd's.
    #[error("{0}")]
    InvalidConfig(String),
    /// No member currently leads (etcd `ErrNoLeader`).
    #[error("etcdserver: no leader")]
    NoLeader,
    /// `move-leader` named a member that is not a voter (etcd `ErrBadLeaderTransferee`).
    #[error("etcdserver: bad leader transferee")]
    BadLeaderTransferee,
    /// A proposal above etcd's `--max-request-bytes` (1.5 MiB); etcd's text.
    #[error("etcdserver: request is too large")]
    RequestTooLarge,
    /// Raft refused (for example a proposal to a follower).
    #[error(transparent)]
    Raft(#[from] RaftError),
}
