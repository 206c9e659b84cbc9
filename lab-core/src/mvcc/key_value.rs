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
    /// The lease the key is attached to; 0 for none. Leases themselves live elsewhere: the
    /// store only records the id a put gave.
    #[serde(default)]
    pub lease: i64,
}
