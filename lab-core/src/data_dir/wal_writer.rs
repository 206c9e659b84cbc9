//! `WalWriter`: a running member's open WAL segment. Appends cost O(new bytes); a segment
//! past [`SEGMENT_BYTES`] is cut; old segments the snapshot covers are purged beyond
//! [`MAX_WALS`].
//!
//! Like a process holding a file open, the writer keeps writing to "its" segment only while
//! that file is the one it opened: if someone removes or replaces it (`rm -rf`, `tar x`),
//! later writes go to the unlinked inode, i.e. nowhere the next start will see.

use super::layout::{PRIVATE_DIR_MODE, PRIVATE_FILE_MODE};
use super::load::segments;
use super::wal::segment_header;
use super::{
    DataDirError, DataDirPaths, MAX_WALS, SEGMENT_BYTES, WalMetadata, WalRecord, encode_backend,
    encode_record, segment_name,
};
use crate::raft::HardState;
use crate::vfs::{FsError, Vfs, WriteMode, join};

/// The segment a running member appends to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalWriter {
    /// Physical path of the open segment.
    path: String,
    /// Its change number after our last write; another means someone else replaced it.
    version: u64,
    /// Its sequence number.
    seq: u64,
    /// Its size (unit: bytes).
    bytes: u64,
    /// Set once the open segment was found replaced: writes are lost from then on.
    orphaned: bool,
}

impl WalWriter {
    /// Creates a new member's data-dir as etcd does on first start: the directories (0700),
    /// an empty backend `db`, and the first segment with the metadata and the empty snapshot's
    /// marker.
    pub fn create(
        vfs: &mut Vfs,
        paths: &DataDirPaths,
        meta: WalMetadata,
    ) -> Result<WalWriter, DataDirError> {
        touch_backend(vfs, paths)?;
        make_dir(vfs, paths.wal_dir())?;
        let mut first = Vec::new();
        let records = [
            WalRecord::Metadata(meta),
            WalRecord::Snapshot { index: 0, term: 0 },
        ];
        Self::start_segment(vfs, paths, 0, 0, &records, &mut first)
    }

    /// Reopens the newest segment of an existing WAL for appending.
    pub fn open(vfs: &Vfs, paths: &DataDirPaths) -> Result<WalWriter, DataDirError> {
        let segs = segments(vfs, paths)?;
        let Some((seq, _, path)) = segs.last() else {
            return Err(DataDirError::OpenWal(super::WalError::FileNotFound));
        };
        let phys = vfs
            .lookup(path, true)
            .map_err(|e| DataDirError::fs("open", path, e))?;
        let len = vfs.read(&phys).map(|b| b.len() as u64).unwrap_or(0);
        Ok(WalWriter {
            version: vfs.version_at(&phys).unwrap_or(0),
            path: phys,
            seq: *seq,
            bytes: len,
            orphaned: false,
        })
    }

    /// Physical path and change number of the open segment.
    pub(crate) fn segment(&self) -> (&str, u64) {
        (&self.path, self.version)
    }

    /// Whether writes are being lost (the open segment was removed or replaced).
    pub fn is_orphaned(&self) -> bool {
        self.orphaned
    }

    /// Whether the open segment is still the file on disk; notes it if not.
    pub fn still_open(&mut self, vfs: &Vfs) -> bool {
        if !self.orphaned && vfs.version_at(&self.path) != Some(self.version) {
            self.orphaned = true;
        }
        !self.orphaned
    }

    /// Appends already-encoded records; returns whether they reached the disk.
    pub fn append(&mut self, vfs: &mut Vfs, bytes: &[u8]) -> Result<bool, DataDirError> {
        if self.orphaned {
            return Ok(false);
        }
        let written = vfs
            .append_if_version(&self.path, self.version, bytes)
            .map_err(|e| DataDirError::fs("write", &self.path, e))?;
        let Some(version) = written else {
            self.orphaned = true;
            return Ok(false);
        };
        self.version = version;
        self.bytes = self.bytes.saturating_add(bytes.len() as u64);
        Ok(true)
    }

