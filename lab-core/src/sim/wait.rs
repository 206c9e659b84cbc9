//! `Wait`: a member's registry of clients waiting for an answer (etcd's `pkg/wait`, plus
//! the pending linearizable reads etcd's `linearizableReadLoop` tracks). Keyed by the
//! cluster-unique id of the Raft request or ReadIndex context.
//!
//! The registry is volatile: a member that crashes forgets its waiters and their clients
//! never hear back. Each waiter has a deadline (etcd's `ReqTimeout`), after which the client
//! gets `Timeout`, so lost proposals do not pile up.

use std::collections::BTreeMap;

use crate::time::SimTime;

/// Most clients one member keeps waiting (unit: requests); beyond it new requests are
/// refused with `TooManyRequests`.
pub const MAX_WAITERS: usize = 10_000;

/// What the client waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WaitKind {
    /// Its write to be applied.
    Write,
    /// Its linearizable read (a `Get` or `Range`): first a read index (`None` until the
    /// `ReadState` arrives), then the member's `applied_index` reaching it.
    Read {
        request: crate::mvcc::KvRequest,
        read_index: Option<u64>,
    },
}

/// One waiting client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Waiter {
    /// The caller's id for the request.
    pub(crate) client_request: u64,
    /// Where to send the answer.
    pub(crate) client_host: usize,
    /// When the member gives up and answers `Timeout`.
    pub(crate) deadline: SimTime,
    pub(crate) kind: WaitKind,
}

/// The registry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wait {
    waiters: BTreeMap<u64, Waiter>,
}

impl Wait {
    /// Registers `waiter` under `id`; returns false if the registry is full or `id` is taken.
    pub(crate) fn register(&mut self, id: u64, waiter: Waiter) -> bool {
        if self.waiters.len() >= MAX_WAITERS || self.waiters.contains_key(&id) {
            return false;
        }
        self.waiters.insert(id, waiter);
        true
    }

    /// Removes and returns the waiter for a write `id`, if this member has one.
    /// When request `id`'s waiter gives up, if it is still waiting.
    pub(crate) fn deadline_of(&self, id: u64) -> Option<SimTime> {
        self.waiters.get(&id).map(|w| w.deadline)
    }

    pub(crate) fn trigger(&mut self, id: u64) -> Option<Waiter> {
        self.waiters.remove(&id)
    }

    /// Records the read index of the linearizable read `id`.
    pub(crate) fn set_read_index(&mut self, id: u64, index: u64) {
        if let Some(Waiter {
            kind: WaitKind::Read { read_index, .. },
            ..
        }) = self.waiters.get_mut(&id)
        {
            read_index.get_or_insert(index);
        }
    }

    /// Removes and returns the reads whose read index is applied.
    pub(crate) fn take_ready_reads(&mut self, applied_index: u64) -> Vec<Waiter> {
        self.take_where(
            |w| matches!(w.kind, WaitKind::Read { read_index: Some(i), .. } if i <= applied_index),
        )
    }

    /// Removes and returns the waiters whose deadline has passed.
    pub(crate) fn take_expired(&mut self, now: SimTime) -> Vec<Waiter> {
        self.take_where(|w| w.deadline <= now)
    }

    /// Number of waiting clients.
    pub fn len(&self) -> usize {
        self.waiters.len()
    }

    /// Nobody waiting?
    pub fn is_empty(&self) -> bool {
        self.waiters.is_empty()
    }

    fn take_where(&mut self, pred: impl Fn(&Waiter) -> bool) -> Vec<Waiter> {
        let ids: Vec<u64> = self
            .waiters
            .iter()
            .filter(|(_, w)| pred(w))
            .map(|(&id, _)| id)
            .collect();
        ids.iter()
            .filter_map(|id| self.waiters.remove(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiter(kind: WaitKind, deadline_ms: u64) -> Waiter {
        Waiter {
            client_request: 9,
            client_host: 0,
            deadline: SimTime::from_millis(deadline_ms),
            kind,
        }
    }

    #[test]
    fn reads_wait_for_their_index_and_everyone_for_the_deadline() {
        let mut wait = Wait::default();
        let read = WaitKind::Read {
            request: crate::mvcc::KvRequest::Get {
                key: "k".into(),
                serializable: false,
            },
            read_index: None,
        };
        assert!(wait.register(1, waiter(WaitKind::Write, 100)));
        assert!(wait.register(2, waiter(read, 100)));
        assert!(!wait.register(2, waiter(WaitKind::Write, 100)), "id taken");
        assert!(
            wait.take_ready_reads(u64::MAX).is_empty(),
            "no read index yet"
        );
        wait.set_read_index(2, 7);
        assert!(wait.take_ready_reads(6).is_empty());
        assert_eq!(wait.take_ready_reads(7).len(), 1);
        assert_eq!(wait.take_expired(SimTime::from_millis(99)).len(), 0);
        assert_eq!(wait.take_expired(SimTime::from_millis(100)).len(), 1);
        assert!(wait.is_empty());
    }
}
