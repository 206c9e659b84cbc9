//! `TraceKind` and `DropReason`: the vocabulary of the trace.
//!
//! Members are named, not numbered, because people read the trace. Raft-level kinds follow
//! etcd's log lines ("became leader at term 2") so the lab's story matches etcd's logs.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::StreamChange;
use crate::raft::{MessageType, VotePositions};

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
    /// The link's loss percentage claimed it.
    Lost,
    /// The sender's or receiver's host is down.
    HostDown,
    /// The sender was removed from the cluster.
    MemberRemoved,
    /// The recipient host's firewall refused the sender's connection.
    Firewall,
    /// The dial to the recipient's peer URL (as the sender's membership lists it) failed.
    Dial(super::ConnectError),
    /// The dial connected but its TLS handshake failed.
    TlsHandshake,
    /// The process at the recipient's URL belongs to another cluster.
    ClusterIdMismatch,
    /// The process at the recipient's URL is another member.
    MemberIdMismatch,
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
    /// A member's process was frozen (`kill -STOP`).
    MemberPaused { member: String },
    /// Raft refused a message at a point where etcd's raft panics: a safety property broke
    /// (the member keeps running here, so the lab can show what happened next).
    RaftPanic { member: String, error: String },
    /// A frozen process was thawed; `backlog` events waited for it.
    MemberResumed { member: String, backlog: u64 },
    /// A frozen process's backlog is full: an arrival was dropped.
    BacklogFull { member: String },
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
        /// The leader known before (raft's `node.run` names it in `lost leader X`).
        #[serde(default)]
        previous: Option<String>,
    },
    /// A vote was granted or refused.
    Voted {
        voter: String,
        candidate: String,
        term: u64,
        granted: bool,
        /// Both logs' positions, which etcd's vote line prints.
        #[serde(default)]
        positions: VotePositions,
    },
    /// A member learned that entries up to `commit_index` are committed.
    CommitAdvanced { member: String, commit_index: u64 },
    /// Messages from host `from` to host `to` are now dropped.
    LinkCut { from: String, to: String },
    /// Messages from host `from` to host `to` flow again.
    LinkHealed { from: String, to: String },
    /// Every link flows again.
    AllLinksHealed,
    /// Every network fault was undone (links, latency, loss, duplication).
    NetworkReset,
    /// A message was lost.
    MessageDropped {
        from: String,
        to: String,
        msg_type: MessageType,
        reason: DropReason,
    },
    /// A client request (host `from` → `to`) or its reply (back) was lost; `id` is the
    /// caller's request id.
    ClientMessageDropped {
        from: String,
        to: String,
        id: u64,
        reason: DropReason,
    },
    /// `from` → `to` now delays each message by a uniform draw from `min_ms..=max_ms`.
    LatencySet {
        from: String,
        to: String,
        min_ms: u64,
        max_ms: u64,
    },
    /// `from` → `to` now loses `percent` % of messages.
    LossSet {
        from: String,
        to: String,
        percent: u8,
    },
    /// `from` → `to` now delivers `percent` % of messages twice.
    DuplicationSet {
        from: String,
        to: String,
        percent: u8,
    },
    /// Power cut: every process on the host died; its disk is kept.
    HostCrashed { host: String },
    /// The host is up again (its members stay stopped until started).
    HostBooted { host: String },
    /// A stopped member's data-dir was deleted.
    DataDirWiped { member: String, data_dir: String },
    /// A membership change was proposed through `via` (etcdctl member add/promote/remove).
    MembershipProposed {
        via: String,
        change: String,
        member: String,
    },
    /// A member applied a membership change (etcd's `etcdserver/membership` log lines).
    ClusterChanged {
        member: String,
        cluster_id: u64,
        event: super::ClusterEvent,
    },
    /// The leader proposed the cluster version (`setting up the initial cluster version`).
    ClusterVersionProposed { member: String, version: String },
    /// A started member fast-forwarded its election clock (etcd's `adjustTicks`);
    /// `active_peers` is `None` for a lone voter.
    TicksFastForwarded {
        member: String,
        ticks: u32,
        election_ticks: u32,
        active_peers: Option<usize>,
    },
    /// Raft refused a message or broke an invariant; the text says which.
    RaftError { member: String, error: String },
    /// Any other Raft log line (pre-vote, check-quorum, leadership transfer, membership,
    /// snapshots), worded as etcd's.
    RaftInfo { member: String, text: String },
    /// How `member`'s etcd sees `peer` over rafthttp changed (streams, activity, probes).
    PeerStream {
        member: String,
        peer: String,
        change: StreamChange,
    },
    /// `member`'s rafthttp refused a peer's request or had its own refused (`E | rafthttp:
    /// request cluster ID mismatch ...`); `text` is etcd's.
    RafthttpError { member: String, text: String },
    /// A member's TLS listener refused a connection in the handshake (`embed: rejected
    /// connection from ...`).
    TlsRejected {
        member: String,
        remote: String,
        error: String,
        server_name: String,
        /// `, IPAddresses [...], DNSNames [...]` when the client's certificate was read.
        #[serde(default)]
        cert: String,
    },
    /// `member`'s process got a signal it handles by stopping gracefully (SIGTERM, SIGINT).
    StopSignalled { member: String, signal: i32 },
    /// `member` could not publish its attributes within the request timeout.
    PublishTimedOut { member: String },
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DropReason::LinkCut => "link cut",
            DropReason::Firewall => "firewall",
            DropReason::NetworkFull => "network full",
            DropReason::MemberStopped => "member stopped",
            DropReason::UnknownMember => "unknown member",
            DropReason::Lost => "lost",
            DropReason::HostDown => "host down",
            DropReason::MemberRemoved => "sender removed",
            DropReason::Dial(e) => return write!(f, "dial: {e}"),
            DropReason::TlsHandshake => "TLS handshake failed",
            DropReason::ClusterIdMismatch => "cluster ID mismatch",
            DropReason::MemberIdMismatch => "member ID mismatch",
        })
    }
}

