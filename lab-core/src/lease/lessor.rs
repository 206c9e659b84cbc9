//! [`Lessor`]: one member's leases (etcd's `lessor`). Grants and revocations come from
//! applied Raft entries and so are the same on every member; expiry times, renewal and
//! the search for expired leases belong to the primary (the leader's) lessor only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Lease, LeaseError, NO_LEASE, TimeToLive};
use crate::time::{SimDuration, SimTime};

/// etcd's `MaxLeaseTTL`: the longest TTL a grant may ask for. Unit: seconds.
pub const MAX_LEASE_TTL_SECS: i64 = 9_000_000_000;
/// The minimum TTL with etcd's default 1 s election timeout. Unit: seconds.
pub const DEFAULT_MIN_TTL_SECS: i64 = 2;
/// Most leases one lessor holds; etcd has no bound, the browser's memory does. Unit: leases.
pub const MAX_LEASES: usize = 10_000;
/// How long the primary waits for a proposed revocation to be applied before it proposes
/// it again (etcd's `expiredLeaseRetryInterval`).
pub const REVOKE_RETRY: SimDuration = SimDuration::from_secs(3);

/// etcd's `minTTL`: one and a half election timeouts, rounded up to whole seconds, so a
/// lease outlives the election that follows its leader's death. Unit: seconds.
pub fn min_ttl_secs(election_timeout_ms: u64) -> i64 {
    let secs = election_timeout_ms.saturating_mul(3).div_ceil(2_000);
    i64::try_from(secs).unwrap_or(MAX_LEASE_TTL_SECS)
}

/// The leases of one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lessor {
    leases: BTreeMap<i64, Lease>,
    /// Is this the leader's lessor? Never replicated.
    #[serde(skip)]
    primary: bool,
    /// Unit: seconds; the member's configuration, not replicated.
    #[serde(skip, default = "default_min_ttl")]
    min_ttl: i64,
}

fn default_min_ttl() -> i64 {
    DEFAULT_MIN_TTL_SECS
}

impl Default for Lessor {
    fn default() -> Lessor {
        Lessor {
            leases: BTreeMap::new(),
            primary: false,
            min_ttl: DEFAULT_MIN_TTL_SECS,
        }
    }
}

impl Lessor {
    /// No leases, not primary.
    pub fn new() -> Lessor {
        Lessor::default()
    }

    /// Sets the minimum TTL grants are raised to (see [`min_ttl_secs`]).
    pub fn set_min_ttl(&mut self, secs: i64) {
        self.min_ttl = secs.clamp(1, MAX_LEASE_TTL_SECS);
    }

    /// The minimum TTL grants are raised to. Unit: seconds.
    pub fn min_ttl(&self) -> i64 {
        self.min_ttl
    }

    /// Is this the leader's lessor?
    pub fn is_primary(&self) -> bool {
        self.primary
    }

    /// etcd's `Grant`: a new lease of `ttl` seconds, raised to the minimum; a primary
    /// lessor starts its clock at `now`, others hold it forever.
    pub fn grant(&mut self, id: i64, ttl: i64, now: SimTime) -> Result<&Lease, LeaseError> {
        // etcd refuses only `NoLease`: a negative ID asked for through the gateway is granted.
        if id == NO_LEASE {
            return Err(LeaseError::NotFound);
        }
        if ttl > MAX_LEASE_TTL_SECS {
            return Err(LeaseError::TtlTooLarge);
        }
        if self.leases.contains_key(&id) {
            return Err(LeaseError::Exists);
        }
        if self.leases.len() >= MAX_LEASES {
            return Err(LeaseError::TooMany(MAX_LEASES));
        }
        let mut lease = Lease::new(id, ttl.max(self.min_ttl));
        if self.primary {
            lease.refresh(now, SimDuration::from_micros(0));
        }
        Ok(self.leases.entry(id).or_insert(lease))
    }

    /// etcd's `Revoke`: removes the lease and hands back its keys, sorted, for the caller
    /// to delete in one store transaction.
    pub fn revoke(&mut self, id: i64) -> Result<Vec<String>, LeaseError> {
        let lease = self.leases.remove(&id).ok_or(LeaseError::NotFound)?;
        Ok(lease.keys.into_iter().collect())
    }

