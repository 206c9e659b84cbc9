//! `RaftLog`: one node's view of the replicated log (etcd's `raftLog`).
//!
//! It joins the persisted [`MemoryStorage`] with the not-yet-persisted [`Unstable`] tail and
//! tracks `commit_index` (highest index known committed) and `applied` (highest index handed to
//! the state machine). Invariant: `applied <= commit_index <= last_index()`.

use super::entry::limit_size;
use super::unstable::Unstable;
use super::{Entry, MemoryStorage, RaftError, Snapshot};

/// The log: stable entries, unstable tail, commit and apply positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftLog {
    storage: MemoryStorage,
    unstable: Unstable,
    commit_index: u64,
    applied: u64,
}

impl RaftLog {
    /// A log over `storage`, committed up to the persisted commit index. Only what the
    /// snapshot covers counts as applied: the state machine is volatile, restored from the
    /// snapshot and rebuilt by re-applying the committed entries after it.
    pub fn new(storage: MemoryStorage) -> Result<RaftLog, RaftError> {
        let commit = storage.hard_state().commit_index;
        let last_index = storage.last_index();
        if commit > last_index {
            return Err(RaftError::CommitOutOfRange { commit, last_index });
        }
        // The owner restores the state machine from the snapshot, so everything it covers
        // counts as applied, even entries kept after it for slow followers.
        let applied = (storage.first_index() - 1).max(storage.snapshot().metadata.index);
        Ok(RaftLog {
            unstable: Unstable::new(last_index + 1),
            commit_index: commit.max(applied),
            applied,
            storage,
        })
    }

    /// The persisted part.
    pub fn storage(&self) -> &MemoryStorage {
        &self.storage
    }

    /// Highest index known to be committed.
    pub fn commit_index(&self) -> u64 {
        self.commit_index
    }

    /// Highest index handed to the state machine.
    pub fn applied(&self) -> u64 {
        self.applied
    }

    /// The persisted part, for the owner's snapshots and compaction.
    pub(crate) fn storage_mut(&mut self) -> &mut MemoryStorage {
        &mut self.storage
    }

    /// First readable index.
    pub fn first_index(&self) -> u64 {
        self.unstable
            .maybe_first_index()
            .unwrap_or_else(|| self.storage.first_index())
    }

    /// Last index, stable or not.
    pub fn last_index(&self) -> u64 {
        self.unstable
            .maybe_last_index()
            .unwrap_or_else(|| self.storage.last_index())
    }

    /// Term of the last entry (0 for an empty log).
    pub fn last_term(&self) -> u64 {
        self.term(self.last_index()).unwrap_or(0)
    }

    /// Term of entry `i`: `Compacted` below the first index, `Unavailable` past the last.
    pub fn term(&self, i: u64) -> Result<u64, RaftError> {
        if i < self.first_index() - 1 {
            return Err(RaftError::Compacted);
        }
        if i > self.last_index() {
            return Err(RaftError::Unavailable);
        }
        match self.unstable.maybe_term(i) {
            Some(t) => Ok(t),
            None => self.storage.term(i),
        }
    }

    /// Does the log hold entry `i` with term `t`? (The Log Matching check.)
    pub fn match_term(&self, i: u64, t: u64) -> bool {
        self.term(i) == Ok(t)
    }

    /// Is a log ending at (`last_index`, `term`) at least as up-to-date as ours (§5.4.1)?
    pub fn is_up_to_date(&self, last_index: u64, term: u64) -> bool {
        let our_term = self.last_term();
        term > our_term || (term == our_term && last_index >= self.last_index())
    }

    /// Entries not yet persisted, to hand out in `Ready::entries`.
    pub fn unstable_entries(&self) -> &[Entry] {
        &self.unstable.entries
    }

    /// Entries from `i` to the end, cut to `max_size` bytes.
    pub fn entries(&self, i: u64, max_size: u64) -> Result<Vec<Entry>, RaftError> {
        if i > self.last_index() {
            return Ok(Vec::new());
        }
        self.slice(i, self.last_index() + 1, max_size)
    }

    /// Committed entries not yet applied, cut to `max_size` bytes.
    pub fn next_committed_entries(&self, max_size: u64) -> Vec<Entry> {
        let lo = self.applied.saturating_add(1).max(self.first_index());
        if self.commit_index < lo {
            return Vec::new();
        }
        self.slice(lo, self.commit_index + 1, max_size)
            .unwrap_or_default()
    }

    /// Are there committed entries to apply?
    pub fn has_next_committed_entries(&self) -> bool {
        self.commit_index > self.applied.max(self.first_index() - 1)
    }

    /// Entries in `[lo, hi)`, from storage and then the unstable tail.
    pub fn slice(&self, lo: u64, hi: u64, max_size: u64) -> Result<Vec<Entry>, RaftError> {
        if lo < self.first_index() {
            return Err(RaftError::Compacted);
        }
        if hi > self.last_index() + 1 || lo > hi {
            return Err(RaftError::Unavailable);
        }
        let split = self.unstable.offset;
        let mut ents = if lo < split {
            self.storage.entries(lo, hi.min(split), max_size)?
        } else {
            Vec::new()
        };
        if hi > split {
            ents.extend_from_slice(self.unstable.slice(lo.max(split), hi));
        }
        let keep = limit_size(&ents, max_size);
        ents.truncate(keep);
        Ok(ents)
    }

    /// Appends entries a leader created; returns the new last index.
    pub fn append(&mut self, ents: &[Entry]) -> Result<u64, RaftError> {
        self.append_moved(ents.to_vec())
    }

