//! Why a data-dir could not be read or written, worded as etcd 3.4 words it.

use thiserror::Error;

use crate::vfs::FsError;

/// A WAL that cannot be opened or read (etcd's `wal` package errors).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum WalError {
    /// No segment holds the snapshot's index, or the WAL dir has none at all.
    #[error("wal: file not found")]
    FileNotFound,
    /// A record's checksum does not match its bytes.
    #[error("wal: crc mismatch")]
    CrcMismatch,
    /// The bytes end in the middle of a record (a torn write, or a truncated copy).
    #[error("unexpected EOF")]
    UnexpectedEof,
    /// Two metadata records disagree (segments from different members mixed).
    #[error("wal: metadata conflict")]
    MetadataConflict,
    /// The snapshot marker at the snapshot's index has another term.
    #[error("wal: snapshot mismatch")]
    SnapshotMismatch,
    /// No snapshot marker for the loaded snapshot's index.
    #[error("wal: snapshot not found")]
    SnapshotNotFound,
    /// Entries skip an index.
    #[error("wal: slice bounds out of range")]
    SliceOutOfRange,
    /// A record of a type the WAL does not write.
    #[error("unexpected block type {0}")]
    UnexpectedType(u8),
    /// Not a lab WAL segment, or one of a format version this lab does not read.
    #[error("wal: unsupported file format")]
    BadMagic,
    /// Segment sequence numbers have a gap (a segment was deleted from the middle).
    #[error("wal: file sequence numbers do not increase continuously")]
    SequenceGap,
    /// More segments than [`super::MAX_SEGMENTS_READ`].
    #[error("wal: too many segment files (more than {0})")]
    TooManySegments(usize),
    /// A record longer than [`super::MAX_RECORD_BYTES`].
    #[error("wal: max entry size limit exceeded")]
    RecordTooLarge,
}

/// A `.snap` file that cannot be read (etcd's `snap` package errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum SnapError {
    /// Checksum mismatch.
    #[error("snap: crc mismatch")]
    CrcMismatch,
    /// Empty, truncated or foreign bytes.
    #[error("snap: empty snapshot")]
    Empty,
}

/// A backend `db` that cannot be opened (bbolt's errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum BackendError {
    /// Not a database, or truncated.
    #[error("invalid database")]
    Invalid,
    /// Checksum mismatch.
    #[error("checksum error")]
    Checksum,
    /// Written by another format version.
    #[error("version mismatch")]
    VersionMismatch,
}

/// Why a member cannot use its data-dir. `Display` is the text of etcd's fatal line;
/// [`DataDirError::package`] the capnslog package that prints it.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DataDirError {
    /// `wal.Open` failed.
    #[error("open wal error: {0}")]
    OpenWal(WalError),
    /// `wal.ReadAll` failed.
    #[error("read wal error ({0}) and cannot be repaired")]
    ReadWal(WalError),
    /// The backend could not be opened.
    #[error("cannot open database at {path} ({source})")]
    Backend {
        /// The `db` file.
        path: String,
        /// bbolt's reason.
        source: BackendError,
    },
    /// The backend is older than the snapshot and no `.snap.db` can bring it forward.
    #[error(
        "recovering backend from snapshot error: failed to find database snapshot file (snap: snapshot file doesn't exist)"
    )]
    BackendBehindSnapshot,
    /// A file system call failed (permissions, a file where a directory should be, no
    /// space left).
    #[error("{op} {path}: {source}")]
    Fs {
        /// The call, as Go's `*PathError` names it (`open`, `mkdir`, `write`...).
        op: &'static str,
        /// The path.
        path: String,
        /// The errno.
        source: FsError,
    },
}

impl DataDirError {
    /// The capnslog package of etcd's fatal line for this error.
    pub fn package(&self) -> &'static str {
        match self {
            DataDirError::Backend { .. } => "backend",
            DataDirError::Fs { .. } => "etcdmain",
            _ => "etcdserver",
        }
    }

    pub(crate) fn fs(op: &'static str, path: &str, source: FsError) -> DataDirError {
        DataDirError::Fs {
            op,
            path: path.to_owned(),
            source,
        }
    }
}
