//! `KvStore::apply`: a committed request carried out (etcd's `applierV3`): the quota and
//! the NOSPACE alarm first (etcd's `quotaApplierV3` and `applierV3Capped`), then puts,
//! deletes, txns, compactions and alarms, each request's writes at one new revision.
//!
//! Every outcome is the same on every member, since each applies the same requests to the
//! same state; on error nothing changed, but for one case taken from etcd: a write that takes
//! the backend over the member's own quota is applied all the same (members may have
//! different quotas, and their stores must not diverge) and answered `NoSpace`, after which
//! the member raises the NOSPACE alarm, which refuses further such writes everywhere.

use super::kv_lease::{LeaseLookup, check_lease};
use super::kv_write::WriteTxn;
use super::{
    Alarm, AlarmAction, AlarmKind, AlarmRequest, Compare, KeyHistory, KeyRevision, KvRequest,
    KvResponse, KvStore, MvccError, PutRequest, RequestOp, ResponseOp, TxnRequest, TxnResponse,
};

/// Backend bytes a put may add (etcd's `costPut`), for the quota (unit: bytes).
pub(crate) fn put_cost(p: &PutRequest) -> usize {
    super::ROW_OVERHEAD_BYTES
        .saturating_add(p.key.len())
        .saturating_add(p.value.len())
}

impl KvStore {
    /// Carries out `req` and answers it; on error nothing changed. Any lease a put names
    /// is taken to exist: see [`KvStore::apply_with_leases`].
    pub fn apply(&mut self, req: &KvRequest) -> Result<KvResponse, MvccError> {
        self.apply_with_leases(req, &|_| true)
    }

    /// [`KvStore::apply`], with a put (one of a txn's too) naming a lease for which
    /// `lease_exists` says no refused as etcd refuses it. Lease calls are not the store's.
    pub fn apply_with_leases(
        &mut self,
        req: &KvRequest,
        lease_exists: LeaseLookup<'_>,
    ) -> Result<KvResponse, MvccError> {
        req.validate()?;
        let over_quota = self.check_quota(req)?;
        let response = self.apply_checked(req, lease_exists)?;
        if over_quota {
            return Err(MvccError::NoSpace);
        }
        Ok(response)
    }

    fn apply_checked(
        &mut self,
        req: &KvRequest,
        lease_exists: LeaseLookup<'_>,
    ) -> Result<KvResponse, MvccError> {
        Ok(match req {
            KvRequest::Put { key, value } => KvResponse::Put {
                revision: self.put(key, value)?,
            },
            KvRequest::Get { key, .. } => self.get(key),
            KvRequest::Delete { key } => {
                let deleted = u64::from(self.delete(key));
                KvResponse::Delete {
                    revision: self.revision,
                    deleted,
                }
            }
            KvRequest::CompareAndSwap { key, expect, value } => {
                let succeeded = self.compare_and_swap(key, expect.as_deref(), value)?;
                KvResponse::CompareAndSwap {
                    revision: self.revision,
                    succeeded,
                }
            }
            KvRequest::Range(r) => KvResponse::Range(self.range_keys(r)?),
            KvRequest::PutKey(p) => {
                check_lease(p, lease_exists)?;
                if (p.ignore_value || p.ignore_lease) && self.range(&p.key).is_none() {
                    return Err(MvccError::KeyNotFound);
                }
                let mut txn = WriteTxn::new(self);
                let response = txn.put(p);
                txn.end();
                KvResponse::PutKey(response)
            }
            KvRequest::DeleteRange(d) => {
                let mut txn = WriteTxn::new(self);
                let mut response = txn.delete_range(d);
                response.revision = txn.end();
                KvResponse::DeleteRange(response)
            }
            KvRequest::Txn(t) => KvResponse::Txn(self.txn(t, lease_exists)?),
            KvRequest::Compaction { revision, .. } => {
                self.compact(*revision)?;
                KvResponse::Compaction {
                    revision: self.revision,
                }
            }
            KvRequest::Alarm(a) => self.alarm(a),
            KvRequest::Lease(_) => return Err(MvccError::Misrouted),
        })
    }

