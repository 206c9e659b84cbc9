//! Stories of the store: revisions and versions, history reads, compaction, txns, the quota.

use super::*;
use crate::mvcc::{
    AlarmAction, AlarmKind, AlarmRequest, Compare, CompareResult, CompareTarget,
    DeleteRangeRequest, KeyRange, MAX_TXN_OPS, MAX_VALUE_BYTES, PutRequest, RangeRequest,
    RequestOp, ResponseOp, SortOrder, SortTarget, TxnRequest,
};

fn put(key: &str, value: &str) -> KvRequest {
    KvRequest::Put {
        key: key.into(),
        value: value.into(),
    }
}

fn get_at(store: &KvStore, key: &str, revision: u64) -> Result<Option<String>, MvccError> {
    let req = RangeRequest {
        range: KeyRange::key(key),
        revision,
        ..RangeRequest::default()
    };
    Ok(store
        .range_keys(&req)?
        .kvs
        .first()
        .map(|kv| kv.value.clone()))
}

fn prefix(key: &str, end: &str) -> KeyRange {
    KeyRange {
        key: key.into(),
        range_end: end.as_bytes().to_vec(),
    }
}

#[test]
fn revisions_and_versions_count_like_etcd() {
    let mut store = KvStore::new();
    assert_eq!(store.revision(), 1, "an empty store is at revision 1");
    assert_eq!(store.put("a", "1"), Ok(2));
    assert_eq!(store.put("a", "2"), Ok(3));
    let kv = store.range("a").cloned().expect("a exists");
    assert_eq!(
        (
            kv.create_revision,
            kv.mod_revision,
            kv.version,
            kv.value.as_str()
        ),
        (2, 3, 2, "2")
    );
    assert!(store.delete("a"));
    assert_eq!(store.revision(), 4);
    assert!(!store.delete("a"), "nothing left to delete");
    assert_eq!(store.revision(), 4, "a no-op delete makes no revision");
    assert_eq!(store.put("a", "3"), Ok(5));
    let kv = store.range("a").expect("recreated");
    assert_eq!((kv.create_revision, kv.version), (5, 1), "a new life");
}

#[test]
fn a_past_revision_reads_as_it_was_until_compacted() {
    let mut store = KvStore::new();
    for v in ["1", "2", "3"] {
        store.put("ck", v).expect("put");
    }
    assert_eq!(get_at(&store, "ck", 3), Ok(Some("2".into())));
    assert_eq!(get_at(&store, "ck", 1), Ok(None), "before it existed");
    assert_eq!(get_at(&store, "ck", 5), Err(MvccError::FutureRev));
    let compact = |store: &mut KvStore, revision| {
        store.apply(&KvRequest::Compaction {
            revision,
            physical: false,
        })
    };
    assert_eq!(
        compact(&mut store, 3),
        Ok(KvResponse::Compaction { revision: 4 })
    );
    assert_eq!(get_at(&store, "ck", 2), Err(MvccError::Compacted));
    assert_eq!(get_at(&store, "ck", 3), Ok(Some("2".into())), "kept");
    assert_eq!(compact(&mut store, 3), Err(MvccError::Compacted), "again");
    assert_eq!(compact(&mut store, 9), Err(MvccError::FutureRev));
    assert_eq!(store.compact_revision(), Some(3));
}

#[test]
fn ranges_sort_limit_and_count() {
    let mut store = KvStore::new();
    for (k, v) in [("foo", "c"), ("foo1", "b"), ("foo2", "a"), ("zoo", "z")] {
        store.put(k, v).expect("put");
    }
    let mut req = RangeRequest {
        range: prefix("foo", "fop"),
        limit: 2,
        ..RangeRequest::default()
    };
    let r = store.range_keys(&req).expect("range");
    let keys: Vec<&str> = r.kvs.iter().map(|kv| kv.key.as_str()).collect();
    assert_eq!((keys, r.more, r.count), (vec!["foo", "foo1"], true, 3));
    req.sort_target = SortTarget::Value;
    req.limit = 0;
    let r = store.range_keys(&req).expect("range");
    let values: Vec<&str> = r.kvs.iter().map(|kv| kv.value.as_str()).collect();
    assert_eq!(values, ["a", "b", "c"], "a target without an order ascends");
    req.sort_order = SortOrder::Descend;
    req.sort_target = SortTarget::Key;
    req.keys_only = true;
    let r = store.range_keys(&req).expect("range");
    assert_eq!(
        r.kvs.first().map(|kv| (kv.key.as_str(), kv.value.as_str())),
        Some(("foo2", ""))
    );
    req.range = KeyRange {
        key: "\0".into(),
        range_end: vec![0],
    };
    assert_eq!(store.range_keys(&req).map(|r| r.count), Ok(4), "every key");
}

