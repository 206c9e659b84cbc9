//! `KvResponse`: what the store answers, each with the store `revision` after the request
//! (etcd's `ResponseHeader.revision`).

use serde::{Deserialize, Serialize};

use super::{Alarm, DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, TxnResponse};
use crate::lease::LeaseResponse;

/// The answer to one [`KvRequest`](super::KvRequest) of the same name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum KvResponse {
    /// The put is applied; `revision` is the one it created.
    Put {
        /// Store revision after the put.
        revision: u64,
    },
    /// The key's state at `revision`; `None` if it does not exist.
    Get {
        /// Store revision the read saw.
        revision: u64,
        /// The key, if present.
        kv: Option<KeyValue>,
    },
    /// The delete is applied.
    Delete {
        /// Store revision after the delete (unchanged if nothing was deleted).
        revision: u64,
        /// Keys deleted: 0 or 1.
        deleted: u64,
    },
    /// The txn is applied; `succeeded` says whether the comparison held and the put happened.
    CompareAndSwap {
        /// Store revision after the txn.
        revision: u64,
        /// Did the comparison hold?
        succeeded: bool,
    },
    Range(RangeResponse),
    PutKey(PutResponse),
    DeleteRange(DeleteRangeResponse),
    Txn(TxnResponse),
    /// The compaction is done; `revision` is the store's current one.
    Compaction {
        /// Store revision (unchanged by a compaction).
        revision: u64,
    },
    /// The alarms listed, raised or cleared.
    Alarm {
        /// Store revision.
        revision: u64,
        /// For `Get` every alarm; for `Activate`/`Deactivate` the one changed.
        alarms: Vec<Alarm>,
    },
    /// A lease call's answer.
    Lease(LeaseResponse),
}

impl KvResponse {
    /// The store revision in the response header.
    pub fn revision(&self) -> u64 {
        match self {
            KvResponse::Put { revision }
            | KvResponse::Get { revision, .. }
            | KvResponse::Delete { revision, .. }
            | KvResponse::CompareAndSwap { revision, .. }
            | KvResponse::Compaction { revision }
            | KvResponse::Alarm { revision, .. } => *revision,
            KvResponse::Range(r) => r.revision,
            KvResponse::PutKey(r) => r.revision,
            KvResponse::DeleteRange(r) => r.revision,
            KvResponse::Txn(r) => r.revision,
            KvResponse::Lease(lease) => lease.revision(),
        }
    }
}
