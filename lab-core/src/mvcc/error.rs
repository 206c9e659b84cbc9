//! `MvccError`: what the store and its encodings refuse.

use thiserror::Error;

use crate::lease::LeaseError;

/// Why a store operation or a decoding failed. Texts are etcd's where etcd has one.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MvccError {
    /// The put would take the store over [`MAX_STORE_BYTES`](super::MAX_STORE_BYTES)
    /// (etcd's `ErrNoSpace`, raised when the backend quota is exceeded).
    #[error("etcdserver: mvcc: database space exceeded")]
    NoSpace,
    /// A key that is empty or over [`MAX_KEY_BYTES`](super::MAX_KEY_BYTES) (etcd's
    /// `ErrEmptyKey` for the empty one).
    #[error("etcdserver: key is not provided or is too long")]
    InvalidKey,
    /// A value over [`MAX_VALUE_BYTES`](super::MAX_VALUE_BYTES).
    #[error("etcdserver: request is too large")]
    ValueTooLarge,
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