#[test]
fn a_range_delete_makes_one_revision_and_returns_what_it_deleted() {
    let mut store = KvStore::new();
    for k in ["foo", "foo1", "foo2"] {
        store.put(k, "v").expect("put");
    }
    let del = KvRequest::DeleteRange(DeleteRangeRequest {
        range: prefix("foo1", "fop"),
        prev_kv: true,
    });
    let Ok(KvResponse::DeleteRange(r)) = store.apply(&del) else {
        panic!("a delete answer");
    };
    assert_eq!((r.revision, r.deleted, r.prev_kvs.len()), (5, 2, 2));
    assert_eq!(
        get_at(&store, "foo2", 4),
        Ok(Some("v".into())),
        "history kept"
    );
}

#[test]
fn put_options_keep_the_old_value_or_lease_and_return_the_old_key() {
    let mut store = KvStore::new();
    let put_key = |p: PutRequest| KvRequest::PutKey(p);
    let first = PutRequest {
        key: "k".into(),
        value: "v1".into(),
        lease: 7,
        ..PutRequest::default()
    };
    assert!(store.apply(&put_key(first)).is_ok());
    let again = PutRequest {
        key: "k".into(),
        ignore_value: true,
        ignore_lease: true,
        prev_kv: true,
        ..PutRequest::default()
    };
    let Ok(KvResponse::PutKey(r)) = store.apply(&put_key(again.clone())) else {
        panic!("a put answer");
    };
    assert_eq!(r.prev_kv.map(|kv| kv.value), Some("v1".into()));
    let kv = store.range("k").expect("k");
    assert_eq!((kv.value.as_str(), kv.lease, kv.version), ("v1", 7, 2));
    let missing = PutRequest {
        key: "nokey".into(),
        ..again
    };
    assert_eq!(store.apply(&put_key(missing)), Err(MvccError::KeyNotFound));
}

fn compare(key: &str, result: CompareResult, target: CompareTarget) -> Compare {
    Compare {
        key: key.into(),
        result,
        target,
    }
}

fn put_op(key: &str, value: &str) -> RequestOp {
    RequestOp::Put(PutRequest {
        key: key.into(),
        value: value.into(),
        ..PutRequest::default()
    })
}

fn get_op(key: &str) -> RequestOp {
    RequestOp::Range(RangeRequest {
        range: KeyRange::key(key),
        ..RangeRequest::default()
    })
}

#[test]
fn a_txn_takes_one_branch_and_one_revision_for_all_its_writes() {
    let mut store = KvStore::new();
    store.put("user1", "bad").expect("put");
    let txn = TxnRequest {
        compare: vec![compare(
            "user1",
            CompareResult::Equal,
            CompareTarget::Value("bad".into()),
        )],
        success: vec![put_op("a", "1"), put_op("b", "2"), get_op("a")],
        failure: vec![put_op("user1", "good")],
    };
    let Ok(KvResponse::Txn(r)) = store.apply(&KvRequest::Txn(txn.clone())) else {
        panic!("a txn answer");
    };
    assert!(r.succeeded);
    assert_eq!(r.revision, 3, "two puts, one revision");
    let Some(ResponseOp::Range(read)) = r.responses.get(2) else {
        panic!("a range answer");
    };
    assert_eq!(
        read.kvs.first().map(|kv| kv.mod_revision),
        Some(3),
        "sees its own write"
    );
    assert_eq!(store.range("b").map(|kv| kv.mod_revision), Some(3));
    let Ok(KvResponse::Txn(r)) = store.apply(&KvRequest::Txn(txn)) else {
        panic!("a txn answer");
    };
    assert_eq!(
        (r.succeeded, r.revision),
        (true, 4),
        "still bad: success again"
    );
}

