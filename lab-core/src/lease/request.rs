//! [`LeaseRequest`] and [`LeaseResponse`]: the lease calls of etcd's `Lease` service as the
//! world carries them. Grants and revocations are Raft entries; keep-alive, time-to-live and
//! list are answered by a lessor directly.

use serde::{Deserialize, Serialize};

/// One lease call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaseRequest {
    /// `LeaseGrant`, with the id the serving member's generator chose.
    Grant {
        /// The new lease's id.
        id: i64,
        /// The TTL asked for. Unit: seconds.
        ttl: i64,
    },
    /// `LeaseRevoke`: from a client, or from the leader for an expired lease.
    Revoke {
        /// The lease.
        id: i64,
    },
    /// `LeaseKeepAlive`, one renewal.
    KeepAlive {
        /// The lease.
        id: i64,
    },
    /// `LeaseTimeToLive`.
    TimeToLive {
        /// The lease.
        id: i64,
        /// Whether to list the attached keys.
        keys: bool,
    },
    /// `LeaseLeases`.
    Leases,
}

impl LeaseRequest {
    /// Is it applied through Raft?
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            LeaseRequest::Grant { .. } | LeaseRequest::Revoke { .. }
        )
    }
}

/// A lease's state as `LeaseTimeToLive` reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeToLive {
    /// The lease.
    pub id: i64,
    /// Seconds left; -1 when the lease does not exist (etcd's answer for an expired one).
    pub ttl: i64,
    /// The TTL granted; 0 when the lease does not exist.
    pub granted_ttl: i64,
    /// The attached keys, sorted, when asked for.
    pub keys: Vec<String>,
}

/// The answer to a [`LeaseRequest`], with the store revision of the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaseResponse {
    /// The lease exists now.
    Granted {
        /// Store revision.
        revision: u64,
        /// The lease.
        id: i64,
        /// The TTL granted. Unit: seconds.
        ttl: i64,
    },
    /// The lease and its keys are gone.
    Revoked {
        /// Store revision after the keys' deletion.
        revision: u64,
    },
    /// The lease was renewed.
    KeptAlive {
        /// Store revision.
        revision: u64,
        /// The lease.
        id: i64,
        /// Its TTL. Unit: seconds.
        ttl: i64,
    },
    /// The lease's state.
    TimeToLive {
        /// Store revision.
        revision: u64,
        /// What the lessor knows.
        ttl: TimeToLive,
    },
    /// Every lease id.
    Leases {
        /// Store revision.
        revision: u64,
        /// The ids, sorted.
        ids: Vec<i64>,
    },
}

impl LeaseResponse {
    /// The store revision of the header.
    pub fn revision(&self) -> u64 {
        match self {
            LeaseResponse::Granted { revision, .. }
            | LeaseResponse::Revoked { revision }
            | LeaseResponse::KeptAlive { revision, .. }
            | LeaseResponse::TimeToLive { revision, .. }
            | LeaseResponse::Leases { revision, .. } => *revision,
        }
    }
}
