//! `Unstable`: log entries accepted but not yet persisted (etcd's `unstable`).
//!
//! They leave through `Ready::entries`; once the owner has written them and called `advance`,
//! they move to [`MemoryStorage`](super::MemoryStorage). Keeping them apart is what makes the
//! persistence contract checkable: nothing here survives a crash.

use super::{Entry, Snapshot};

/// A received snapshot and entries from index `offset` on that have not been persisted yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Unstable {
    /// A snapshot from the leader, until the owner has persisted (and applied) it.
    pub(crate) snapshot: Option<Snapshot>,
    /// Index of `entries[0]`; one past the stable last index when `entries` is empty.
    pub(crate) offset: u64,
    pub(crate) entries: Vec<Entry>,
}

impl Unstable {
    /// Nothing unstable; the next entry will have index `offset`.
    pub(crate) fn new(offset: u64) -> Unstable {
        Unstable {
            snapshot: None,
            offset,
            entries: Vec::new(),
        }
    }

    /// First index after a pending snapshot, if there is one.
    pub(crate) fn maybe_first_index(&self) -> Option<u64> {
        self.snapshot
            .as_ref()
            .map(|s| s.metadata.index.saturating_add(1))
    }

    /// Last unstable index, if there are unstable entries or a snapshot.
    pub(crate) fn maybe_last_index(&self) -> Option<u64> {
        match self.entries.last() {
            Some(e) => Some(e.index),
            None => self.snapshot.as_ref().map(|s| s.metadata.index),
        }
    }

    /// Term of unstable entry `i` (or of a pending snapshot's last index), if it is unstable.
    pub(crate) fn maybe_term(&self, i: u64) -> Option<u64> {
        if i < self.offset {
            let snap = self.snapshot.as_ref()?;
            return (snap.metadata.index == i).then_some(snap.metadata.term);
        }
        let pos = usize::try_from(i - self.offset).ok()?;
        self.entries.get(pos).map(|e| e.term)
    }

    /// Entries up to (`i`, `t`) are now durable. A mismatched term means the entry was
    /// overwritten by a newer leader after the write started, so it stays unstable.
    pub(crate) fn stable_to(&mut self, i: u64, t: u64) {
        if i < self.offset || self.maybe_term(i) != Some(t) {
            return;
        }
        let keep_from = usize::try_from(i + 1 - self.offset).unwrap_or(usize::MAX);
        self.entries.drain(..keep_from.min(self.entries.len()));
        self.offset = i + 1;
    }

    /// The owner persisted the snapshot at `i`.
    /// Removes the entries up to `i`, as `stable_to` does, handing them to the caller to
    /// move into storage (the caller checked the term). Keeps this buffer's capacity.
    pub(crate) fn drain_to(&mut self, i: u64) -> std::vec::Drain<'_, Entry> {
        let end = if i < self.offset {
            0
        } else {
            let end = usize::try_from(i + 1 - self.offset).unwrap_or(usize::MAX);
            self.offset = i + 1;
            end
        };
        self.entries.drain(..end.min(self.entries.len()))
    }

    pub(crate) fn stable_snap_to(&mut self, i: u64) {
        if self
            .snapshot
            .as_ref()
            .is_some_and(|s| s.metadata.index == i)
        {
            self.snapshot = None;
        }
    }

    /// Replaces everything with `snap`: entries after it will follow.
    pub(crate) fn restore(&mut self, snap: Snapshot) {
        self.offset = snap.metadata.index.saturating_add(1);
        self.entries.clear();
        self.snapshot = Some(snap);
    }

    /// Appends `ents`, dropping any unstable entries they overwrite.
    pub(crate) fn truncate_and_append(&mut self, ents: Vec<Entry>) {
        let Some(first) = ents.first() else {
            return;
        };
        let after = first.index;
        let end = self.offset.saturating_add(self.entries.len() as u64);
        if after <= self.offset {
            // The new entries replace everything unstable and part of the stable log; the
            // storage drops that part when they are persisted.
            self.offset = after;
            self.entries.clear();
        } else if after < end {
            let keep = usize::try_from(after - self.offset).unwrap_or(usize::MAX);
            self.entries.truncate(keep);
        }
        self.entries.extend(ents);
    }

    /// Unstable entries in `[lo, hi)`, clamped to what is unstable.
    pub(crate) fn slice(&self, lo: u64, hi: u64) -> &[Entry] {
        let from = usize::try_from(lo.saturating_sub(self.offset)).unwrap_or(usize::MAX);
        let to = usize::try_from(hi.saturating_sub(self.offset)).unwrap_or(usize::MAX);
        let to = to.min(self.entries.len());
        self.entries.get(from.min(to)..to).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(t: u64, i: u64) -> Entry {
        Entry::new(t, i, Vec::new())
    }

    #[test]
    fn truncate_and_append_cases() {
        let mut u = Unstable::new(5);
        u.truncate_and_append(vec![ent(1, 5), ent(1, 6)]);
        u.truncate_and_append(vec![ent(1, 7)]);
        assert_eq!(u.maybe_last_index(), Some(7));
        u.truncate_and_append(vec![ent(2, 6)]);
        assert_eq!(u.entries, vec![ent(1, 5), ent(2, 6)]);
        u.truncate_and_append(vec![ent(3, 4)]);
        assert_eq!((u.offset, u.entries.clone()), (4, vec![ent(3, 4)]));
    }

    #[test]
    fn stable_to_needs_matching_term() {
        let mut u = Unstable::new(1);
        u.truncate_and_append(vec![ent(1, 1), ent(1, 2)]);
        u.stable_to(1, 2);
        assert_eq!(u.offset, 1);
        u.stable_to(1, 1);
        assert_eq!((u.offset, u.entries.clone()), (2, vec![ent(1, 2)]));
        assert_eq!(u.slice(1, 3), &[ent(1, 2)]);
    }

    #[test]
    fn drain_to_hands_over_the_prefix() {
        let mut u = Unstable::new(1);
        u.truncate_and_append(vec![ent(1, 1), ent(1, 2), ent(1, 3)]);
        assert_eq!(
            u.drain_to(2).collect::<Vec<_>>(),
            vec![ent(1, 1), ent(1, 2)]
        );
        assert_eq!((u.offset, u.entries.clone()), (3, vec![ent(1, 3)]));
        assert_eq!(u.drain_to(1).count(), 0, "already stable");
        assert_eq!(u.offset, 3);
    }
}
