//! `Command`: the levers a user (UI, server, script, tutorial) pulls on the world.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::MemberSpec;

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
    /// Append raw bytes to the replicated log through `member`, which must be the leader.
    /// A stand-in until MVCC and `etcdctl put` exist.
    Propose {
        /// The member to propose through.
        member: String,
        /// Payload.
        data: Vec<u8>,
    },
}
