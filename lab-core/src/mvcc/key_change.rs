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

/// The keys written at one revision, in write order: a cache beside the store (not part of
/// its state, so any two compare equal and none is saved), which lets the watchers and the
/// lessor read the newest revision's writes without walking every key — with thousands of
/// keys (`check perf`) that walk on every apply would dominate the run.
#[derive(Clone, Debug, Default)]
pub(crate) struct WrittenKeys {
    revision: u64,
    keys: Vec<String>,
}

impl PartialEq for WrittenKeys {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for WrittenKeys {}

impl WrittenKeys {
    /// `key` is written at revision `main`.
    pub(super) fn record(&mut self, main: u64, key: &str) {
        if self.revision != main {
            self.revision = main;
            self.keys.clear();
        }
        self.keys.push(key.to_owned());
    }
}

impl KvStore {
    /// Every write made at store revision `rev`, in the order they were made (by `sub`).
    /// For the newest revision only the keys it wrote are read; any other revision (or a
    /// store just restored, whose cache is empty) walks every key's newest rows.
    pub fn changes_at(&self, rev: u64) -> Vec<KeyChange> {
        if self.written.revision == rev && rev == self.revision {
            return self.changes_of_written(rev);
        }
        let mut changes = self.changes_since(rev, usize::MAX);
        changes.retain(|c| c.revision.main == rev);
        changes
    }

    /// The writes of revision `rev` among the keys [`WrittenKeys`] names.
    fn changes_of_written(&self, rev: u64) -> Vec<KeyChange> {
        let mut changes = Vec::new();
        for key in &self.written.keys {
            let Some(rows) = self.keys.get(key).map(|h| h.revisions()) else {
                continue;
            };
            let start = rows.partition_point(|r| r.revision.main < rev);
            push_rows(&mut changes, key, rows, start, |r| r.revision.main == rev);
        }
        changes.sort_by_key(|c| c.revision);
        changes.dedup_by_key(|c| c.revision);
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
            push_rows(&mut changes, key, rows, first, |_| true);
        }
        changes.sort_by_key(|c| c.revision);
        changes.truncate(limit);
        changes
    }
}

/// The changes of `key` from row `start` on while `keep` holds, each with the row before it.
fn push_rows(
    changes: &mut Vec<KeyChange>,
    key: &str,
    rows: &[super::key_history::KeyRevision],
    start: usize,
    keep: impl Fn(&super::key_history::KeyRevision) -> bool,
) {
    let mut prev = start
        .checked_sub(1)
        .and_then(|i| rows.get(i))
        .and_then(|r| r.kv.clone());
    for row in rows.iter().skip(start).take_while(|r| keep(r)) {
        changes.push(KeyChange {
            revision: row.revision,
            key: key.to_owned(),
            prev: prev.clone(),
            kv: row.kv.clone(),
        });
        prev = row.kv.clone();
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
