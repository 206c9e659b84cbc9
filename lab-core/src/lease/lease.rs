//! [`Lease`]: one lease (etcd's `lease.Lease`): its granted TTL, the keys attached to it,
//! and, on the primary lessor only, when it expires.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::time::{SimDuration, SimTime};

/// One lease.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    /// The id, positive.
    pub id: i64,
    /// The TTL granted (after the minimum was applied). Unit: seconds.
    pub ttl: i64,
    /// Keys whose current version carries this lease.
    pub keys: BTreeSet<String>,
    /// When it expires; `None` is etcd's "forever", what every lease of a non-primary
    /// lessor, and of a restored one until promotion, has. Time is not replicated: it never
    /// travels in a snapshot.
    #[serde(skip)]
    pub(super) expiry: Option<SimTime>,
    /// Until when a revocation proposed for it is awaited before it is proposed again
    /// (etcd re-queues an expired lease 3 s after handing it out).
    #[serde(skip)]
    pub(super) revoking_until: Option<SimTime>,
}

impl Lease {
    pub(super) fn new(id: i64, ttl: i64) -> Lease {
        Lease {
            id,
            ttl,
            keys: BTreeSet::new(),
            expiry: None,
            revoking_until: None,
        }
    }

    /// etcd's `refresh(extend)`: expires a full TTL plus `extend` from `now`.
    pub(super) fn refresh(&mut self, now: SimTime, extend: SimDuration) {
        let ttl = SimDuration::from_secs(u64::try_from(self.ttl).unwrap_or(0));
        self.expiry = Some(now.saturating_add(ttl).saturating_add(extend));
        self.revoking_until = None;
    }

    /// etcd's `forever()`.
    pub(super) fn forever(&mut self) {
        self.expiry = None;
        self.revoking_until = None;
    }

    /// When it expires, if it does.
    pub fn expiry(&self) -> Option<SimTime> {
        self.expiry
    }

    /// Time left at `now`, in whole seconds rounded down as etcd's `Remaining().Seconds()`
    /// converted to `int64`; 0 once expired; `i64::MAX` for a lease held forever.
    pub fn remaining_secs(&self, now: SimTime) -> i64 {
        match self.expiry {
            None => i64::MAX,
            Some(at) => {
                let left = at.saturating_duration_since(now).as_micros() / 1_000_000;
                i64::try_from(left).unwrap_or(i64::MAX)
            }
        }
    }

    /// Has it expired at `now` (a primary lessor's view)?
    pub fn is_expired(&self, now: SimTime) -> bool {
        self.expiry.is_some_and(|at| at <= now)
    }
}
