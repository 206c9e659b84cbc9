//! `OpenDataDir`: a data-dir a member has opened, with a decoded copy of what it wrote.
//!
//! The files stay the source of truth. The copy is trusted only while every node under the
//! data-dir (and the WAL dir) still has the change number our own last write left
//! (`stamp`); anything a user did there (`rm`, `cp`, `tar x`, `echo >`) changes a number or
//! the set of paths, and readers decode the files again.

use super::layout::DataDirPaths;
use super::wal::encode_entry;
use super::wal_writer::{purge_segments, write_file};
use super::{
    DataDirError, PersistedState, WalMetadata, WalRecord, WalWriter, encode_backend, encode_record,
    encode_snap, load, snap_name,
};
use crate::raft::{MemoryStorage, Ready, Snapshot};
use crate::vfs::{Vfs, join};

/// A member's open data-dir.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenDataDir {
    paths: DataDirPaths,
    metadata: WalMetadata,
    writer: WalWriter,
    /// What a fresh [`load`] of the files would return, while `stamp` holds.
    cache: MemoryStorage,
    /// Physical path and change number of every node under the data-dir and the WAL dir as
    /// our last write left them, in path order.
    stamp: Vec<(String, u64)>,
    /// Encoding buffer, reused across writes.
    buf: Vec<u8>,
}

impl OpenDataDir {
    /// Opens the data-dir at `paths` for a starting member: reads what is there, or creates
    /// it with `metadata` if it has no WAL.
    pub fn open(
        vfs: &mut Vfs,
        paths: DataDirPaths,
        metadata: WalMetadata,
    ) -> Result<OpenDataDir, DataDirError> {
        let (metadata, cache, writer) = match load(vfs, &paths)? {
            Some(PersistedState { metadata, storage }) => {
                (metadata, storage, WalWriter::open(vfs, &paths)?)
            }
            None => (
                metadata,
                MemoryStorage::new(),
                WalWriter::create(vfs, &paths, metadata)?,
            ),
        };
        let mut dir = OpenDataDir {
            paths,
            metadata,
            writer,
            cache,
            stamp: Vec::new(),
            buf: Vec::new(),
        };
        dir.restamp(vfs);
        Ok(dir)
    }

    /// The layout.
    pub fn paths(&self) -> &DataDirPaths {
        &self.paths
    }

    /// The WAL metadata.
    pub fn metadata(&self) -> WalMetadata {
        self.metadata
    }

    /// The decoded state as of our last write, whether or not the files still hold it.
    pub fn storage(&self) -> &MemoryStorage {
        &self.cache
    }

    /// The decoded state, if the files are still exactly as we left them.
    pub fn cached(&self, vfs: &Vfs) -> Option<&MemoryStorage> {
        self.is_current(vfs).then_some(&self.cache)
    }

    /// Writes what `rd` makes durable: a received snapshot (`.snap`, `db`, marker), then
    /// entries, then the hard state; cuts and purges segments as they fill.
    pub fn persist(&mut self, vfs: &mut Vfs, rd: &Ready) -> Result<(), DataDirError> {
        if let Some(snap) = &rd.snapshot {
            self.save_snapshot_files(vfs, snap)?;
        }
        self.buf.clear();
        if let Some(snap) = &rd.snapshot {
            let (index, term) = (snap.metadata.index, snap.metadata.term);
            encode_record(&WalRecord::Snapshot { index, term }, &mut self.buf);
        }
        for ent in &rd.entries {
            encode_entry(ent, &mut self.buf);
        }
        if let Some(hs) = rd.hard_state {
            encode_record(&WalRecord::State(hs), &mut self.buf);
        }
        self.write_buf(vfs)?;
        if let Some(snap) = &rd.snapshot {
            let _ = self.cache.apply_snapshot(snap.clone());
        }
        let _ = self.cache.append(&rd.entries);
        if let Some(hs) = rd.hard_state {
            self.cache.set_hard_state(hs);
        }
        self.maybe_cut(vfs)
    }

