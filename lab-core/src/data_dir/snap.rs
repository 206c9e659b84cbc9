//! `.snap` files: a raft snapshot's metadata (term, index, conf state) and its data, named
//! `%016x-%016x.snap` after term and index as etcd's snapshotter names them.

use std::collections::BTreeSet;

use super::SnapError;
use super::codec::{PutLe, Reader, Truncated, crc32, magic};
use crate::raft::{ConfState, Snapshot, SnapshotMetadata};

const MAGIC_TAG: &[u8; 7] = b"LABSNAP";
/// Most voters or learners a `.snap` may list (unit: members); more is corruption.
const MAX_MEMBERS: u32 = 1_000;

/// `%016x-%016x.snap`: term and index.
pub fn snap_name(term: u64, index: u64) -> String {
    format!("{term:016x}-{index:016x}.snap")
}

/// The term and index a `.snap` file's name holds, if it is one.
pub(crate) fn parse_snap_name(name: &str) -> Option<(u64, u64)> {
    super::wal::parse_pair(name.strip_suffix(".snap")?)
}

/// The file for `snap`.
pub fn encode_snap(snap: &Snapshot) -> Vec<u8> {
    let mut body = Vec::with_capacity(64 + snap.data.len());
    let meta = &snap.metadata;
    body.put_u64(meta.term);
    body.put_u64(meta.index);
    for set in [&meta.conf_state.voters, &meta.conf_state.learners] {
        body.put_u32(u32::try_from(set.len()).unwrap_or(u32::MAX));
        for id in set {
            body.put_u64(*id);
        }
    }
    body.put_bytes(&snap.data);
    let mut out = magic(MAGIC_TAG).to_vec();
    out.put_u32(crc32(&[&body]));
    out.extend_from_slice(&body);
    out
}

/// The snapshot a `.snap` file holds.
pub fn decode_snap(bytes: &[u8]) -> Result<Snapshot, SnapError> {
    let mut r = Reader::new(bytes);
    let header = r.take(8).map_err(|_| SnapError::Empty)?;
    if header != magic(MAGIC_TAG) {
        return Err(SnapError::Empty);
    }
    let crc = r.u32().map_err(|_| SnapError::Empty)?;
    let body = r.take(bytes.len().saturating_sub(12)).unwrap_or_default();
    if crc32(&[body]) != crc {
        return Err(SnapError::CrcMismatch);
    }
    decode_body(body).map_err(|_| SnapError::Empty)
}

fn decode_body(body: &[u8]) -> Result<Snapshot, Truncated> {
    let mut r = Reader::new(body);
    let (term, index) = (r.u64()?, r.u64()?);
    let voters = ids(&mut r)?;
    let learners = ids(&mut r)?;
    let data = r.bytes()?.to_vec();
    if !r.is_empty() {
        return Err(Truncated);
    }
    Ok(Snapshot {
        data,
        metadata: SnapshotMetadata {
            conf_state: ConfState { voters, learners },
            index,
            term,
        },
    })
}

fn ids(r: &mut Reader<'_>) -> Result<BTreeSet<u64>, Truncated> {
    let n = r.u32()?;
    if n > MAX_MEMBERS {
        return Err(Truncated);
    }
    (0..n).map(|_| r.u64()).collect()
}
