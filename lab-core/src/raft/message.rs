//! `Message` and `MessageType`: what Raft nodes say to each other.

use serde::{Deserialize, Serialize};

use super::{Entry, NodeId};

/// Kinds of messages, named as in etcd's `raftpb.MessageType`.
///
/// Local messages (`MsgHup`, `MsgBeat`, `MsgProp`) are method calls here (`tick`, `propose`).
/// Pre-vote, snapshot and ReadIndex messages will be added with those features.
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
    /// Follower → leader: heartbeat received.
    MsgHeartbeatResp,
}

impl MessageType {
    /// Is this an answer to an earlier message (etcd's `IsResponseMsg`)?
    pub fn is_response(self) -> bool {
        matches!(
            self,
            MessageType::MsgAppResp | MessageType::MsgVoteResp | MessageType::MsgHeartbeatResp
        )
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
}

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
        }
    }
}