    /// Records a snapshot the member took (etcd's `saveSnap`): `.snap` file, backend `db`,
    /// WAL marker; then purges what it makes unnecessary.
    pub fn save_snapshot(&mut self, vfs: &mut Vfs, snap: &Snapshot) -> Result<(), DataDirError> {
        if !self.writer.still_open(vfs) {
            return Ok(());
        }
        self.save_snapshot_files(vfs, snap)?;
        self.buf.clear();
        let (index, term) = (snap.metadata.index, snap.metadata.term);
        encode_record(&WalRecord::Snapshot { index, term }, &mut self.buf);
        self.write_buf(vfs)?;
        // What a restart would read: the snapshot, then only the entries after it.
        let first = index.saturating_add(1);
        let last = self.cache.last_index().saturating_add(1);
        let kept = self
            .cache
            .entries(first, last, u64::MAX)
            .unwrap_or_default();
        let hard_state = self.cache.hard_state();
        let mut cache = MemoryStorage::new();
        let _ = cache.apply_snapshot(snap.clone());
        let _ = cache.append(&kept);
        cache.set_hard_state(hard_state);
        self.cache = cache;
        purge_segments(vfs, &self.paths, index);
        self.restamp(vfs);
        Ok(())
    }

    fn save_snapshot_files(&mut self, vfs: &mut Vfs, snap: &Snapshot) -> Result<(), DataDirError> {
        if !self.writer.still_open(vfs) {
            return Ok(()); // the directory went with the files; nothing lands on disk
        }
        let meta = &snap.metadata;
        let dir = self.paths.snap_dir();
        let db = encode_backend(meta.index, &snap.data);
        write_file(vfs, &self.paths.db_path(), &db)?;
        // The store travels in `db`; the `.snap` keeps position and membership.
        let header = Snapshot {
            data: Vec::new(),
            metadata: meta.clone(),
        };
        let path = join(&dir, &snap_name(meta.term, meta.index));
        write_file(vfs, &path, &encode_snap(&header))?;
        purge_snap_files(vfs, &dir);
        self.restamp(vfs);
        Ok(())
    }

    fn write_buf(&mut self, vfs: &mut Vfs) -> Result<(), DataDirError> {
        if self.buf.is_empty() {
            return Ok(());
        }
        if self.writer.append(vfs, &self.buf)? {
            let (path, version) = self.writer.segment();
            if let Some(slot) = self.stamp.iter_mut().rev().find(|(p, _)| p == path) {
                slot.1 = version;
            }
        }
        Ok(())
    }

    fn maybe_cut(&mut self, vfs: &mut Vfs) -> Result<(), DataDirError> {
        if !self.writer.wants_cut() {
            return Ok(());
        }
        let next = self.cache.last_index().saturating_add(1);
        let hs = self.cache.hard_state();
        self.writer.cut(vfs, &self.paths, self.metadata, next, hs)?;
        purge_segments(vfs, &self.paths, self.cache.snapshot().metadata.index);
        self.restamp(vfs);
        Ok(())
    }

    fn restamp(&mut self, vfs: &Vfs) {
        if self.writer.is_orphaned() {
            self.stamp.clear();
            return;
        }
        self.stamp = self.listing(vfs);
    }

    fn listing(&self, vfs: &Vfs) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        for dir in self.stamped_dirs() {
            if let Ok(phys) = vfs.lookup(dir, true) {
                out.push((phys.clone(), vfs.version_at(&phys).unwrap_or(0)));
                out.extend(
                    vfs.versions_below(&phys)
                        .into_iter()
                        .map(|(p, v)| (p.to_owned(), v)),
                );
            }
        }
        out
    }

    fn stamped_dirs(&self) -> impl Iterator<Item = &str> {
        let wal = self
            .paths
            .has_dedicated_wal_dir()
            .then_some(self.paths.wal_dir());
        std::iter::once(self.paths.data_dir()).chain(wal)
    }

    fn is_current(&self, vfs: &Vfs) -> bool {
        if self.writer.is_orphaned() || self.stamp.is_empty() {
            return false;
        }
        let mut expected = self.stamp.iter();
        for dir in self.stamped_dirs() {
            let Ok(phys) = vfs.lookup(dir, true) else {
                return false;
            };
            let top = (phys.as_str(), vfs.version_at(&phys).unwrap_or(0));
            let below = vfs.versions_below(&phys);
            for (path, version) in std::iter::once(top).chain(below) {
                match expected.next() {
                    Some((p, v)) if p == path && *v == version => {}
                    _ => return false,
                }
            }
        }
        expected.next().is_none()
    }
}

/// Keeps the newest [`super::MAX_WALS`] `.snap` files (etcd's `--max-snapshots`, 5).
fn purge_snap_files(vfs: &mut Vfs, dir: &str) {
    let mut snaps: Vec<(u64, u64, String)> = vfs
        .read_dir(dir)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| super::snap::parse_snap_name(&e.name).map(|(t, i)| (t, i, e.name)))
        .collect();
    snaps.sort();
    let excess = snaps.len().saturating_sub(super::MAX_WALS);
    for (_, _, name) in snaps.into_iter().take(excess) {
        let _ = vfs.remove(&join(dir, &name), false);
    }
}
