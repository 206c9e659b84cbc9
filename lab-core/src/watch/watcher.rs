//! [`Watcher`]: one watch on a member — the keys it covers (etcd's key, or `[key,
//! range_end)`, `range_end` `"\0"` meaning every key from `key` on), whether it wants the
//! previous values, and the events it has not yet handed to its client.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::Event;

/// Most events a watcher holds for a client that does not read them (unit: events); past
/// it the watcher is cancelled, as etcd gives up on a stream that cannot keep up.
pub const MAX_PENDING_EVENTS: usize = 10_000;

/// What `WatchCreateRequest` asks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchCreate {
    /// The key, or the start of the range.
    pub key: String,
    /// The end of the range, exclusive; empty for the key alone, `"\0"` for no end.
    pub range_end: String,
    /// The first revision to report; 0 for "changes from now on".
    pub start_revision: u64,
    /// Send each event's previous key-value too.
    pub prev_kv: bool,
}

/// One watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watcher {
    /// Its id, unique on its member.
    pub id: i64,
    /// What it watches.
    pub create: WatchCreate,
    pending: VecDeque<Event>,
}

impl Watcher {
    pub(super) fn new(id: i64, create: WatchCreate) -> Watcher {
        Watcher {
            id,
            create,
            pending: VecDeque::new(),
        }
    }

    /// Does the watch cover `key`? Keys compare as bytes, as etcd's do.
    pub fn covers(&self, key: &str) -> bool {
        let (start, end) = (self.create.key.as_bytes(), self.create.range_end.as_bytes());
        let key = key.as_bytes();
        match end {
            b"" => key == start,
            b"\0" => key >= start,
            _ => key >= start && key < end,
        }
    }

    /// Queues `event` if it is covered and not older than the start revision; `false` if
    /// the queue is full.
    pub(super) fn offer(&mut self, event: &Event) -> bool {
        if !self.covers(&event.kv.key) || event.revision() < self.create.start_revision {
            return true;
        }
        if self.pending.len() >= MAX_PENDING_EVENTS {
            return false;
        }
        let mut event = event.clone();
        if !self.create.prev_kv {
            event.prev_kv = None;
        }
        self.pending.push_back(event);
        true
    }

    /// Are events waiting?
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The waiting events, oldest first, grouped by revision as etcd sends them.
    pub(super) fn take(&mut self) -> Vec<Vec<Event>> {
        let mut batches: Vec<Vec<Event>> = Vec::new();
        for event in self.pending.drain(..) {
            match batches.last_mut() {
                Some(batch) if batch.first().map(Event::revision) == Some(event.revision()) => {
                    batch.push(event);
                }
                _ => batches.push(vec![event]),
            }
        }
        batches
    }
}