    /// [`RaftLog::append`] of entries the caller gives up, so they move rather than copy.
    pub(crate) fn append_moved(&mut self, ents: Vec<Entry>) -> Result<u64, RaftError> {
        let Some(first) = ents.first() else {
            return Ok(self.last_index());
        };
        if first.index <= self.commit_index {
            return Err(RaftError::ConflictWithCommitted {
                conflict: first.index,
                committed: self.commit_index,
            });
        }
        if first.index > self.last_index() + 1 {
            return Err(RaftError::LogGap {
                last: self.last_index(),
                at: first.index,
            });
        }
        self.unstable.truncate_and_append(ents);
        Ok(self.last_index())
    }

    /// Follower side of MsgApp: if we hold (`index`, `log_term`), append `ents` (dropping a
    /// conflicting suffix), adopt the leader's commit and return the last index the message
    /// covers. `Ok(None)` means the Log Matching check failed and the leader must back up.
    pub fn maybe_append(
        &mut self,
        index: u64,
        log_term: u64,
        committed: u64,
        ents: &[Entry],
    ) -> Result<Option<u64>, RaftError> {
        self.maybe_append_moved(index, log_term, committed, ents.to_vec())
    }

    /// [`RaftLog::maybe_append`] of entries the caller gives up (a received MsgApp's), so
    /// the new ones move into the log rather than copy.
    pub(crate) fn maybe_append_moved(
        &mut self,
        index: u64,
        log_term: u64,
        committed: u64,
        mut ents: Vec<Entry>,
    ) -> Result<Option<u64>, RaftError> {
        if !self.match_term(index, log_term) {
            return Ok(None);
        }
        let last_new = index + ents.len() as u64;
        let conflict = self.find_conflict(&ents);
        if conflict != 0 {
            if conflict <= self.commit_index {
                return Err(RaftError::ConflictWithCommitted {
                    conflict,
                    committed: self.commit_index,
                });
            }
            let from = usize::try_from(conflict.saturating_sub(index + 1)).unwrap_or(usize::MAX);
            ents.drain(..from.min(ents.len()));
            self.append_moved(ents)?;
        }
        // Only up to what this message proves we share with the leader; anything beyond may
        // still be a stale entry from an older term.
        self.commit_to(committed.min(last_new))?;
        Ok(Some(last_new))
    }

    /// Index of the first entry in `ents` that is new or conflicts with ours; 0 if none.
    pub fn find_conflict(&self, ents: &[Entry]) -> u64 {
        ents.iter()
            .find(|e| !self.match_term(e.index, e.term))
            .map_or(0, |e| e.index)
    }

    /// Raises the commit index to `commit`; never lowers it.
    pub fn commit_to(&mut self, commit: u64) -> Result<(), RaftError> {
        if commit <= self.commit_index {
            return Ok(());
        }
        let last_index = self.last_index();
        if commit > last_index {
            return Err(RaftError::CommitOutOfRange { commit, last_index });
        }
        self.commit_index = commit;
        Ok(())
    }

    /// Leader side: commit `max_index` if it is from `term`. Entries from earlier terms are only
    /// committed indirectly, by committing one from the current term (Raft paper §5.4.2).
    pub fn maybe_commit(&mut self, max_index: u64, term: u64) -> Result<bool, RaftError> {
        if max_index > self.commit_index && self.term(max_index) == Ok(term) {
            self.commit_to(max_index)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The state machine has applied up to `i`. Out-of-range values are ignored: they can
    /// only come from a `Ready` this log did not produce.
    pub fn applied_to(&mut self, i: u64) {
        if i > self.applied && i <= self.commit_index {
            self.applied = i;
        }
    }

    /// The owner persisted `ents` (from `Ready::entries`): move them to stable storage.
    pub fn stable_entries(&mut self, ents: &[Entry]) -> Result<(), RaftError> {
        let (Some(first), Some(last)) = (ents.first(), ents.last()) else {
            return Ok(());
        };
        // Usually `ents` is the unstable prefix (terms matching at both ends prove it, by Log
        // Matching): move those entries to storage rather than copy them. Else copy.
        let prefix = self.unstable.offset == first.index
            && self.unstable.maybe_term(first.index) == Some(first.term)
            && self.unstable.maybe_term(last.index) == Some(last.term);
        if prefix && self.storage.check_append(first.index).is_ok() {
            let stabled = self.unstable.drain_to(last.index);
            self.storage.append_moved(first.index, stabled)?;
        } else {
            self.storage.append(ents)?;
            self.unstable.stable_to(last.index, last.term);
        }
        Ok(())
    }

    /// The snapshot to send a follower that needs compacted entries: one just received, or
    /// the owner's latest.
    pub fn snapshot(&self) -> &Snapshot {
        self.unstable
            .snapshot
            .as_ref()
            .unwrap_or_else(|| self.storage.snapshot())
    }

    /// A snapshot received but not yet persisted, to hand out in `Ready::snapshot`.
    pub fn pending_snapshot(&self) -> Option<&Snapshot> {
        self.unstable.snapshot.as_ref()
    }

    /// Replaces the whole log with `snap`; it counts as committed (a leader sent it).
    pub fn restore(&mut self, snap: Snapshot) {
        self.commit_index = snap.metadata.index;
        self.unstable.restore(snap);
    }

    /// The owner persisted (and applied) `snap` from a `Ready`.
    pub fn stable_snapshot(&mut self, snap: &Snapshot) -> Result<(), RaftError> {
        let index = snap.metadata.index;
        self.storage.apply_snapshot(snap.clone())?;
        self.unstable.stable_snap_to(index);
        if index > self.applied && index <= self.commit_index {
            self.applied = index;
        }
        Ok(())
    }

    /// The owner persisted this hard state.
    pub fn stable_hard_state(&mut self, hs: super::HardState) {
        self.storage.set_hard_state(hs);
    }
}
