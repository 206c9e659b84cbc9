//! Stories for `checkIntervals`: which writes a txn may combine.

use super::*;
use crate::mvcc::{DeleteRangeRequest, KeyRange, PutRequest, TxnRequest};

fn put(key: &str) -> RequestOp {
    RequestOp::Put(PutRequest {
        key: key.to_owned(),
        value: "v".to_owned(),
        ..PutRequest::default()
    })
}

fn del(key: &str, range_end: &str) -> RequestOp {
    RequestOp::DeleteRange(DeleteRangeRequest {
        range: KeyRange {
            key: key.to_owned(),
            range_end: range_end.as_bytes().to_vec(),
        },
        ..DeleteRangeRequest::default()
    })
}

fn txn(success: Vec<RequestOp>, failure: Vec<RequestOp>) -> RequestOp {
    RequestOp::Txn(TxnRequest {
        compare: Vec::new(),
        success,
        failure,
    })
}

fn check(ops: Vec<RequestOp>) -> Result<(), MvccError> {
    check_intervals(&ops).map(|_| ())
}

#[test]
fn one_branch_may_not_put_a_key_twice_or_put_what_it_deletes() {
    assert_eq!(check(vec![put("a"), put("b")]), Ok(()));
    assert_eq!(
        check(vec![put("a"), put("a")]),
        Err(MvccError::DuplicateKey)
    );
    assert_eq!(
        check(vec![del("a", ""), put("a")]),
        Err(MvccError::DuplicateKey)
    );
    assert_eq!(
        check(vec![put("b"), del("a", "c")]),
        Err(MvccError::DuplicateKey)
    );
    assert_eq!(
        check(vec![put("c"), del("a", "c")]),
        Ok(()),
        "range ends are exclusive"
    );
    // Two deletes of one key write nothing twice.
    assert_eq!(check(vec![del("a", ""), del("a", "")]), Ok(()));
}

#[test]
fn a_nested_txn_counts_both_its_branches() {
    // Either branch of the inner txn may put `k`: only one of them runs.
    assert_eq!(check(vec![txn(vec![put("k")], vec![put("k")])]), Ok(()));
    // But the outer level putting `k` too would write it twice on some path.
    assert_eq!(
        check(vec![txn(vec![put("k")], vec![]), put("k")]),
        Err(MvccError::DuplicateKey)
    );
    assert_eq!(
        check(vec![txn(vec![], vec![put("k")]), put("k")]),
        Err(MvccError::DuplicateKey)
    );
    // A delete at the outer level covers the inner puts, and an inner delete the outer put.
    assert_eq!(
        check(vec![del("k", ""), txn(vec![put("k")], vec![])]),
        Err(MvccError::DuplicateKey)
    );
    assert_eq!(
        check(vec![txn(vec![], vec![del("a", "z")]), put("k")]),
        Err(MvccError::DuplicateKey)
    );
    // Two sibling txns both putting `k`: duplicate, even from different branches.
    assert_eq!(
        check(vec![
            txn(vec![put("k")], vec![]),
            txn(vec![], vec![put("k")])
        ]),
        Err(MvccError::DuplicateKey)
    );
}

#[test]
fn clashes_deep_inside_are_found() {
    let deep = txn(vec![txn(vec![put("x"), put("x")], vec![])], vec![]);
    assert_eq!(check(vec![deep]), Err(MvccError::DuplicateKey));
    let fine = txn(vec![txn(vec![put("x")], vec![put("y")])], vec![put("z")]);
    assert_eq!(check(vec![fine, put("w")]), Ok(()));
}

#[test]
fn a_range_end_of_nul_covers_nothing_as_in_etcd() {
    // etcd compares `"\0"` as a plain string, so this delete-from-`a` range looks empty.
    assert_eq!(check(vec![del("a", "\0"), put("b")]), Ok(()));
}
