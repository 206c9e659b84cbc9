//! `KvRequest`: what a client asks of the key-value store (etcd's `PutRequest`,
//! `RangeRequest`, `DeleteRangeRequest` and a one-key `TxnRequest`, reduced to one key each).

use serde::{Deserialize, Serialize};

use super::MvccError;
use crate::lease::LeaseRequest;

/// Longest key (unit: bytes). etcd bounds keys only through `--max-request-bytes`; a fixed,
/// smaller bound keeps the browser's memory in check.
pub const MAX_KEY_BYTES: usize = 4_096;
/// Longest value (unit: bytes); etcd's `--max-request-bytes` default is 1.5 MiB.
pub const MAX_VALUE_BYTES: usize = 1_572_864;

/// One client request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KvRequest {
    /// `etcdctl put KEY VALUE`.
    Put {
        /// The key.
        key: String,
        /// The new value.
        value: String,
        /// The lease to attach the key to; 0 for none (the key leaves any lease it had).
        #[serde(default, skip_serializing_if = "crate::lease::is_no_lease")]
        lease: i64,
    },
    /// `etcdctl get KEY [--consistency=s]`.
    Get {
        /// The key.
        key: String,
        /// Read the member's local state at once (`--consistency=s`), which may be stale,
        /// instead of a linearizable read through ReadIndex (the default).
        serializable: bool,
    },
    /// `etcdctl del KEY`.
    Delete {
        /// The key.
        key: String,
    },
    /// A txn: if the key's value equals `expect` (`None`: the key does not exist), put
    /// `value`; otherwise do nothing.
    CompareAndSwap {
        /// The key.
        key: String,
        /// The value expected, or `None` for "absent".
        expect: Option<String>,
        /// The value to put on success.
        value: String,
    },
    /// A call of etcd's `Lease` service: the lessor's, not the store's.
    Lease(LeaseRequest),
}

impl KvRequest {
    /// The key the request concerns.
    pub fn key(&self) -> &str {
        match self {
            KvRequest::Put { key, .. }
            | KvRequest::Get { key, .. }
            | KvRequest::Delete { key }
            | KvRequest::CompareAndSwap { key, .. } => key,
            KvRequest::Lease(_) => "",
        }
    }

    /// Does it change the store (and so go through Raft)?
    pub fn is_write(&self) -> bool {
        match self {
            KvRequest::Get { .. } => false,
            KvRequest::Lease(lease) => lease.is_write(),
            _ => true,
        }
    }

    /// Checks sizes before anything is proposed, as etcd's gRPC layer does.
    pub fn validate(&self) -> Result<(), MvccError> {
        if matches!(self, KvRequest::Lease(_)) {
            return Ok(());
        }
        let key = self.key();
        if key.is_empty() || key.len() > MAX_KEY_BYTES {
            return Err(MvccError::InvalidKey);
        }
        let too_long = |v: &str| v.len() > MAX_VALUE_BYTES;
        let bad_value = match self {
            KvRequest::Put { value, .. } => too_long(value),
            KvRequest::CompareAndSwap { expect, value, .. } => {
                too_long(value) || expect.as_deref().is_some_and(too_long)
            }
            KvRequest::Get { .. } | KvRequest::Delete { .. } | KvRequest::Lease(_) => false,
        };
        if bad_value {
            return Err(MvccError::ValueTooLarge);
        }
        Ok(())
    }
}
