//! `MvccError`: what the store and its encodings refuse.

use thiserror::Error;

use crate::lease::LeaseError;

/// Why a store operation or a decoding failed. Texts are etcd's where etcd has one.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MvccError {
    /// The write would take the backend over the member's quota, or the NOSPACE alarm is
    /// raised (etcd's `ErrNoSpace`).
    #[error("etcdserver: mvcc: database space exceeded")]
    NoSpace,
    /// A read or compaction at a revision compacted away (etcd's `ErrCompacted`).
    #[error("etcdserver: mvcc: required revision has been compacted")]
    Compacted,
    /// A read or compaction at a revision the store has not reached (etcd's `ErrFutureRev`).
    #[error("etcdserver: mvcc: required revision is a future revision")]
    FutureRev,
    /// `--ignore-value`/`--ignore-lease` on a key that does not exist (etcd's
    /// `ErrKeyNotFound`).
    #[error("etcdserver: key not found")]
    KeyNotFound,
    /// A txn with more than [`MAX_TXN_OPS`](super::MAX_TXN_OPS) operations or nested deeper
    /// than [`MAX_TXN_DEPTH`](super::MAX_TXN_DEPTH) (etcd's `ErrTooManyOps`).
    #[error("etcdserver: too many operations in txn request")]
    TooManyOps,
    /// A txn branch writing one key twice (etcd's `ErrDuplicateKey`).
    #[error("etcdserver: duplicate key given in txn request")]
    DuplicateKey,
    /// A key that is empty or over [`MAX_KEY_BYTES`](super::MAX_KEY_BYTES) (etcd's
    /// `ErrEmptyKey` for the empty one).
    #[error("etcdserver: key is not provided")]
    InvalidKey,
    /// A value over [`MAX_VALUE_BYTES`](super::MAX_VALUE_BYTES).
    #[error("etcdserver: request is too large")]
    ValueTooLarge,
    /// A write handed to the read path (a caller's mistake, answered rather than panicking).
    #[error("mvcc: not a read request")]
    NotARead,
    /// A lease refusal: a put naming a lease that does not exist, or a lease call.
    #[error(transparent)]
    Lease(#[from] LeaseError),
    /// A lease call handed to the store, which only the lessor serves.
    #[error("mvcc: lease calls are the lessor's")]
    Misrouted,
    /// Bytes that are not a request or snapshot we wrote.
    #[error("mvcc: cannot decode {what}: {reason}")]
    Decode {
        /// "request" or "snapshot".
        what: &'static str,
        /// serde_json's explanation.
        reason: String,
    },
    /// A value that could not be encoded (cannot happen for our types; kept typed anyway).
    #[error("mvcc: cannot encode {what}: {reason}")]
    Encode {
        /// "request" or "snapshot".
        what: &'static str,
        /// serde_json's explanation.
        reason: String,
    },
}
