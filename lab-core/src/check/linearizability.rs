//! `check_history`: is a client history of key-value operations linearizable?
//!
//! Wing & Gong's search with Lowe's memoization, as porcupine implements it, applied per key
//! (P-compositionality: a history is linearizable iff each key's sub-history is, because every
//! operation here touches one key). An operation whose outcome the client never learned (it timed
//! out) has no return event: it may take effect at any point after its call, or never, and its
//! output is not checked.
//!
//! Hand-written rather than taken from a crate: the candidates on crates.io either run real
//! threads (lincheck) or have no notion of an operation that may or may not have happened.

use std::collections::{BTreeMap, BTreeSet};

use super::history::{KvInput, KvOp, KvOutput};
use crate::time::SimTime;

/// Most (linearized set, state) pairs one key's search may visit before giving up (unit: states).
/// Keeps a pathological history from hanging `lab check`; hitting it is reported, not ignored.
pub const MAX_SEARCH_STATES: usize = 2_000_000;

/// The verdict for a whole history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Linearizability {
    Ok,
    /// No order of the key's operations explains what clients saw.
    Violation {
        key: String,
    },
    /// The search hit [`MAX_SEARCH_STATES`] on this key.
    Unknown {
        key: String,
    },
}

/// Checks every key's operations; the first key that fails decides the verdict.
pub fn check_history(ops: &[KvOp]) -> Linearizability {
    let mut by_key: BTreeMap<&str, Vec<&KvOp>> = BTreeMap::new();
    for op in ops {
        by_key.entry(op.key.as_str()).or_default().push(op);
    }
    for (key, ops) in by_key {
        match check_key(&ops) {
            Some(true) => {}
            Some(false) => {
                return Linearizability::Violation {
                    key: key.to_owned(),
                };
            }
            None => {
                return Linearizability::Unknown {
                    key: key.to_owned(),
                };
            }
        }
    }
    Linearizability::Ok
}

/// The sequential specification of one key: its value, or absent.
type KeyState = Option<String>;

/// Applies `input` to `state`; `None` if the op could not have returned `output` from `state`.
fn step(state: &KeyState, input: &KvInput, output: Option<&KvOutput>) -> Option<KeyState> {
    let (next, expected) = match input {
        KvInput::Put { value } => (Some(value.clone()), KvOutput::Done),
        KvInput::Get => (state.clone(), KvOutput::Value(state.clone())),
        KvInput::Delete => (None, KvOutput::Deleted(u64::from(state.is_some()))),
        KvInput::CompareAndSwap { expect, new } => {
            if state == expect {
                (Some(new.clone()), KvOutput::Swapped(true))
            } else {
                (state.clone(), KvOutput::Swapped(false))
            }
        }
    };
    match output {
        Some(seen) if *seen != expected => None,
        _ => Some(next),
    }
}

/// One call or return in time order, linked so that linearized operations can be lifted out.
#[derive(Clone, Copy)]
struct Event {
    op: usize,
    is_call: bool,
    prev: Option<usize>,
    next: Option<usize>,
}

/// `Some(linearizable)`, or `None` if the search was cut off.
fn check_key(ops: &[&KvOp]) -> Option<bool> {
    let mut events = build_events(ops);
    let n_ops = ops.len();
    // A sentinel head at index `events.len() - 1` keeps lift/unlift free of special cases.
    let head = events.len() - 1;
    let mut calls = vec![0usize; n_ops];
    let mut returns = vec![None; n_ops];
    for (i, e) in events.iter().enumerate().take(head) {
        if e.is_call {
            calls[e.op] = i;
        } else {
            returns[e.op] = Some(i);
        }
    }
    let mut linearized = vec![0u64; n_ops.div_ceil(64)];
    let mut state: KeyState = None;
    let mut cache: BTreeSet<(Vec<u64>, KeyState)> = BTreeSet::new();
    let mut stack: Vec<(usize, KeyState)> = Vec::new();
    let mut cursor = events[head].next;
    while let Some(at) = cursor {
        let e = events[at];
        if e.is_call {
            let op = ops[e.op];
            if let Some(next_state) = step(&state, &op.input, op.output.as_ref()) {
                let mut next_set = linearized.clone();
                next_set[e.op / 64] |= 1 << (e.op % 64);
                if cache.insert((next_set.clone(), next_state.clone())) {
                    if cache.len() > MAX_SEARCH_STATES {
                        return None;
                    }
                    stack.push((e.op, std::mem::replace(&mut state, next_state)));
                    linearized = next_set;
                    lift(&mut events, calls[e.op], returns[e.op]);
                    cursor = events[head].next;
                    continue;
                }
            }
            cursor = e.next;
        } else {
            // A return whose call is still in the list: that op must have happened by now.
            let Some((op, previous)) = stack.pop() else {
                return Some(false);
            };
            state = previous;
            linearized[op / 64] &= !(1 << (op % 64));
            unlift(&mut events, calls[op], returns[op]);
            cursor = events[calls[op]].next;
        }
    }
    Some(true)
}

/// Calls and returns sorted by time (calls first on ties: such ops count as concurrent), then a
/// sentinel head. Ops that never returned have no return event.
fn build_events(ops: &[&KvOp]) -> Vec<Event> {
    let mut order: Vec<(SimTime, bool, usize)> = Vec::with_capacity(ops.len() * 2);
    for (i, op) in ops.iter().enumerate() {
        order.push((op.call, false, i));
        if let Some(ret) = op.ret {
            order.push((ret, true, i));
        }
    }
    // (time, is_return, op): `false < true` puts calls before returns at the same instant.
    order.sort();
    let n = order.len();
    let mut events: Vec<Event> = order
        .iter()
        .enumerate()
        .map(|(i, &(_, is_return, op))| Event {
            op,
            is_call: !is_return,
            prev: Some(if i == 0 { n } else { i - 1 }),
            next: (i + 1 < n).then_some(i + 1),
        })
        .collect();
    events.push(Event {
        op: usize::MAX,
        is_call: false,
        prev: None,
        next: (n > 0).then_some(0),
    });
    events
}

fn unlink(events: &mut [Event], i: usize) {
    let (prev, next) = (events[i].prev, events[i].next);
    if let Some(p) = prev {
        events[p].next = next;
    }
    if let Some(n) = next {
        events[n].prev = prev;
    }
}

fn relink(events: &mut [Event], i: usize) {
    let (prev, next) = (events[i].prev, events[i].next);
    if let Some(p) = prev {
        events[p].next = Some(i);
    }
    if let Some(n) = next {
        events[n].prev = Some(i);
    }
}

fn lift(events: &mut [Event], call: usize, ret: Option<usize>) {
    unlink(events, call);
    if let Some(r) = ret {
        unlink(events, r);
    }
}

/// Undoes [`lift`]; the reverse order restores the links exactly.
fn unlift(events: &mut [Event], call: usize, ret: Option<usize>) {
    if let Some(r) = ret {
        relink(events, r);
    }
    relink(events, call);
}
