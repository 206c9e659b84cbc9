//! `Entry`: one slot of the replicated log.

use serde::{Deserialize, Serialize};

/// One log entry, as in etcd's `raftpb.Entry`.
///
/// An entry with empty `data` is the no-op a new leader appends to commit entries from earlier
/// terms (Raft paper §5.4.2, §8).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Normal (state-machine data) or a membership change.
    #[serde(default)]
    pub entry_type: EntryType,
    /// The leader's term when the entry was created.
    pub term: u64,
    /// Position in the log, starting at 1.
    pub index: u64,
    /// Opaque payload; the state machine (MVCC, later) gives it meaning.
    pub data: Vec<u8>,
}

/// What an entry's `data` holds (etcd's `EntryType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryType {
    /// Opaque state-machine data (or nothing: a new leader's no-op).
    #[default]
    EntryNormal,
    /// An encoded [`ConfChange`](super::ConfChange).
    EntryConfChange,
}

/// Bytes an entry counts for against size limits: payload plus a fixed allowance for the term
/// and index, so that even empty entries are not free.
pub(crate) const ENTRY_OVERHEAD_BYTES: u64 = 16;

impl Entry {
    /// An entry at `index` written in `term`.
    pub fn new(term: u64, index: u64, data: Vec<u8>) -> Entry {
        Entry {
            entry_type: EntryType::EntryNormal,
            term,
            index,
            data,
        }
    }

    /// Is this a membership change?
    pub fn is_conf_change(&self) -> bool {
        self.entry_type == EntryType::EntryConfChange
    }

    /// Size charged against `max_size_per_msg` and similar byte limits.
    pub fn size(&self) -> u64 {
        ENTRY_OVERHEAD_BYTES.saturating_add(self.data.len() as u64)
    }
}

/// How many leading entries of `ents` fit in `max_size` bytes (etcd's `limitSize`).
///
/// Always at least one when `ents` is non-empty, so an entry larger than the limit still moves.
pub(crate) fn limit_size(ents: &[Entry], max_size: u64) -> usize {
    let mut size = 0u64;
    for (i, ent) in ents.iter().enumerate() {
        size = size.saturating_add(ent.size());
        if i > 0 && size > max_size {
            return i;
        }
    }
    ents.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_size_keeps_at_least_one_entry() {
        let ents: Vec<Entry> = (1..=3).map(|i| Entry::new(1, i, vec![0; 100])).collect();
        assert_eq!(limit_size(&ents, 0), 1);
        assert_eq!(limit_size(&ents, 2 * 116), 2);
        assert_eq!(limit_size(&ents, u64::MAX), 3);
        assert_eq!(limit_size(&[], 0), 0);
    }
}
