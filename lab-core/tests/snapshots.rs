//! Stories about snapshots in the world: members snapshot and compact as etcd does every
//! `--snapshot-count` applied entries, and a member that was down longer than the log keeps
//! catches up from a snapshot.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::Ipv4Addr;

use crate::common::{CLIENT, SPARE, add_hosts, leader_within, ms};
use lab_core::sim::{MemberSpec, SNAPSHOT_CATCH_UP_ENTRIES};
use lab_core::{Command, SimDuration, World};

const NAMES: [&str; 3] = ["etcd-1", "etcd-2", "etcd-3"];

/// Three members with `--snapshot-count=100`.
fn frequently_snapshotting_cluster(seed: u64) -> World {
    let mut world = World::new(seed);
    for (name, last) in NAMES.iter().zip(11u8..) {
        let ip = Ipv4Addr::new(10, 0, 0, last);
        let host = Command::AddHost {
            name: (*name).into(),
            ip,
        };
        world.apply(host).unwrap();
        let mut spec = MemberSpec::new(name, name, &NAMES);
        spec.snapshot_count = 100;
        world.apply(Command::AddMember(spec)).unwrap();
    }
    for name in NAMES {
        world.apply(Command::StartMember(name.into())).unwrap();
    }
    world
}

fn first_index(world: &World, name: &str) -> u64 {
    world
        .log_entries(name)
        .unwrap()
        .first()
        .map_or(0, |e| e.index)
}

#[test]
fn a_member_down_past_compaction_catches_up_from_a_snapshot() {
    let mut world = frequently_snapshotting_cluster(31);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    let absent = NAMES
        .iter()
        .find(|&&n| n != leader.name)
        .unwrap()
        .to_string();
    world.apply(Command::StopMember(absent.clone())).unwrap();

    // Enough writes for the log to be compacted past everything the absent member has.
    let writes = SNAPSHOT_CATCH_UP_ENTRIES + 300;
    for batch in 0..writes / 100 {
        for i in 0..100 {
            let data = format!("w{batch}-{i}").into_bytes();
            let propose = Command::Propose {
                member: leader.name.clone(),
                data,
            };
            world.apply(propose).unwrap();
        }
        world.advance(ms(50));
    }
    world.advance(ms(500));
    let leader_first = first_index(&world, &leader.name);
    assert!(
        leader_first > 2,
        "the leader compacted: first index {leader_first}"
    );

    world.apply(Command::StartMember(absent.clone())).unwrap();
    world.advance(SimDuration::from_secs(3));
    let caught_up = world.member(&absent).unwrap();
    let now = world.member(&leader.name).unwrap();
    assert_eq!(caught_up.commit_index, now.commit_index);
    // Empty if the snapshot covered the whole log, else starting after it: never at 1.
    let first = first_index(&world, &absent);
    assert!(
        first == 0 || first > 2,
        "its log starts after a snapshot, not at 1: {first}"
    );
    let restored = format!("{absent} restored snapshot");
    assert!(
        world
            .trace()
            .iter()
            .any(|e| e.kind.to_string().starts_with(&restored)),
        "the trace tells the story"
    );
}

#[test]
fn a_member_restored_from_a_snapshot_has_the_leaders_store() {
    use lab_core::mvcc::KvRequest;
    let mut world = frequently_snapshotting_cluster(32);
    let client = Command::AddHost {
        name: "client".into(),
        ip: Ipv4Addr::new(10, 0, 0, 100),
    };
    world.apply(client).unwrap();
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    let absent = NAMES
        .iter()
        .find(|&&n| n != leader.name)
        .unwrap()
        .to_string();
    world.apply(Command::StopMember(absent.clone())).unwrap();
    let writes = SNAPSHOT_CATCH_UP_ENTRIES + 300;
    for id in 0..writes {
        let request = KvRequest::Put {
            key: format!("k{}", id % 50),
            value: id.to_string(),
        };
        let member = leader.name.clone();
        let client = "client".into();
        let cmd = Command::ClientRequest {
            id,
            client,
            member,
            request,
        };
        world.apply(cmd).unwrap();
        if id % 100 == 99 {
            world.advance(ms(50));
        }
    }
    world.advance(ms(500));
    assert_eq!(world.take_client_replies().len() as u64, writes);

    world.apply(Command::StartMember(absent.clone())).unwrap();
    world.advance(SimDuration::from_secs(3));
    let expected = world.etcd_server(&leader.name).unwrap().store();
    let restored = world.etcd_server(&absent).unwrap().store();
    assert_eq!(restored, expected);
    assert_eq!(restored.revision(), writes + 1);
}

#[test]
fn a_member_added_after_compaction_catches_up_from_a_snapshot() {
    use lab_core::mvcc::KvRequest;
    let mut world = frequently_snapshotting_cluster(33);
    add_hosts(&mut world, &[CLIENT, SPARE]);
    let leader = leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    let put = |world: &mut World, id: u64| {
        let request = KvRequest::Put {
            key: format!("k{}", id % 50),
            value: id.to_string(),
        };
        let (client, member) = ("client".into(), leader.name.clone());
        let cmd = Command::ClientRequest {
            id,
            client,
            member,
            request,
        };
        world.apply(cmd).unwrap();
        if id % 100 == 99 {
            world.advance(ms(50));
        }
    };
    for id in 0..SNAPSHOT_CATCH_UP_ENTRIES + 300 {
        put(&mut world, id);
    }
    world.advance(ms(500));
    let mut spec = MemberSpec::new("etcd-4", "etcd-4", &["etcd-4"]);
    spec.snapshot_count = 100;
    let add = Command::MemberAdd {
        via: leader.name.clone(),
        spec,
        learner: true,
    };
    world.apply(add).unwrap();
    world.advance(ms(200));
    world.apply(Command::StartMember("etcd-4".into())).unwrap();
    world.advance(SimDuration::from_secs(2));
    let expected = world.etcd_server(&leader.name).unwrap().store();
    assert_eq!(world.etcd_server("etcd-4").unwrap().store(), expected);
}
