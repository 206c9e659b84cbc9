//! `KvResponse`: what the store answers, each with the store `revision` after the request
//! (etcd's `ResponseHeader.revision`).

use serde::{Deserialize, Serialize};

use super::KeyValue;
use crate::lease::LeaseResponse;

/// The answer to one [`KvRequest`](super::KvRequest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
            | KvResponse::CompareAndSwap { revision, .. } => *revision,
            KvResponse::Lease(lease) => lease.revision(),
        }
    }
}
