//! The revisioned key-value store etcd members replicate (etcd's `mvcc` package), so far in
//! its minimal form: a store revision, per-key `create_revision`, `mod_revision` and
//! `version`, and put, delete, range of one key and a one-key compare-and-swap txn. Watch,
//! leases, history and compaction come later, under the same names as etcd's.
//!
//! | file | owns |
//! |---|---|
//! | `kv_store` | [`KvStore`]: keys, the store revision and the `consistent_index` |
//! | `key_value` | [`KeyValue`]: one key as etcd's `mvccpb.KeyValue` describes it |
//! | `kv_request`, `kv_response` | [`KvRequest`] and [`KvResponse`]: what clients ask and get |
//! | `internal_raft_request` | [`InternalRaftRequest`]: a request as it travels in a Raft entry |
//! | `encoding` | the one place bytes are made: entry payloads and snapshot data |
//! | `error` | [`MvccError`] |

mod encoding;
mod error;
mod internal_raft_request;
mod key_value;
mod kv_request;
mod kv_response;
mod kv_store;

pub use error::MvccError;
pub use internal_raft_request::InternalRaftRequest;
pub use key_value::KeyValue;
pub use kv_request::{KvRequest, MAX_KEY_BYTES, MAX_VALUE_BYTES};
pub use kv_response::KvResponse;
pub use kv_store::{KvStore, MAX_STORE_BYTES};
