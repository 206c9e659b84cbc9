//! `EventQueue`: what will happen next, in a fixed order.
//!
//! Events are ordered by time and then by the sequence number they were scheduled with, so two
//! events at the same instant always run in scheduling order. That tie-break is what makes a
//! run replay exactly from its seed.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::ClientError;
use crate::mvcc::{KvRequest, KvResponse};
use crate::raft::Message;
use crate::time::SimTime;

/// Upper bound on pending events. Ticks are bounded by the member count and deliveries by the
/// network's in-flight limit, so hitting this means a bug; the event is refused, not queued.
pub(crate) const MAX_PENDING_EVENTS: usize = 100_000;

/// Something scheduled to happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// A member's Raft clock ticks. `incarnation` tells ticks of a previous run of the
    /// process (before a stop and start) apart, so they can be ignored.
    Tick { member: usize, incarnation: u64 },
    /// A message arrives at its recipient's host.
    Deliver { msg: Message },
    /// A client's request arrives at the member's host.
    ClientRequest {
        id: u64,
        client_host: usize,
        member: usize,
        request: KvRequest,
    },
    /// A member's answer arrives at the client's host.
    ClientReply {
        id: u64,
        client_host: usize,
        result: Result<KvResponse, ClientError>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Scheduled {
    at: SimTime,
    seq: u64,
    event: Event,
}

impl Ord for Scheduled {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Pending events, earliest first.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Scheduled>,
    next_seq: u64,
}

impl EventQueue {
    /// Schedules `event` at `at`; returns false (and drops it) if the queue is full.
    pub(crate) fn push(&mut self, at: SimTime, event: Event) -> bool {
        if self.heap.len() >= MAX_PENDING_EVENTS {
            return false;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Scheduled { at, seq, event });
        true
    }

    /// Removes and returns the earliest event if it is due at or before `until`.
    pub(crate) fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, Event)> {
        if self.heap.peek()?.at > until {
            return None;
        }
        self.heap.pop().map(|s| (s.at, s.event))
    }

    /// Number of pending events.
    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tick(member: usize) -> Event {
        Event::Tick {
            member,
            incarnation: 0,
        }
    }

    #[test]
    fn pops_by_time_then_scheduling_order() {
        let mut q = EventQueue::default();
        let t = SimTime::from_millis;
        assert!(q.push(t(5), tick(1)));
        assert!(q.push(t(3), tick(2)));
        assert!(q.push(t(5), tick(3)));
        assert_eq!(q.pop_due(t(10)), Some((t(3), tick(2))));
        assert_eq!(q.pop_due(t(10)), Some((t(5), tick(1))));
        assert_eq!(q.pop_due(t(4)), None);
        assert_eq!(q.pop_due(t(5)), Some((t(5), tick(3))));
        assert_eq!(q.len(), 0);
    }
}
