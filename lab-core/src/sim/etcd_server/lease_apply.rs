//! The lessor's side of applying requests (etcd's `applierV3` for `LeaseGrant`,
//! `LeaseRevoke` and a put's lease): a put naming a missing lease is refused (by the store,
//! which asks the lessor), keys follow their lease, a revocation deletes its keys in one
//! revision. Also the calls a lessor answers without Raft (keep-alive, time-to-live, list) and its promotion.

use super::EtcdServer;
use crate::lease::{LeaseError, LeaseRequest, LeaseResponse, Lessor, NO_LEASE};
use crate::mvcc::{KeyValue, KvRequest, KvResponse, MvccError};
use crate::time::{SimDuration, SimTime};

impl EtcdServer {
    /// The member's leases.
    pub fn lessor(&self) -> &Lessor {
        &self.lessor
    }

    /// The lessor for the member's own decisions: promotion, expiry, minimum TTL.
    pub(crate) fn lessor_mut(&mut self) -> &mut Lessor {
        &mut self.lessor
    }

    /// A snapshot's leases replace ours; the member's own settings stay, and the clocks
    /// start again at the next promotion (reference 07: a restored lease's TTL restarts).
    pub(super) fn restore_lessor(&mut self, mut lessor: Lessor) {
        lessor.set_min_ttl(self.lessor.min_ttl());
        self.lessor = lessor;
    }

    /// Applies one committed request to the lessor and the store together.
    pub(super) fn apply_request(
        &mut self,
        req: &KvRequest,
        now: SimTime,
    ) -> Result<KvResponse, MvccError> {
        match req {
            KvRequest::Lease(LeaseRequest::Grant { id, ttl }) => {
                let ttl = self.lessor.grant(*id, *ttl, now)?.ttl;
                Ok(KvResponse::Lease(LeaseResponse::Granted {
                    revision: self.store.revision(),
                    id: *id,
                    ttl,
                }))
            }
            KvRequest::Lease(LeaseRequest::Revoke { id }) => {
                let keys = self.lessor.revoke(*id)?;
                let before = self.store.revision();
                self.store.delete_keys(&keys);
                self.after_write(before)?;
                Ok(KvResponse::Lease(LeaseResponse::Revoked {
                    revision: self.store.revision(),
                }))
            }
            KvRequest::Lease(_) => Err(MvccError::Misrouted),
            other => self.apply_to_store(other),
        }
    }

    /// A store request, a put refused if it names a lease the lessor does not have. A write
    /// over the quota is applied all the same (see [`crate::mvcc::KvStore::apply`]), so its
    /// keys follow their leases and reach the watchers whatever the answer.
    fn apply_to_store(&mut self, req: &KvRequest) -> Result<KvResponse, MvccError> {
        let before = self.store.revision();
        let lessor = &self.lessor;
        let lease_exists = |id: i64| lessor.lookup(id).is_some();
        let response = self.store.apply_with_leases(req, &lease_exists);
        self.after_write(before)?;
        response
    }

    /// Every write made since store revision `before` moves its key between leases (etcd's
    /// `Attach`/`Detach` in the store's put and delete) and reaches the watchers.
    fn after_write(&mut self, before: u64) -> Result<(), MvccError> {
        let revision = self.store.revision();
        if revision == before {
            return Ok(());
        }
        let changes = self.store.changes_at(revision);
        let lease_of = |kv: &Option<KeyValue>| kv.as_ref().map_or(NO_LEASE, |kv| kv.lease);
        for change in &changes {
            let (old, new) = (lease_of(&change.prev), lease_of(&change.kv));
            if old != new {
                self.lessor.detach(old, &change.key);
            }
            if new != NO_LEASE {
                self.lessor.attach(new, &change.key)?;
            }
        }
        self.publish(changes);
        Ok(())
    }

    /// A lease call answered by this member's lessor without Raft (the leader's, for
    /// keep-alive and time-to-live: etcd forwards those to it).
    pub(crate) fn serve_lease(
        &mut self,
        req: &LeaseRequest,
        now: SimTime,
    ) -> Result<LeaseResponse, LeaseError> {
        let revision = self.store.revision();
        match req {
            // etcd's keep-alive stream answers a missing lease with TTL 0, not an error.
            LeaseRequest::KeepAlive { id } => Ok(LeaseResponse::KeptAlive {
                revision,
                id: *id,
                ttl: match self.lessor.renew(*id, now) {
                    Err(LeaseError::NotFound) => 0,
                    other => other?,
                },
            }),
            LeaseRequest::TimeToLive { id, keys } => Ok(LeaseResponse::TimeToLive {
                revision,
                ttl: self.lessor.time_to_live(*id, now, *keys),
            }),
            LeaseRequest::Leases => Ok(LeaseResponse::Leases {
                revision,
                ids: self.lessor.leases(),
            }),
            LeaseRequest::Grant { .. } | LeaseRequest::Revoke { .. } => Err(LeaseError::NotFound),
        }
    }

    /// Promotes or demotes the lessor to match leadership (etcd does it when the leader
    /// changes); a new leader's leases get an election timeout more.
    pub(crate) fn follow_leadership(&mut self, leader: bool, now: SimTime, extend: SimDuration) {
        match (leader, self.lessor.is_primary()) {
            (true, false) => self.lessor.promote(now, extend),
            (false, true) => self.lessor.demote(),
            _ => {}
        }
    }
}
