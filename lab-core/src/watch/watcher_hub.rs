//! [`WatcherHub`]: a member's watchers (etcd's `watchableStore` with its synced and
//! unsynced groups in one): created with the history they ask for, told of every applied
//! change, drained by their clients.

use std::collections::BTreeMap;

use thiserror::Error;

use super::{Event, WatchCreate, Watcher};

/// Most watchers on one member (unit: watchers); etcd has no bound, the browser does.
pub const MAX_WATCHERS: usize = 1_000;

/// Events of one revision, delivered together (one `WatchResponse`).
pub type WatchBatch = Vec<Event>;

/// Why a watch could not be created or was cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum WatchError {
    /// The member already has [`MAX_WATCHERS`].
    #[error("etcdserver: too many watchers (the lab keeps at most {0} per member)")]
    TooMany(usize),
    /// The start revision is older than the compacted history (etcd's `ErrCompacted`).
    #[error("etcdserver: mvcc: required revision has been compacted")]
    Compacted {
        /// The revision history was compacted at.
        compact_revision: u64,
    },
}

/// A member's watchers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatcherHub {
    next_id: i64,
    watchers: BTreeMap<i64, Watcher>,
}

impl WatcherHub {
    /// Creates a watcher, first fed `history` (the events since its start revision that
    /// the store still has); refused below `compact_revision`.
    pub fn create(
        &mut self,
        create: WatchCreate,
        history: &[Event],
        compact_revision: u64,
    ) -> Result<i64, WatchError> {
        if self.watchers.len() >= MAX_WATCHERS {
            return Err(WatchError::TooMany(MAX_WATCHERS));
        }
        if create.start_revision > 0 && create.start_revision < compact_revision {
            return Err(WatchError::Compacted { compact_revision });
        }
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        let mut watcher = Watcher::new(id, create);
        if watcher.create.start_revision > 0 {
            history.iter().all(|e| watcher.offer(e));
        }
        self.watchers.insert(id, watcher);
        Ok(id)
    }

    /// Sends `events` (one applied change) to every watcher covering them; a watcher
    /// whose client stopped reading is dropped.
    pub fn notify(&mut self, events: &[Event]) {
        if events.is_empty() {
            return;
        }
        self.watchers
            .retain(|_, w| events.iter().all(|e| w.offer(e)));
    }

    /// Does watcher `id` exist?
    pub fn contains(&self, id: i64) -> bool {
        self.watchers.contains_key(&id)
    }

    /// Does watcher `id` have events waiting? `None` if it is gone.
    pub fn has_pending(&self, id: i64) -> Option<bool> {
        self.watchers.get(&id).map(Watcher::has_pending)
    }

    /// Takes watcher `id`'s waiting events, one batch per revision; `None` if it is gone.
    pub fn take(&mut self, id: i64) -> Option<Vec<WatchBatch>> {
        self.watchers.get_mut(&id).map(Watcher::take)
    }

    /// Removes watcher `id` (etcd's `WatchCancelRequest`, or its client gone).
    pub fn cancel(&mut self, id: i64) -> bool {
        self.watchers.remove(&id).is_some()
    }

    /// Number of watchers.
    pub fn len(&self) -> usize {
        self.watchers.len()
    }

    /// No watchers?
    pub fn is_empty(&self) -> bool {
        self.watchers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mvcc::KeyValue;

    fn kv(key: &str, rev: u64, value: &str) -> KeyValue {
        KeyValue {
            key: key.into(),
            create_revision: rev,
            mod_revision: rev,
            version: 1,
            value: value.into(),
            lease: 0,
        }
    }

    fn watch(key: &str, range_end: &str, start_revision: u64, prev_kv: bool) -> WatchCreate {
        WatchCreate {
            key: key.into(),
            range_end: range_end.into(),
            start_revision,
            prev_kv,
        }
    }

    #[test]
    fn a_key_watch_sees_its_key_only_and_a_prefix_watch_its_range() {
        let mut hub = WatcherHub::default();
        let one = hub
            .create(watch("wkey", "", 0, false), &[], 0)
            .expect("created");
        let prefix = hub
            .create(watch("wp/", "wp0", 0, true), &[], 0)
            .expect("created");
        hub.notify(&[Event::put(kv("wkey", 2, "v1"), None)]);
        hub.notify(&[Event::put(kv("wp/a", 3, "1"), None)]);
        hub.notify(&[Event::delete(kv("wp/a", 3, "1"), 4)]);
        hub.notify(&[Event::put(kv("wkeyz", 5, "x"), None)]);
        let seen = hub.take(one).expect("exists");
        assert_eq!(seen.len(), 1);
        let seen = hub.take(prefix).expect("exists");
        assert_eq!(seen.len(), 2);
        let delete = &seen[1][0];
        assert_eq!((delete.kv.mod_revision, delete.kv.value.as_str()), (4, ""));
        assert_eq!(delete.prev_kv.as_ref().map(|p| p.value.as_str()), Some("1"));
        assert_eq!(hub.take(prefix), Some(Vec::new()), "drained");
    }

    #[test]
    fn a_watch_from_a_past_revision_gets_the_history_first_without_prev_kv_unless_asked() {
        let history = [
            Event::put(kv("wp/a", 18, "1"), None),
            Event::put(kv("wp/a", 19, "2"), Some(kv("wp/a", 18, "1"))),
        ];
        let mut hub = WatcherHub::default();
        let id = hub
            .create(watch("wp/a", "", 1, false), &history, 0)
            .expect("created");
        let batches = hub.take(id).expect("exists");
        assert_eq!(batches.len(), 2);
        assert!(batches.iter().flatten().all(|e| e.prev_kv.is_none()));
        assert_eq!(
            hub.create(watch("wp/a", "", 3, false), &history, 5),
            Err(WatchError::Compacted {
                compact_revision: 5
            })
        );
    }

    #[test]
    fn from_key_watches_and_bounds() {
        let w = Watcher::new(0, watch("b", "\0", 0, false));
        assert!(w.covers("b") && w.covers("zzz") && !w.covers("a"));
        let mut hub = WatcherHub::default();
        for _ in 0..MAX_WATCHERS {
            hub.create(watch("k", "", 0, false), &[], 0)
                .expect("under the bound");
        }
        assert_eq!(
            hub.create(watch("k", "", 0, false), &[], 0),
            Err(WatchError::TooMany(MAX_WATCHERS))
        );
    }

    #[test]
    fn a_watcher_nobody_reads_is_dropped_when_full() {
        let mut hub = WatcherHub::default();
        let id = hub
            .create(watch("k", "", 0, false), &[], 0)
            .expect("created");
        for rev in 0..=crate::watch::MAX_PENDING_EVENTS as u64 {
            hub.notify(&[Event::put(kv("k", rev + 2, "v"), None)]);
        }
        assert!(!hub.contains(id));
    }
}
