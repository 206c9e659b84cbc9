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
//! | `history` | `EventHistory`: the last events, for watches |
//! | `request` | [`V2Request`]: a write as it travels through Raft |
//!
//! The keyspace is separate from v3's ([`crate::mvcc`]); the members' own records (etcd's
//! `/0/members/...`) are not nodes here, but their writes bump the index as they do in etcd,
//! so `X-Etcd-Index` matches a real member's ([`V2Store::bump_index`]).
//!
//! Limits: [`MAX_KEY_BYTES`], [`MAX_VALUE_BYTES`], [`MAX_NODES`], [`MAX_DEPTH`],
//! [`MAX_HISTORY`]. TTLs are not modelled: `ttl=` is refused.

mod error;
mod event;
mod history;
mod node;
mod path;
mod request;
mod store;

pub use error::{ErrorCode, V2Error};
pub(crate) use event::go_json;
pub use event::{Action, Event, NodeExtern};
pub use path::clean_key;
pub use request::V2Request;
pub use store::V2Store;

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
