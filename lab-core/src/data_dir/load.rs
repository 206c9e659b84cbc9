//! Reading a data-dir back the way a starting etcd does: the newest usable `.snap`, the
//! backend `db`, then the WAL from the segment holding the snapshot's index on.

use super::snap::parse_snap_name;
use super::wal::parse_segment_name;
use super::{
    DataDirError, DataDirPaths, MAX_SEGMENTS_READ, WalError, WalMetadata, WalRecord,
    decode_backend, decode_segment, decode_snap,
};
use crate::raft::{Entry, HardState, MemoryStorage, Snapshot};
use crate::vfs::{FsError, Vfs, join};

/// What a member persisted: who it is and its Raft storage (snapshot with the store as
/// data, hard state, entries after the snapshot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistedState {
    /// The WAL's metadata record.
    pub metadata: WalMetadata,
    /// Snapshot, hard state and log.
    pub storage: MemoryStorage,
}

/// etcd's `wal.Exist`: the WAL dir holds at least one file. A data-dir without one is
/// treated as new.
pub fn wal_exists(vfs: &Vfs, paths: &DataDirPaths) -> bool {
    vfs.read_dir(paths.wal_dir())
        .is_ok_and(|entries| !entries.is_empty())
}

/// The WAL dir's segments as (sequence, first index, path), by sequence; checks they are
/// consecutive as etcd's `isValidSeq` does.
pub(crate) fn segments(
    vfs: &Vfs,
    paths: &DataDirPaths,
) -> Result<Vec<(u64, u64, String)>, DataDirError> {
    let dir = paths.wal_dir();
    let entries = vfs
        .read_dir(dir)
        .map_err(|e| DataDirError::fs("open", dir, e))?;
    let mut found: Vec<(u64, u64, String)> = entries
        .iter()
        .filter(|e| e.metadata.is_file())
        .filter_map(|e| parse_segment_name(&e.name).map(|(s, i)| (s, i, join(dir, &e.name))))
        .collect();
    if found.is_empty() {
        return Err(DataDirError::OpenWal(WalError::FileNotFound));
    }
    if found.len() > MAX_SEGMENTS_READ {
        return Err(DataDirError::OpenWal(WalError::TooManySegments(
            MAX_SEGMENTS_READ,
        )));
    }
    found.sort();
    let consecutive = found
        .windows(2)
        .all(|w| w[0].0.checked_add(1) == Some(w[1].0));
    if !consecutive {
        return Err(DataDirError::OpenWal(WalError::SequenceGap));
    }
    Ok(found)
}

/// The WAL's metadata (member id, cluster id), from the first record of its oldest segment;
/// `None` if the data-dir has no WAL.
pub fn read_metadata(vfs: &Vfs, paths: &DataDirPaths) -> Result<Option<WalMetadata>, DataDirError> {
    if !wal_exists(vfs, paths) {
        return Ok(None);
    }
    let segs = segments(vfs, paths)?;
    let Some((_, _, first)) = segs.first() else {
        return Err(DataDirError::OpenWal(WalError::FileNotFound));
    };
    let records = read_segment(vfs, first)?;
    match records.first() {
        Some(WalRecord::Metadata(m)) => Ok(Some(*m)),
        _ => Err(DataDirError::ReadWal(WalError::UnexpectedEof)),
    }
}

fn read_segment(vfs: &Vfs, path: &str) -> Result<Vec<WalRecord>, DataDirError> {
    let bytes = vfs
        .read(path)
        .map_err(|e| DataDirError::fs("open", path, e))?;
    decode_segment(bytes).map_err(DataDirError::ReadWal)
}

/// Everything the data-dir holds; `None` if it has no WAL (a new member).
pub fn load(vfs: &Vfs, paths: &DataDirPaths) -> Result<Option<PersistedState>, DataDirError> {
    if !wal_exists(vfs, paths) {
        return Ok(None);
    }
    let segs = segments(vfs, paths)?;
    let mut decoded = Vec::with_capacity(segs.len());
    for (_, first_index, path) in &segs {
        decoded.push((*first_index, read_segment(vfs, path)?));
    }
    let markers: Vec<(u64, u64)> = decoded
        .iter()
        .flat_map(|(_, records)| records)
        .filter_map(|r| match r {
            WalRecord::Snapshot { index, term } => Some((*index, *term)),
            _ => None,
        })
        .collect();
    let mut snapshot = newest_snapshot(vfs, paths, &markers);
    let start = decoded
        .iter()
        .rposition(|(first, _)| *first <= snapshot.metadata.index)
        .ok_or(DataDirError::OpenWal(WalError::FileNotFound))?;
    let replay = decoded.get(start..).unwrap_or_default();
    let (metadata, hard_state, entries) = replay_records(replay, &snapshot)?;
    snapshot.data = backend_store(vfs, paths, snapshot.metadata.index)?;
    let mut storage = MemoryStorage::new();
    if !snapshot.is_empty() {
        storage
            .apply_snapshot(snapshot)
            .map_err(|_| DataDirError::ReadWal(WalError::SnapshotMismatch))?;
    }
    storage
        .append(&entries)
        .map_err(|_| DataDirError::ReadWal(WalError::SliceOutOfRange))?;
    storage.set_hard_state(hard_state);
    Ok(Some(PersistedState { metadata, storage }))
}

