//! `KeyValue`: one key at one revision and its bookkeeping, named as etcd's `mvccpb.KeyValue`.

use serde::{Deserialize, Serialize};

/// A key as `etcdctl get -w json` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyValue {
    /// The key.
    pub key: String,
    /// Store revision of the put that created the key (since its last deletion).
    pub create_revision: u64,
    /// Store revision of the latest put to the key.
    pub mod_revision: u64,
    /// Puts since creation: 1 after the first; a delete resets it (the key is gone).
    pub version: u64,
    /// The value.
    pub value: String,
    /// The lease the key is attached to; 0 (etcd's `NoLease`) for none. Absent from data
    /// written before leases existed, and left out when 0 so such data stays the same.
    #[serde(default, skip_serializing_if = "crate::lease::is_no_lease")]
    pub lease: i64,
}