    /// With the NOSPACE alarm raised, writes that add data are refused (deletes, compactions
    /// and alarm changes still go through, so space can be freed); otherwise, whether this
    /// one takes the backend over the quota.
    fn check_quota(&self, req: &KvRequest) -> Result<bool, MvccError> {
        let cost = match req {
            KvRequest::Put { key, value } | KvRequest::CompareAndSwap { key, value, .. } => {
                put_cost(&PutRequest {
                    key: key.clone(),
                    value: value.clone(),
                    ..PutRequest::default()
                })
            }
            KvRequest::PutKey(p) => put_cost(p),
            KvRequest::Txn(t) => t.put_cost(),
            _ => return Ok(false),
        };
        if cost == 0 {
            return Ok(false);
        }
        if self.alarms.iter().any(|a| a.alarm == AlarmKind::Nospace) {
            return Err(MvccError::NoSpace);
        }
        Ok(self.backend_bytes().0.saturating_add(cost) > self.quota_bytes)
    }

    /// Sets `key` to `value` at a new revision, which it returns. The quota is the
    /// caller's ([`KvStore::apply`]) to check.
    pub fn put(&mut self, key: &str, value: &str) -> Result<u64, MvccError> {
        let req = KvRequest::Put {
            key: key.to_owned(),
            value: value.to_owned(),
        };
        req.validate()?;
        let over_quota = self.check_quota(&req)?;
        let mut txn = WriteTxn::new(self);
        txn.put(&PutRequest {
            key: key.to_owned(),
            value: value.to_owned(),
            ..PutRequest::default()
        });
        let revision = txn.end();
        if over_quota {
            return Err(MvccError::NoSpace);
        }
        Ok(revision)
    }

    /// Deletes `key`; whether it existed. Only a real deletion makes a revision.
    pub fn delete(&mut self, key: &str) -> bool {
        let mut txn = WriteTxn::new(self);
        let deleted = txn.delete(key);
        txn.end();
        deleted
    }

    /// If `key`'s value is `expect` (`None`: absent), puts `value`; returns whether it did.
    pub fn compare_and_swap(
        &mut self,
        key: &str,
        expect: Option<&str>,
        value: &str,
    ) -> Result<bool, MvccError> {
        let current = self.range(key).map(|kv| kv.value.as_str());
        if current != expect {
            return Ok(false);
        }
        self.put(key, value).map(|_| true)
    }

    /// etcd's `Txn`: every compare (nested ones too) judged against the state before the
    /// txn, then the chosen operations in order, all writes at one new revision.
    fn txn(
        &mut self,
        t: &TxnRequest,
        lease_exists: LeaseLookup<'_>,
    ) -> Result<TxnResponse, MvccError> {
        let path = self.txn_path(t);
        self.check_txn_ops(t, &path, &mut 0, lease_exists)?;
        let mut txn = WriteTxn::new(self);
        let mut at = 0;
        let mut response = run_txn(&mut txn, t, &path, &mut at)?;
        response.revision = txn.end();
        Ok(response)
    }

    /// Which branch each txn takes, in the order they are met (etcd's `compareToPath`).
    fn txn_path(&self, t: &TxnRequest) -> Vec<bool> {
        let succeeded = t.compare.iter().all(|c| self.compare(c));
        let mut path = vec![succeeded];
        let ops = if succeeded { &t.success } else { &t.failure };
        for op in ops {
            if let RequestOp::Txn(nested) = op {
                path.extend(self.txn_path(nested));
            }
        }
        path
    }

    fn compare(&self, c: &Compare) -> bool {
        c.holds(self.range(&c.key))
    }