    /// The lease, if it exists.
    pub fn lookup(&self, id: i64) -> Option<&Lease> {
        self.leases.get(&id)
    }

    /// Records that `key`'s current version carries lease `id` (etcd's `Attach`).
    pub fn attach(&mut self, id: i64, key: &str) -> Result<(), LeaseError> {
        let lease = self.leases.get_mut(&id).ok_or(LeaseError::NotFound)?;
        lease.keys.insert(key.to_owned());
        Ok(())
    }

    /// Forgets that `key` carries lease `id` (etcd's `Detach`); a gone lease is no error.
    pub fn detach(&mut self, id: i64, key: &str) {
        if let Some(lease) = self.leases.get_mut(&id) {
            lease.keys.remove(key);
        }
    }

    /// etcd's `Renew` (a keep-alive): the lease expires a full TTL from `now`; answers the
    /// TTL. Only the primary renews; an expired lease is as good as revoked.
    pub fn renew(&mut self, id: i64, now: SimTime) -> Result<i64, LeaseError> {
        if !self.primary {
            return Err(LeaseError::NotPrimary);
        }
        let lease = self.leases.get_mut(&id).ok_or(LeaseError::NotFound)?;
        if lease.is_expired(now) {
            return Err(LeaseError::NotFound);
        }
        lease.refresh(now, SimDuration::from_micros(0));
        Ok(lease.ttl)
    }

    /// What `LeaseTimeToLive` reports at `now`; a missing lease is TTL -1, as etcd's gRPC
    /// layer turns `ErrLeaseNotFound` into.
    pub fn time_to_live(&self, id: i64, now: SimTime, with_keys: bool) -> TimeToLive {
        let Some(lease) = self.leases.get(&id) else {
            return TimeToLive {
                id,
                ttl: -1,
                granted_ttl: 0,
                keys: Vec::new(),
            };
        };
        TimeToLive {
            id,
            ttl: lease.remaining_secs(now),
            granted_ttl: lease.ttl,
            keys: match with_keys {
                true => lease.keys.iter().cloned().collect(),
                false => Vec::new(),
            },
        }
    }

    /// The ids of all leases, soonest expiry first as etcd's `Leases` sorts them; leases
    /// that never expire here (a follower's) come last, by id where etcd's unstable sort
    /// leaves them in Go map order.
    pub fn leases(&self) -> Vec<i64> {
        let mut leases: Vec<(Option<SimTime>, i64)> =
            self.leases.values().map(|l| (l.expiry, l.id)).collect();
        leases.sort_by_key(|&(expiry, id)| (expiry.is_none(), expiry, id));
        leases.into_iter().map(|(_, id)| id).collect()
    }

    /// Number of leases.
    pub fn len(&self) -> usize {
        self.leases.len()
    }

    /// No leases?
    pub fn is_empty(&self) -> bool {
        self.leases.is_empty()
    }

    /// The primary's expired leases whose revocation is due at `now`, marked as being
    /// revoked until [`REVOKE_RETRY`] from now (etcd's `findExpiredLeases` and its retry).
    /// At most `limit` at once, as etcd's `leaseRevokeRate` spreads the proposals.
    pub fn take_expired(&mut self, now: SimTime, limit: usize) -> Vec<i64> {
        if !self.primary {
            return Vec::new();
        }
        let due = self
            .leases
            .values_mut()
            .filter(|l| l.is_expired(now) && l.revoking_until.is_none_or(|t| t <= now))
            .take(limit);
        due.map(|l| {
            l.revoking_until = Some(now.saturating_add(REVOKE_RETRY));
            l.id
        })
        .collect()
    }

    /// etcd's `Promote`: the member became leader; every lease gets its full TTL from
    /// `now` plus `extend` (an election timeout), so no lease dies of the election itself.
    pub fn promote(&mut self, now: SimTime, extend: SimDuration) {
        self.primary = true;
        self.leases
            .values_mut()
            .for_each(|l| l.refresh(now, extend));
    }

    /// etcd's `Demote`: the member lost leadership; its leases live forever until it is
    /// promoted again.
    pub fn demote(&mut self) {
        self.primary = false;
        self.leases.values_mut().for_each(Lease::forever);
    }
}
