//! Transactions: [`TxnRequest`] — compares, then the success or the failure operations — and
//! how a compare is judged against a key (etcd's `applyCompare` and `compareKV`).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{
    DeleteRangeRequest, DeleteRangeResponse, KeyValue, PutRequest, PutResponse, RangeRequest,
    RangeResponse,
};

/// Most operations one txn holds, nested ones included (etcd's `--max-txn-ops` default).
pub const MAX_TXN_OPS: usize = 128;
/// Deepest nesting of txns inside txns (unit: levels); etcd has no bound but the ops count.
pub const MAX_TXN_DEPTH: usize = 8;

/// `Compare.result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum CompareResult {
    Equal,
    Greater,
    Less,
    NotEqual,
}

/// `Compare.target` with the value compared against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum CompareTarget {
    Version(i64),
    Create(i64),
    Mod(i64),
    Value(String),
    Lease(i64),
}

/// One compare: `target(key) result value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compare {
    /// The key.
    pub key: String,
    /// How the key's field must relate to the value.
    pub result: CompareResult,
    /// The field and the value.
    pub target: CompareTarget,
}

impl Compare {
    /// Does the key (absent: `None`) pass? A missing key has 0 for every number and fails
    /// every value compare, as in etcd.
    pub fn holds(&self, kv: Option<&KeyValue>) -> bool {
        let num = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let ordering = match (&self.target, kv) {
            (CompareTarget::Value(_), None) => return false,
            (CompareTarget::Value(want), Some(kv)) => kv.value.as_bytes().cmp(want.as_bytes()),
            (CompareTarget::Version(want), kv) => num(kv.map_or(0, |k| k.version)).cmp(want),
            (CompareTarget::Create(want), kv) => num(kv.map_or(0, |k| k.create_revision)).cmp(want),
            (CompareTarget::Mod(want), kv) => num(kv.map_or(0, |k| k.mod_revision)).cmp(want),
            (CompareTarget::Lease(want), kv) => kv.map_or(0, |k| k.lease).cmp(want),
        };
        match self.result {
            CompareResult::Equal => ordering == Ordering::Equal,
            CompareResult::NotEqual => ordering != Ordering::Equal,
            CompareResult::Greater => ordering == Ordering::Greater,
            CompareResult::Less => ordering == Ordering::Less,
        }
    }
}

/// One operation of a txn branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum RequestOp {
    Range(RangeRequest),
    Put(PutRequest),
    DeleteRange(DeleteRangeRequest),
    Txn(TxnRequest),
}

/// The answer to one [`RequestOp`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum ResponseOp {
    Range(RangeResponse),
    Put(PutResponse),
    DeleteRange(DeleteRangeResponse),
    Txn(TxnResponse),
}

/// `TxnRequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxnRequest {
    /// All must hold for `success` to run.
    pub compare: Vec<Compare>,
    /// Run when every compare holds.
    pub success: Vec<RequestOp>,
    /// Run otherwise.
    pub failure: Vec<RequestOp>,
}

/// `TxnResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxnResponse {
    /// The store revision after the txn.
    pub revision: u64,
    /// Did the compares hold?
    pub succeeded: bool,
    /// One answer per operation of the branch that ran.
    pub responses: Vec<ResponseOp>,
}

impl TxnRequest {
    /// Operations in both branches, nested ones included.
    pub fn ops(&self) -> usize {
        self.success
            .iter()
            .chain(&self.failure)
            .map(|op| match op {
                RequestOp::Txn(t) => 1usize.saturating_add(t.ops()),
                _ => 1,
            })
            .fold(0, usize::saturating_add)
    }

    /// Levels of txns, this one included.
    pub fn depth(&self) -> usize {
        self.success
            .iter()
            .chain(&self.failure)
            .filter_map(|op| match op {
                RequestOp::Txn(t) => Some(t.depth()),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }

    /// Does either branch write (so the txn needs a revision and counts against the quota)?
    pub fn has_writes(&self) -> bool {
        self.success.iter().chain(&self.failure).any(|op| match op {
            RequestOp::Range(_) => false,
            RequestOp::Put(_) | RequestOp::DeleteRange(_) => true,
            RequestOp::Txn(t) => t.has_writes(),
        })
    }

    /// Every key and value the txn names, for the size checks.
    pub(crate) fn strings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.compare {
            out.push(&c.key);
            if let CompareTarget::Value(v) = &c.target {
                out.push(v);
            }
        }
        for op in self.success.iter().chain(&self.failure) {
            match op {
                RequestOp::Range(r) => out.push(&r.range.key),
                RequestOp::Put(p) => out.extend([p.key.as_str(), p.value.as_str()]),
                RequestOp::DeleteRange(d) => out.push(&d.range.key),
                RequestOp::Txn(t) => out.extend(t.strings()),
            }
        }
        out
    }

    /// Backend bytes the larger branch's puts may add (etcd's `costTxn`).
    pub(crate) fn put_cost(&self) -> usize {
        let branch = |ops: &[RequestOp]| {
            ops.iter()
                .map(|op| match op {
                    RequestOp::Put(p) => super::put_cost(p),
                    RequestOp::Txn(t) => t.put_cost(),
                    _ => 0,
                })
                .fold(0, usize::saturating_add)
        };
        branch(&self.success).max(branch(&self.failure))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(value: &str, version: u64) -> KeyValue {
        KeyValue {
            key: "k".into(),
            create_revision: 2,
            mod_revision: 5,
            version,
            value: value.into(),
            lease: 0,
        }
    }

    fn cmp(result: CompareResult, target: CompareTarget) -> Compare {
        Compare {
            key: "k".into(),
            result,
            target,
        }
    }

    #[test]
    fn a_missing_key_is_zero_everywhere_but_never_equals_a_value() {
        use CompareResult::*;
        assert!(cmp(Equal, CompareTarget::Version(0)).holds(None));
        assert!(cmp(Equal, CompareTarget::Create(0)).holds(None));
        assert!(!cmp(Equal, CompareTarget::Value(String::new())).holds(None));
        assert!(!cmp(NotEqual, CompareTarget::Value("x".into())).holds(None));
    }

    #[test]
    fn each_result_orders_the_key_against_the_value() {
        use CompareResult::*;
        let k = kv("bad", 3);
        assert!(cmp(Equal, CompareTarget::Value("bad".into())).holds(Some(&k)));
        assert!(cmp(Greater, CompareTarget::Value("bac".into())).holds(Some(&k)));
        assert!(cmp(Less, CompareTarget::Version(4)).holds(Some(&k)));
        assert!(cmp(NotEqual, CompareTarget::Mod(4)).holds(Some(&k)));
        assert!(!cmp(Greater, CompareTarget::Create(2)).holds(Some(&k)));
        assert!(cmp(Equal, CompareTarget::Lease(0)).holds(Some(&k)));
    }
}
