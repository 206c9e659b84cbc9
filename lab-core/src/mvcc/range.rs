//! Ranges of keys: [`RangeRequest`] (etcd's `RangeRequest`, with `PutRequest` and
//! `DeleteRangeRequest` beside it) and how a range's keys are chosen, sorted and limited
//! (etcd's `applierV3backend.Range`).

use serde::{Deserialize, Serialize};

use super::KeyValue;

/// Which keys a request names: `key` alone when `range_end` is empty; every key `>= key`
/// when `range_end` is `[0]`; else the half-open `[key, range_end)`, compared as bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRange {
    /// First key (an empty key with `range_end` `[0]`: every key).
    pub key: String,
    /// End of the range, exclusive; bytes, because a prefix's end need not be UTF-8.
    pub range_end: Vec<u8>,
}

impl KeyRange {
    /// One key.
    pub fn key(key: &str) -> KeyRange {
        KeyRange {
            key: key.to_owned(),
            range_end: Vec::new(),
        }
    }

    /// Whether `key` falls in the range.
    pub fn contains(&self, key: &str) -> bool {
        match self.range_end.as_slice() {
            [] => key == self.key,
            [0] => key >= self.key.as_str(),
            end => key >= self.key.as_str() && key.as_bytes() < end,
        }
    }
}

/// `RangeRequest.sort_order`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum SortOrder {
    #[default]
    None,
    Ascend,
    Descend,
}

/// `RangeRequest.sort_target`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum SortTarget {
    #[default]
    Key,
    Version,
    Create,
    Mod,
    Value,
}

/// `etcdctl get`'s request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeRequest {
    /// The keys.
    pub range: KeyRange,
    /// Most keys to return; 0 for all.
    pub limit: u64,
    /// The store revision to read at; 0 for the current one.
    pub revision: u64,
    /// Sorting of the keys returned.
    pub sort_order: SortOrder,
    /// What they are sorted by.
    pub sort_target: SortTarget,
    /// A local read (`--consistency=s`) rather than a linearizable one.
    pub serializable: bool,
    /// Return keys without values.
    pub keys_only: bool,
    /// Return only the count.
    pub count_only: bool,
}

/// What a range returns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeResponse {
    /// The store revision after the request (for a read: the current one).
    pub revision: u64,
    /// The keys, sorted and limited.
    pub kvs: Vec<KeyValue>,
    /// More keys matched than `limit` let through.
    pub more: bool,
    /// How many keys matched.
    pub count: u64,
}

/// `etcdctl put`'s request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutRequest {
    /// The key.
    pub key: String,
    /// The value (ignored with `ignore_value`).
    pub value: String,
    /// The lease to attach; 0 for none.
    pub lease: i64,
    /// Return the key as it was before.
    pub prev_kv: bool,
    /// Keep the current value.
    pub ignore_value: bool,
    /// Keep the current lease.
    pub ignore_lease: bool,
}

/// What a put returns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutResponse {
    /// The store revision after the put.
    pub revision: u64,
    /// The key before, when asked for and it existed.
    pub prev_kv: Option<KeyValue>,
}

/// `etcdctl del`'s request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteRangeRequest {
    /// The keys.
    pub range: KeyRange,
    /// Return the deleted keys.
    pub prev_kv: bool,
}

/// What a delete returns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteRangeResponse {
    /// The store revision after the delete.
    pub revision: u64,
    /// How many keys were deleted.
    pub deleted: u64,
    /// The deleted keys, when asked for.
    pub prev_kvs: Vec<KeyValue>,
}

/// The keys of a range answer as etcd's applier returns them: sorted as asked (keys come in
/// key order already; another target without an order sorts ascending), cut to `limit`, and
/// stripped of values or of everything as asked. `matched` are the keys in key order.
pub(crate) fn shape(
    req: &RangeRequest,
    mut matched: Vec<KeyValue>,
    revision: u64,
) -> RangeResponse {
    let count = matched.len() as u64;
    let order = match (req.sort_order, req.sort_target) {
        (SortOrder::None, SortTarget::Key) => SortOrder::None,
        (SortOrder::None, _) => SortOrder::Ascend,
        (order, _) => order,
    };
    if order != SortOrder::None {
        matched.sort_by(|a, b| {
            let by = match req.sort_target {
                SortTarget::Key => a.key.cmp(&b.key),
                SortTarget::Version => a.version.cmp(&b.version),
                SortTarget::Create => a.create_revision.cmp(&b.create_revision),
                SortTarget::Mod => a.mod_revision.cmp(&b.mod_revision),
                SortTarget::Value => a.value.cmp(&b.value),
            };
            if order == SortOrder::Descend {
                by.reverse()
            } else {
                by
            }
        });
    }
    let limit = usize::try_from(req.limit).unwrap_or(usize::MAX);
    let more = req.limit > 0 && matched.len() > limit;
    if req.limit > 0 {
        matched.truncate(limit);
    }
    if req.keys_only {
        matched.iter_mut().for_each(|kv| kv.value.clear());
    }
    if req.count_only {
        matched.clear();
    }
    RangeResponse {
        revision,
        kvs: matched,
        more,
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compare_keys_as_bytes() {
        let prefix = KeyRange {
            key: "foo".into(),
            range_end: b"fop".to_vec(),
        };
        assert!(prefix.contains("foo") && prefix.contains("foo2"));
        assert!(!prefix.contains("fop") && !prefix.contains("fo"));
        let from = KeyRange {
            key: "b".into(),
            range_end: vec![0],
        };
        assert!(from.contains("b") && from.contains("zzz") && !from.contains("a"));
        assert!(KeyRange::key("a").contains("a") && !KeyRange::key("a").contains("ab"));
    }
}
