//! Stories about changing membership at runtime, as `etcdctl member add/promote/remove` do:
//! a learner joins empty, catches up and is promoted; a removed leader steps down and exits
//! and the rest elect a new leader; etcd's one-change-at-a-time rule and its errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{CLIENT, Invariants, SPARE, add_hosts, leader_within, ms, run_until, send};
use lab_core::mvcc::{KvRequest, KvResponse};
use lab_core::sim::{ClientError, MemberSpec};
use lab_core::{Command, LabError, Role, SimDuration, World};

/// The demo cluster with a leader, a `client` host and an empty host `etcd-4`.
fn cluster(seed: u64) -> (World, String) {
    let mut world = World::demo_cluster(seed);
    add_hosts(&mut world, &[CLIENT, SPARE]);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    (world, leader.name)
}

fn follower(world: &World) -> String {
    let members = world.members().into_iter();
    members
        .filter(|m| m.role == Role::Follower)
        .map(|m| m.name)
        .next()
        .unwrap()
}

fn put(world: &mut World, id: u64, member: &str, key: &str) -> bool {
    let request = KvRequest::Put {
        key: key.into(),
        value: id.to_string(),
    };
    send(world, id, member, request);
    let done = |w: &World| {
        w.etcd_server(member)
            .is_ok_and(|s| s.store().range(key).is_some())
    };
    run_until(world, SimDuration::from_secs(2), done)
        && world
            .take_client_replies()
            .iter()
            .any(|r| r.id == id && matches!(r.result, Ok(KvResponse::Put { .. })))
}

fn add_etcd_4(world: &mut World, via: &str, learner: bool) -> Result<(), LabError> {
    let spec = MemberSpec::new("etcd-4", "etcd-4", &["etcd-4"]);
    world.apply(Command::MemberAdd {
        via: via.into(),
        spec,
        learner,
    })
}

#[test]
fn a_learner_added_at_runtime_catches_up_and_is_promoted() {
    let (mut world, leader) = cluster(201);
    let via = follower(&world);
    for i in 0..10 {
        assert!(put(&mut world, i, &leader, &format!("k{i}")));
    }
    add_etcd_4(&mut world, &via, true).unwrap();
    world.advance(ms(200));
    world.apply(Command::StartMember("etcd-4".into())).unwrap();
    world.advance(SimDuration::from_secs(1));
    let expected = world.etcd_server(&leader).unwrap().store().clone();
    assert_eq!(
        world.etcd_server("etcd-4").unwrap().store(),
        &expected,
        "caught up"
    );
    assert_eq!(
        world.member("etcd-4").unwrap().role,
        Role::Follower,
        "a learner follows"
    );
    let cmd = Command::ClientRequest {
        id: 50,
        client: "client".into(),
        member: "etcd-4".into(),
        request: KvRequest::Put {
            key: "k".into(),
            value: "v".into(),
        },
    };
    world.apply(cmd).unwrap();
    world.advance(ms(50));
    let replies = world.take_client_replies();
    assert_eq!(
        replies[0].result,
        Err(ClientError::NotSupportedForLearner),
        "learners serve serializable reads only"
    );

    world
        .apply(Command::MemberPromote {
            via: via.clone(),
            name: "etcd-4".into(),
        })
        .unwrap();
    world.advance(ms(200));
    assert_eq!(
        world.apply(Command::MemberPromote {
            via,
            name: "etcd-4".into()
        }),
        Err(LabError::NotALearner),
        "a voter now"
    );
    // Four voters, quorum three: with one original follower down, the leader needs etcd-4.
    let down = ["etcd-1", "etcd-2", "etcd-3"]
        .into_iter()
        .find(|&n| n != leader)
        .unwrap();
    world.apply(Command::StopMember(down.into())).unwrap();
    let mut invariants = Invariants::default();
    invariants.check(&world);
    assert!(put(&mut world, 100, &leader, "after-promotion"));
    let log = world.log_entries("etcd-4").unwrap();
    assert_eq!(
        log.last().map(|e| e.index),
        Some(world.member(&leader).unwrap().commit_index)
    );
    // And with etcd-4 down too, two of four are not a quorum: nothing commits.
    world.apply(Command::StopMember("etcd-4".into())).unwrap();
    assert!(!put(&mut world, 101, &leader, "no-quorum"));
    invariants.check(&world);
}

