//! The store against a model that keeps every revision's whole key map: random puts,
//! deletes, txns and compactions, and after each step reads at random revisions, must agree.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

/// Every revision's full map, revision 1 (empty) first, and the compacted revision.
struct Model {
    revs: Vec<BTreeMap<String, KeyValue>>,
    compacted: u64,
}

impl Model {
    fn current(&self) -> u64 {
        self.revs.len() as u64
    }

    fn last(&self) -> BTreeMap<String, KeyValue> {
        self.revs.last().cloned().unwrap_or_default()
    }

    /// Applies writes (`Some` value: put; `None`: delete) at one new revision, if any change.
    fn write(&mut self, writes: &[(String, Option<String>)]) {
        let rev = self.current() + 1;
        let mut map = self.last();
        let mut changed = false;
        for (key, value) in writes {
            match value {
                Some(value) => {
                    let (create, version) = map
                        .get(key)
                        .map_or((rev, 1), |kv| (kv.create_revision, kv.version + 1));
                    let kv = KeyValue {
                        key: key.clone(),
                        create_revision: create,
                        mod_revision: rev,
                        version,
                        value: value.clone(),
                        lease: 0,
                    };
                    map.insert(key.clone(), kv);
                    changed = true;
                }
                None => changed |= map.remove(key).is_some(),
            }
        }
        if changed {
            self.revs.push(map);
        }
    }

    fn range(&self, from: &str, to: &str, rev: u64) -> Result<Vec<KeyValue>, MvccError> {
        let rev = if rev == 0 { self.current() } else { rev };
        if rev > self.current() {
            return Err(MvccError::FutureRev);
        }
        if rev < self.compacted {
            return Err(MvccError::Compacted);
        }
        let map = usize::try_from(rev - 1)
            .ok()
            .and_then(|i| self.revs.get(i))
            .cloned()
            .unwrap_or_default();
        Ok(map
            .into_values()
            .filter(|kv| kv.key.as_str() >= from && kv.key.as_str() < to)
            .collect())
    }
}

#[derive(Clone, Debug)]
enum Op {
    Put(String, String),
    Delete(String),
    /// if value(key) == expect: put both; else delete the third key.
    Txn(String, String, String, String, String),
    Compact(u64),
}

fn key() -> impl Strategy<Value = String> {
    "[a-d]".prop_map(String::from)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (key(), "[x-z]{0,2}").prop_map(|(k, v)| Op::Put(k, v)),
        2 => key().prop_map(Op::Delete),
        2 => (key(), "[x-z]{0,2}", key(), key(), key())
            .prop_map(|(k, e, a, b, c)| Op::Txn(k, e, a, b, c)),
        1 => (0u64..30).prop_map(Op::Compact),
    ]
}

fn put_op(key: &str) -> RequestOp {
    RequestOp::Put(PutRequest {
        key: key.to_owned(),
        value: "t".to_owned(),
        ..PutRequest::default()
    })
}

fn apply(store: &mut KvStore, model: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    match op {
        Op::Put(k, v) => {
            prop_assert!(store.put(k, v).is_ok());
            model.write(&[(k.clone(), Some(v.clone()))]);
        }
        Op::Delete(k) => {
            store.delete(k);
            model.write(&[(k.clone(), None)]);
        }
        Op::Txn(k, expect, a, b, c) => {
            let holds = model.last().get(k).is_some_and(|kv| &kv.value == expect);
            let txn = TxnRequest {
                compare: vec![Compare {
                    key: k.clone(),
                    result: CompareResult::Equal,
                    target: CompareTarget::Value(expect.clone()),
                }],
                success: if a == b {
                    vec![put_op(a)]
                } else {
                    vec![put_op(a), put_op(b)]
                },
                failure: vec![RequestOp::DeleteRange(DeleteRangeRequest {
                    range: KeyRange::key(c),
                    prev_kv: false,
                })],
            };
            let answer = store.apply(&KvRequest::Txn(txn));
            prop_assert!(matches!(&answer, Ok(KvResponse::Txn(r)) if r.succeeded == holds));
            if holds && a == b {
                model.write(&[(a.clone(), Some("t".into()))]);
            } else if holds {
                model.write(&[(a.clone(), Some("t".into())), (b.clone(), Some("t".into()))]);
            } else {
                model.write(&[(c.clone(), None)]);
            }
        }
        Op::Compact(r) => {
            let expected = if *r <= model.compacted {
                Err(MvccError::Compacted)
            } else if *r > model.current() {
                Err(MvccError::FutureRev)
            } else {
                model.compacted = *r;
                Ok(())
            };
            let got = store.apply(&KvRequest::Compaction {
                revision: *r,
                physical: false,
            });
            prop_assert_eq!(got.map(|_| ()), expected);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn the_store_reads_every_revision_as_the_model_does(
        ops in proptest::collection::vec(op(), 1..40),
        reads in proptest::collection::vec((0u64..45, key(), key()), 1..8),
    ) {
        let mut store = KvStore::new();
        let mut model = Model { revs: vec![BTreeMap::new()], compacted: 0 };
        for op in &ops {
            apply(&mut store, &mut model, op)?;
            prop_assert_eq!(store.revision(), model.current());
            for (rev, a, b) in &reads {
                let (from, to) = if a <= b { (a, b) } else { (b, a) };
                let req = RangeRequest {
                    range: KeyRange { key: from.clone(), range_end: format!("{to}\u{1}").into_bytes() },
                    revision: *rev,
                    ..RangeRequest::default()
                };
                let got = store.range_keys(&req).map(|r| r.kvs);
                prop_assert_eq!(got, model.range(from, &format!("{to}\u{1}"), *rev), "op {:?} rev {}", op, rev);
            }
        }
        let snapshot = store.encode_snapshot().map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(KvStore::from_snapshot(&snapshot), Ok(store));
    }
}
