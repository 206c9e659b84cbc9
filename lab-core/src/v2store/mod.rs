//! etcd's v2 keys store (`etcdserver/api/v2store`): a tree of directories and keys, each with
//! a `createdIndex` and `modifiedIndex`, one store-wide index bumped by every write, and the
//! bounded event history that `wait=true` watches read. It serves `curl /v2/keys/...` (with
//! `--enable-v2`) and the discovery protocol, and is what `ETCDCTL_API=2 etcdctl` talks to.
//!
//! | file | owns |
//! |---|---|
//! | `error` | [`V2Error`]: etcd's error codes, messages and HTTP statuses |
//! | `path` | cleaning keys into components, as Go's `path.Clean` |
//! | `node` | `Node`: one directory or key in the tree |
//! | `event` | [`Event`] and [`NodeExtern`]: what the store answers, in etcd's JSON |
//! | `store` | [`V2Store`]: reads and writes |
//! | `tree` | finding, inserting and detaching nodes |
//! | `ttl` | [`TtlOptions`], expirations, the `ttl` shown, `RFC3339Nano` |
//! | `expire` | expiry by `SYNC` (etcd's `DeleteExpiredKeys`) |
//! | `history` | `EventHistory`: the last events, for watches |
//! | `request` | [`V2Request`]: a write as it travels through Raft |
//!
//! The keyspace is separate from v3's ([`crate::mvcc`]); the members' own records (etcd's
//! `/0/members/...`) are not nodes here, but their writes bump the index as they do in etcd,
//! so `X-Etcd-Index` matches a real member's ([`V2Store::bump_index`]).
//!
//! TTLs work as in etcd 3.4: the member taking a request turns `ttl=N` into an absolute
//! expiration (Unix nanoseconds of the lab's simulated wall clock, never the host's) that
//! travels through Raft; answers show it as `expiration` and the whole seconds left, rounded
//! up, as `ttl`. Nodes do not vanish by themselves: the leader proposes a
//! [`V2Request::Sync`] every 500 ms while [`V2Store::has_ttl_keys`], and each member then
//! removes what expired by the leader's clock, earliest first, a directory with everything
//! in it, each with an `expire` event that moves the index. `refresh=true` renews a TTL
//! without waking watches; a write without `ttl` makes the node permanent. Expirations are
//! part of the saved store, so they survive a restart.
//!
//! Limits: [`MAX_KEY_BYTES`], [`MAX_VALUE_BYTES`], [`MAX_NODES`], [`MAX_DEPTH`],
//! [`MAX_HISTORY`].

mod error;
mod event;
mod expire;
mod history;
mod node;
mod path;
mod request;
mod store;
mod tree;
mod ttl;

pub use error::{ErrorCode, V2Error};
pub(crate) use event::go_json;
pub use event::{Action, Event, NodeExtern};
pub use path::clean_key;
pub use request::V2Request;
pub use store::V2Store;
pub use ttl::{
    MIN_EXPIRE_UNIX_NANOS, TtlOptions, expiration_after, remaining_secs, rfc3339_nano, unix_nanos,
};

/// Longest key, cleaned (unit: bytes).
pub const MAX_KEY_BYTES: usize = 4096;
/// Largest value (unit: bytes): etcd's default `--max-request-bytes`.
pub const MAX_VALUE_BYTES: usize = 1_572_864;
/// Most nodes (directories and keys, the root excluded) one store holds.
pub const MAX_NODES: usize = 10_000;
/// Most components in one key (unit: path segments).
pub const MAX_DEPTH: usize = 64;
/// Events kept for watches: etcd's `EventHistory` capacity.
pub const MAX_HISTORY: usize = 1000;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod ttl_tests;
