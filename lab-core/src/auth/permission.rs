//! [`Permission`]: one key permission of a role (etcd's `authpb.Permission`), and the key
//! intervals permissions and requests stand for: a key alone, `[key, range_end)`, or
//! `[key, ∞)` when `range_end` is the single byte `\0` (`--from-key`).

use serde::{Deserialize, Serialize};

/// What a permission allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermType {
    /// `read`: Range.
    Read,
    /// `write`: Put and DeleteRange.
    Write,
    /// `readwrite`: both.
    ReadWrite,
}

impl PermType {
    /// etcdctl's argument, matched case-insensitively as etcdctl upper-cases it first.
    pub fn parse(text: &str) -> Option<PermType> {
        match text.to_ascii_uppercase().as_str() {
            "READ" => Some(PermType::Read),
            "WRITE" => Some(PermType::Write),
            "READWRITE" => Some(PermType::ReadWrite),
            _ => None,
        }
    }

    /// Does it allow reads?
    pub fn reads(self) -> bool {
        matches!(self, PermType::Read | PermType::ReadWrite)
    }

    /// Does it allow writes?
    pub fn writes(self) -> bool {
        matches!(self, PermType::Write | PermType::ReadWrite)
    }
}

/// One key permission of a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    /// What it allows.
    pub perm_type: PermType,
    /// The key, or the start of the range.
    pub key: Vec<u8>,
    /// Empty for the key alone, `\0` for every key from `key` on, else the range's end.
    pub range_end: Vec<u8>,
}

impl Permission {
    /// The interval the permission covers.
    pub(super) fn interval(&self) -> Interval<'_> {
        Interval::of(&self.key, &self.range_end)
    }
}

/// A key interval `[start, end)`; `end` `None` is unbounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Interval<'a> {
    pub(super) start: &'a [u8],
    /// The end, or `None` for "every key from `start` on".
    pub(super) end: Option<std::borrow::Cow<'a, [u8]>>,
}

impl<'a> Interval<'a> {
    /// What a request or permission of `key` and `range_end` stands for, as etcd reads them.
    pub(super) fn of(key: &'a [u8], range_end: &'a [u8]) -> Interval<'a> {
        use std::borrow::Cow;
        let end = match range_end {
            [] => {
                // The key alone is the interval up to its immediate successor, `key\0`.
                let mut next = key.to_vec();
                next.push(0);
                Some(Cow::Owned(next))
            }
            [0] => None,
            end => Some(Cow::Borrowed(end)),
        };
        Interval { start: key, end }
    }
}

/// Whether the union of `granted` covers all of `wanted` (etcd's `IntervalTree.Contains`).
pub(super) fn covers(granted: &mut [Interval<'_>], wanted: &Interval<'_>) -> bool {
    granted.sort_by(|a, b| a.start.cmp(b.start));
    let mut reached: Vec<u8> = wanted.start.to_vec();
    let done = |reached: &[u8]| match &wanted.end {
        Some(end) => reached >= end.as_ref(),
        None => false,
    };
    if done(&reached) {
        return true;
    }
    for iv in granted.iter() {
        if iv.start > reached.as_slice() {
            return false;
        }
        match &iv.end {
            None => return true,
            Some(end) if end.as_ref() > reached.as_slice() => reached = end.to_vec(),
            Some(_) => {}
        }
        if done(&reached) {
            return true;
        }
    }
    false
}

/// The end of the range of every key starting with `prefix` (clientv3's `GetPrefixRangeEnd`):
/// the prefix with its last byte below `0xff` incremented and what follows dropped; `\0`
/// (every key) when there is none.
pub fn prefix_range_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0]
}
