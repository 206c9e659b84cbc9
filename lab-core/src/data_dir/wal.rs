//! WAL segments: their names and the framed, checksummed records inside them.

use super::codec::{PutLe, Reader, Truncated, crc32, magic};
use super::{MAX_RECORD_BYTES, WalError};
use crate::raft::{Entry, EntryType, HardState};

const MAGIC_TAG: &[u8; 7] = b"LABWAL\0";
/// Bytes before the first record of a segment.
pub(crate) const HEADER_BYTES: usize = 8;

const METADATA: u8 = 1;
const ENTRY: u8 = 2;
const STATE: u8 = 3;
const SNAPSHOT: u8 = 5;

/// What etcd writes as the WAL's metadata record: who wrote it, in which cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WalMetadata {
    /// The member's id.
    pub member_id: u64,
    /// The cluster's id.
    pub cluster_id: u64,
}

/// One WAL record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalRecord {
    /// The segment's metadata (first record of every segment).
    Metadata(WalMetadata),
    /// A log entry.
    Entry(Entry),
    /// The hard state as of this point.
    State(HardState),
    /// A snapshot was taken at `index` in `term` (etcd's `walpb.Snapshot`).
    Snapshot {
        /// Snapshot index.
        index: u64,
        /// Term of the entry at `index`.
        term: u64,
    },
}

/// `%016x-%016x.wal`: the segment's sequence number and the index of its first entry.
pub fn segment_name(seq: u64, index: u64) -> String {
    format!("{seq:016x}-{index:016x}.wal")
}

/// The sequence number and first index a segment's name holds, if it is one.
pub(crate) fn parse_segment_name(name: &str) -> Option<(u64, u64)> {
    parse_pair(name.strip_suffix(".wal")?)
}

/// `%016x-%016x` as two numbers.
pub(crate) fn parse_pair(stem: &str) -> Option<(u64, u64)> {
    let (a, b) = stem.split_once('-')?;
    if a.len() != 16 || b.len() != 16 {
        return None;
    }
    Some((
        u64::from_str_radix(a, 16).ok()?,
        u64::from_str_radix(b, 16).ok()?,
    ))
}

/// The bytes a new segment opens with.
pub(crate) fn segment_header() -> [u8; HEADER_BYTES] {
    magic(MAGIC_TAG)
}

/// Appends `record`, framed and checksummed, to `out`.
pub fn encode_record(record: &WalRecord, out: &mut Vec<u8>) {
    match record {
        WalRecord::Metadata(m) => framed(out, METADATA, |out| {
            out.put_u64(m.member_id);
            out.put_u64(m.cluster_id);
        }),
        WalRecord::Entry(e) => encode_entry(e, out),
        WalRecord::State(hs) => framed(out, STATE, |out| {
            out.put_u64(hs.term);
            out.put_u64(hs.vote.unwrap_or(0));
            out.put_u64(hs.commit_index);
        }),
        WalRecord::Snapshot { index, term } => framed(out, SNAPSHOT, |out| {
            out.put_u64(*index);
            out.put_u64(*term);
        }),
    }
}

/// Appends an entry record without copying the entry first.
pub(crate) fn encode_entry(e: &Entry, out: &mut Vec<u8>) {
    framed(out, ENTRY, |out| {
        out.put_u8(match e.entry_type {
            EntryType::EntryNormal => 0,
            EntryType::EntryConfChange => 1,
        });
        out.put_u64(e.term);
        out.put_u64(e.index);
        out.put_bytes(&e.data);
    });
}

/// `[len][crc][kind][payload]`, the payload written by `payload`.
fn framed(out: &mut Vec<u8>, kind: u8, payload: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    out.put_u32(0); // length, patched below
    out.put_u32(0); // crc, patched below
    let body = out.len();
    out.put_u8(kind);
    payload(out);
    let len = u32::try_from(out.len() - body).unwrap_or(u32::MAX);
    let crc = crc32(&[out.get(body..).unwrap_or_default()]);
    if let Some(head) = out.get_mut(start..body) {
        head[..4].copy_from_slice(&len.to_le_bytes());
        head[4..].copy_from_slice(&crc.to_le_bytes());
    }
}

/// Every record of a segment, in order. Truncated, corrupt or foreign bytes are an error.
pub fn decode_segment(bytes: &[u8]) -> Result<Vec<WalRecord>, WalError> {
    let mut r = Reader::new(bytes);
    let header = r.take(HEADER_BYTES).map_err(|_| WalError::UnexpectedEof)?;
    if header != segment_header() {
        return Err(WalError::BadMagic);
    }
    let mut records = Vec::new();
    while !r.is_empty() {
        records.push(next_record(&mut r)?);
    }
    Ok(records)
}

fn next_record(r: &mut Reader<'_>) -> Result<WalRecord, WalError> {
    let eof = |_: Truncated| WalError::UnexpectedEof;
    let len = r.u32().map_err(eof)?;
    let crc = r.u32().map_err(eof)?;
    if u64::from(len) > MAX_RECORD_BYTES {
        return Err(WalError::RecordTooLarge);
    }
    let body = r
        .take(usize::try_from(len).map_err(|_| WalError::RecordTooLarge)?)
        .map_err(eof)?;
    if crc32(&[body]) != crc {
        return Err(WalError::CrcMismatch);
    }
    // The checksum held, so a body that does not parse was written by another format.
    decode_body(body).map_err(|_| WalError::CrcMismatch)?
}

fn decode_body(body: &[u8]) -> Result<Result<WalRecord, WalError>, Truncated> {
    let mut r = Reader::new(body);
    let record = match r.u8()? {
        METADATA => WalRecord::Metadata(WalMetadata {
            member_id: r.u64()?,
            cluster_id: r.u64()?,
        }),
        ENTRY => {
            let entry_type = match r.u8()? {
                0 => EntryType::EntryNormal,
                1 => EntryType::EntryConfChange,
                _ => return Err(Truncated),
            };
            let (term, index) = (r.u64()?, r.u64()?);
            let data = r.bytes()?.to_vec();
            WalRecord::Entry(Entry {
                entry_type,
                term,
                index,
                data,
            })
        }
        STATE => WalRecord::State(HardState {
            term: r.u64()?,
            vote: Some(r.u64()?).filter(|&v| v != 0),
            commit_index: r.u64()?,
        }),
        SNAPSHOT => WalRecord::Snapshot {
            index: r.u64()?,
            term: r.u64()?,
        },
        other => return Ok(Err(WalError::UnexpectedType(other))),
    };
    if !r.is_empty() {
        return Err(Truncated);
    }
    Ok(Ok(record))
}
