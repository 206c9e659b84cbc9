//! Stories about members dying, coming back, and being cut off.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{leader, leader_within, ms};
use lab_core::{Command, Role, SimDuration, World};

fn secs(n: u64) -> SimDuration {
    SimDuration::from_secs(n)
}

#[test]
fn stopping_the_leader_elects_another_at_a_higher_term() {
    let mut world = World::demo_cluster(11);
    let old = leader_within(&mut world, secs(3)).expect("first leader");

    world.apply(Command::StopMember(old.name.clone())).unwrap();
    world.advance(secs(3));

    let new = leader(&world);
    assert_ne!(new.name, old.name);
    assert!(new.term > old.term, "term {} after {}", new.term, old.term);
    assert_eq!(world.member(&old.name).unwrap().role, Role::Stopped);
}

#[test]
fn a_restarted_member_rejoins_as_a_follower() {
    let mut world = World::demo_cluster(12);
    let old = leader_within(&mut world, secs(3)).expect("first leader");
    world.apply(Command::StopMember(old.name.clone())).unwrap();
    world.advance(secs(3));
    let new = leader(&world);

    world.apply(Command::StartMember(old.name.clone())).unwrap();
    world.advance(secs(1));

    let back = world.member(&old.name).unwrap();
    assert!(back.running);
    assert_eq!(back.role, Role::Follower);
    assert_eq!(back.leader, Some(new.id));
    assert_eq!(back.term, new.term);
    assert_eq!(
        leader(&world).name,
        new.name,
        "the restart did not disturb the leader"
    );
}

#[test]
fn a_stopped_member_keeps_its_data_dir() {
    let mut world = World::demo_cluster(13);
    leader_within(&mut world, secs(3)).expect("a leader");
    world.advance(ms(500));
    let follower = world
        .members()
        .into_iter()
        .find(|m| m.role == Role::Follower)
        .unwrap();

    world
        .apply(Command::StopMember(follower.name.clone()))
        .unwrap();
    let stopped = world.member(&follower.name).unwrap();
    assert_eq!(
        (stopped.term, stopped.commit_index),
        (follower.term, follower.commit_index),
        "term and commit index are read from the data-dir"
    );
    // Three bootstrap entries and the first leader's no-op.
    assert_eq!(world.log_entries(&follower.name).unwrap().len(), 4);

    world
        .apply(Command::StartMember(follower.name.clone()))
        .unwrap();
    let restarted = world.member(&follower.name).unwrap();
    assert_eq!(restarted.term, follower.term, "restored from the data-dir");
    assert_eq!(restarted.last_index, follower.last_index);
}

#[test]
fn a_restarted_member_remembers_its_vote() {
    // Forgetting a vote across a crash would let a member vote twice in one term, and two
    // candidates could both win it.
    let mut world = World::demo_cluster(16);
    let leader = leader_within(&mut world, secs(3)).expect("a leader");
    let voter = world
        .members()
        .into_iter()
        .find(|m| m.vote == Some(leader.id) && m.name != leader.name)
        .expect("someone voted for the leader");
    world
        .apply(Command::StopMember(voter.name.clone()))
        .unwrap();
    assert_eq!(world.member(&voter.name).unwrap().vote, Some(leader.id));
    world
        .apply(Command::StartMember(voter.name.clone()))
        .unwrap();
    let back = world.member(&voter.name).unwrap();
    assert_eq!((back.term, back.vote), (leader.term, Some(leader.id)));
}

#[test]
fn a_cut_off_leader_is_replaced_and_steps_down_when_healed() {
    let mut world = World::demo_cluster(14);
    let old = leader_within(&mut world, secs(3)).expect("first leader");
    for other in world.members() {
        if other.name != old.name {
            let cut = Command::CutLink {
                a: old.host.clone(),
                b: other.host,
            };
            world.apply(cut).unwrap();
        }
    }
    world.advance(secs(3));
    // The majority elects a new leader. etcd runs Raft with check-quorum, so the old leader
    // notices within an election timeout that nobody answers and steps down by itself.
    let new = leader(&world);
    assert_ne!(new.name, old.name);
    assert_eq!(world.member(&old.name).unwrap().role, Role::Follower);
    let stepped_down = format!(
        "{} stepped down to follower since quorum is not active",
        old.name
    );
    assert!(
        world
            .trace()
            .iter()
            .any(|e| e.kind.to_string() == stepped_down),
        "the trace says why"
    );

    world.apply(Command::HealAll).unwrap();
    world.advance(secs(1));
    let old_now = world.member(&old.name).unwrap();
    assert_eq!(old_now.role, Role::Follower);
    assert_eq!(old_now.leader, Some(new.id));
}

#[test]
fn a_minority_cannot_elect_a_leader() {
    let mut world = World::demo_cluster(15);
    leader_within(&mut world, secs(3)).expect("first leader");
    let names: Vec<String> = world.members().into_iter().map(|m| m.name).collect();
    world.apply(Command::StopMember(names[0].clone())).unwrap();
    world.apply(Command::StopMember(names[1].clone())).unwrap();
    let term_before = world.member(&names[2]).unwrap().term;

    world.advance(secs(10));
    let alone = world.member(&names[2]).unwrap();
    assert_ne!(alone.role, Role::Leader);
    assert!(world.leader().is_none());
    assert!(
        alone.term > term_before + 2,
        "it keeps campaigning: term {}",
        alone.term
    );
}
