//! `EventHistory`: the last [`MAX_HISTORY`] write events, which `wait=true&waitIndex=N`
//! reads (etcd's `EventHistory` in `watcher_hub`).

use std::collections::VecDeque;

use super::path::is_hidden;
use super::{Action, ErrorCode, Event, MAX_HISTORY, V2Error};

/// Recent events, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EventHistory {
    events: VecDeque<Event>,
    /// The oldest index a watch may still ask for.
    start_index: u64,
}

impl Default for EventHistory {
    fn default() -> Self {
        Self {
            events: VecDeque::new(),
            start_index: 1,
        }
    }
}

impl EventHistory {
    pub(crate) fn push(&mut self, event: Event) {
        if self.events.len() >= MAX_HISTORY
            && let Some(dropped) = self.events.pop_front()
        {
            self.start_index = dropped.index.saturating_add(1);
        }
        self.events.push_back(event);
    }

    /// The first event at or after `wait_index` about `key` (or, `recursive`, below it);
    /// `None` if none happened yet. `current` is the store index.
    pub(crate) fn scan(
        &self,
        key: &str,
        recursive: bool,
        wait_index: u64,
        current: u64,
    ) -> Result<Option<Event>, V2Error> {
        if wait_index < self.start_index {
            let cause = format!(
                "the requested history has been cleared [{}/{wait_index}]",
                self.start_index
            );
            return Err(V2Error::new(ErrorCode::EventIndexCleared, cause, current));
        }
        Ok(self
            .events
            .iter()
            .find(|e| e.index >= wait_index && !e.refresh && concerns(e, key, recursive))
            .cloned())
    }
}

/// Whether `event` is news to a watch on `watched`: a change to the key, below it for a
/// recursive watch, or the deletion or expiry of a directory whose key `watched` begins with
/// (etcd compares raw prefixes: `/d` going wakes a watch on `/dx` too).
fn concerns(event: &Event, watched: &str, recursive: bool) -> bool {
    let gone = matches!(event.action, Action::Delete | Action::Expire);
    let dir_above = event
        .prev_node
        .as_ref()
        .is_some_and(|p| p.dir && watched.starts_with(&p.key));
    touches(&event.node.key, watched, recursive) || (gone && dir_above)
}

/// Whether a change to `changed` is news to a watch on `watched`: the key itself, or a key
/// below it with no hidden component in between for a recursive watch.
fn touches(changed: &str, watched: &str, recursive: bool) -> bool {
    if changed == watched {
        return true;
    }
    if !recursive {
        return false;
    }
    let rest = if watched == "/" {
        changed.strip_prefix('/')
    } else {
        changed
            .strip_prefix(watched)
            .and_then(|r| r.strip_prefix('/'))
    };
    rest.is_some_and(|r| !r.split('/').any(is_hidden))
}
