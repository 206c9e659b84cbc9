//! `MemoryStorage`: the stable (persisted) part of a Raft log, as etcd's `MemoryStorage`.
//!
//! Raft reads it; the owner of the node writes it, after persisting the same data elsewhere.
//! In the sim a member's data-dir on its host's disk holds one of these, and a restarted member
//! rebuilds its Raft state from it, as etcd replays its WAL into a `MemoryStorage`.

use serde::{Deserialize, Serialize};

use super::entry::limit_size;
use super::{ConfState, Entry, HardState, RaftError, Snapshot};

/// Hard state, the latest snapshot and the entries that have been made durable.
///
/// `offset_index`/`offset_term` describe the entry just before the first stored one (etcd keeps
/// it as a dummy entry): the last compacted entry, 0 for a log that never was compacted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryStorage {
    hard_state: HardState,
    snapshot: Snapshot,
    offset_index: u64,
    offset_term: u64,
    ents: Vec<Entry>,
}

impl MemoryStorage {
    /// An empty log with a zero hard state: a brand-new member.
    pub fn new() -> MemoryStorage {
        MemoryStorage::default()
    }

    /// The persisted hard state.
    pub fn hard_state(&self) -> HardState {
        self.hard_state
    }

    /// Replaces the persisted hard state.
    pub fn set_hard_state(&mut self, hs: HardState) {
        self.hard_state = hs;
    }

    /// Index of the first entry that can be read.
    pub fn first_index(&self) -> u64 {
        self.offset_index.saturating_add(1)
    }

    /// Index of the last stored entry (the offset if there are none).
    pub fn last_index(&self) -> u64 {
        self.offset_index.saturating_add(self.ents.len() as u64)
    }

    /// Number of stored entries.
    pub fn len(&self) -> usize {
        self.ents.len()
    }

    /// Does the log hold no entries?
    pub fn is_empty(&self) -> bool {
        self.ents.is_empty()
    }

    /// Term of the entry at `i`.
    pub fn term(&self, i: u64) -> Result<u64, RaftError> {
        if i < self.offset_index {
            return Err(RaftError::Compacted);
        }
        if i == self.offset_index {
            return Ok(self.offset_term);
        }
        self.get(i).map(|e| e.term).ok_or(RaftError::Unavailable)
    }

    /// Entries in `[lo, hi)`, cut to `max_size` bytes (at least one).
    pub fn entries(&self, lo: u64, hi: u64, max_size: u64) -> Result<Vec<Entry>, RaftError> {
        if lo <= self.offset_index {
            return Err(RaftError::Compacted);
        }
        if hi > self.last_index().saturating_add(1) || lo > hi {
            return Err(RaftError::Unavailable);
        }
        let from = self.position(lo);
        let to = self.position(hi);
        let slice = self.ents.get(from..to).ok_or(RaftError::Unavailable)?;
        Ok(slice[..limit_size(slice, max_size)].to_vec())
    }

    /// Appends `ents`, first dropping any stored entries at or after `ents[0].index`: a new
    /// leader may overwrite an uncommitted suffix.
    pub fn append(&mut self, ents: &[Entry]) -> Result<(), RaftError> {
        let Some(first) = ents.first() else {
            return Ok(());
        };
        self.check_append(first.index)?;
        // Entries already covered by a snapshot are durable elsewhere; skip them.
        let ents = ents.get(self.covered(first.index)..).unwrap_or_default();
        let Some(first) = ents.first() else {
            return Ok(());
        };
        self.ents.truncate(self.position(first.index));
        self.ents.extend_from_slice(ents);
        Ok(())
    }

    /// [`MemoryStorage::append`] of consecutive entries from `first_index` on that the
    /// caller gives up, so they move rather than copy. On error nothing changes.
    pub(crate) fn append_moved(
        &mut self,
        first_index: u64,
        ents: impl ExactSizeIterator<Item = Entry>,
    ) -> Result<(), RaftError> {
        self.check_append(first_index)?;
        let skip = self.covered(first_index);
        if skip >= ents.len() {
            return Ok(());
        }
        let at = first_index.saturating_add(skip as u64);
        self.ents.truncate(self.position(at));
        self.ents.extend(ents.skip(skip));
        Ok(())
    }

    /// Would appending entries from `first_index` on leave a gap? (Entries a snapshot
    /// already covers are skipped, so only those after it count.)
    pub(crate) fn check_append(&self, first_index: u64) -> Result<(), RaftError> {
        let at = first_index.max(self.first_index());
        if at > self.last_index().saturating_add(1) {
            return Err(RaftError::LogGap {
                last: self.last_index(),
                at,
            });
        }
        Ok(())
    }

    /// How many entries from `first_index` on a snapshot already covers.
    fn covered(&self, first_index: u64) -> usize {
        let skip = self.first_index().saturating_sub(first_index);
        usize::try_from(skip).unwrap_or(usize::MAX)
    }

    /// The latest snapshot (empty if none was taken or received).
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Membership as of the snapshot; empty when there is none.
    pub fn conf_state(&self) -> &ConfState {
        &self.snapshot.metadata.conf_state
    }

    /// Replaces everything with `snap` (a follower catching up from its leader). The hard
    /// state is kept: the owner persists the new one from the same `Ready`.
    pub fn apply_snapshot(&mut self, snap: Snapshot) -> Result<(), RaftError> {
        if snap.metadata.index <= self.snapshot.metadata.index {
            return Err(RaftError::SnapOutOfDate);
        }
        self.offset_index = snap.metadata.index;
        self.offset_term = snap.metadata.term;
        self.ents.clear();
        self.snapshot = snap;
        Ok(())
    }

