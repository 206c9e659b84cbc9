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
    Deliver {
        msg: Message,
        hop: super::peer_route::Hop,
    },
    /// A new member's bootstrap check (`isMemberBootstrapped`) may move on.
    BootCheck { member: usize, incarnation: u64 },
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

/// The heap's view of a scheduled event: when, in what order, and which slot holds it. Small
/// and `Copy`, so sifting the heap moves 24 bytes rather than whole messages with their
/// entries and snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    at: SimTime,
    seq: u64,
    slot: u32,
}

impl Ord for Key {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest event first. `seq` is
    /// unique, so `slot` never decides.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Pending events, earliest first. The events themselves live in `slots`, reused through
/// `free`, so a steady run allocates nothing per event.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Key>,
    /// Scheduled events by slot; `None` for a free slot. Never longer than
    /// `MAX_PENDING_EVENTS`.
    slots: Vec<Option<Event>>,
    /// Free slots, reused last-freed first (warm in cache).
    free: Vec<u32>,
    next_seq: u64,
}

impl EventQueue {
    /// Schedules `event` at `at`; returns false (and drops it) if the queue is full.
    pub(crate) fn push(&mut self, at: SimTime, event: Event) -> bool {
        if self.len() >= MAX_PENDING_EVENTS {
            return false;
        }
        let slot = self.free.pop().unwrap_or_else(|| {
            // Fewer than MAX_PENDING_EVENTS slots are ever taken, which fits in u32.
            self.slots.push(None);
            (self.slots.len() - 1) as u32
        });
        if let Some(free) = self.slots.get_mut(slot as usize) {
            *free = Some(event);
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Key { at, seq, slot });
        true
    }

    /// Removes and returns the earliest event if it is due at or before `until`.
    pub(crate) fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, Event)> {
        if self.heap.peek()?.at > until {
            return None;
        }
        let key = self.heap.pop()?;
        let event = self.slots.get_mut(key.slot as usize)?.take()?;
        self.free.push(key.slot);
        Some((key.at, event))
    }

    /// When the earliest pending event is due.
    pub(crate) fn next_at(&self) -> Option<SimTime> {
        self.heap.peek().map(|key| key.at)
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

    #[test]
    fn reuses_slots_of_popped_events() {
        let mut q = EventQueue::default();
        let t = SimTime::from_millis;
        for i in 0..100 {
            assert!(q.push(t(i), tick(i as usize)));
            assert_eq!(q.pop_due(t(i)), Some((t(i), tick(i as usize))));
        }
        assert_eq!((q.slots.len(), q.len()), (1, 0));
    }

    #[test]
    fn orders_many_events_by_time_then_seq() {
        // Times repeat, so the sequence number decides among equals.
        let mut q = EventQueue::default();
        let mut expected = Vec::new();
        for i in 0..200u64 {
            let at = SimTime::from_millis((i * 37) % 23);
            assert!(q.push(at, tick(i as usize)));
            expected.push((at, i));
        }
        expected.sort();
        for (at, i) in expected {
            assert_eq!(q.pop_due(SimTime::MAX), Some((at, tick(i as usize))));
        }
        assert_eq!(q.len(), 0);
    }
}
