//! User mistakes are typed errors, and a refused command changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::Ipv4Addr;

use crate::common::ms;
use lab_core::sim::{MAX_ADVANCE, MemberSpec};
use lab_core::{Command, LabError, SimDuration, SimTime, World};

/// Applies `cmd`, expects `err`, and checks the world is exactly as before.
fn refused(world: &mut World, cmd: Command, err: LabError) {
    let before = format!("{world:?}");
    assert_eq!(world.apply(cmd), Err(err));
    assert_eq!(
        before,
        format!("{world:?}"),
        "a refused command changed the world"
    );
}

fn running_demo() -> World {
    let mut world = World::demo_cluster(31);
    world.advance(SimDuration::from_secs(2));
    world
}

#[test]
fn an_unknown_member_is_refused() {
    let mut world = running_demo();
    let unknown = || "etcd-9".to_owned();
    refused(
        &mut world,
        Command::StopMember(unknown()),
        LabError::UnknownMember(unknown()),
    );
    refused(
        &mut world,
        Command::StartMember(unknown()),
        LabError::UnknownMember(unknown()),
    );
    refused(
        &mut world,
        Command::Propose {
            member: unknown(),
            data: vec![],
        },
        LabError::UnknownMember(unknown()),
    );
}

#[test]
fn stopping_a_stopped_member_is_refused() {
    let mut world = running_demo();
    world.apply(Command::StopMember("etcd-2".into())).unwrap();
    world.advance(ms(100));
    refused(
        &mut world,
        Command::StopMember("etcd-2".into()),
        LabError::MemberNotRunning("etcd-2".into()),
    );
}

#[test]
fn starting_a_running_member_is_refused() {
    let mut world = running_demo();
    refused(
        &mut world,
        Command::StartMember("etcd-1".into()),
        LabError::MemberAlreadyRunning("etcd-1".into()),
    );
}

#[test]
fn bad_hosts_and_links_are_refused() {
    let mut world = running_demo();
    let add = |name: &str, last: u8| Command::AddHost {
        name: name.into(),
        ip: Ipv4Addr::new(10, 0, 0, last),
    };
    refused(
        &mut world,
        add("etcd-1", 99),
        LabError::DuplicateHost("etcd-1".into()),
    );
    refused(
        &mut world,
        add("new", 11),
        LabError::DuplicateIp {
            ip: Ipv4Addr::new(10, 0, 0, 11),
            host: "etcd-1".into(),
        },
    );
    refused(
        &mut world,
        add("", 99),
        LabError::InvalidName(String::new()),
    );
    let cut = |a: &str, b: &str| Command::CutLink {
        a: a.into(),
        b: b.into(),
    };
    refused(
        &mut world,
        cut("etcd-1", "nowhere"),
        LabError::UnknownHost("nowhere".into()),
    );
    refused(
        &mut world,
        cut("etcd-1", "etcd-1"),
        LabError::SameHost("etcd-1".into()),
    );
}

#[test]
fn etcd_configuration_rules_are_enforced_with_etcd_messages() {
    let mut world = World::new(1);
    world
        .apply(Command::AddHost {
            name: "h".into(),
            ip: Ipv4Addr::new(10, 0, 0, 1),
        })
        .unwrap();
    let mut spec = MemberSpec::new("m", "h", &["m"]);
    spec.heartbeat_interval_ms = 800;
    refused(
        &mut world,
        Command::AddMember(spec),
        LabError::InvalidConfig(
            "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[800ms]"
                .into(),
        ),
    );
    let spec = MemberSpec::new("m", "h", &["a", "b"]);
    let err = world.apply(Command::AddMember(spec)).unwrap_err();
    assert!(
        err.to_string().contains("couldn't find local name"),
        "{err}"
    );
    let spec = MemberSpec::new("m", "nowhere", &["m"]);
    refused(
        &mut world,
        Command::AddMember(spec),
        LabError::UnknownHost("nowhere".into()),
    );
}

#[test]
fn a_single_member_cluster_elects_itself() {
    let mut world = World::new(3);
    world
        .apply(Command::AddHost {
            name: "solo".into(),
            ip: Ipv4Addr::new(192, 168, 1, 10),
        })
        .unwrap();
    world
        .apply(Command::AddMember(MemberSpec::new(
            "solo",
            "solo",
            &["solo"],
        )))
        .unwrap();
    world.apply(Command::StartMember("solo".into())).unwrap();
    world.advance(SimDuration::from_secs(3));
    let leader = world.leader().expect("a lone member leads");
    // Its bootstrap entry, then its no-op.
    assert_eq!((leader.name.as_str(), leader.commit_index), ("solo", 2));
}

#[test]
fn one_advance_covers_at_most_an_hour() {
    let mut world = World::new(1);
    world.advance(SimDuration::MAX);
    assert_eq!(world.now(), SimTime::ZERO + MAX_ADVANCE);
}