    /// Records a snapshot of the state machine at applied index `i` with membership `cs`, for
    /// followers too far behind (etcd's `CreateSnapshot`). Does not compact.
    pub fn create_snapshot(
        &mut self,
        i: u64,
        cs: ConfState,
        data: Vec<u8>,
    ) -> Result<&Snapshot, RaftError> {
        if i <= self.snapshot.metadata.index {
            return Err(RaftError::SnapOutOfDate);
        }
        let term = self.term(i)?;
        self.snapshot = Snapshot {
            data,
            metadata: super::SnapshotMetadata {
                conf_state: cs,
                index: i,
                term,
            },
        };
        Ok(&self.snapshot)
    }

    /// Discards entries up to and including `i` (etcd's `Compact`). Only what a snapshot
    /// covers may go, or a lagging follower could be left with nothing to catch up from.
    pub fn compact(&mut self, i: u64) -> Result<(), RaftError> {
        if i <= self.offset_index {
            return Err(RaftError::Compacted);
        }
        if i > self.last_index() || i > self.snapshot.metadata.index {
            return Err(RaftError::Unavailable);
        }
        let term = self.term(i)?;
        let drop = usize::try_from(i - self.offset_index).unwrap_or(usize::MAX);
        self.ents.drain(..drop.min(self.ents.len()));
        self.offset_index = i;
        self.offset_term = term;
        Ok(())
    }

    fn get(&self, i: u64) -> Option<&Entry> {
        if i <= self.offset_index {
            return None;
        }
        self.ents.get(self.position(i))
    }

    /// Vector position of index `i` (which must be above the offset).
    fn position(&self, i: u64) -> usize {
        usize::try_from(i.saturating_sub(self.first_index())).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(terms: &[(u64, u64)]) -> Vec<Entry> {
        terms
            .iter()
            .map(|&(t, i)| Entry::new(t, i, Vec::new()))
            .collect()
    }

    #[test]
    fn append_overwrites_a_conflicting_suffix() {
        let mut s = MemoryStorage::new();
        assert_eq!(s.append(&ents(&[(1, 1), (1, 2), (1, 3)])), Ok(()));
        assert_eq!(s.append(&ents(&[(2, 2)])), Ok(()));
        assert_eq!(s.last_index(), 2);
        assert_eq!(s.term(2), Ok(2));
        assert_eq!(s.term(0), Ok(0));
        assert_eq!(s.term(3), Err(RaftError::Unavailable));
    }

    #[test]
    fn append_moved_skips_what_the_snapshot_covers() {
        let mut s = MemoryStorage::new();
        assert_eq!(s.append(&ents(&[(1, 1), (1, 2), (1, 3)])), Ok(()));
        let cs = ConfState::default();
        assert!(s.create_snapshot(2, cs, Vec::new()).is_ok());
        assert_eq!(s.compact(2), Ok(()));
        let covered = ents(&[(1, 1), (1, 2)]);
        assert_eq!(s.append_moved(1, covered.into_iter()), Ok(()));
        assert_eq!((s.first_index(), s.last_index()), (3, 3), "unchanged");
        let overlap = ents(&[(1, 2), (2, 3)]);
        assert_eq!(s.append_moved(2, overlap.into_iter()), Ok(()));
        assert_eq!((s.last_index(), s.term(3)), (3, Ok(2)), "index 3 replaced");
        let gap = s.append_moved(5, ents(&[(2, 5)]).into_iter());
        assert_eq!(gap, Err(RaftError::LogGap { last: 3, at: 5 }));
    }

    #[test]
    fn append_refuses_a_gap() {
        let mut s = MemoryStorage::new();
        assert_eq!(
            s.append(&ents(&[(1, 3)])),
            Err(RaftError::LogGap { last: 0, at: 3 })
        );
        assert!(s.is_empty());
    }

    #[test]
    fn compaction_needs_a_snapshot_and_keeps_the_boundary_term() {
        let mut s = MemoryStorage::new();
        assert_eq!(s.append(&ents(&[(1, 1), (1, 2), (2, 3)])), Ok(()));
        assert_eq!(s.compact(2), Err(RaftError::Unavailable), "no snapshot yet");
        let cs = ConfState::default();
        assert!(s.create_snapshot(2, cs.clone(), b"kv".to_vec()).is_ok());
        assert_eq!(
            s.create_snapshot(1, cs, Vec::new()).err(),
            Some(RaftError::SnapOutOfDate)
        );
        assert_eq!(s.compact(2), Ok(()));
        assert_eq!((s.first_index(), s.last_index(), s.term(2)), (3, 3, Ok(1)));
        assert_eq!(s.term(1), Err(RaftError::Compacted));
        assert_eq!(s.compact(2), Err(RaftError::Compacted));
    }

    #[test]
    fn entries_respects_bounds_and_size() {
        let mut s = MemoryStorage::new();
        assert_eq!(s.append(&ents(&[(1, 1), (1, 2), (2, 3)])), Ok(()));
        assert_eq!(s.entries(1, 4, u64::MAX).map(|v| v.len()), Ok(3));
        assert_eq!(s.entries(2, 4, 0).map(|v| v.len()), Ok(1));
        assert_eq!(s.entries(0, 2, u64::MAX), Err(RaftError::Compacted));
        assert_eq!(s.entries(2, 5, u64::MAX), Err(RaftError::Unavailable));
    }
}
