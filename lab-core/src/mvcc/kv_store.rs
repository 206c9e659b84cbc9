//! `KvStore`: the key-value state every member applies committed requests to (etcd's
//! `mvcc.store`, without history yet: only each key's latest version is kept).
//!
//! The store `revision` starts at 1, as in etcd, and grows by one with every change (a put,
//! a delete that deleted something, a txn whose put ran); reads and no-op writes leave it. The
//! `consistent_index` is the index of the last Raft entry applied to the store (etcd keeps it
//! in the backend's meta bucket), so a member never applies an entry twice, and it travels in
//! snapshots with the keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{KeyValue, KvRequest, KvResponse, MvccError, encoding};

/// Most bytes (keys plus values) the store holds; a put beyond is refused with `NoSpace`
/// (etcd's `--quota-backend-bytes`, default 2 GiB, far smaller here because every member of
/// every lab lives in one browser tab). Unit: bytes.
pub const MAX_STORE_BYTES: usize = 64 * 1024 * 1024;

/// The store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvStore {
    revision: u64,
    consistent_index: u64,
    kvs: BTreeMap<String, KeyValue>,
    /// Sum of key and value lengths, for the quota; recomputed on restore, never trusted.
    #[serde(skip)]
    bytes: usize,
}

impl Default for KvStore {
    fn default() -> KvStore {
        KvStore {
            revision: 1,
            consistent_index: 0,
            kvs: BTreeMap::new(),
            bytes: 0,
        }
    }
}

impl KvStore {
    /// An empty store at revision 1.
    pub fn new() -> KvStore {
        KvStore::default()
    }

    /// The current store revision (etcd's `Rev()`).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Index of the last Raft entry applied (etcd's `ConsistentIndex()`).
    pub fn consistent_index(&self) -> u64 {
        self.consistent_index
    }

    /// Records that the entry at `index` has been applied; an older index is ignored, so the
    /// index never goes back.
    pub fn set_consistent_index(&mut self, index: u64) {
        self.consistent_index = self.consistent_index.max(index);
    }

    /// Sets the consistent index to `index`, back in time too: a restored store starts a
    /// new Raft log (`etcdctl snapshot restore` sets it to the bootstrap entries' count).
    pub(crate) fn restart_consistent_index(&mut self, index: u64) {
        self.consistent_index = index;
    }

    /// The key, if it exists.
    pub fn range(&self, key: &str) -> Option<&KeyValue> {
        self.kvs.get(key)
    }

    /// A read of `key` at the current revision (etcd's `Range` of one key).
    pub fn get(&self, key: &str) -> KvResponse {
        KvResponse::Get {
            revision: self.revision,
            kv: self.range(key).cloned(),
        }
    }

    /// Number of live keys.
    pub fn len(&self) -> usize {
        self.kvs.len()
    }

    /// No keys?
    pub fn is_empty(&self) -> bool {
        self.kvs.is_empty()
    }

    /// The live keys, in key order.
    pub fn iter(&self) -> impl Iterator<Item = &KeyValue> {
        self.kvs.values()
    }

    /// Carries out `req` and answers it; on error nothing changed. Every member applies the
    /// same requests to the same state, so every outcome, errors included, is the same
    /// everywhere.
    pub fn apply(&mut self, req: &KvRequest) -> Result<KvResponse, MvccError> {
        req.validate()?;
        Ok(match req {
            KvRequest::Put { key, value, lease } => KvResponse::Put {
                revision: self.put_with_lease(key, value, *lease)?,
            },
            KvRequest::Get { key, .. } => self.get(key),
            KvRequest::Delete { key } => {
                let deleted = self.delete(key);
                KvResponse::Delete {
                    revision: self.revision,
                    deleted,
                }
            }
            KvRequest::CompareAndSwap { key, expect, value } => {
                let succeeded = self.compare_and_swap(key, expect.as_deref(), value)?;
                KvResponse::CompareAndSwap {
                    revision: self.revision,
                    succeeded,
                }
            }
            KvRequest::Lease(_) => return Err(MvccError::Misrouted),
        })
    }

    /// Sets `key` to `value`, without a lease, at a new revision, which it returns.
    pub fn put(&mut self, key: &str, value: &str) -> Result<u64, MvccError> {
        self.put_with_lease(key, value, 0)
    }

    /// Sets `key` to `value` attached to `lease` (0: none) at a new revision, which it
    /// returns. Whether the lease exists is the lessor's to check.
    pub fn put_with_lease(&mut self, key: &str, value: &str, lease: i64) -> Result<u64, MvccError> {
        let old = self.kvs.get(key);
        let old_bytes = old.map_or(0, |kv| kv.key.len() + kv.value.len());
        let bytes = self.bytes - old_bytes + key.len() + value.len();
        if bytes > MAX_STORE_BYTES {
            return Err(MvccError::NoSpace);
        }
        let revision = self.revision + 1;
        let (create_revision, version) = old.map_or((revision, 1), |kv| {
            (kv.create_revision, kv.version.saturating_add(1))
        });
        let kv = KeyValue {
            key: key.to_owned(),
            create_revision,
            mod_revision: revision,
            version,
            value: value.to_owned(),
            lease,
        };
        self.kvs.insert(key.to_owned(), kv);
        self.bytes = bytes;
        self.revision = revision;
        Ok(revision)
    }

