//! What the store does for leases, which the lessor owns: a put naming a lease is checked
//! against the lessor's answer (etcd's `ErrLeaseNotFound`), and a revoked lease's keys are
//! deleted together, in one revision (etcd's lessor `RangeDeleter`).

use super::kv_write::WriteTxn;
use super::{KvStore, MvccError, PutRequest};
use crate::lease::{LeaseError, NO_LEASE};

/// Whether a lease exists: the lessor's answer, asked before a put names a lease.
pub type LeaseLookup<'a> = &'a dyn Fn(i64) -> bool;

/// etcd's lease check of a put, made before anything is written.
pub(super) fn check_lease(p: &PutRequest, lease_exists: LeaseLookup<'_>) -> Result<(), MvccError> {
    if p.lease != NO_LEASE && !lease_exists(p.lease) {
        return Err(LeaseError::NotFound.into());
    }
    Ok(())
}

impl KvStore {
    /// Deletes `keys` in one write, so at one new revision if any existed; returns how many
    /// existed.
    pub fn delete_keys(&mut self, keys: &[String]) -> u64 {
        let mut txn = WriteTxn::new(self);
        let deleted = keys.iter().filter(|key| txn.delete(key)).count();
        txn.end();
        deleted as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mvcc::{KvRequest, RequestOp, TxnRequest};

    const LEASE: i64 = 0x694d_8a5c_6e2b_0a0b;

    fn put_with_lease(key: &str, lease: i64) -> PutRequest {
        PutRequest {
            key: key.into(),
            value: "v".into(),
            lease,
            ..PutRequest::default()
        }
    }

    fn only(id: i64) -> impl Fn(i64) -> bool {
        move |lease| lease == id
    }

    #[test]
    fn a_put_naming_an_unknown_lease_is_refused_and_writes_nothing() {
        let mut store = KvStore::new();
        let put = KvRequest::PutKey(put_with_lease("k", 7));
        let refused = store.apply_with_leases(&put, &only(LEASE));
        assert_eq!(refused, Err(MvccError::Lease(LeaseError::NotFound)));
        assert_eq!(
            refused.map_err(|e| e.to_string()).err().as_deref(),
            Some("etcdserver: requested lease not found")
        );
        assert_eq!(store.revision(), 1);
        let put = KvRequest::PutKey(put_with_lease("k", LEASE));
        assert!(store.apply_with_leases(&put, &only(LEASE)).is_ok());
        assert_eq!(store.range("k").map(|kv| kv.lease), Some(LEASE));
    }

    #[test]
    fn a_txn_put_on_the_branch_taken_is_checked_too() {
        let mut store = KvStore::new();
        let txn = |success, failure| {
            KvRequest::Txn(TxnRequest {
                success: vec![RequestOp::Put(success)],
                failure: vec![RequestOp::Put(failure)],
                ..TxnRequest::default()
            })
        };
        let bad_on_success = txn(put_with_lease("a", 7), put_with_lease("b", LEASE));
        assert_eq!(
            store.apply_with_leases(&bad_on_success, &only(LEASE)),
            Err(MvccError::Lease(LeaseError::NotFound))
        );
        assert!(store.range("a").is_none(), "the txn failed whole");
        let bad_on_failure = txn(put_with_lease("a", LEASE), put_with_lease("b", 7));
        assert!(
            store
                .apply_with_leases(&bad_on_failure, &only(LEASE))
                .is_ok()
        );
        assert!(
            store.range("a").is_some(),
            "the branch not taken is not checked"
        );
    }

    #[test]
    fn a_lease_s_keys_go_in_one_revision() {
        let mut store = KvStore::new();
        store.put("a", "1").expect("put");
        store.put("b", "2").expect("put");
        let keys = ["a".to_owned(), "b".to_owned(), "gone".to_owned()];
        assert_eq!(store.delete_keys(&keys), 2);
        assert_eq!(store.revision(), 4, "one revision for both");
        assert_eq!(store.changes_at(4).len(), 2);
        assert_eq!(store.delete_keys(&keys), 0);
        assert_eq!(store.revision(), 4, "nothing to delete, no revision");
    }
}
