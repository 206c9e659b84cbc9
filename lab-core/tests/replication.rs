//! Stories about entries flowing from the leader to every member.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{Invariants, committed_prefixes_agree, leader, leader_within, ms};
use lab_core::raft::RaftError;
use lab_core::{Command, LabError, Role, SimDuration, World};

fn propose(world: &mut World, member: &str, data: &[u8]) -> Result<(), LabError> {
    world.apply(Command::Propose {
        member: member.to_owned(),
        data: data.to_vec(),
    })
}

#[test]
fn proposals_through_the_leader_commit_on_every_member() {
    let mut world = World::demo_cluster(21);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    for i in 0..5u8 {
        propose(&mut world, &leader.name, &[i]).unwrap();
    }
    world.advance(ms(300));
    for m in world.members() {
        // Three bootstrap entries, the no-op, then the five proposals.
        assert_eq!((m.last_index, m.commit_index), (9, 9), "{}", m.name);
        let payloads: Vec<Vec<u8>> = world
            .log_entries(&m.name)
            .unwrap()
            .into_iter()
            .map(|e| e.data)
            .collect();
        assert_eq!(payloads[4..], [[0], [1], [2], [3], [4]], "{}", m.name);
    }
}

#[test]
fn a_proposal_through_a_follower_is_forwarded_to_the_leader() {
    let mut world = World::demo_cluster(22);
    leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    let follower = world
        .members()
        .into_iter()
        .find(|m| m.role == Role::Follower)
        .unwrap();
    propose(&mut world, &follower.name, b"x").unwrap();
    world.advance(ms(300));
    for m in world.members() {
        let log = world.log_entries(&m.name).unwrap();
        assert_eq!(log.last().map(|e| e.data.clone()), Some(b"x".to_vec()));
        assert_eq!(m.commit_index, m.last_index, "{}", m.name);
    }
}

#[test]
fn proposing_with_no_leader_is_refused_and_changes_nothing() {
    let mut world = World::demo_cluster(22);
    // At time 0 nobody has campaigned yet, so no member knows a leader.
    let before = format!("{world:?}");
    assert_eq!(
        propose(&mut world, "etcd-1", b"x"),
        Err(LabError::Raft(RaftError::ProposalDropped))
    );
    assert_eq!(before, format!("{world:?}"));
}

#[test]
fn a_member_that_was_down_catches_up_after_restart() {
    let mut world = World::demo_cluster(23);
    let leader_name = leader_within(&mut world, SimDuration::from_secs(3))
        .expect("a leader")
        .name;
    let down = world
        .members()
        .into_iter()
        .find(|m| m.name != leader_name)
        .unwrap()
        .name;
    world.apply(Command::StopMember(down.clone())).unwrap();
    for i in 0..10u8 {
        propose(&mut world, &leader_name, &[i]).unwrap();
        world.advance(ms(50));
    }
    assert_eq!(
        leader(&world).commit_index,
        14,
        "two of three members suffice"
    );
    assert_eq!(world.member(&down).unwrap().commit_index, 4);

    world.apply(Command::StartMember(down.clone())).unwrap();
    world.advance(ms(500));
    let caught_up = world.member(&down).unwrap();
    assert_eq!((caught_up.last_index, caught_up.commit_index), (14, 14));
    committed_prefixes_agree(&world);
}

#[test]
fn commit_index_never_decreases_through_failovers() {
    let mut world = World::demo_cluster(24);
    let mut inv = Invariants::default();
    for round in 0..6 {
        let leader = leader_within(&mut world, SimDuration::from_secs(5)).expect("a leader");
        for i in 0..3u8 {
            propose(&mut world, &leader.name, &[round, i]).unwrap();
            world.advance(ms(20));
            inv.check(&world);
        }
        world
            .apply(Command::StopMember(leader.name.clone()))
            .unwrap();
        world.advance(SimDuration::from_secs(3));
        inv.check(&world);
        world.apply(Command::StartMember(leader.name)).unwrap();
        world.advance(ms(500));
        inv.check(&world);
    }
    committed_prefixes_agree(&world);
    assert!(
        leader(&world).commit_index >= 6 * 4,
        "every round committed its entries"
    );
}
