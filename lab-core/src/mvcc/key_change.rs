//! [`KeyChange`]: one write an applied request made, read back from the keys' histories, so
//! that watchers and the lessor learn of every put and delete (those of a txn and of a range
//! delete too) without the write path having to tell them.

use super::{KeyValue, KvStore, Revision};

/// One put or delete: the key before and after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyChange {
    /// When it happened: the request's revision and the write's place in it.
    pub revision: Revision,
    /// The key written.
    pub key: String,
    /// The key before the write, if it was live.
    pub prev: Option<KeyValue>,
    /// The key after the write; `None` for a delete.
    pub kv: Option<KeyValue>,
}

impl KvStore {
    /// Every write made at store revision `rev`, in the order they were made (by `sub`).
    /// Reads only the newest rows of each key, so it is cheap for the latest revision, which
    /// is what callers ask for right after an apply.
    pub fn changes_at(&self, rev: u64) -> Vec<KeyChange> {
        let mut changes = self.changes_since(rev, usize::MAX);
        changes.retain(|c| c.revision.main == rev);
        changes
    }

    /// The writes made at store revision `from` and after that the store still holds, oldest
    /// first, at most `limit` of them (the oldest): what a watcher starting at `from` is owed.
    pub fn changes_since(&self, from: u64, limit: usize) -> Vec<KeyChange> {
        let mut changes = Vec::new();
        for (key, history) in &self.keys {
            let rows = history.revisions();
            let newer = rows
                .iter()
                .rev()
                .take_while(|r| r.revision.main >= from)
                .count();
            let first = rows.len().saturating_sub(newer);
            let mut prev = first
                .checked_sub(1)
                .and_then(|i| rows.get(i))
                .and_then(|r| r.kv.clone());
            for row in rows.iter().skip(first) {
                changes.push(KeyChange {
                    revision: row.revision,
                    key: key.clone(),
                    prev: prev.clone(),
                    kv: row.kv.clone(),
                });
                prev = row.kv.clone();
            }
        }
        changes.sort_by_key(|c| c.revision);
        changes.truncate(limit);
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mvcc::{DeleteRangeRequest, KeyRange, KvRequest, PutRequest, RequestOp, TxnRequest};

    fn put(key: &str, value: &str) -> RequestOp {
        RequestOp::Put(PutRequest {
            key: key.into(),
            value: value.into(),
            ..PutRequest::default()
        })
    }

    #[test]
    fn a_txn_reports_each_of_its_writes_in_order() {
        let mut store = KvStore::new();
        store.put("b", "old").expect("put");
        let txn = TxnRequest {
            success: vec![
                put("c", "1"),
                RequestOp::DeleteRange(DeleteRangeRequest {
                    range: KeyRange::key("b"),
                    prev_kv: false,
                }),
                put("a", "2"),
            ],
            ..TxnRequest::default()
        };
        store.apply(&KvRequest::Txn(txn)).expect("txn applies");
        let changes = store.changes_at(3);
        let seen: Vec<(&str, u64, bool)> = changes
            .iter()
            .map(|c| (c.key.as_str(), c.revision.sub, c.kv.is_some()))
            .collect();
        assert_eq!(seen, vec![("c", 0, true), ("b", 1, false), ("a", 2, true)]);
        let deleted = changes.get(1).and_then(|c| c.prev.as_ref());
        assert_eq!(deleted.map(|kv| kv.value.as_str()), Some("old"));
    }

    #[test]
    fn a_write_reports_the_key_as_it_was_before() {
        let mut store = KvStore::new();
        store.put("k", "v1").expect("put");
        store.put("k", "v2").expect("put");
        let changes = store.changes_at(3);
        assert_eq!(changes.len(), 1, "only revision 3's write");
        let prev = changes.first().and_then(|c| c.prev.as_ref());
        assert_eq!(prev.map(|kv| kv.value.as_str()), Some("v1"));
        assert!(store.changes_at(4).is_empty(), "nothing happened yet at 4");
    }

    #[test]
    fn changes_since_a_revision_come_oldest_first_and_bounded() {
        let mut store = KvStore::new();
        for (key, value) in [("b", "1"), ("a", "2"), ("b", "3"), ("c", "4")] {
            store.put(key, value).expect("put");
        }
        let order = |changes: Vec<KeyChange>| -> Vec<u64> {
            changes.iter().map(|c| c.revision.main).collect()
        };
        assert_eq!(order(store.changes_since(3, usize::MAX)), vec![3, 4, 5]);
        assert_eq!(
            order(store.changes_since(0, 2)),
            vec![2, 3],
            "the oldest two"
        );
    }
}
