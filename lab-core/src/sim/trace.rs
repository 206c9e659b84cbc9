//! `Trace`: the bounded record of what happened in the world, oldest first.
//!
//! A ring buffer: when full, the oldest event goes. Every event carries a sequence number that
//! keeps counting across evictions, so a reader can poll for "everything since seq N" and tell
//! whether it missed some.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::TraceKind;
use crate::time::SimTime;

/// Default number of events kept (unit: events). More shows more history, costs memory in the
/// browser and in every world checkpoint.
pub const DEFAULT_TRACE_CAPACITY: usize = 10_000;

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEvent {
    /// Position in the whole history, from 0; never reused.
    pub seq: u64,
    /// When it happened.
    pub at: SimTime,
    /// What happened.
    pub kind: TraceKind,
}

/// The most recent events, up to a capacity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    events: VecDeque<TraceEvent>,
    capacity: usize,
    next_seq: u64,
}

impl Default for Trace {
    fn default() -> Trace {
        Trace::with_capacity(DEFAULT_TRACE_CAPACITY)
    }
}

impl Trace {
    /// Keeps at most `capacity` events (at least one).
    pub fn with_capacity(capacity: usize) -> Trace {
        Trace {
            events: VecDeque::new(),
            capacity: capacity.max(1),
            next_seq: 0,
        }
    }

    /// Appends an event, evicting the oldest if full.
    pub(crate) fn record(&mut self, at: SimTime, kind: TraceKind) {
        if self.events.len() >= self.capacity {
            self.events.pop_front();
        }
        self.events.push_back(TraceEvent {
            seq: self.next_seq,
            at,
            kind,
        });
        self.next_seq += 1;
    }

    /// Kept events, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &TraceEvent> {
        self.events.iter()
    }

    /// Kept events with `seq >= from`, oldest first.
    pub fn since(&self, from: u64) -> impl Iterator<Item = &TraceEvent> {
        self.events.iter().skip_while(move |e| e.seq < from)
    }

    /// Number of kept events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Nothing kept?
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Most events kept.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Events ever recorded; also the `seq` the next event will get.
    pub fn total_recorded(&self) -> u64 {
        self.next_seq
    }

    /// Events recorded but no longer kept.
    pub fn evicted(&self) -> u64 {
        self.next_seq - self.events.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest_and_keeps_counting() {
        let mut trace = Trace::with_capacity(3);
        for i in 0..5 {
            trace.record(SimTime::from_millis(i), TraceKind::AllLinksHealed);
        }
        let seqs: Vec<u64> = trace.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![2, 3, 4]);
        assert_eq!((trace.total_recorded(), trace.evicted()), (5, 2));
        assert_eq!(trace.since(4).count(), 1);
        assert_eq!(trace.since(0).count(), 3);
    }
}
