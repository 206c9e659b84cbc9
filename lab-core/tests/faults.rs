//! Stories about network and host faults beyond cuts: per-link latency, loss and
//! duplication (with the reordering jitter brings) do not break safety; a host power cut
//! kills its members and keeps their disks; a wiped member cannot come back as before.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{
    CLIENT, Invariants, add_hosts, committed_prefixes_agree, leader_within, ms, run_until,
};
use lab_core::mvcc::{KvRequest, KvResponse};
use lab_core::sim::{DropReason, TraceEvent, TraceKind};
use lab_core::{Command, LabError, SimDuration, World};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const MEMBERS: [&str; 3] = ["etcd-1", "etcd-2", "etcd-3"];

fn with_client_host(mut world: World) -> World {
    add_hosts(&mut world, &[CLIENT]);
    world
}

/// Every directed link between members: 1–40 ms latency, 15 % loss, 15 % duplication.
fn degrade_every_link(world: &mut World) {
    for from in MEMBERS {
        for to in MEMBERS.iter().filter(|&&t| t != from) {
            let (from, to) = (from.to_owned(), (*to).to_owned());
            let latency = Command::SetLatency {
                from: from.clone(),
                to: to.clone(),
                min_ms: 1,
                max_ms: 40,
            };
            world.apply(latency).unwrap();
            let (f, t) = (from.clone(), to.clone());
            world
                .apply(Command::SetLoss {
                    from: f,
                    to: t,
                    percent: 15,
                })
                .unwrap();
            world
                .apply(Command::SetDuplication {
                    from,
                    to,
                    percent: 15,
                })
                .unwrap();
        }
    }
}

/// Clients increment a counter with compare-and-swap through random members, on a degraded
/// network, for `duration`; returns the world, the acknowledged increments and the requests
/// whose outcome is unknown.
fn counter_workload(seed: u64, duration: SimDuration) -> (World, u64, u64) {
    let mut world = with_client_host(World::demo_cluster(seed));
    degrade_every_link(&mut world);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut invariants = Invariants::default();
    let (mut acked, mut sent, mut known, mut next_id) = (0u64, 0u64, 0u64, 0u64);
    let mut last_seen: Option<u64> = None;
    let deadline = world.now() + duration;
    while world.now() < deadline {
        if rng.random_range(0..4) == 0 {
            next_id += 1;
            let member = MEMBERS[rng.random_range(0..MEMBERS.len())].to_owned();
            let request = KvRequest::CompareAndSwap {
                key: "counter".into(),
                expect: last_seen.map(|n| n.to_string()),
                value: (last_seen.unwrap_or(0) + 1).to_string(),
            };
            let client = "client".into();
            let cmd = Command::ClientRequest {
                id: next_id,
                client,
                member,
                request,
            };
            world.apply(cmd).unwrap();
            sent += 1;
        }
        world.advance(ms(10));
        invariants.check(&world);
        for reply in world.take_client_replies() {
            match reply.result {
                Ok(KvResponse::CompareAndSwap { succeeded, .. }) => {
                    known += 1;
                    if succeeded {
                        acked += 1;
                        last_seen = Some(last_seen.unwrap_or(0) + 1);
                    } else {
                        // Someone's increment landed first (maybe our own unanswered one).
                        last_seen = read_counter(&world);
                    }
                }
                Err(err) if err.is_refused() => known += 1,
                _ => {} // a timeout: outcome unknown
            }
        }
    }
    (world, acked, sent - known)
}

fn read_counter(world: &World) -> Option<u64> {
    let leader = world.leader()?;
    let store = world.etcd_server(&leader.name).ok()?.store();
    store.range("counter").and_then(|kv| kv.value.parse().ok())
}

#[test]
fn loss_duplication_and_jitter_do_not_break_safety() {
    for seed in [1, 2, 3] {
        let (mut world, acked, unknown) = counter_workload(seed, SimDuration::from_secs(20));
        assert!(acked > 0, "seed {seed}: progress despite the faults");
        let lost = world.trace().iter().any(|e| {
            matches!(
                e.kind,
                TraceKind::MessageDropped {
                    reason: DropReason::Lost,
                    ..
                }
            )
        });
        assert!(lost, "seed {seed}: the links did lose messages");
        // Heal the network and let everyone converge.
        world.apply(Command::ResetNetwork).unwrap();
        world.advance(SimDuration::from_secs(3));
        committed_prefixes_agree(&world);
        let stores: Vec<_> = MEMBERS
            .iter()
            .map(|m| world.etcd_server(m).unwrap().store().clone())
            .collect();
        assert!(
            stores.windows(2).all(|w| w[0] == w[1]),
            "seed {seed}: stores agree"
        );
        let counter: u64 = stores[0]
            .range("counter")
            .map_or(0, |kv| kv.value.parse().unwrap());
        // Every acknowledged increment happened; only unanswered ones may have, too.
        assert!(
            acked <= counter && counter <= acked + unknown,
            "seed {seed}: acked {acked}, unknown {unknown}, counter {counter}"
        );
    }
}

