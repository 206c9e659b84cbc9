//! [`Event`]: one change a watcher is told about (etcd's `mvccpb.Event`).

use serde::{Deserialize, Serialize};

use crate::mvcc::{KeyChange, KeyValue};

/// `mvccpb.Event_EventType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// A key was created or changed.
    Put,
    /// A key was deleted.
    Delete,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// PUT or DELETE.
    pub kind: EventKind,
    /// The key after a put; for a delete only the key and the deleting revision.
    pub kv: KeyValue,
    /// The key before the change, if it existed.
    pub prev_kv: Option<KeyValue>,
}

impl Event {
    /// A put of `kv`, which replaced `prev_kv`.
    pub fn put(kv: KeyValue, prev_kv: Option<KeyValue>) -> Event {
        Event {
            kind: EventKind::Put,
            kv,
            prev_kv,
        }
    }

    /// The deletion of `prev` at `revision`.
    pub fn delete(prev: KeyValue, revision: u64) -> Event {
        let kv = KeyValue {
            key: prev.key.clone(),
            create_revision: 0,
            mod_revision: revision,
            version: 0,
            value: String::new(),
            lease: 0,
        };
        Event {
            kind: EventKind::Delete,
            kv,
            prev_kv: Some(prev),
        }
    }

    /// The event a store write makes; none for the tombstone of a key that was not live.
    pub fn from_change(change: KeyChange) -> Option<Event> {
        match (change.prev, change.kv) {
            (prev, Some(kv)) => Some(Event::put(kv, prev)),
            (Some(prev), None) => Some(Event::delete(prev, change.revision.main)),
            (None, None) => None,
        }
    }

    /// The revision of the change.
    pub fn revision(&self) -> u64 {
        self.kv.mod_revision
    }
}
