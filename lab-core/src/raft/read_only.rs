//! `ReadOnly` and `ReadState`: linearizable reads without writing to the log (Raft thesis
//! §6.4, etcd's `readOnly`, option `ReadOnlySafe`).
//!
//! A leader records the commit index when a read arrives, then confirms with a heartbeat
//! round that no newer leader exists: once a quorum answered a heartbeat carrying the request's
//! context, any state applied up to that index is safe to read. Requests complete in arrival
//! order, so one quorum ack also completes every earlier request.

use std::collections::{BTreeMap, VecDeque};

use super::{Message, NodeId};

/// Reads a leader holds while it waits for heartbeat acks; beyond this new ones are dropped
/// and the client retries, as after any lost message (unit: requests).
pub const MAX_PENDING_READS: usize = 4_096;

/// A read that may be served once the local state machine has applied `index` (etcd's
/// `ReadState`); `request_ctx` is the caller's id for the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadState {
    /// Commit index at the time the leader received the read.
    pub index: u64,
    /// The context the read was issued with.
    pub request_ctx: Vec<u8>,
}

/// One pending read on the leader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReadIndexStatus {
    /// The original request (its `from` says whom to answer).
    pub(crate) req: Message,
    /// Commit index when it arrived.
    pub(crate) index: u64,
    /// Who has acknowledged a heartbeat carrying this request's context.
    pub(crate) acks: BTreeMap<NodeId, bool>,
}

/// The leader's queue of reads awaiting confirmation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOnly {
    pending: BTreeMap<Vec<u8>, ReadIndexStatus>,
    queue: VecDeque<Vec<u8>>,
}

impl ReadOnly {
    /// Queues `req` (context `ctx`) at commit index `index`; a duplicate context is ignored.
    pub(crate) fn add_request(&mut self, index: u64, ctx: Vec<u8>, req: Message) {
        if self.pending.contains_key(&ctx) || self.queue.len() >= MAX_PENDING_READS {
            return;
        }
        let status = ReadIndexStatus {
            req,
            index,
            acks: BTreeMap::new(),
        };
        self.pending.insert(ctx.clone(), status);
        self.queue.push_back(ctx);
    }

    /// Records `id`'s heartbeat ack for `ctx`; returns the acks so far, if `ctx` is pending.
    pub(crate) fn recv_ack(&mut self, id: NodeId, ctx: &[u8]) -> Option<&BTreeMap<NodeId, bool>> {
        let status = self.pending.get_mut(ctx)?;
        status.acks.insert(id, true);
        Some(&status.acks)
    }

    /// Completes `ctx` and everything queued before it, oldest first.
    pub(crate) fn advance(&mut self, ctx: &[u8]) -> Vec<ReadIndexStatus> {
        let Some(pos) = self.queue.iter().position(|c| c.as_slice() == ctx) else {
            return Vec::new();
        };
        self.queue
            .drain(..=pos)
            .filter_map(|c| self.pending.remove(&c))
            .collect()
    }

    /// Context of the newest pending read, which heartbeats carry so one round confirms all.
    pub(crate) fn last_pending_request_ctx(&self) -> Option<&[u8]> {
        self.queue.back().map(Vec::as_slice)
    }

    /// Number of pending reads.
    pub fn pending_len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::MessageType;

    #[test]
    fn one_ack_completes_every_earlier_read() {
        let mut ro = ReadOnly::default();
        let req = Message::new(MessageType::MsgReadIndex, 1, 1, 0);
        ro.add_request(5, b"a".to_vec(), req.clone());
        ro.add_request(6, b"b".to_vec(), req);
        assert_eq!(ro.recv_ack(2, b"b").map(BTreeMap::len), Some(1));
        assert_eq!(ro.recv_ack(2, b"zz"), None);
        let done: Vec<u64> = ro.advance(b"b").iter().map(|s| s.index).collect();
        assert_eq!(done, vec![5, 6]);
        assert_eq!(ro.pending_len(), 0);
    }
}