/// etcd's `LoadNewestAvailable`: the newest `.snap` that decodes and that the WAL has a
/// marker for; the empty snapshot if none. Broken files are skipped (etcd renames them
/// `.broken`; the lab leaves them be).
fn newest_snapshot(vfs: &Vfs, paths: &DataDirPaths, markers: &[(u64, u64)]) -> Snapshot {
    let dir = paths.snap_dir();
    let mut names: Vec<(u64, u64, String)> = vfs
        .read_dir(&dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.metadata.is_file())
        .filter_map(|e| parse_snap_name(&e.name).map(|(t, i)| (t, i, e.name)))
        .collect();
    names.sort();
    for (term, index, name) in names.into_iter().rev() {
        if !markers.contains(&(index, term)) {
            continue;
        }
        let decoded = vfs.read(&join(&dir, &name)).ok().map(decode_snap);
        if let Some(Ok(snap)) = decoded
            && (snap.metadata.index, snap.metadata.term) == (index, term)
        {
            return snap;
        }
    }
    Snapshot::default()
}

type Replayed = (WalMetadata, HardState, Vec<Entry>);

/// etcd's `ReadAll` from the snapshot on: one metadata throughout, entries after the
/// snapshot (a later entry at an index replaces the suffix from there), the last hard state,
/// and a marker for the snapshot itself.
fn replay_records(
    segments: &[(u64, Vec<WalRecord>)],
    snapshot: &Snapshot,
) -> Result<Replayed, DataDirError> {
    let snap = &snapshot.metadata;
    let (mut metadata, mut hard_state, mut entries) = (None, HardState::default(), Vec::new());
    let mut matched = false;
    for record in segments.iter().flat_map(|(_, records)| records) {
        match record {
            WalRecord::Metadata(m) => {
                if metadata.is_some_and(|seen| seen != *m) {
                    return Err(DataDirError::ReadWal(WalError::MetadataConflict));
                }
                metadata = Some(*m);
            }
            WalRecord::Entry(e) if e.index > snap.index => {
                let at = usize::try_from(e.index - snap.index - 1).unwrap_or(usize::MAX);
                if at > entries.len() {
                    return Err(DataDirError::ReadWal(WalError::SliceOutOfRange));
                }
                entries.truncate(at);
                entries.push(e.clone());
            }
            WalRecord::Entry(_) => {}
            WalRecord::State(hs) => hard_state = *hs,
            WalRecord::Snapshot { index, term } if *index == snap.index => {
                if *term != snap.term {
                    return Err(DataDirError::ReadWal(WalError::SnapshotMismatch));
                }
                matched = true;
            }
            WalRecord::Snapshot { .. } => {}
        }
    }
    let metadata = metadata.ok_or(DataDirError::ReadWal(WalError::UnexpectedEof))?;
    if !matched {
        return Err(DataDirError::ReadWal(WalError::SnapshotNotFound));
    }
    Ok((metadata, hard_state, entries))
}

/// The backend's store bytes, which must be at least as new as the snapshot at
/// `snap_index`. A missing `db` is an empty store, as etcd creates one.
fn backend_store(
    vfs: &Vfs,
    paths: &DataDirPaths,
    snap_index: u64,
) -> Result<Vec<u8>, DataDirError> {
    let path = paths.db_path();
    let (index, store) = match vfs.read(&path) {
        Ok(bytes) => decode_backend(bytes).map_err(|source| DataDirError::Backend {
            path: path.clone(),
            source,
        })?,
        Err(FsError::NotFound) => (0, Vec::new()),
        Err(e) => return Err(DataDirError::fs("open", &path, e)),
    };
    if index < snap_index {
        return Err(DataDirError::BackendBehindSnapshot);
    }
    Ok(store)
}
