//! The watch side of applying: every write the store makes (each put and delete of a txn,
//! every key of a range delete or of a revoked lease) becomes an [`Event`] sent to the
//! member's watchers. A watcher that starts in the past is fed from the store's own history,
//! as etcd's unsynced watchers are, and refused below the compacted revision.

use super::EtcdServer;
use crate::mvcc::KeyChange;
use crate::watch::{Event, MAX_PENDING_EVENTS, WatchCreate, WatchError, WatcherHub};

impl EtcdServer {
    /// The member's watchers.
    pub fn watchers(&self) -> &WatcherHub {
        &self.watchers
    }

    /// The member's watchers, for their clients to drain.
    pub fn watchers_mut(&mut self) -> &mut WatcherHub {
        &mut self.watchers
    }

    /// A new watcher, fed the store's history since its start revision (at most
    /// [`MAX_PENDING_EVENTS`] of it: a watcher owed more is dropped as a slow reader is).
    pub fn watch_create(&mut self, create: WatchCreate) -> Result<i64, WatchError> {
        let history: Vec<Event> = match create.start_revision {
            0 => Vec::new(),
            from => self
                .store
                .changes_since(from, MAX_PENDING_EVENTS.saturating_add(1))
                .into_iter()
                .filter_map(Event::from_change)
                .collect(),
        };
        let compacted = self.store.compact_revision().unwrap_or(0);
        self.watchers.create(create, &history, compacted)
    }

    /// Sends the writes of one revision to the watchers.
    pub(super) fn publish(&mut self, changes: Vec<KeyChange>) {
        let events: Vec<Event> = changes.into_iter().filter_map(Event::from_change).collect();
        self.watchers.notify(&events);
    }
}