#[test]
fn a_txn_that_only_reads_makes_no_revision_and_bad_txns_change_nothing() {
    let mut store = KvStore::new();
    store.put("k", "v").expect("put");
    let read = TxnRequest {
        compare: vec![compare("k", CompareResult::Greater, CompareTarget::Mod(0))],
        success: vec![get_op("k")],
        failure: vec![],
    };
    let r = store.apply(&KvRequest::Txn(read));
    assert_eq!(r.map(|r| r.revision()), Ok(2));
    let before = store.clone();
    let duplicate = TxnRequest {
        success: vec![put_op("x", "1"), put_op("x", "2")],
        ..TxnRequest::default()
    };
    assert_eq!(
        store.apply(&KvRequest::Txn(duplicate)),
        Err(MvccError::DuplicateKey)
    );
    let huge = TxnRequest {
        success: (0..=MAX_TXN_OPS)
            .map(|i| put_op(&format!("k{i}"), "v"))
            .collect(),
        ..TxnRequest::default()
    };
    assert_eq!(
        store.apply(&KvRequest::Txn(huge)),
        Err(MvccError::TooManyOps)
    );
    assert_eq!(store, before);
}

#[test]
fn compare_and_swap_treats_absence_as_a_state() {
    let mut store = KvStore::new();
    let cas = |expect: Option<&str>, value: &str| KvRequest::CompareAndSwap {
        key: "k".into(),
        expect: expect.map(str::to_owned),
        value: value.into(),
    };
    let ok = |revision, succeeded| {
        Ok(KvResponse::CompareAndSwap {
            revision,
            succeeded,
        })
    };
    assert_eq!(store.apply(&cas(Some(""), "x")), ok(1, false));
    assert_eq!(store.apply(&cas(None, "x")), ok(2, true));
    assert_eq!(store.apply(&cas(None, "y")), ok(2, false));
    assert_eq!(store.apply(&cas(Some("x"), "y")), ok(3, true));
}

#[test]
fn past_the_quota_writes_stop_until_the_alarm_is_disarmed_and_space_freed() {
    let mut store = KvStore::new();
    store.set_quota_bytes(EMPTY_BACKEND_BYTES as u64 + 1_000);
    let big = "x".repeat(400);
    store.put("a", &big).expect("under quota");
    store.put("a", &big).expect("still under");
    assert_eq!(store.apply(&put("a", &big)), Err(MvccError::NoSpace));
    assert_eq!(
        store.revision(),
        4,
        "applied all the same, as on every member"
    );
    store.activate_alarm(9, AlarmKind::Nospace);
    let before = store.clone();
    assert_eq!(
        store.apply(&put("tiny", "")),
        Err(MvccError::NoSpace),
        "capped"
    );
    assert_eq!(store, before, "refused whole");
    assert!(store.delete("a"), "deletes still go through");
    let compact = KvRequest::Compaction {
        revision: store.revision(),
        physical: true,
    };
    assert!(store.apply(&compact).is_ok());
    store.defrag();
    let disarm = KvRequest::Alarm(AlarmRequest {
        action: AlarmAction::Deactivate,
        member_id: 9,
        alarm: Some(AlarmKind::Nospace),
    });
    assert!(
        matches!(store.apply(&disarm), Ok(KvResponse::Alarm { alarms, .. }) if alarms.len() == 1)
    );
    assert!(store.alarms().is_empty());
    assert_eq!(
        store.backend_bytes(),
        (EMPTY_BACKEND_BYTES, EMPTY_BACKEND_BYTES)
    );
    assert!(store.put("a", &big).is_ok(), "room again");
}

#[test]
fn bad_requests_change_nothing() {
    let mut store = KvStore::new();
    assert_eq!(store.apply(&put("", "v")), Err(MvccError::InvalidKey));
    let huge = "x".repeat(MAX_VALUE_BYTES + 1);
    assert_eq!(
        store.apply(&put("big", &huge)),
        Err(MvccError::ValueTooLarge)
    );
    assert_eq!(store, KvStore::new());
}

#[test]
fn a_snapshot_restores_everything() {
    let mut store = KvStore::new();
    store.put("a", "1").expect("put");
    store.put("b", "2").expect("put");
    store.delete("a");
    store.set_consistent_index(7);
    let data = store.encode_snapshot().expect("encodes");
    assert_eq!(KvStore::from_snapshot(&data), Ok(store));
    assert_eq!(KvStore::from_snapshot(&[]), Ok(KvStore::new()));
    assert!(KvStore::from_snapshot(b"garbage").is_err());
}
