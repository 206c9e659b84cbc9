//! etcd's leases (`lease/lessor.go`): time-limited grants that keys can be attached to, and
//! that take those keys with them when they are revoked or expire.
//!
//! Every member keeps a [`Lessor`] with the same leases (grants and revocations are Raft
//! entries every member applies); only the leader's lessor is *primary*: it alone keeps
//! expiry times, renews leases (`keep-alive`) and finds expired ones, which it then revokes
//! through a Raft proposal, as etcd's leader does. Followers hold every lease forever until
//! they are promoted, when each lease gets its full TTL again plus an election timeout.
//!
//! | file | owns |
//! |---|---|
//! | `lessor` | [`Lessor`]: the leases, grant, revoke, renew, expiry, promotion |
//! | `lease` | [`Lease`]: one lease, its TTL, expiry and attached keys |
//! | `id_generator` | [`IdGenerator`]: etcd's `idutil.Generator`, which makes lease ids |
//! | `request` | [`LeaseRequest`] and [`LeaseResponse`]: what clients ask and get |
//! | `error` | [`LeaseError`] |

mod error;
mod id_generator;
#[allow(clippy::module_inception)]
mod lease;
mod lessor;
mod request;

#[cfg(test)]
mod tests;

pub use error::LeaseError;
pub use id_generator::IdGenerator;
pub use lease::Lease;
pub use lessor::{
    DEFAULT_MIN_TTL_SECS, Lessor, MAX_LEASE_TTL_SECS, MAX_LEASES, REVOKE_RETRY, min_ttl_secs,
};
pub use request::{LeaseRequest, LeaseResponse, TimeToLive};

/// etcd's `NoLease`: the id of "no lease", never granted.
pub const NO_LEASE: i64 = 0;

/// Is `id` [`NO_LEASE`]? (For serde: encodings leave "no lease" out.)
pub fn is_no_lease(id: &i64) -> bool {
    *id == NO_LEASE
}
