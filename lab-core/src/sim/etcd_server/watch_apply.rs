//! The watch side of applying: every change the store makes becomes [`Event`]s sent to the
//! member's watchers, and the recent ones are kept for watchers that start in the past.
//! The store keeps only the latest version of each key, so the catch-up history is this
//! bounded, volatile list (what the member applied since it started), until the store
//! keeps its own.

use super::EtcdServer;
use crate::mvcc::KeyValue;
use crate::watch::{Event, WatchCreate, WatchError, WatcherHub};

/// Most past events a member keeps for watchers starting at a past revision (unit: events).
pub const MAX_RECENT_EVENTS: usize = 10_000;

impl EtcdServer {
    /// The member's watchers.
    pub fn watchers(&self) -> &WatcherHub {
        &self.watchers
    }

    /// The member's watchers, for their clients to drain.
    pub fn watchers_mut(&mut self) -> &mut WatcherHub {
        &mut self.watchers
    }

    /// A new watcher, fed the remembered events since its start revision.
    pub fn watch_create(&mut self, create: WatchCreate) -> Result<i64, WatchError> {
        let from = create.start_revision;
        let history: Vec<Event> = self
            .recent_events
            .iter()
            .filter(|e| from > 0 && e.revision() >= from)
            .cloned()
            .collect();
        self.watchers.create(create, &history, 0)
    }

    /// The events of one change of `key` from `before` to `after` at `revision`.
    pub(super) fn publish_change(
        &mut self,
        before: Option<KeyValue>,
        after: Option<KeyValue>,
        revision: u64,
    ) {
        let event = match (before, after) {
            (before, Some(after)) => Event::put(after, before),
            (Some(before), None) => Event::delete(before, revision),
            (None, None) => return,
        };
        self.publish(vec![event]);
    }

    /// Sends the events of one revision to the watchers and remembers them.
    pub(super) fn publish(&mut self, events: Vec<Event>) {
        self.watchers.notify(&events);
        self.recent_events.extend(events);
        while self.recent_events.len() > MAX_RECENT_EVENTS {
            self.recent_events.pop_front();
        }
    }
}
