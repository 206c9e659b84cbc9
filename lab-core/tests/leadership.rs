//! Stories about leadership moving on purpose (`etcdctl move-leader`, a graceful stop) and
//! about pre-vote keeping a returning member from disturbing the cluster.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::Ipv4Addr;

use crate::common::{leader, leader_within, ms};
use lab_core::sim::MemberSpec;
use lab_core::{Command, LabError, Role, SimDuration, World};

fn secs(n: u64) -> SimDuration {
    SimDuration::from_secs(n)
}

#[test]
fn move_leader_hands_over_within_a_heartbeat_or_two() {
    let mut world = World::demo_cluster(21);
    let old = leader_within(&mut world, secs(3)).expect("first leader");
    let target = world
        .members()
        .into_iter()
        .find(|m| m.name != old.name)
        .unwrap();
    let cmd = Command::MoveLeader {
        transferee: target.name.clone(),
    };
    world.apply(cmd).unwrap();
    world.advance(ms(300));
    let new = leader(&world);
    assert_eq!(new.name, target.name);
    assert_eq!(
        new.term,
        old.term + 1,
        "one election, no pre-vote, no timeout"
    );
    let started = format!(
        "{} [term {}] starts to transfer leadership to",
        old.name, old.term
    );
    assert!(
        world
            .trace()
            .iter()
            .any(|e| e.kind.to_string().starts_with(&started))
    );
}

#[test]
fn move_leader_needs_a_leader() {
    let mut world = World::demo_cluster(22);
    let cmd = Command::MoveLeader {
        transferee: "etcd-2".into(),
    };
    assert_eq!(world.apply(cmd), Err(LabError::NoLeader));
}

#[test]
fn a_gracefully_stopped_leader_hands_over_before_exiting() {
    let mut world = World::demo_cluster(23);
    let old = leader_within(&mut world, secs(3)).expect("first leader");
    world
        .apply(Command::StopMemberGracefully(old.name.clone()))
        .unwrap();
    world.advance(ms(500));
    assert_eq!(world.member(&old.name).unwrap().role, Role::Stopped);
    let new = leader(&world);
    assert_eq!(new.term, old.term + 1, "handed over, not timed out");
}

#[test]
fn a_gracefully_stopped_follower_just_exits() {
    let mut world = World::demo_cluster(24);
    let old = leader_within(&mut world, secs(3)).expect("first leader");
    let follower = world
        .members()
        .into_iter()
        .find(|m| m.name != old.name)
        .unwrap();
    world
        .apply(Command::StopMemberGracefully(follower.name.clone()))
        .unwrap();
    assert_eq!(world.member(&follower.name).unwrap().role, Role::Stopped);
}

/// Three members with `--pre-vote=true`.
fn pre_vote_cluster(seed: u64) -> World {
    let names = ["etcd-1", "etcd-2", "etcd-3"];
    let mut world = World::new(seed);
    for (name, last) in names.iter().zip(11u8..) {
        let ip = Ipv4Addr::new(10, 0, 0, last);
        world
            .apply(Command::AddHost {
                name: (*name).into(),
                ip,
            })
            .unwrap();
        let mut spec = MemberSpec::new(name, name, &names);
        spec.pre_vote = true;
        world.apply(Command::AddMember(spec)).unwrap();
    }
    for name in names {
        world.apply(Command::StartMember(name.into())).unwrap();
    }
    world
}

#[test]
fn with_pre_vote_a_member_back_from_a_partition_does_not_depose_the_leader() {
    let mut world = pre_vote_cluster(25);
    let first = leader_within(&mut world, secs(3)).expect("first leader");
    let loner = world
        .members()
        .into_iter()
        .find(|m| m.name != first.name)
        .unwrap();
    for other in world.members() {
        if other.name != loner.name {
            let cut = Command::CutLink {
                a: loner.host.clone(),
                b: other.host,
            };
            world.apply(cut).unwrap();
        }
    }
    world.advance(secs(10));
    assert_eq!(world.member(&loner.name).unwrap().term, first.term);
    world.apply(Command::HealAll).unwrap();
    world.advance(secs(2));
    let now = leader(&world);
    assert_eq!((now.name, now.term), (first.name, first.term));
}
