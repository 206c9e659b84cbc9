//! `LeaseError`: what the lessor refuses, in etcd's words (`lease/lessor.go`, `rpctypes`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a lease operation failed.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum LeaseError {
    /// No lease with that id (etcd's `ErrLeaseNotFound`), also what renewing an expired
    /// lease answers once its revocation is applied.
    #[error("etcdserver: requested lease not found")]
    NotFound,
    /// A grant for an id already in use (etcd's `ErrLeaseExists`).
    #[error("etcdserver: lease already exists")]
    Exists,
    /// A TTL over [`MAX_LEASE_TTL_SECS`](super::MAX_LEASE_TTL_SECS) (etcd's
    /// `ErrLeaseTTLTooLarge`).
    #[error("etcdserver: too large lease TTL")]
    TtlTooLarge,
    /// Renewal asked of a lessor that is not the leader's (etcd's `ErrNotPrimary`; etcd's
    /// server then forwards the call to the leader).
    #[error("not a primary lessor")]
    NotPrimary,
    /// The lab's bound on live leases, [`MAX_LEASES`](super::MAX_LEASES), is reached.
    #[error("etcdserver: too many leases (the lab keeps at most {0})")]
    TooMany(usize),
}
