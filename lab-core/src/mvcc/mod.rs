//! The revisioned key-value store etcd members replicate (etcd's `mvcc` package): every
//! key's history of revisions and tombstones, reads at a past revision, compaction, txns,
//! the backend quota and its NOSPACE alarm. Watch and leases live elsewhere; a key only
//! records its lease id, and a put names a lease only if the caller's lessor knows it.
//!
//! | file | owns |
//! |---|---|
//! | `kv_store` | [`KvStore`]: the histories, revisions, alarms, sizes and reads |
//! | `kv_apply` | [`KvStore::apply`]: the quota, writes, txns, compaction, alarms |
//! | `kv_lease` | a put's lease check, the deletion of a revoked lease's keys |
//! | `kv_write` | one request's writes at one new revision (`WriteTxn`) |
//! | `key_change` | [`KeyChange`]: the writes an applied request made, for watchers and leases |
//! | `key_history`, `revision` | [`KeyHistory`]: one key's rows; [`Revision`]: main and sub |
//! | `key_value` | [`KeyValue`]: one key as etcd's `mvccpb.KeyValue` describes it |
//! | `range` | [`RangeRequest`] and the put/delete requests; sorting and limits |
//! | `txn` | [`TxnRequest`], [`Compare`] and the branch operations |
//! | `txn_intervals` | etcd's `checkIntervals`: no key written twice on any path of a txn |
//! | `alarm` | [`Alarm`] and [`AlarmRequest`] |
//! | `kv_request`, `kv_response` | [`KvRequest`] and [`KvResponse`]: what clients ask and get |
//! | `internal_raft_request` | [`InternalRaftRequest`]: a request as it travels in a Raft entry |
//! | `encoding` | the one place bytes are made: entry payloads and snapshot data |
//! | `error` | [`MvccError`] |
//!
//! Limits: keys up to [`MAX_KEY_BYTES`], values up to [`MAX_VALUE_BYTES`], a backend up to
//! [`MAX_STORE_BYTES`] (or the member's lower `--quota-backend-bytes`), txns of at most
//! [`MAX_TXN_OPS`] operations nested at most [`MAX_TXN_DEPTH`] deep.

mod alarm;
mod encoding;
mod error;
mod internal_raft_request;
mod key_change;
mod key_history;
mod key_value;
mod kv_apply;
mod kv_lease;
mod kv_request;
mod kv_response;
mod kv_store;
mod kv_write;
mod range;
mod revision;
mod txn;
mod txn_intervals;

#[cfg(test)]
mod model_tests;

pub use alarm::{Alarm, AlarmAction, AlarmKind, AlarmRequest};
pub use error::MvccError;
pub use internal_raft_request::InternalRaftRequest;
pub use key_change::KeyChange;
pub use key_history::{KeyHistory, KeyRevision, ROW_OVERHEAD_BYTES};
pub use key_value::KeyValue;
pub(crate) use kv_apply::put_cost;
pub use kv_lease::LeaseLookup;
pub use kv_request::{KvRequest, MAX_KEY_BYTES, MAX_VALUE_BYTES};
pub use kv_response::KvResponse;
pub use kv_store::{EMPTY_BACKEND_BYTES, KvStore, MAX_STORE_BYTES};
pub use range::{
    DeleteRangeRequest, DeleteRangeResponse, KeyRange, PutRequest, PutResponse, RangeRequest,
    RangeResponse, SortOrder, SortTarget,
};
pub use revision::Revision;
pub use txn::{
    Compare, CompareResult, CompareTarget, MAX_TXN_DEPTH, MAX_TXN_OPS, RequestOp, ResponseOp,
    TxnRequest, TxnResponse,
};
