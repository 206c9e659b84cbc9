//! `ClientReply` and `ClientError`: what clients hear back from members, and the bounded
//! queue (`ClientReplies`) in which delivered replies wait until the caller drains them with
//! [`World::take_client_replies`](super::World::take_client_replies).
//!
//! Clients have no process of their own: a request is sent from the client's host when the
//! caller applies `Command::ClientRequest`, and a reply counts as heard when it arrives at
//! that host. Timeouts are the caller's: it knows the virtual time and decides how long to
//! wait; a request whose reply never arrives has an unknown outcome.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::mvcc::KvResponse;
use crate::time::SimTime;

/// Most delivered replies held until the caller drains them (unit: replies). Beyond it the
/// newest reply is discarded and counted in
/// [`World::client_replies_overflowed`](super::World::client_replies_overflowed), so a
/// caller that forgets to drain learns it lost answers rather than silently missing them.
pub const MAX_CLIENT_REPLIES: usize = 10_000;

/// Why a request failed. [`ClientError::is_refused`] tells the two kinds apart: refused
/// requests surely did not change the store; after the others the outcome is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ClientError {
    /// The member's process is not running (or stopped while the request was on the wire):
    /// nothing received it. Refused.
    #[error("connection refused")]
    ConnectionRefused,
    /// Raft dropped the proposal before it entered any log: the member knows no leader
    /// (etcd `ErrProposalDropped`). Refused.
    #[error("raft proposal dropped")]
    ProposalDropped,
    /// The member has too many requests waiting, or its Raft log is full (etcd
    /// `ErrTooManyRequests`). Refused.
    #[error("etcdserver: too many requests")]
    TooManyRequests,
    /// The request was applied and refused by the store's quota: nothing changed (etcd
    /// `ErrNoSpace`). Refused.
    #[error("etcdserver: mvcc: database space exceeded")]
    NoSpace,
    /// The request's revision is compacted away or not reached yet (etcd's `ErrCompacted`,
    /// `ErrFutureRev`, sent as gRPC `OutOfRange`); the text is etcd's. Refused.
    #[error("{0}")]
    OutOfRange(String),
    /// The store refused the request as malformed (it was checked before sending, so only a
    /// payload not written by a client gets here). Refused.
    #[error("etcdserver: {0}")]
    InvalidRequest(String),
    /// The member is a learner, which serves serializable reads only (etcd
    /// `ErrGRPCNotSupportedForLearner`). Refused.
    #[error("etcdserver: rpc not supported for learner")]
    NotSupportedForLearner,
    /// The member waited `ReqTimeout` (5 s plus two election timeouts) without seeing the
    /// request applied or the read confirmed (etcd `ErrTimeout`). The write may still be
    /// applied later, or may never be: outcome unknown.
    #[error("etcdserver: request timed out")]
    Timeout,
    /// The member knew no leader for the whole request timeout, so the write never entered
    /// a log (etcd's `Propose` returns its context's error). Refused.
    #[error("context deadline exceeded")]
    NoLeaderDeadline,
    /// The lessor refused: a missing lease, a TTL too large. Refused.
    #[error(transparent)]
    Lease(crate::lease::LeaseError),
}

impl ClientError {
    /// Did the request surely not change the store? `false` means the outcome is unknown.
    pub fn is_refused(&self) -> bool {
        !matches!(self, ClientError::Timeout)
    }
}

/// One reply a client heard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientReply {
    /// The id the caller gave the request.
    pub id: u64,
    /// When the reply reached the client's host.
    pub at: SimTime,
    /// The answer.
    pub result: Result<KvResponse, ClientError>,
}

/// Delivered replies, oldest first, bounded by [`MAX_CLIENT_REPLIES`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ClientReplies {
    queue: VecDeque<ClientReply>,
    overflowed: u64,
}

impl ClientReplies {
    pub(crate) fn push(&mut self, reply: ClientReply) {
        if self.queue.len() >= MAX_CLIENT_REPLIES {
            self.overflowed += 1;
            return;
        }
        self.queue.push_back(reply);
    }

    pub(crate) fn take(&mut self) -> Vec<ClientReply> {
        self.queue.drain(..).collect()
    }

    pub(crate) fn overflowed(&self) -> u64 {
        self.overflowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_counted_not_silent() {
        let mut replies = ClientReplies::default();
        let reply = |id| ClientReply {
            id,
            at: SimTime::ZERO,
            result: Err(ClientError::Timeout),
        };
        for id in 0..=MAX_CLIENT_REPLIES as u64 {
            replies.push(reply(id));
        }
        assert_eq!(replies.overflowed(), 1);
        assert_eq!(replies.take().len(), MAX_CLIENT_REPLIES);
        assert!(replies.take().is_empty(), "drained");
    }
}
