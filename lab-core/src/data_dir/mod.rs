//! etcd data-dirs on a host's virtual disk, laid out as etcd 3.4 lays them out, with the
//! lab's own deterministic, versioned byte encoding of each file.
//!
//! ```text
//! <data-dir>/                                    0700
//! <data-dir>/member/                             0700
//! <data-dir>/member/snap/                        0700
//! <data-dir>/member/snap/db                      the backend: MVCC store + consistent index
//! <data-dir>/member/snap/%016x-%016x.snap        raft snapshot (term-index): metadata + conf state
//! <data-dir>/member/wal/                         0700 (or `--wal-dir`)
//! <data-dir>/member/wal/%016x-%016x.wal          WAL segment (sequence-index)
//! ```
//!
//! The files are the single source of truth for what a member persisted: a member starting
//! reads them ([`load`]), and a `rm`, `cp`, `tar x` or `scp` by the user is what the next start
//! sees. [`WalWriter`] appends to the open segment (O(new bytes)), cuts a new one past
//! [`SEGMENT_BYTES`] and purges old ones beyond [`MAX_WALS`] as `--max-wals` does.
//!
//! Encodings (all integers little-endian; format version [`FORMAT_VERSION`]):
//! - WAL segment: 8-byte magic `LABWAL` + 0 + version, then records `[len u32][crc32 u32]
//!   [type u8][payload]` where `len` counts type and payload and the CRC-32 (IEEE) covers
//!   both. Types as etcd's: 1 metadata (member id, cluster id), 2 entry, 3 hard state,
//!   5 snapshot marker (index, term).
//! - `.snap`: magic `LABSNAP` + version, crc32, then term, index, voters, learners, data.
//! - `db`: magic `LABBOLT` + version, crc32, then consistent index and the store's bytes
//!   (zero padding may follow, to whole pages).
//! - a saved snapshot (`etcdctl snapshot save`): a padded `db`, then its SHA-256
//!   ([`encode_snapshot_file`]); [`RestoredDataDir`] writes a data-dir from one.
//!
//! Limits: every file stays under the VFS's 4 MiB ([`crate::vfs::MAX_FILE_BYTES`]); one
//! record at most [`MAX_RECORD_BYTES`]; at most [`MAX_SEGMENTS_READ`] segments read per start.
//! Decoding never panics: truncated, corrupt or foreign bytes give a typed error whose text is
//! etcd's ([`DataDirError`]).

mod backend;
mod codec;
mod error;
mod layout;
mod load;
mod open;
mod restore;
mod snap;
mod snapshot_file;
mod wal;
mod wal_writer;

#[cfg(test)]
mod tests;

pub use backend::{PAGE_BYTES, decode_backend, encode_backend, encode_backend_padded};
pub use error::{BackendError, DataDirError, SnapError, WalError};
pub use layout::{DataDirPaths, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE};
pub use load::{PersistedState, load, read_metadata, wal_exists};
pub use open::OpenDataDir;
pub use restore::RestoredDataDir;
pub use snap::{decode_snap, encode_snap, snap_name};
pub use snapshot_file::{
    HASH_BYTES, SnapshotFileError, checked_snapshot_db, encode_snapshot_file, has_hash, snapshot_db,
};
pub(crate) use wal::segment_header;
pub use wal::{WalMetadata, WalRecord, decode_segment, encode_record, segment_name};
pub use wal_writer::{WalWriter, touch_backend};

/// Version of the lab's on-disk formats, written in every file's magic.
pub const FORMAT_VERSION: u8 = 1;
/// A WAL segment is cut once it grows past this (unit: bytes). etcd cuts at 64 MB; the lab's
/// files are capped at 4 MiB, so a quarter of that.
pub const SEGMENT_BYTES: u64 = 1024 * 1024;
/// WAL segments and `.snap` files kept, as etcd's `--max-wals`/`--max-snapshots` default
/// (unit: files).
pub const MAX_WALS: usize = 5;
/// Largest single WAL record accepted when reading (unit: bytes).
pub const MAX_RECORD_BYTES: u64 = crate::vfs::MAX_FILE_BYTES;
/// Most WAL segments read when a member starts (unit: files); a WAL dir holding more is
/// refused rather than read without bound.
pub const MAX_SEGMENTS_READ: usize = 1_000;