#[test]
fn same_seed_with_clients_and_faults_gives_the_identical_trace() {
    let trace = |w: &World| w.trace().iter().cloned().collect::<Vec<TraceEvent>>();
    let (a, ..) = counter_workload(9, SimDuration::from_secs(5));
    let (b, ..) = counter_workload(9, SimDuration::from_secs(5));
    assert_eq!(trace(&a), trace(&b));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn bad_fault_settings_are_refused_and_change_nothing() {
    let mut world = World::demo_cluster(3);
    let before = format!("{world:?}");
    let (a, b) = (|| "etcd-1".to_owned(), || "etcd-2".to_owned());
    let refused = [
        (
            Command::SetLoss {
                from: a(),
                to: b(),
                percent: 101,
            },
            LabError::InvalidPercent(101),
        ),
        (
            Command::SetDuplication {
                from: a(),
                to: b(),
                percent: 1_000,
            },
            LabError::InvalidPercent(1_000),
        ),
        (
            Command::SetLatency {
                from: a(),
                to: b(),
                min_ms: 50,
                max_ms: 10,
            },
            LabError::InvalidLatency {
                min_ms: 50,
                max_ms: 10,
                limit_ms: 60_000,
            },
        ),
        (
            Command::SetLatency {
                from: a(),
                to: b(),
                min_ms: 0,
                max_ms: 60_001,
            },
            LabError::InvalidLatency {
                min_ms: 0,
                max_ms: 60_001,
                limit_ms: 60_000,
            },
        ),
        (
            Command::SetLoss {
                from: a(),
                to: a(),
                percent: 5,
            },
            LabError::SameHost(a()),
        ),
        (Command::BootHost(a()), LabError::HostAlreadyUp(a())),
        (
            Command::WipeDataDir(a()),
            LabError::MemberAlreadyRunning(a()),
        ),
    ];
    for (cmd, err) in refused {
        assert_eq!(world.apply(cmd), Err(err));
    }
    assert_eq!(before, format!("{world:?}"));
}

#[test]
fn a_power_cut_kills_every_member_on_the_host_and_keeps_its_disk() {
    let mut world = with_client_host(World::demo_cluster(4));
    let leader = leader_within(&mut world, SimDuration::from_secs(3))
        .expect("a leader")
        .name;
    world.apply(Command::CrashHost(leader.clone())).unwrap();
    assert!(!world.member(&leader).unwrap().running);
    assert_eq!(world.is_host_up(&leader), Ok(false));
    assert_eq!(
        world.apply(Command::CrashHost(leader.clone())),
        Err(LabError::HostDown(leader.clone()))
    );
    assert_eq!(
        world.apply(Command::StartMember(leader.clone())),
        Err(LabError::HostDown(leader.clone())),
        "no power, no process"
    );
    let request = KvRequest::Put {
        key: "k".into(),
        value: "v".into(),
    };
    let cmd = Command::ClientRequest {
        id: 1,
        client: "client".into(),
        member: leader.clone(),
        request,
    };
    world.apply(cmd).unwrap();
    world.advance(ms(100));
    assert!(
        world.take_client_replies().is_empty(),
        "a dead host does not answer"
    );
    let lost = world.trace().iter().any(|e| {
        matches!(
            e.kind,
            TraceKind::ClientMessageDropped {
                reason: DropReason::HostDown,
                ..
            }
        )
    });
    assert!(lost);
    assert!(run_until(&mut world, SimDuration::from_secs(5), |w| {
        w.leader().is_some_and(|l| l.name != leader)
    }));

    world.apply(Command::BootHost(leader.clone())).unwrap();
    assert!(
        !world.member(&leader).unwrap().running,
        "members do not auto-start"
    );
    let term_on_disk = world.member(&leader).unwrap().term;
    assert!(term_on_disk >= 1, "the disk survived");
    world.apply(Command::StartMember(leader.clone())).unwrap();
    world.advance(SimDuration::from_secs(2));
    let kinds: Vec<String> = world.trace().iter().map(|e| e.kind.to_string()).collect();
    assert!(kinds.contains(&format!("host {leader} crashed")));
    assert!(kinds.contains(&format!("host {leader} booted")));
}

#[test]
fn a_wiped_member_cannot_rejoin_as_before() {
    let mut world = World::demo_cluster(5);
    leader_within(&mut world, SimDuration::from_secs(3)).expect("a leader");
    world.apply(Command::StopMember("etcd-3".into())).unwrap();
    world.apply(Command::WipeDataDir("etcd-3".into())).unwrap();
    assert!(
        world
            .hosts()
            .iter()
            .all(|h| h.data_dir("etcd-3.etcd").is_none())
    );
    // etcd names the member by its id, in hex.
    let id = world
        .members()
        .into_iter()
        .find(|m| m.name == "etcd-3")
        .map(|m| m.id)
        .expect("etcd-3");
    assert_eq!(
        world.apply(Command::StartMember("etcd-3".into())),
        Err(LabError::InvalidConfig(format!(
            "member {id:x} has already been bootstrapped"
        )))
    );
}
