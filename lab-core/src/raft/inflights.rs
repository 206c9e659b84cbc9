//! `Inflights`: the MsgApps a leader has sent to one follower and not yet seen acknowledged.
//!
//! This is flow control (etcd's `tracker.Inflights`): once `capacity` appends are outstanding
//! the leader pauses that follower, which bounds both memory and the burst a slow follower or
//! a cut link can cause.

use std::collections::VecDeque;

/// Last indexes of outstanding MsgApps, oldest first, at most `capacity` of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inflights {
    capacity: usize,
    indexes: VecDeque<u64>,
}

impl Inflights {
    /// Room for `capacity` outstanding messages.
    pub fn new(capacity: u32) -> Inflights {
        Inflights {
            capacity: usize::try_from(capacity).unwrap_or(usize::MAX),
            indexes: VecDeque::new(),
        }
    }

    /// Records a MsgApp whose last entry is `index`. Ignored when full: callers check
    /// [`Inflights::full`] first, and dropping the record only makes the leader more cautious.
    pub fn add(&mut self, index: u64) {
        if !self.full() {
            self.indexes.push_back(index);
        }
    }

    /// Forgets every message acknowledged by an ack of `to`.
    pub fn free_le(&mut self, to: u64) {
        while self.indexes.front().is_some_and(|&i| i <= to) {
            self.indexes.pop_front();
        }
    }

    /// Frees one slot; a heartbeat response proves the follower is reachable again.
    pub fn free_first_one(&mut self) {
        self.indexes.pop_front();
    }

    /// Are `capacity` messages outstanding?
    pub fn full(&self) -> bool {
        self.indexes.len() >= self.capacity
    }

    /// Most messages that may be outstanding.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Number of outstanding messages.
    pub fn count(&self) -> usize {
        self.indexes.len()
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        self.indexes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_frees() {
        let mut inf = Inflights::new(3);
        for i in [5, 7, 9, 11] {
            inf.add(i);
        }
        assert!(inf.full());
        assert_eq!(inf.count(), 3);
        inf.free_le(7);
        assert_eq!(inf.count(), 1);
        inf.free_first_one();
        assert_eq!(inf.count(), 0);
    }
}
