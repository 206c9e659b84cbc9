//! `KvStore`: the key-value state every member applies committed requests to (etcd's
//! `mvcc.store`): each key's history of revisions, the compacted revision, the raised alarms
//! and the backend's size for the quota.
//!
//! The store `revision` starts at 1, as in etcd, and grows by one with every request that
//! changes something (a put, a delete that deleted something, a txn with such writes, which
//! all share the one revision); reads and no-op writes leave it. The `consistent_index` is
//! the index of the last Raft entry applied to the store (etcd keeps it in the backend's
//! meta bucket), so a member never applies an entry twice, and it travels in snapshots with
//! the keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    Alarm, KeyHistory, KeyRange, KeyValue, KvRequest, KvResponse, MvccError, RangeRequest,
    RangeResponse, encoding, range,
};

/// Most backend bytes (see [`KvStore::backend_bytes`]) a store may reach; a put beyond is
/// refused with `NoSpace` and raises the NOSPACE alarm. The default and the ceiling of a
/// member's `--quota-backend-bytes` (etcd's default is 2 GiB, far larger: here every member
/// of every lab lives in one browser tab). Unit: bytes.
pub const MAX_STORE_BYTES: usize = 64 * 1024 * 1024;

/// A fresh backend's size, before any key (unit: bytes): bbolt's five first pages.
pub const EMPTY_BACKEND_BYTES: usize = 20_480;

/// The store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvStore {
    pub(super) revision: u64,
    consistent_index: u64,
    /// The consistent index as the backend's `meta` bucket holds it: etcd writes it only when
    /// a write changed the key space (`storeTxnWrite.End`) or the store is committed for a
    /// raft snapshot (`store.Commit`), so entries that change nothing in `key` leave it.
    /// 0: never written (the bucket has no `consistent_index` row yet).
    #[serde(default)]
    backend_index: u64,
    /// The revision of the last compaction; 0 when never compacted (etcd's -1).
    #[serde(default)]
    pub(super) compact_revision: u64,
    #[serde(default)]
    pub(super) keys: BTreeMap<String, KeyHistory>,
    /// Raised alarms, in the order they were raised (etcd's `alarm` bucket).
    #[serde(default)]
    pub(super) alarms: Vec<Alarm>,
    /// The most row bytes held since the last defragmentation: like a bbolt file, the
    /// backend keeps the pages a compaction frees until `defrag` gives them back.
    #[serde(default)]
    pub(super) high_water_bytes: usize,
    /// Row bytes held now; recomputed on restore, never trusted.
    #[serde(skip)]
    pub(super) bytes: usize,
    /// This member's `--quota-backend-bytes` (unit: bytes), not part of the replicated state.
    #[serde(skip, default = "default_quota")]
    pub(super) quota_bytes: usize,
    /// The keys the newest revision wrote, so reading its changes costs what it wrote.
    #[serde(skip)]
    pub(super) written: super::key_change::WrittenKeys,
}

fn default_quota() -> usize {
    MAX_STORE_BYTES
}