/// One line for people, worded like etcd's raft log lines where there is one.
impl fmt::Display for TraceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceKind::HostAdded { host, ip } => write!(f, "host {host} ({ip}) added"),
            TraceKind::MemberAdded { member, id, host } => {
                write!(f, "member {member} ({id:x}) added on {host}")
            }
            TraceKind::MemberStarted { member } => write!(f, "{member} started"),
            TraceKind::MemberStopped { member } => write!(f, "{member} stopped"),
            TraceKind::MemberPaused { member } => write!(f, "{member} paused (SIGSTOP)"),
            TraceKind::RaftPanic { member, error } => write!(f, "{member}: raft panic: {error}"),
            TraceKind::MemberResumed { member, backlog } => {
                write!(f, "{member} resumed (SIGCONT), {backlog} arrivals waiting")
            }
            TraceKind::BacklogFull { member } => {
                write!(
                    f,
                    "{member} is paused and its backlog is full: arrival dropped"
                )
            }
            TraceKind::BecameFollower { member, term } => {
                write!(f, "{member} became follower at term {term}")
            }
            TraceKind::BecameCandidate { member, term } => {
                write!(f, "{member} became candidate at term {term}")
            }
            TraceKind::BecameLeader { member, term } => {
                write!(f, "{member} became leader at term {term}")
            }
            TraceKind::LeaderChanged {
                member,
                leader: Some(leader),
                term,
                ..
            } => write!(f, "{member} elected leader {leader} at term {term}"),
            TraceKind::LeaderChanged {
                member,
                leader: None,
                term,
                ..
            } => write!(f, "{member} lost leader at term {term}"),
            TraceKind::Voted {
                voter,
                candidate,
                term,
                granted,
                ..
            } => {
                let verb = if *granted {
                    "cast vote for"
                } else {
                    "rejected vote from"
                };
                write!(f, "{voter} {verb} {candidate} at term {term}")
            }
            TraceKind::CommitAdvanced {
                member,
                commit_index,
            } => write!(f, "{member} committed up to index {commit_index}"),
            TraceKind::LinkCut { from, to } => write!(f, "link {from} → {to} cut"),
            TraceKind::LinkHealed { from, to } => write!(f, "link {from} → {to} healed"),
            TraceKind::AllLinksHealed => f.write_str("all links healed"),
            TraceKind::NetworkReset => {
                f.write_str("network reset: all links up, default latency, no loss")
            }
            TraceKind::MessageDropped {
                from,
                to,
                msg_type,
                reason,
            } => write!(f, "{msg_type:?} {from} → {to} dropped ({reason})"),
            TraceKind::ClientMessageDropped {
                from,
                to,
                id,
                reason,
            } => write!(f, "client request {id}: {from} → {to} dropped ({reason})"),
            TraceKind::LatencySet {
                from,
                to,
                min_ms,
                max_ms,
            } => write!(f, "link {from} → {to} latency {min_ms}-{max_ms} ms"),
            TraceKind::LossSet { from, to, percent } => {
                write!(f, "link {from} → {to} loses {percent}% of messages")
            }
            TraceKind::DuplicationSet { from, to, percent } => {
                write!(f, "link {from} → {to} duplicates {percent}% of messages")
            }
            TraceKind::HostCrashed { host } => write!(f, "host {host} crashed"),
            TraceKind::HostBooted { host } => write!(f, "host {host} booted"),
            TraceKind::DataDirWiped { member, data_dir } => {
                write!(f, "{member}: data-dir {data_dir} deleted")
            }
            TraceKind::MembershipProposed {
                via,
                change,
                member,
            } => write!(f, "{via}: proposed member {change} {member}"),
            TraceKind::ClusterChanged {
                member,
                cluster_id,
                event,
            } => write!(f, "{member}: {event} in cluster {cluster_id:x}"),
            TraceKind::PublishTimedOut { member } => {
                write!(f, "{member}: publish error: etcdserver: request timed out")
            }
            TraceKind::ClusterVersionProposed { member, version } => {
                write!(
                    f,
                    "{member}: setting up the initial cluster version to {version}"
                )
            }
            TraceKind::TicksFastForwarded { member, ticks, .. } => {
                write!(f, "{member}: fast-forwarded {ticks} ticks")
            }
            TraceKind::RaftError { member, error } => write!(f, "{member}: raft: {error}"),
            TraceKind::RaftInfo { member, text } => write!(f, "{member} {text}"),
            TraceKind::PeerStream {
                member,
                peer,
                change,
            } => write!(f, "{member} sees {peer}: {change}"),
            TraceKind::RafthttpError { member, text } => write!(f, "{member}: {text}"),
            TraceKind::TlsRejected {
                member,
                remote,
                error,
                ..
            } => write!(
                f,
                "{member}: rejected TLS connection from {remote}: {error}"
            ),
            TraceKind::StopSignalled { member, signal } => {
                write!(f, "{member} got signal {signal}, stopping gracefully")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn election_events_read_like_etcd_log_lines() {
        let leader = TraceKind::BecameLeader {
            member: "etcd-2".into(),
            term: 3,
        };
        assert_eq!(leader.to_string(), "etcd-2 became leader at term 3");
        let lost = TraceKind::LeaderChanged {
            member: "etcd-1".into(),
            leader: None,
            term: 4,
            previous: None,
        };
        assert_eq!(lost.to_string(), "etcd-1 lost leader at term 4");
        let vote = TraceKind::Voted {
            voter: "etcd-1".into(),
            candidate: "etcd-3".into(),
            term: 2,
            granted: true,
            positions: VotePositions::default(),
        };
        assert_eq!(vote.to_string(), "etcd-1 cast vote for etcd-3 at term 2");
    }
}
