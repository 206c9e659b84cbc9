//! Stories about the first election in a fresh cluster.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{leader_within, ms};
use lab_core::sim::TraceKind;
use lab_core::{Role, SimDuration, SimTime, World};

#[test]
fn a_fresh_demo_cluster_elects_one_leader_within_three_seconds() {
    let mut world = World::demo_cluster(1);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    assert_eq!(leader.role, Role::Leader);
    assert!(leader.term >= 1);
    let leaders = world
        .members()
        .iter()
        .filter(|m| m.role == Role::Leader)
        .count();
    assert_eq!(leaders, 1);
}

#[test]
fn the_first_election_ends_one_to_two_seconds_after_start() {
    // With --heartbeat-interval=100 and --election-timeout=1000, followers wait a randomized
    // 10..20 ticks, so the first candidate appears between 1.0 s and 1.9 s.
    let mut within_two_seconds = 0;
    for seed in 0..50 {
        let mut world = World::demo_cluster(seed);
        leader_within(&mut world, SimDuration::from_secs(5)).expect("a leader");
        let elected_at = world
            .trace()
            .iter()
            .find(|e| matches!(e.kind, TraceKind::BecameLeader { .. }))
            .map(|e| e.at)
            .expect("the trace records the election");
        assert!(
            elected_at >= SimTime::from_millis(1_000) && elected_at <= SimTime::from_secs(3),
            "seed {seed}: leader at {elected_at}"
        );
        if elected_at <= SimTime::from_millis(2_000) {
            within_two_seconds += 1;
        }
    }
    assert!(
        within_two_seconds >= 45,
        "only {within_two_seconds}/50 within 2 s"
    );
}

#[test]
fn every_member_follows_the_elected_leader() {
    let mut world = World::demo_cluster(7);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    world.advance(ms(300)); // a few heartbeats
    for m in world.members() {
        assert_eq!(m.leader, Some(leader.id), "{} follows the leader", m.name);
        assert_eq!(m.term, leader.term, "{} is in the leader's term", m.name);
        // Three bootstrap entries (one per initial member, at term 1), then the no-op.
        assert_eq!(m.commit_index, 4, "{} committed the leader's no-op", m.name);
    }
}

#[test]
fn the_trace_tells_the_election_story() {
    let mut world = World::demo_cluster(3);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    let story: Vec<&TraceKind> = world.trace().iter().map(|e| &e.kind).collect();
    let pos = |pred: &dyn Fn(&TraceKind) -> bool| story.iter().position(|k| pred(k));
    let candidate =
        pos(&|k| matches!(k, TraceKind::BecameCandidate { member, .. } if *member == leader.name));
    let vote = pos(
        &|k| matches!(k, TraceKind::Voted { candidate, granted: true, .. } if *candidate == leader.name),
    );
    let elected =
        pos(&|k| matches!(k, TraceKind::BecameLeader { member, .. } if *member == leader.name));
    assert!(candidate < vote && vote < elected, "{story:#?}");
    assert!(candidate.is_some());
}
