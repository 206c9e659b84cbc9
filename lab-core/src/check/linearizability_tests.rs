//! Stories for the linearizability checker, and a property test against brute force.

use proptest::prelude::*;

use super::*;
use crate::time::SimTime;

fn op(client: u32, input: KvInput, call: u64, ret: Option<u64>, output: Option<KvOutput>) -> KvOp {
    KvOp {
        client,
        key: "k".into(),
        input,
        call: SimTime::from_millis(call),
        ret: ret.map(SimTime::from_millis),
        output,
    }
}

fn put(client: u32, v: &str, call: u64, ret: u64) -> KvOp {
    let input = KvInput::Put { value: v.into() };
    op(client, input, call, Some(ret), Some(KvOutput::Done))
}

fn get(client: u32, seen: Option<&str>, call: u64, ret: u64) -> KvOp {
    let output = KvOutput::Value(seen.map(str::to_owned));
    op(client, KvInput::Get, call, Some(ret), Some(output))
}

fn timed_out_put(client: u32, v: &str, call: u64) -> KvOp {
    op(client, KvInput::Put { value: v.into() }, call, None, None)
}

fn violation() -> Linearizability {
    Linearizability::Violation { key: "k".into() }
}

#[test]
fn an_empty_history_is_linearizable() {
    assert_eq!(check_history(&[]), Linearizability::Ok);
}

#[test]
fn a_read_after_a_write_sees_it() {
    assert_eq!(
        check_history(&[put(1, "a", 0, 10), get(2, Some("a"), 20, 30)]),
        Linearizability::Ok
    );
}

#[test]
fn a_stale_read_after_a_completed_write_is_a_violation() {
    let history = [
        put(1, "a", 0, 10),
        put(1, "b", 20, 30),
        get(2, Some("a"), 40, 50),
    ];
    assert_eq!(check_history(&history), violation());
}

#[test]
fn a_read_concurrent_with_a_write_may_see_either_value() {
    for seen in [None, Some("a")] {
        let history = [put(1, "a", 0, 100), get(2, seen, 10, 20)];
        assert_eq!(check_history(&history), Linearizability::Ok, "{seen:?}");
    }
}

#[test]
fn reads_cannot_go_back_in_time() {
    // Both reads overlap the write, but once one read saw "a", a later read cannot miss it.
    let history = [
        put(1, "a", 0, 100),
        get(2, Some("a"), 10, 20),
        get(3, None, 30, 40),
    ];
    assert_eq!(check_history(&history), violation());
}

#[test]
fn a_timed_out_write_may_or_may_not_have_happened() {
    let seen = [timed_out_put(1, "a", 0), get(2, Some("a"), 50, 60)];
    assert_eq!(check_history(&seen), Linearizability::Ok);
    let unseen = [timed_out_put(1, "a", 0), get(2, None, 50, 60)];
    assert_eq!(check_history(&unseen), Linearizability::Ok);
    let flicker = [
        timed_out_put(1, "a", 0),
        get(2, Some("a"), 50, 60),
        get(2, None, 70, 80),
    ];
    assert_eq!(check_history(&flicker), violation());
}

#[test]
fn compare_and_swap_and_delete_follow_the_model() {
    let cas = |expect: Option<&str>, new: &str, ok: bool, call, ret| {
        let input = KvInput::CompareAndSwap {
            expect: expect.map(str::to_owned),
            new: new.into(),
        };
        op(1, input, call, Some(ret), Some(KvOutput::Swapped(ok)))
    };
    let del = |n, call, ret| {
        op(
            1,
            KvInput::Delete,
            call,
            Some(ret),
            Some(KvOutput::Deleted(n)),
        )
    };
    let good = [
        cas(None, "a", true, 0, 1),
        cas(Some("x"), "b", false, 2, 3),
        del(1, 4, 5),
        del(0, 6, 7),
    ];
    assert_eq!(check_history(&good), Linearizability::Ok);
    let bad = [put(1, "a", 0, 1), cas(None, "b", true, 2, 3)];
    assert_eq!(check_history(&bad), violation());
}

