//! The member's backend `key` bucket as etcd lays it out in bbolt — one row per key revision,
//! keyed by the revision's bytes, holding the marshalled `mvccpb.KeyValue` — and the two
//! figures etcd derives from it: HashKV's CRC-32C (`mvcc/kvstore.go`, `HashByRev`) and the
//! database size `endpoint status` shows.
//!
//! The rows are the store's history: every key revision still held (a compaction drops
//! rows), tombstones included, as etcd marks them (the revision key ends in `t`, the value
//! holds only the key). The work is bounded by the store's own limit
//! ([`crate::mvcc::MAX_STORE_BYTES`]).

use crc::{CRC_32_ISCSI, Crc};

use crate::etcdctl::{ServerError, key_rows, revision_main};
use crate::mvcc::KvStore;

/// etcd's `keyBucketName`, hashed before the rows.
const KEY_BUCKET_NAME: &[u8] = b"key";
/// Castagnoli's polynomial, as Go's `crc32.MakeTable(crc32.Castagnoli)`.
const CASTAGNOLI: Crc<u32> = Crc::<u32>::new(&CRC_32_ISCSI);
/// What etcd answers as the compact revision of a store never compacted.
pub(super) const NEVER_COMPACTED: i64 = -1;

/// bbolt's page (unit: bytes).
const PAGE_BYTES: i64 = 4_096;
/// A fresh member's high-water mark: two meta pages, the freelist, the root page with the
/// (inline) buckets, and the page its first commit freed (unit: pages). 20 kB, as recorded.
const EMPTY_DB_PAGES: i64 = 5;
/// Of which in use (unit: pages). 16 kB, as recorded.
const EMPTY_DB_IN_USE_PAGES: i64 = 4;
/// Row bytes one leaf page holds: bbolt splits pages half full (`FillPercent` 0.5)
/// (unit: bytes).
const ROW_BYTES_PER_PAGE: usize = 2_048;
/// bbolt's leaf element header per row (unit: bytes).
const ROW_HEADER_BYTES: usize = 16;

/// etcd's `HashByRev(rev)`: the hash of every row up to `rev` (0: the current revision),
/// with the current revision; a revision beyond it is refused as etcd refuses it.
pub(super) fn hash_by_rev(store: &KvStore, rev: i64) -> Result<(u32, u64), ServerError> {
    let current = store.revision();
    let upto = match u64::try_from(rev) {
        Ok(0) | Err(_) => current,
        Ok(rev) if rev > current => return Err(ServerError::future_rev()),
        Ok(rev) => rev,
    };
    let mut digest = CASTAGNOLI.digest();
    digest.update(KEY_BUCKET_NAME);
    for (key, value) in key_rows(store)
        .iter()
        .filter(|(key, _)| revision_main(key) <= upto)
    {
        digest.update(key);
        digest.update(value);
    }
    Ok((digest.finalize(), current))
}

/// bbolt's size and size in use for this store (unit: bytes): the empty file's pages plus
/// enough half-full leaf pages for the rows, and for the rows a compaction freed that no
/// defragmentation gave back yet. A plausible figure, not bbolt's exact one (its
/// copy-on-write pages and freelist are not modelled).
pub(super) fn db_size(store: &KvStore) -> (i64, i64) {
    let (size, in_use) = store.backend_bytes();
    let row_bytes: usize = key_rows(store)
        .iter()
        .map(|(key, value)| ROW_HEADER_BYTES + key.len() + value.len())
        .fold(size.saturating_sub(in_use), usize::saturating_add);
    let pages = i64::try_from(row_bytes.div_ceil(ROW_BYTES_PER_PAGE)).unwrap_or(i64::MAX);
    let size = EMPTY_DB_PAGES.saturating_add(pages);
    let in_use = EMPTY_DB_IN_USE_PAGES.saturating_add(pages.saturating_sub(1).max(0));
    (
        size.saturating_mul(PAGE_BYTES),
        in_use.saturating_mul(PAGE_BYTES),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_store_hashes_as_the_recorded_fresh_cluster() {
        // `endpoint hashkv -w table` right after the bootstrap of scenario 1.
        assert_eq!(hash_by_rev(&KvStore::new(), 0), Ok((1_084_519_789, 1)));
    }

    #[test]
    fn each_key_revision_adds_its_revision_bytes_and_marshalled_key_value() {
        let mut store = KvStore::new();
        store.put("foo", "bar").expect("put");
        // crc32c("key" ‖ 00..02 '_' 00..00 ‖ 0a03666f6f 1002 1802 2001 2a03626172),
        // computed outside the lab.
        assert_eq!(hash_by_rev(&store, 0), Ok((3_305_255_506, 2)));
        store.put("a", "1").expect("put");
        assert_eq!(hash_by_rev(&store, 0), Ok((480_936_909, 3)));
        assert_eq!(
            hash_by_rev(&store, 2),
            Ok((3_305_255_506, 3)),
            "--rev 2 leaves the later revision out but reports the current one"
        );
    }

    #[test]
    fn a_future_revision_is_refused_and_a_negative_one_means_all() {
        let store = KvStore::new();
        assert_eq!(hash_by_rev(&store, 2), Err(ServerError::future_rev()));
        assert_eq!(hash_by_rev(&store, -5), hash_by_rev(&store, 0));
    }

    #[test]
    fn the_database_grows_from_the_recorded_empty_size() {
        assert_eq!(db_size(&KvStore::new()), (20_480, 16_384));
        let mut store = KvStore::new();
        store.put("k1", "v1").expect("put");
        store.put("k2", "v2").expect("put");
        // Scenario 3 after two small puts: 25 kB, 16 kB in use.
        assert_eq!(db_size(&store), (24_576, 16_384));
        for i in 0..200 {
            store
                .put(&format!("key-{i}"), &"x".repeat(100))
                .expect("put");
        }
        let (size, in_use) = db_size(&store);
        assert!(size > 24_576 && in_use < size, "{size} {in_use}");
    }

    proptest::proptest! {
        #[test]
        fn members_with_the_same_puts_hash_alike(puts in proptest::collection::vec(("[a-c]{1,2}", "[x-z]{0,3}"), 0..20)) {
            let (mut a, mut b) = (KvStore::new(), KvStore::new());
            for (key, value) in &puts {
                a.put(key, value).expect("put");
                b.put(key, value).expect("put");
            }
            proptest::prop_assert_eq!(hash_by_rev(&a, 0), hash_by_rev(&b, 0));
            if let Some((key, _)) = puts.first() {
                b.put(key, "diverged").expect("put");
                proptest::prop_assert_ne!(hash_by_rev(&a, 0).map(|h| h.0), hash_by_rev(&b, 0).map(|h| h.0));
            }
        }
    }
}
