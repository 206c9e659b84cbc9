//! etcd's `checkIntervals` (v3rpc's `Txn`, before anything is proposed): no path through a
//! txn may put one key twice, or put a key a delete of the same level (or of a nested txn)
//! covers. Both branches are checked, taken or not; a nested txn's success and failure may
//! put the same key, as only one of them runs. Refusals are `ErrDuplicateKey`.

use std::collections::BTreeSet;

use super::{MvccError, RequestOp};

/// What one list of operations writes: the keys it puts and the ranges it deletes, as
/// `[key, range_end)` byte ranges (an empty end: the key alone).
#[derive(Debug, Default)]
pub(super) struct Writes<'a> {
    puts: BTreeSet<&'a str>,
    dels: Vec<(&'a [u8], &'a [u8])>,
}

impl<'a> Writes<'a> {
    /// Does a delete cover `key`? Ends compare as raw bytes, as etcd's interval tree
    /// compares them: a `range_end` of `"\0"` (every key from `key` on, for a range)
    /// covers nothing here, a quirk etcd shares.
    fn deletes(&self, key: &str) -> bool {
        let key = key.as_bytes();
        self.dels.iter().any(|&(start, end)| {
            if end.is_empty() {
                start == key
            } else {
                start <= key && key < end
            }
        })
    }

    /// Records a put of `key` from a level below or this one, unless it clashes.
    fn put(&mut self, key: &'a str, clashes: bool) -> Result<(), MvccError> {
        if clashes || self.deletes(key) {
            return Err(MvccError::DuplicateKey);
        }
        self.puts.insert(key);
        Ok(())
    }
}

/// Checks one branch's `ops`, nested txns first, and returns what it writes. The caller
/// has bounded the nesting ([`MAX_TXN_DEPTH`](super::MAX_TXN_DEPTH)).
pub(super) fn check_intervals(ops: &[RequestOp]) -> Result<Writes<'_>, MvccError> {
    let mut writes = Writes::default();
    for op in ops {
        if let RequestOp::DeleteRange(d) = op {
            let range = &d.range;
            writes
                .dels
                .push((range.key.as_bytes(), range.range_end.as_slice()));
        }
    }
    for op in ops {
        let RequestOp::Txn(nested) = op else {
            continue;
        };
        let then = check_intervals(&nested.success)?;
        let otherwise = check_intervals(&nested.failure)?;
        for &key in &then.puts {
            let clashes = writes.puts.contains(key);
            writes.put(key, clashes)?;
        }
        for &key in &otherwise.puts {
            let clashes = writes.puts.contains(key) && !then.puts.contains(key);
            writes.put(key, clashes)?;
        }
        writes.dels.extend(then.dels);
        writes.dels.extend(otherwise.dels);
    }
    for op in ops {
        if let RequestOp::Put(p) = op {
            let clashes = writes.puts.contains(p.key.as_str());
            writes.put(&p.key, clashes)?;
        }
    }
    Ok(writes)
}

#[cfg(test)]
#[path = "txn_intervals_tests.rs"]
mod tests;