    /// Deletes `key`; returns how many keys were deleted (0 or 1). Only a real deletion
    /// makes a revision.
    pub fn delete(&mut self, key: &str) -> u64 {
        let Some(kv) = self.kvs.remove(key) else {
            return 0;
        };
        self.bytes -= kv.key.len() + kv.value.len();
        self.revision += 1;
        1
    }

    /// Deletes `keys` in one transaction, so at most one new revision (etcd revokes a
    /// lease's keys so); returns how many existed.
    pub fn delete_keys(&mut self, keys: &[String]) -> u64 {
        let mut deleted = 0;
        for key in keys {
            if let Some(kv) = self.kvs.remove(key) {
                self.bytes -= kv.key.len() + kv.value.len();
                deleted += 1;
            }
        }
        if deleted > 0 {
            self.revision += 1;
        }
        deleted
    }

    /// If `key`'s value is `expect` (`None`: absent), puts `value`; returns whether it did.
    pub fn compare_and_swap(
        &mut self,
        key: &str,
        expect: Option<&str>,
        value: &str,
    ) -> Result<bool, MvccError> {
        let current = self.kvs.get(key).map(|kv| kv.value.as_str());
        if current != expect {
            return Ok(false);
        }
        self.put(key, value).map(|_| true)
    }

    /// The store as snapshot data (etcd sends its whole bbolt file).
    pub fn encode_snapshot(&self) -> Result<Vec<u8>, MvccError> {
        encoding::encode_snapshot(self)
    }

    /// The store a snapshot holds. Empty data (a snapshot taken before any state existed)
    /// is the empty store.
    pub fn from_snapshot(data: &[u8]) -> Result<KvStore, MvccError> {
        if data.is_empty() {
            return Ok(KvStore::default());
        }
        Ok(encoding::decode_snapshot(data)?.recounted())
    }

    /// The store with its byte count worked out again, which serde skips: for a store
    /// deserialized as part of a larger snapshot.
    pub(crate) fn recounted(mut self) -> KvStore {
        self.bytes = self
            .kvs
            .values()
            .map(|kv| kv.key.len() + kv.value.len())
            .sum();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(key: &str, value: &str) -> KvRequest {
        KvRequest::Put {
            key: key.into(),
            value: value.into(),
            lease: 0,
        }
    }

    #[test]
    fn revisions_and_versions_count_like_etcd() {
        let mut store = KvStore::new();
        assert_eq!(store.revision(), 1, "an empty store is at revision 1");
        assert_eq!(store.put("a", "1"), Ok(2));
        assert_eq!(store.put("a", "2"), Ok(3));
        let kv = store.range("a").cloned().expect("a exists");
        assert_eq!(
            (
                kv.create_revision,
                kv.mod_revision,
                kv.version,
                kv.value.as_str()
            ),
            (2, 3, 2, "2")
        );
        assert_eq!(store.delete("a"), 1);
        assert_eq!(store.revision(), 4);
        assert_eq!(store.delete("a"), 0, "nothing left to delete");
        assert_eq!(store.revision(), 4, "a no-op delete makes no revision");
        assert_eq!(store.put("a", "3"), Ok(5));
        let kv = store.range("a").expect("recreated");
        assert_eq!((kv.create_revision, kv.version), (5, 1), "a new life");
    }

    #[test]
    fn compare_and_swap_treats_absence_as_a_state() {
        let mut store = KvStore::new();
        let cas = |expect: Option<&str>, value: &str| KvRequest::CompareAndSwap {
            key: "k".into(),
            expect: expect.map(str::to_owned),
            value: value.into(),
        };
        let ok = |revision, succeeded| {
            Ok(KvResponse::CompareAndSwap {
                revision,
                succeeded,
            })
        };
        assert_eq!(store.apply(&cas(Some(""), "x")), ok(1, false));
        assert_eq!(store.apply(&cas(None, "x")), ok(2, true));
        assert_eq!(store.apply(&cas(None, "y")), ok(2, false));
        assert_eq!(store.apply(&cas(Some("x"), "y")), ok(3, true));
    }

    #[test]
    fn bad_requests_and_the_quota_change_nothing() {
        let mut store = KvStore::new();
        assert_eq!(store.apply(&put("", "v")), Err(MvccError::InvalidKey));
        let huge = "x".repeat(MAX_STORE_BYTES / 2 + 1);
        let big = "y".repeat(crate::mvcc::MAX_VALUE_BYTES);
        assert_eq!(
            store.apply(&put("big", &huge)),
            Err(MvccError::ValueTooLarge)
        );
        for i in 0..(MAX_STORE_BYTES / big.len()) {
            store.put(&format!("k{i}"), &big).expect("under quota");
        }
        let before = store.clone();
        assert_eq!(store.put("one-more", &big), Err(MvccError::NoSpace));
        assert_eq!(store, before);
    }

    #[test]
    fn a_snapshot_restores_everything() {
        let mut store = KvStore::new();
        store.put("a", "1").expect("put");
        store.put("b", "2").expect("put");
        store.delete("a");
        store.set_consistent_index(7);
        let data = store.encode_snapshot().expect("encodes");
        assert_eq!(KvStore::from_snapshot(&data), Ok(store));
        assert_eq!(KvStore::from_snapshot(&[]), Ok(KvStore::new()));
        assert!(KvStore::from_snapshot(b"garbage").is_err());
    }
}
