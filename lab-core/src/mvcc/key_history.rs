//! `KeyHistory`: every revision of one key the store still holds, oldest first (etcd's
//! `keyIndex` and the rows of its `key` bucket in one). A `None` value is a tombstone: the
//! key was deleted at that revision, ending a generation; a later put starts the next.

use serde::{Deserialize, Serialize};

use super::{KeyValue, Revision};

/// One row: the key at `revision`, or its deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRevision {
    /// When it happened.
    pub revision: Revision,
    /// The key as written then; `None` for a tombstone.
    pub kv: Option<KeyValue>,
}

impl KeyRevision {
    /// What the row weighs in the backend, for the quota (unit: bytes): the key and value
    /// plus [`ROW_OVERHEAD_BYTES`] for the revision key and the record's other fields.
    pub fn bytes(&self, key: &str) -> usize {
        let value = self.kv.as_ref().map_or(0, |kv| kv.value.len());
        ROW_OVERHEAD_BYTES + key.len() + value
    }
}

/// Backend bytes a row costs beyond its key and value (unit: bytes): 17 for the revision
/// key, about 15 for the marshalled revisions and version, 16 for bbolt's element header.
pub const ROW_OVERHEAD_BYTES: usize = 48;

/// One key's history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyHistory {
    revs: Vec<KeyRevision>,
}

impl KeyHistory {
    /// The key as it was at store revision `rev`: the newest row at or below it, unless that
    /// row is a tombstone.
    pub fn at(&self, rev: u64) -> Option<&KeyValue> {
        self.revs
            .iter()
            .rev()
            .find(|r| r.revision.main <= rev)
            .and_then(|r| r.kv.as_ref())
    }

    /// The key now, if it is live.
    pub fn latest(&self) -> Option<&KeyValue> {
        self.revs.last().and_then(|r| r.kv.as_ref())
    }

    /// The rows, oldest first.
    pub fn revisions(&self) -> &[KeyRevision] {
        &self.revs
    }

    /// Appends a row (revisions only grow).
    pub(crate) fn push(&mut self, revision: Revision, kv: Option<KeyValue>) {
        self.revs.push(KeyRevision { revision, kv });
    }

    /// Drops what a compaction at `rev` makes unreachable (etcd's `keyIndex.compact`): every
    /// row older than the newest one at or below `rev`, and that one too if it is a
    /// tombstone. Returns the rows dropped.
    pub(crate) fn compact(&mut self, rev: u64) -> Vec<KeyRevision> {
        let Some(keep) = self.revs.iter().rposition(|r| r.revision.main <= rev) else {
            return Vec::new();
        };
        let cut = match self.revs.get(keep) {
            Some(r) if r.kv.is_none() => keep + 1,
            _ => keep,
        };
        self.revs.drain(..cut).collect()
    }

    /// No rows left: the key can be forgotten.
    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(value: &str, create: u64, main: u64, version: u64) -> KeyValue {
        KeyValue {
            key: "k".into(),
            create_revision: create,
            mod_revision: main,
            version,
            value: value.into(),
            lease: 0,
        }
    }

    /// k: put a@2, put b@3, del@4, put c@6.
    fn two_generations() -> KeyHistory {
        let mut h = KeyHistory::default();
        h.push(Revision::new(2), Some(kv("a", 2, 2, 1)));
        h.push(Revision::new(3), Some(kv("b", 2, 3, 2)));
        h.push(Revision::new(4), None);
        h.push(Revision::new(6), Some(kv("c", 6, 6, 1)));
        h
    }

    #[test]
    fn reads_see_the_newest_row_at_or_below_the_revision() {
        let h = two_generations();
        let value = |rev| h.at(rev).map(|kv| kv.value.clone());
        assert_eq!(value(1), None, "before its creation");
        assert_eq!(value(2).as_deref(), Some("a"));
        assert_eq!(value(3).as_deref(), Some("b"));
        assert_eq!(value(4), None, "deleted");
        assert_eq!(value(5), None, "still deleted");
        assert_eq!(value(9).as_deref(), Some("c"));
    }

    #[test]
    fn compaction_keeps_the_row_a_read_at_its_revision_needs() {
        let mut h = two_generations();
        assert_eq!(h.compact(3).len(), 1, "a@2 is shadowed by b@3");
        assert_eq!(h.at(3).map(|kv| kv.value.as_str()), Some("b"));
        assert_eq!(h.compact(5).len(), 2, "b and its tombstone go together");
        assert_eq!(h.revisions().len(), 1);
        assert_eq!(h.compact(100).len(), 0, "the live row stays");
        assert_eq!(h.latest().map(|kv| kv.value.as_str()), Some("c"));
    }
}