impl Default for KvStore {
    fn default() -> KvStore {
        KvStore {
            revision: 1,
            consistent_index: 0,
            backend_index: 0,
            compact_revision: 0,
            keys: BTreeMap::new(),
            alarms: Vec::new(),
            high_water_bytes: 0,
            bytes: 0,
            quota_bytes: MAX_STORE_BYTES,
            written: Default::default(),
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

    /// The last compaction's revision, if the store was ever compacted.
    pub fn compact_revision(&self) -> Option<u64> {
        (self.compact_revision > 0).then_some(self.compact_revision)
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
        self.backend_index = index;
    }

    /// The consistent index the backend file holds (see the field); 0 if none was written.
    pub fn backend_consistent_index(&self) -> u64 {
        self.backend_index
    }

    /// Writes the consistent index to the backend, as etcd's `saveIndex` does after a write
    /// that changed the key space and when the store is committed for a snapshot.
    pub(crate) fn save_index(&mut self) {
        self.backend_index = self.consistent_index;
    }

    /// Sets this member's quota (`--quota-backend-bytes`; 0 or more than
    /// [`MAX_STORE_BYTES`] mean [`MAX_STORE_BYTES`]). Unit: bytes.
    pub fn set_quota_bytes(&mut self, quota: u64) {
        self.quota_bytes = usize::try_from(quota)
            .ok()
            .filter(|&q| q > 0 && q <= MAX_STORE_BYTES)
            .unwrap_or(MAX_STORE_BYTES);
    }

    /// This member's quota (unit: bytes).
    pub fn quota_bytes(&self) -> u64 {
        self.quota_bytes as u64
    }

    /// The key now, if it exists.
    pub fn range(&self, key: &str) -> Option<&KeyValue> {
        self.keys.get(key).and_then(KeyHistory::latest)
    }

    /// A read of `key` at the current revision (etcd's `Range` of one key).
    pub fn get(&self, key: &str) -> KvResponse {
        KvResponse::Get {
            revision: self.revision,
            kv: self.range(key).cloned(),
        }
    }

    /// Answers a read (`Get` or `Range`) from the state now; any other request is refused
    /// as not a read.
    pub fn read(&self, req: &KvRequest) -> Result<KvResponse, MvccError> {
        match req {
            KvRequest::Get { key, .. } => Ok(self.get(key)),
            KvRequest::Range(r) => self.range_keys(r).map(KvResponse::Range),
            _ => Err(MvccError::NotARead),
        }
    }

    /// etcd's `Range`: the keys of `req` at its revision (0: now), refused for a revision
    /// compacted away or not reached yet.
    pub fn range_keys(&self, req: &RangeRequest) -> Result<RangeResponse, MvccError> {
        let rev = match req.revision {
            0 => self.revision,
            rev if rev > self.revision => return Err(MvccError::FutureRev),
            rev if rev < self.compact_revision => return Err(MvccError::Compacted),
            rev => rev,
        };
        let matched = self.keys_at(&req.range, rev);
        Ok(range::shape(req, matched, self.revision))
    }

    /// The live keys of `range` at revision `rev`, in key order; no checks.
    pub(super) fn keys_at(&self, range: &KeyRange, rev: u64) -> Vec<KeyValue> {
        let from = std::ops::Bound::Included(range.key.clone());
        self.keys
            .range((from, std::ops::Bound::Unbounded))
            .take_while(|(key, _)| range.contains(key))
            .filter_map(|(_, history)| history.at(rev).cloned())
            .collect()
    }

    /// Number of live keys.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// No live keys?
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The live keys, in key order.
    pub fn iter(&self) -> impl Iterator<Item = &KeyValue> {
        self.keys.values().filter_map(KeyHistory::latest)
    }

    /// Every key's history, in key order: the rows of etcd's `key` bucket.
    pub fn histories(&self) -> impl Iterator<Item = (&str, &KeyHistory)> {
        self.keys.iter().map(|(k, h)| (k.as_str(), h))
    }

    /// The raised alarms.
    pub fn alarms(&self) -> &[Alarm] {
        &self.alarms
    }

    /// The backend's size and the part of it in use (unit: bytes): the empty backend plus
    /// the rows held at most since the last defragmentation, and now.
    pub fn backend_bytes(&self) -> (usize, usize) {
        let size = self.high_water_bytes.max(self.bytes);
        (
            EMPTY_BACKEND_BYTES.saturating_add(size),
            EMPTY_BACKEND_BYTES.saturating_add(self.bytes),
        )
    }

    /// etcd's `Defrag`: the backend gives the free pages back.
    pub fn defrag(&mut self) {
        self.high_water_bytes = self.bytes;
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
            .keys
            .iter()
            .flat_map(|(key, h)| h.revisions().iter().map(move |r| r.bytes(key)))
            .fold(0, usize::saturating_add);
        self
    }
}

#[cfg(test)]
#[path = "kv_store_tests.rs"]
mod tests;