    /// etcd's `checkRequests`: refusals decided before anything is written, so a txn fails
    /// whole or not at all.
    fn check_txn_ops(
        &self,
        t: &TxnRequest,
        path: &[bool],
        at: &mut usize,
        lease_exists: LeaseLookup<'_>,
    ) -> Result<(), MvccError> {
        let succeeded = path.get(*at).copied().unwrap_or(false);
        *at = at.saturating_add(1);
        let ops = if succeeded { &t.success } else { &t.failure };
        let mut written: Vec<&str> = Vec::new();
        for op in ops {
            match op {
                RequestOp::Range(r) if r.revision != 0 => {
                    self.range_keys(r)?;
                }
                RequestOp::Range(_) => {}
                RequestOp::Put(p) => {
                    if (p.ignore_value || p.ignore_lease) && self.range(&p.key).is_none() {
                        return Err(MvccError::KeyNotFound);
                    }
                    check_lease(p, lease_exists)?;
                    if written.contains(&p.key.as_str()) {
                        return Err(MvccError::DuplicateKey);
                    }
                    written.push(&p.key);
                }
                RequestOp::DeleteRange(_) => {}
                RequestOp::Txn(nested) => {
                    self.check_txn_ops(nested, path, at, lease_exists)?;
                }
            }
        }
        Ok(())
    }

    /// etcd's `Compact`: forgets every revision below `rev` that no read at or after `rev`
    /// needs.
    fn compact(&mut self, rev: u64) -> Result<(), MvccError> {
        if rev <= self.compact_revision {
            return Err(MvccError::Compacted);
        }
        if rev > self.revision {
            return Err(MvccError::FutureRev);
        }
        let mut freed = 0usize;
        self.keys.retain(|key, history: &mut KeyHistory| {
            let dropped: Vec<KeyRevision> = history.compact(rev);
            freed = dropped
                .iter()
                .map(|r| r.bytes(key))
                .fold(freed, usize::saturating_add);
            !history.is_empty()
        });
        self.bytes = self.bytes.saturating_sub(freed);
        self.compact_revision = rev;
        Ok(())
    }

    fn alarm(&mut self, a: &AlarmRequest) -> KvResponse {
        let alarms = match (a.action, a.alarm) {
            (AlarmAction::Get, _) => self.alarms.clone(),
            (AlarmAction::Activate, Some(kind)) => vec![self.activate_alarm(a.member_id, kind)],
            (AlarmAction::Deactivate, Some(kind)) => {
                let wanted = Alarm {
                    member_id: a.member_id,
                    alarm: kind,
                };
                let found = self.alarms.iter().position(|x| *x == wanted);
                found.map(|i| self.alarms.remove(i)).into_iter().collect()
            }
            (_, None) => Vec::new(),
        };
        KvResponse::Alarm {
            revision: self.revision,
            alarms,
        }
    }

    /// Raises an alarm (once: raising it again changes nothing) and returns it.
    pub fn activate_alarm(&mut self, member_id: u64, alarm: AlarmKind) -> Alarm {
        let raised = Alarm { member_id, alarm };
        if !self.alarms.contains(&raised) {
            self.alarms.push(raised);
        }
        raised
    }
}

/// The operations of the branch `path` chose for `t`, and of its nested txns in turn.
fn run_txn(
    txn: &mut WriteTxn<'_>,
    t: &TxnRequest,
    path: &[bool],
    at: &mut usize,
) -> Result<TxnResponse, MvccError> {
    let succeeded = path.get(*at).copied().unwrap_or(false);
    *at = at.saturating_add(1);
    let ops = if succeeded { &t.success } else { &t.failure };
    let mut responses = Vec::with_capacity(ops.len());
    for op in ops {
        responses.push(match op {
            RequestOp::Range(r) => ResponseOp::Range(txn.range(r)?),
            RequestOp::Put(p) => ResponseOp::Put(txn.put(p)),
            RequestOp::DeleteRange(d) => ResponseOp::DeleteRange(txn.delete_range(d)),
            RequestOp::Txn(nested) => ResponseOp::Txn(run_txn(txn, nested, path, at)?),
        });
    }
    Ok(TxnResponse {
        revision: txn.rev(),
        succeeded,
        responses,
    })
}