    /// Whether the open segment has outgrown [`SEGMENT_BYTES`].
    pub fn wants_cut(&self) -> bool {
        !self.orphaned && self.bytes > SEGMENT_BYTES
    }

    /// etcd's `cut`: a new segment named after the next entry's index, opening with the
    /// metadata and the current hard state.
    pub fn cut(
        &mut self,
        vfs: &mut Vfs,
        paths: &DataDirPaths,
        meta: WalMetadata,
        next_index: u64,
        hard_state: HardState,
    ) -> Result<(), DataDirError> {
        let records = [WalRecord::Metadata(meta), WalRecord::State(hard_state)];
        let mut buf = Vec::new();
        let seq = self.seq.saturating_add(1);
        *self = Self::start_segment(vfs, paths, seq, next_index, &records, &mut buf)?;
        Ok(())
    }

    fn start_segment(
        vfs: &mut Vfs,
        paths: &DataDirPaths,
        seq: u64,
        index: u64,
        records: &[WalRecord],
        buf: &mut Vec<u8>,
    ) -> Result<WalWriter, DataDirError> {
        buf.extend_from_slice(&segment_header());
        for record in records {
            encode_record(record, buf);
        }
        let path = join(paths.wal_dir(), &segment_name(seq, index));
        write_file(vfs, &path, buf)?;
        let phys = vfs
            .lookup(&path, true)
            .map_err(|e| DataDirError::fs("open", &path, e))?;
        Ok(WalWriter {
            version: vfs.version_at(&phys).unwrap_or(0),
            path: phys,
            seq,
            bytes: buf.len() as u64,
            orphaned: false,
        })
    }
}

/// etcd's purge of WAL segments: beyond [`MAX_WALS`], the oldest go, but only those wholly
/// before the segment holding the snapshot at `snap_index` (etcd's `ReleaseLockTo`).
pub(crate) fn purge_segments(vfs: &mut Vfs, paths: &DataDirPaths, snap_index: u64) {
    let Ok(segs) = segments(vfs, paths) else {
        return;
    };
    let holding = segs.iter().rposition(|(_, first, _)| *first <= snap_index);
    let releasable = holding.unwrap_or(0);
    let excess = segs.len().saturating_sub(MAX_WALS).min(releasable);
    for (_, _, path) in segs.iter().take(excess) {
        let _ = vfs.remove(path, false);
    }
}

/// What etcd's `NewServer` creates before it looks at the WAL or the cluster: the data-dir,
/// `member/snap` (0700) and an empty backend `db`. A start that then fails (a join the
/// cluster refuses) leaves them behind, as etcd does; without a WAL they hold no member.
pub fn touch_backend(vfs: &mut Vfs, paths: &DataDirPaths) -> Result<(), DataDirError> {
    for dir in [paths.data_dir(), &paths.member_dir(), &paths.snap_dir()] {
        make_dir(vfs, dir)?;
    }
    let db = paths.db_path();
    if !vfs.exists(&db) {
        write_file(vfs, &db, &encode_backend(0, &[]))?;
    }
    Ok(())
}

pub(crate) fn make_dir(vfs: &mut Vfs, dir: &str) -> Result<(), DataDirError> {
    match vfs.create_dir(dir, true, PRIVATE_DIR_MODE) {
        Ok(()) => Ok(()),
        Err(e) => Err(DataDirError::fs("mkdir", dir, e)),
    }
}

pub(crate) fn write_file(vfs: &mut Vfs, path: &str, bytes: &[u8]) -> Result<(), DataDirError> {
    let fresh = !vfs.exists(path);
    vfs.write(path, bytes, WriteMode::Truncate)
        .map_err(|e| DataDirError::fs("write", path, e))?;
    if fresh {
        vfs.set_mode(path, PRIVATE_FILE_MODE)
            .map_err(|e: FsError| DataDirError::fs("chmod", path, e))?;
    }
    Ok(())
}
