//! `KvRequest`: what a client asks of the key-value store: etcd's `RangeRequest`,
//! `PutRequest`, `DeleteRangeRequest`, `TxnRequest`, `CompactionRequest` and `AlarmRequest`,
//! plus the one-key shorthands the lab's own clients (`lab check`, tests) use, and the
//! calls of etcd's `Lease` service, which travel the same way but are the lessor's.

use serde::{Deserialize, Serialize};

use super::txn_intervals::check_intervals;
use super::{
    AlarmRequest, DeleteRangeRequest, MAX_TXN_DEPTH, MAX_TXN_OPS, MvccError, PutRequest,
    RangeRequest, TxnRequest,
};
use crate::lease::LeaseRequest;

/// Longest key (unit: bytes). etcd bounds keys only through `--max-request-bytes`; a fixed,
/// smaller bound keeps the browser's memory in check.
pub const MAX_KEY_BYTES: usize = 4_096;
/// Longest value (unit: bytes); etcd's `--max-request-bytes` default is 1.5 MiB.
pub const MAX_VALUE_BYTES: usize = 1_572_864;

/// One client request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KvRequest {
    /// Shorthand: put `value` at `key`.
    Put {
        /// The key.
        key: String,
        /// The new value.
        value: String,
    },
    /// Shorthand: read one key.
    Get {
        /// The key.
        key: String,
        /// Read the member's local state at once (`--consistency=s`), which may be stale,
        /// instead of a linearizable read through ReadIndex (the default).
        serializable: bool,
    },
    /// Shorthand: delete one key.
    Delete {
        /// The key.
        key: String,
    },
    /// Shorthand for a txn: if the key's value equals `expect` (`None`: the key does not
    /// exist), put `value`; otherwise do nothing.
    CompareAndSwap {
        /// The key.
        key: String,
        /// The value expected, or `None` for "absent".
        expect: Option<String>,
        /// The value to put on success.
        value: String,
    },
    /// `KV.Range`: `etcdctl get` with all its options.
    Range(RangeRequest),
    /// `KV.Put`: `etcdctl put` with all its options.
    PutKey(PutRequest),
    /// `KV.DeleteRange`: `etcdctl del`.
    DeleteRange(DeleteRangeRequest),
    /// `KV.Txn`: `etcdctl txn`.
    Txn(TxnRequest),
    /// `KV.Compact`: `etcdctl compaction REV`.
    Compaction {
        /// Drop history below this revision.
        revision: u64,
        /// `--physical`: answer once the backend has dropped it (the lab always has).
        physical: bool,
    },
    /// `Maintenance.Alarm`.
    Alarm(AlarmRequest),
    /// A call of etcd's `Lease` service: the lessor's, not the store's.
    Lease(LeaseRequest),
}

impl KvRequest {
    /// Does it change the store (and so go through Raft)? A range never does; a txn always
    /// goes through Raft, as etcd sends every txn with writes.
    pub fn is_write(&self) -> bool {
        match self {
            KvRequest::Get { .. } | KvRequest::Range(_) => false,
            KvRequest::Lease(lease) => lease.is_write(),
            _ => true,
        }
    }

    /// Is it a read that `--consistency=s` lets the member answer from its own state?
    pub fn is_serializable(&self) -> bool {
        match self {
            KvRequest::Get { serializable, .. } => *serializable,
            KvRequest::Range(r) => r.serializable,
            _ => false,
        }
    }

    /// Bytes of keys and values it puts on the wire, for `--max-request-bytes`.
    pub fn wire_bytes(&self) -> usize {
        let strings: Vec<&str> = match self {
            KvRequest::Put { key, value } => vec![key, value],
            KvRequest::CompareAndSwap { key, expect, value } => {
                vec![key, value, expect.as_deref().unwrap_or_default()]
            }
            KvRequest::Get { key, .. } | KvRequest::Delete { key } => vec![key],
            KvRequest::Range(r) => vec![&r.range.key],
            KvRequest::PutKey(p) => vec![&p.key, &p.value],
            KvRequest::DeleteRange(d) => vec![&d.range.key],
            KvRequest::Txn(t) => t.strings(),
            KvRequest::Compaction { .. } | KvRequest::Alarm(_) | KvRequest::Lease(_) => Vec::new(),
        };
        strings
            .iter()
            .map(|s| s.len())
            .fold(0, usize::saturating_add)
    }

    /// Checks sizes and shapes before anything is proposed, as etcd's gRPC layer does.
    pub fn validate(&self) -> Result<(), MvccError> {
        match self {
            KvRequest::Put { key, value } => check_key(key).and(check_value(value)),
            KvRequest::Get { key, .. } | KvRequest::Delete { key } => check_key(key),
            KvRequest::CompareAndSwap { key, expect, value } => {
                check_key(key)?;
                check_value(value)?;
                expect.as_deref().map_or(Ok(()), check_value)
            }
            KvRequest::Range(r) => check_key(&r.range.key),
            KvRequest::PutKey(p) => check_key(&p.key).and(check_value(&p.value)),
            KvRequest::DeleteRange(d) => check_key(&d.range.key),
            KvRequest::Txn(t) => check_txn(t),
            KvRequest::Compaction { .. } | KvRequest::Alarm(_) | KvRequest::Lease(_) => Ok(()),
        }
    }
}

/// etcd's `ErrEmptyKey` (a range over every key starts at `"\0"`, never at `""`).
fn check_key(key: &str) -> Result<(), MvccError> {
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return Err(MvccError::InvalidKey);
    }
    Ok(())
}

fn check_value(value: &str) -> Result<(), MvccError> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(MvccError::ValueTooLarge);
    }
    Ok(())
}

fn check_txn(t: &TxnRequest) -> Result<(), MvccError> {
    if t.ops() > MAX_TXN_OPS || t.depth() > MAX_TXN_DEPTH {
        return Err(MvccError::TooManyOps);
    }
    if t.strings().iter().any(|s| s.len() > MAX_VALUE_BYTES) {
        return Err(MvccError::ValueTooLarge);
    }
    // After the size checks, as etcd orders them, so a huge txn costs no interval work.
    check_intervals(&t.success)?;
    check_intervals(&t.failure)?;
    Ok(())
}