#[test]
fn keys_are_checked_independently_and_the_bad_one_is_named() {
    let mut other = put(1, "a", 0, 10);
    other.key = "j".into();
    let history = [other, put(1, "a", 0, 10), get(2, Some("zzz"), 20, 30)];
    assert_eq!(check_history(&history), violation());
}

/// Brute force: some subset of the unanswered ops plus all answered ones, in some order that
/// respects real time, replays to exactly what clients saw.
fn brute_force(ops: &[KvOp]) -> bool {
    let unknown: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].ret.is_none()).collect();
    (0..1u32 << unknown.len()).any(|mask| {
        let chosen: Vec<usize> = (0..ops.len())
            .filter(|&i| match unknown.iter().position(|&u| u == i) {
                Some(bit) => mask & (1 << bit) != 0,
                None => true,
            })
            .collect();
        permutations_ok(
            ops,
            &chosen,
            &mut Vec::new(),
            &mut vec![false; chosen.len()],
        )
    })
}

fn permutations_ok(
    ops: &[KvOp],
    chosen: &[usize],
    order: &mut Vec<usize>,
    used: &mut [bool],
) -> bool {
    if order.len() == chosen.len() {
        return replay(ops, order);
    }
    for slot in 0..chosen.len() {
        if used[slot] {
            continue;
        }
        let next = &ops[chosen[slot]];
        // Every op placed so far must not have been called after `next` returned.
        let respects_time = order
            .iter()
            .all(|&i| next.ret.is_none_or(|r| ops[i].call <= r));
        if !respects_time {
            continue;
        }
        used[slot] = true;
        order.push(chosen[slot]);
        let ok = permutations_ok(ops, chosen, order, used);
        order.pop();
        used[slot] = false;
        if ok {
            return true;
        }
    }
    false
}

fn replay(ops: &[KvOp], order: &[usize]) -> bool {
    let mut state: Option<String> = None;
    for &i in order {
        let (next, out) = match &ops[i].input {
            KvInput::Put { value } => (Some(value.clone()), KvOutput::Done),
            KvInput::Get => (state.clone(), KvOutput::Value(state.clone())),
            KvInput::Delete => (None, KvOutput::Deleted(u64::from(state.is_some()))),
            KvInput::CompareAndSwap { expect, new } if *expect == state => {
                (Some(new.clone()), KvOutput::Swapped(true))
            }
            KvInput::CompareAndSwap { .. } => (state.clone(), KvOutput::Swapped(false)),
        };
        if ops[i].output.as_ref().is_some_and(|seen| *seen != out) {
            return false;
        }
        state = next;
    }
    true
}

fn arb_value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("a".to_owned())),
        Just(Some("b".to_owned()))
    ]
}

fn arb_op() -> impl Strategy<Value = KvOp> {
    let input = prop_oneof![
        arb_value().prop_map(|v| KvInput::Put {
            value: v.unwrap_or_else(|| "c".into())
        }),
        Just(KvInput::Get),
        Just(KvInput::Delete),
        (arb_value(), arb_value()).prop_map(|(expect, new)| KvInput::CompareAndSwap {
            expect,
            new: new.unwrap_or_else(|| "c".into()),
        }),
    ];
    let output = prop_oneof![
        Just(KvOutput::Done),
        arb_value().prop_map(KvOutput::Value),
        (0u64..2).prop_map(KvOutput::Deleted),
        any::<bool>().prop_map(KvOutput::Swapped),
    ];
    (input, output, 0u64..20, 1u64..10, 0u8..6).prop_map(|(input, output, call, len, answered)| {
        let answered = answered > 0;
        op(
            0,
            input,
            call,
            answered.then_some(call + len),
            answered.then_some(output),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn agrees_with_brute_force(ops in prop::collection::vec(arb_op(), 0..7)) {
        let expected = brute_force(&ops);
        let verdict = check_history(&ops);
        prop_assert_eq!(verdict == Linearizability::Ok, expected, "{:#?}", ops);
    }
}
