//! A seed plus the commands replays a run exactly; a clone is a checkpoint.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{ms, run_chaos};
use lab_core::sim::TraceEvent;
use lab_core::{Command, SimDuration, World};

fn trace_of(world: &World) -> Vec<TraceEvent> {
    world.trace().iter().cloned().collect()
}

#[test]
fn same_seed_and_commands_give_the_identical_trace() {
    for seed in [0, 1, 42, 9_999] {
        let (a, _) = run_chaos(seed, SimDuration::from_secs(15));
        let (b, _) = run_chaos(seed, SimDuration::from_secs(15));
        assert_eq!(trace_of(&a), trace_of(&b), "seed {seed}");
        assert_eq!(a.members(), b.members());
        assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "the whole world, RNG included"
        );
    }
}

#[test]
fn different_seeds_take_different_paths() {
    let (a, _) = run_chaos(1, SimDuration::from_secs(10));
    let (b, _) = run_chaos(2, SimDuration::from_secs(10));
    assert_ne!(trace_of(&a), trace_of(&b));
}

#[test]
fn a_clone_is_a_checkpoint_that_replays_the_same_future() {
    let mut world = World::demo_cluster(5);
    world.advance(SimDuration::from_secs(2));
    let checkpoint = world.clone();

    let leader = world.leader().expect("a leader").name;
    world.apply(Command::StopMember(leader.clone())).unwrap();
    world.advance(SimDuration::from_secs(3));

    let mut replay = checkpoint.clone();
    replay.apply(Command::StopMember(leader)).unwrap();
    replay.advance(SimDuration::from_secs(3));
    assert_eq!(trace_of(&world), trace_of(&replay));

    let mut untouched = checkpoint;
    untouched.advance(ms(3_000));
    assert_ne!(trace_of(&world), trace_of(&untouched));
}

#[test]
fn how_time_is_split_into_advance_calls_does_not_matter() {
    let mut coarse = World::demo_cluster(8);
    coarse.advance(SimDuration::from_secs(5));
    let mut fine = World::demo_cluster(8);
    for _ in 0..500 {
        fine.advance(ms(10));
    }
    assert_eq!(coarse.now(), fine.now());
    assert_eq!(trace_of(&coarse), trace_of(&fine));
}