#[test]
fn promotion_waits_for_the_learner_to_catch_up() {
    let (mut world, leader) = cluster(202);
    add_etcd_4(&mut world, &leader, true).unwrap();
    let promote = || Command::MemberPromote {
        via: "etcd-1".into(),
        name: "etcd-4".into(),
    };
    assert_eq!(world.apply(promote()), Err(LabError::ConfChangePending));
    world.advance(ms(200));
    assert_eq!(
        world.apply(promote()),
        Err(LabError::LearnerNotReady),
        "never started"
    );
}

#[test]
fn a_voter_added_at_runtime_joins_the_quorum() {
    let (mut world, leader) = cluster(203);
    add_etcd_4(&mut world, &leader, false).unwrap();
    world.advance(ms(200));
    world.apply(Command::StartMember("etcd-4".into())).unwrap();
    world.advance(SimDuration::from_secs(1));
    let leader_view = world.member(&leader).unwrap();
    let view = world.member("etcd-4").unwrap();
    assert_eq!(view.commit_index, leader_view.commit_index);
    assert_eq!(view.leader, Some(leader_view.id));
}

#[test]
fn a_removed_leader_steps_down_and_the_rest_elect_a_new_one() {
    let (mut world, leader) = cluster(204);
    assert!(put(&mut world, 1, &leader, "before"));
    world
        .apply(Command::MemberRemove {
            via: leader.clone(),
            name: leader.clone(),
        })
        .unwrap();
    assert!(run_until(&mut world, SimDuration::from_secs(5), |w| {
        w.leader().is_some_and(|l| l.name != leader)
    }));
    assert!(!world.member(&leader).unwrap().running, "it exited");
    assert_eq!(
        world.apply(Command::StartMember(leader.clone())),
        Err(LabError::MemberRemoved)
    );
    let new = world.leader().unwrap().name;
    assert!(
        put(&mut world, 2, &new, "after"),
        "the two left form a quorum"
    );
    let kinds: Vec<String> = world.trace().iter().map(|e| e.kind.to_string()).collect();
    assert!(kinds.contains(&format!("{leader}: proposed member remove {leader}")));
}

#[test]
fn membership_mistakes_are_refused_and_change_nothing() {
    let (mut world, leader) = cluster(205);
    let before = format!("{world:?}");
    let remove = |name: &str| Command::MemberRemove {
        via: leader.clone(),
        name: name.into(),
    };
    assert_eq!(
        world.apply(remove("nobody")),
        Err(LabError::UnknownMember("nobody".into()))
    );
    let spec = MemberSpec::new("etcd-2", "etcd-4", &["etcd-2"]);
    let dup = Command::MemberAdd {
        via: leader.clone(),
        spec,
        learner: false,
    };
    assert_eq!(
        world.apply(dup),
        Err(LabError::DuplicateMember("etcd-2".into()))
    );
    let promote = Command::MemberPromote {
        via: leader.clone(),
        name: "etcd-2".into(),
    };
    assert_eq!(world.apply(promote), Err(LabError::NotALearner));
    let spec = MemberSpec::new("etcd-4", "nowhere", &["etcd-4"]);
    let no_host = Command::MemberAdd {
        via: leader.clone(),
        spec,
        learner: true,
    };
    assert_eq!(
        world.apply(no_host),
        Err(LabError::UnknownHost("nowhere".into()))
    );
    assert_eq!(before, format!("{world:?}"));

    // A configured member that never joined is not in the cluster.
    world
        .apply(Command::AddMember(MemberSpec::new(
            "etcd-5",
            "etcd-4",
            &["etcd-5"],
        )))
        .unwrap();
    assert_eq!(world.apply(remove("etcd-5")), Err(LabError::MemberNotFound));
    // etcd's strict reconfiguration check: with one of three down, a fourth voter would
    // leave two running of four, short of a quorum; a learner is fine.
    let down = follower(&world);
    world.apply(Command::StopMember(down)).unwrap();
    assert_eq!(
        add_etcd_4(&mut world, &leader, false),
        Err(LabError::NotEnoughStartedMembers)
    );
    assert_eq!(add_etcd_4(&mut world, &leader, true), Ok(()));
    // Without a leader, nothing can change.
    let mut leaderless = World::demo_cluster(206);
    let cmd = Command::MemberRemove {
        via: "etcd-1".into(),
        name: "etcd-2".into(),
    };
    assert_eq!(leaderless.apply(cmd), Err(LabError::NoLeader));
}
