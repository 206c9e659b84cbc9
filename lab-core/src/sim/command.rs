//! `Command`: the levers a user (UI, server, script, tutorial) pulls on the world.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::MemberSpec;
use crate::mvcc::KvRequest;

/// One change a user asks of the world; see [`World::apply`](super::World::apply).
///
/// Where a command names a host, a member's name is accepted too and means its host, since in
/// most labs each member has a host of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Add a machine.
    AddHost {
        /// Unique host name.
        name: String,
        /// Unique address.
        ip: Ipv4Addr,
    },
    /// Configure an etcd member on a host (stopped until `StartMember`).
    AddMember(MemberSpec),
    /// Start a member's process; it restores from its data-dir if one exists.
    StartMember(String),
    /// Kill a member's process: volatile state is lost, its data-dir stays on disk.
    StopMember(String),
    /// Stop a member as SIGTERM does: a leader hands leadership over first, then exits.
    StopMemberGracefully(String),
    /// `etcdctl move-leader`: the current leader hands leadership to this member.
    MoveLeader {
        /// The member to become leader; must be a voter.
        transferee: String,
    },
    /// Cut both directions between two hosts.
    CutLink {
        /// One end.
        a: String,
        /// The other end.
        b: String,
    },
    /// Cut only `from` → `to` (asymmetric partitions are where Raft gets interesting).
    CutLinkOneWay {
        /// Sender side.
        from: String,
        /// Receiver side.
        to: String,
    },
    /// Restore both directions between two hosts.
    HealLink {
        /// One end.
        a: String,
        /// The other end.
        b: String,
    },
    /// Restore every link.
    HealAll,
    /// Undo every network fault: all links up, default latency, no loss, no duplication.
    ResetNetwork,
    /// Append raw bytes to the replicated log through `member` (a follower forwards them to
    /// its leader). Members apply such entries as no-ops: they are not requests.
    Propose {
        /// The member to propose through.
        member: String,
        /// Payload.
        data: Vec<u8>,
    },
    /// A client on host `client` sends `request` to `member`; the answer arrives later and is
    /// collected with `World::take_client_replies`. A stopped member refuses the connection
    /// at once. A member on a powered-off host does not answer at all; nor does anyone when
    /// the request or reply is lost, or when the member crashes before answering: the client
    /// never hears back, and its timeout is the caller's business. Refused with `HostDown` if
    /// the client's own host is down. Serializable reads are answered from the member's local
    /// state and may be stale; everything else is linearizable.
    ClientRequest {
        /// Chosen by the caller, unique; the reply carries it.
        id: u64,
        /// The host the client runs on (a member's name means its host).
        client: String,
        /// The member to talk to.
        member: String,
        /// What to ask.
        request: KvRequest,
    },
    /// Each message `from` → `to` is delayed by a uniform draw from `min_ms..=max_ms`
    /// (one direction; at most `MAX_LATENCY_MS`).
    SetLatency {
        /// Sender side.
        from: String,
        /// Receiver side.
        to: String,
        /// Shortest delay (unit: ms).
        min_ms: u64,
        /// Longest delay (unit: ms).
        max_ms: u64,
    },
    /// `percent` % of messages `from` → `to` are lost (one direction; 0..=100).
    SetLoss {
        /// Sender side.
        from: String,
        /// Receiver side.
        to: String,
        /// Unit: percent.
        percent: u32,
    },
    /// `percent` % of messages `from` → `to` arrive twice (one direction; 0..=100). Only
    /// Raft traffic is duplicated, and not forwarded proposals (`MsgProp`): clients and
    /// relayed client requests travel over TCP, which never delivers twice.
    SetDuplication {
        /// Sender side.
        from: String,
        /// Receiver side.
        to: String,
        /// Unit: percent.
        percent: u32,
    },
    /// `etcdctl member add` through `via`: configures the member (stopped, its host must
    /// exist) and proposes adding it as a voter or learner; Raft forwards the proposal to the
    /// leader. Start it with `StartMember`: it begins empty and catches up by log or
    /// snapshot, as etcd with `--initial-cluster-state existing`. The spec's
    /// `initial_cluster` is replaced by the current members plus itself, as `member add`
    /// prints it.
    MemberAdd {
        /// The member to send the request to.
        via: String,
        /// The new member.
        spec: MemberSpec,
        /// Add as a non-voting learner (`--learner`).
        learner: bool,
    },
    /// `etcdctl member promote`: a learner in sync with the leader becomes a voter.
    MemberPromote {
        /// The member to send the request to.
        via: String,
        /// The learner.
        name: String,
    },
    /// `etcdctl member remove`: the member leaves the configuration. Once it applies its own
    /// removal it exits; its peers reject its messages from the moment they apply it.
    MemberRemove {
        /// The member to send the request to.
        via: String,
        /// The member to remove.
        name: String,
    },
    /// Power cut: every member process on the host dies at once; disks are kept.
    CrashHost(String),
    /// Freeze a member's process (`kill -STOP`, or a long GC pause): it neither ticks nor
    /// handles anything; messages and requests wait for it, as in its socket buffers.
    PauseMember(String),
    /// Thaw a paused process (`kill -CONT`): it handles what waited, in arrival order.
    ResumeMember(String),
    /// A crash point: the process dies right after it next sends messages. Correct Raft has
    /// persisted everything those messages promise; this is how `lab check` verifies it.
    CrashAfterNextSend(String),
    /// Power the host back on. Its members stay stopped until `StartMember`.
    BootHost(String),
    /// Delete a stopped member's data-dir. Started again, it is a new, empty member with the
    /// same id: it cannot rejoin as before (etcd refuses too: the cluster remembers it).
    WipeDataDir(String),
}
