//! `Message` and `MessageType`: what Raft nodes say to each other.

use serde::{Deserialize, Serialize};

use super::{Entry, NodeId, Snapshot};

/// Kinds of messages, named as in etcd's `raftpb.MessageType`.
///
/// Purely local messages (`MsgHup`, `MsgBeat`, `MsgCheckQuorum`, `MsgSnapStatus`,
/// `MsgUnreachable`) are method calls here (`tick`, `report_snapshot`, ...); `MsgProp` travels
/// only when a follower forwards a proposal to its leader.
#[allow(clippy::enum_variant_names)] // The `Msg` prefix is etcd's; readers grep for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageType {
    /// Leader → follower: append entries after (`index`, `log_term`); carries `commit`.
    MsgApp,
    /// Follower → leader: accepted up to `index`, or `reject` with a `reject_hint`.
    MsgAppResp,
    /// Candidate → all: vote for me; (`index`, `log_term`) describe my last entry.
    MsgVote,
    /// Voter → candidate: vote granted unless `reject`.
    MsgVoteResp,
    /// Leader → follower: I am alive; `commit` is the commit index the follower may adopt.
    MsgHeartbeat,
    /// Follower → leader: heartbeat received; echoes `context` to confirm a ReadIndex round.
    MsgHeartbeatResp,
    /// Would-be candidate → all: would you vote for me at `term` (not yet adopted)?
    MsgPreVote,
    /// Voter → pre-candidate: I would (unless `reject`).
    MsgPreVoteResp,
    /// Leader → follower: a snapshot replacing the log prefix the follower lacks.
    MsgSnap,
    /// Local or follower → leader: hand leadership to `from` (the transferee).
    MsgTransferLeader,
    /// Leader → transferee: your log is current, campaign now, skipping pre-vote and leases.
    MsgTimeoutNow,
    /// Local or follower → leader: a linearizable read with id `context`.
    MsgReadIndex,
    /// Leader → follower: reads of `context` are safe once `index` is applied.
    MsgReadIndexResp,
    /// Follower → leader: proposed `entries` (unstamped: index and term 0) for the leader to
    /// append, as etcd forwards proposals by default. Fire and forget: if it is lost, the
    /// proposer's client times out.
    MsgProp,
}

impl MessageType {
    /// Is this an answer to an earlier message (etcd's `IsResponseMsg`)?
    pub fn is_response(self) -> bool {
        matches!(
            self,
            MessageType::MsgAppResp
                | MessageType::MsgVoteResp
                | MessageType::MsgHeartbeatResp
                | MessageType::MsgPreVoteResp
                | MessageType::MsgReadIndexResp
        )
    }

    /// The response type to a vote request of this type (etcd's `voteRespMsgType`).
    pub fn vote_response(self) -> MessageType {
        match self {
            MessageType::MsgPreVote => MessageType::MsgPreVoteResp,
            _ => MessageType::MsgVoteResp,
        }
    }
}

/// A Raft message, flat like etcd's `raftpb.Message`: fields unused by a type stay zero.
///
/// The flat shape keeps one code path for sending, tracing and (later) encoding, at the cost of
/// a few unused fields per message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// What kind of message this is.
    pub msg_type: MessageType,
    /// Recipient node id.
    pub to: NodeId,
    /// Sender node id.
    pub from: NodeId,
    /// Sender's term; every remote message carries one (Raft paper §5.1).
    pub term: u64,
    /// Term of the entry at `index` (MsgApp, MsgVote, rejected MsgAppResp).
    pub log_term: u64,
    /// Log index: previous index (MsgApp), last index (MsgVote), matched or rejected (MsgAppResp).
    pub index: u64,
    /// Entries to append (MsgApp).
    pub entries: Vec<Entry>,
    /// Leader's commit index (MsgApp, MsgHeartbeat).
    pub commit: u64,
    /// The request was refused (MsgAppResp, MsgVoteResp).
    pub reject: bool,
    /// On a rejected MsgAppResp: the follower's last index, to skip the leader back quickly.
    pub reject_hint: u64,
    /// Opaque tag: a ReadIndex request id (MsgReadIndex, MsgHeartbeat and their responses) or
    /// [`CAMPAIGN_TRANSFER`] on votes asked for by a leadership transfer.
    pub context: Vec<u8>,
    /// The snapshot (MsgSnap only). Boxed: every message is moved through queues several
    /// times, and almost none carries a snapshot, so it should not pay for one inline.
    pub snapshot: Option<Box<Snapshot>>,
}

/// Context of a vote started by MsgTimeoutNow: voters grant it despite a leader lease.
pub const CAMPAIGN_TRANSFER: &[u8] = b"CampaignTransfer";

impl Message {
    /// A message of `msg_type` from `from` to `to` at `term`, all other fields zero.
    pub fn new(msg_type: MessageType, from: NodeId, to: NodeId, term: u64) -> Message {
        Message {
            msg_type,
            to,
            from,
            term,
            log_term: 0,
            index: 0,
            entries: Vec::new(),
            commit: 0,
            reject: false,
            reject_hint: 0,
            context: Vec::new(),
            snapshot: None,
        }
    }
}
