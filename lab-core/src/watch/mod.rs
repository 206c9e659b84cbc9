//! etcd's watch (`mvcc/watchable_store.go`, `watcher_group.go`): a member's watchers on
//! keys or key ranges, and the events every applied change sends them.
//!
//! Watchers live in a member's memory, like etcd's gRPC watch streams: they go with the
//! process. A watcher that starts at a past revision is first sent what
//! [`WatcherHub::create`] is given of the history since then.
//!
//! | file | owns |
//! |---|---|
//! | `event` | [`Event`]: one PUT or DELETE, as `mvccpb.Event` |
//! | `watcher` | [`Watcher`] and [`WatchCreate`]: one watch, what it covers, what it owes |
//! | `watcher_hub` | [`WatcherHub`]: a member's watchers, created, notified, drained |

mod event;
mod watcher;
mod watcher_hub;

pub use event::{Event, EventKind};
pub use watcher::{MAX_PENDING_EVENTS, WatchCreate, Watcher};
pub use watcher_hub::{MAX_WATCHERS, WatchBatch, WatchError, WatcherHub};
