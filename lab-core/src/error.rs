//! `LabError`: every way a user command can be refused.
//!
//! A refusal is a value, never a panic (a panic in WebAssembly kills the page), and a refused
//! command leaves the world exactly as it was. Texts that mirror etcd's own messages are
//! copied verbatim so learners can search for them; the server and UI convert these into their
//! responses at the edge.

use std::net::Ipv4Addr;

use thiserror::Error;

use crate::data_dir::DataDirError;
use crate::mvcc::MvccError;
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
    /// The member's process is frozen (`PauseMember`).
    #[error("member {0:?} is already paused")]
    MemberPaused(String),
    /// `ResumeMember` of a process that is not frozen.
    #[error("member {0:?} is not paused")]
    MemberNotPaused(String),
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
    /// Too many calls wait on the member already (etcd `ErrTooManyRequests`).
    #[error("etcdserver: too many requests")]
    TooManyRequests,
    /// `move-leader` named a member that is not a voter (etcd `ErrBadLeaderTransferee`).
    #[error("etcdserver: bad leader transferee")]
    BadLeaderTransferee,
    /// A proposal above etcd's `--max-request-bytes` (1.5 MiB); etcd's text.
    #[error("etcdserver: request is too large")]
    RequestTooLarge,
    /// The host is powered off (`CrashHost`).
    #[error("host {0:?} is down")]
    HostDown(String),
    /// The host is already powered on.
    #[error("host {0:?} is already up")]
    HostAlreadyUp(String),
    /// A percentage outside 0..=100.
    #[error("invalid percentage {0}: use 0 to 100")]
    InvalidPercent(u32),
    /// A latency range with min above max, or max above the limit.
    #[error(
        "invalid latency {min_ms}-{max_ms} ms: min must not exceed max, max at most {limit_ms} ms"
    )]
    InvalidLatency {
        /// Requested minimum (unit: ms).
        min_ms: u64,
        /// Requested maximum (unit: ms).
        max_ms: u64,
        /// The limit (unit: ms).
        limit_ms: u64,
    },
    /// Another membership change is proposed and not yet applied; etcd allows one at a time.
    #[error("etcdserver: a membership change is already in progress; retry when it is applied")]
    ConfChangePending,
    /// The member is not in the cluster's configuration (etcd `ErrIDNotFound`).
    #[error("etcdserver: member not found")]
    MemberNotFound,
    /// The member is already in the cluster's configuration (etcd `ErrIDExists`).
    /// etcd's `ErrUnhealthy`: with strict reconfiguration checks, the member taking the
    /// request has not been connected to every voting member for the last 5 s.
    #[error("etcdserver: unhealthy cluster")]
    UnhealthyCluster,
    /// etcd's `ErrPeerURLexists`.
    #[error("etcdserver: Peer URLs already exists")]
    PeerUrlExists,
    #[error("etcdserver: member ID already exist")]
    MemberExists,
    /// Too few voters would be running after the change to form a quorum (etcd's
    /// `--strict-reconfig-check`, on by default: `ErrNotEnoughStartedMembers`).
    #[error("etcdserver: re-configuration failed due to not enough started members")]
    NotEnoughStartedMembers,
    /// Only learners can be promoted (etcd `ErrMemberNotLearner`).
    #[error("etcdserver: can only promote a learner member")]
    NotALearner,
    /// The learner lags the leader by more than 10 % (etcd `ErrLearnerNotReady`).
    #[error("etcdserver: can only promote a learner member which is in sync with leader")]
    LearnerNotReady,
    /// The member was removed from the cluster and may not start again (etcd
    /// `ErrMemberRemoved`; the process exits with this message).
    #[error("the member has been permanently removed from the cluster")]
    MemberRemoved,
    /// Raft refused (for example a proposal when no leader is known).
    #[error(transparent)]
    Raft(#[from] RaftError),
    /// The store refused a request (an empty or too long key, a too large value), or a
    /// data-dir's snapshot does not hold a store.
    #[error(transparent)]
    Mvcc(#[from] MvccError),
    /// The member's data-dir cannot be read or created (a corrupt WAL, a missing `db`...);
    /// the text is etcd's fatal line.
    #[error(transparent)]
    DataDir(#[from] DataDirError),
}
