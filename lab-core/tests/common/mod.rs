//! Shared helpers for the story tests: running the world until something happens, driving it
//! with random faults, and checking Raft's safety properties while it runs.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use lab_core::sim::TraceKind;
use lab_core::{Command, MemberView, Role, SimDuration, World};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Adds hosts `(name, last octet)` on 10.0.0.0/24: a `client` host, a spare host for a member
/// added at runtime.
pub fn add_hosts(world: &mut World, hosts: &[(&str, u8)]) {
    for &(name, last) in hosts {
        let ip = std::net::Ipv4Addr::new(10, 0, 0, last);
        let host = Command::AddHost {
            name: name.into(),
            ip,
        };
        world.apply(host).unwrap();
    }
}

/// The host clients send from in the story tests.
pub const CLIENT: (&str, u8) = ("client", 100);
/// A spare host for a member added at runtime.
pub const SPARE: (&str, u8) = ("etcd-4", 14);

/// Sends `request` with id `id` from host `client` to `member`.
pub fn send(world: &mut World, id: u64, member: &str, request: lab_core::mvcc::KvRequest) {
    let cmd = Command::ClientRequest {
        id,
        client: CLIENT.0.into(),
        member: member.into(),
        request,
    };
    world.apply(cmd).unwrap();
}

pub fn ms(n: u64) -> SimDuration {
    SimDuration::from_millis(n)
}

/// Advances in 10 ms steps until a running leader exists, for at most `max`.
pub fn leader_within(world: &mut World, max: SimDuration) -> Option<MemberView> {
    let deadline = world.now() + max;
    while world.now() < deadline {
        if let Some(leader) = world.leader() {
            return Some(leader);
        }
        world.advance(ms(10));
    }
    world.leader()
}

/// Advances in 10 ms steps until `done` holds, for at most `max`; returns whether it held.
pub fn run_until(world: &mut World, max: SimDuration, done: impl Fn(&World) -> bool) -> bool {
    let deadline = world.now() + max;
    while world.now() < deadline {
        if done(world) {
            return true;
        }
        world.advance(ms(10));
    }
    done(world)
}

/// A leader exists and every member has its term and commit index.
pub fn converged(world: &World) -> bool {
    let Some(leader) = world.leader() else {
        return false;
    };
    world
        .members()
        .iter()
        .all(|m| m.term == leader.term && m.commit_index == leader.commit_index)
}

/// The leader, who must exist.
pub fn leader(world: &World) -> MemberView {
    world.leader().expect("there is a leader")
}

/// Raft's safety properties, checked incrementally as a world runs.
#[derive(Default)]
pub struct Invariants {
    /// Next trace sequence number to read.
    cursor: u64,
    /// Who became leader in each term.
    leaders: BTreeMap<u64, String>,
    /// Highest commit index seen per member (running or from its data-dir).
    commits: BTreeMap<String, u64>,
}

impl Invariants {
    /// Checks everything that happened since the last call. Panics with a story if broken.
    pub fn check(&mut self, world: &World) {
        self.check_trace(world);
        self.check_commits_never_decrease(world);
    }

    /// Election Safety: at most one leader per term.
    fn check_trace(&mut self, world: &World) {
        let trace = world.trace();
        assert!(
            trace.evicted() <= self.cursor,
            "trace evicted events before they were checked; check more often"
        );
        for event in trace.since(self.cursor) {
            if let TraceKind::BecameLeader { member, term } = &event.kind {
                let first = self.leaders.entry(*term).or_insert_with(|| member.clone());
                assert_eq!(
                    first, member,
                    "two leaders in term {term} (at {})",
                    event.at
                );
            }
        }
        self.cursor = trace.total_recorded();
    }

    fn check_commits_never_decrease(&mut self, world: &World) {
        for m in world.members() {
            let seen = self.commits.entry(m.name.clone()).or_default();
            assert!(
                m.commit_index >= *seen,
                "{}: commit index fell from {} to {}",
                m.name,
                seen,
                m.commit_index
            );
            *seen = m.commit_index;
        }
    }

    /// Terms that elected a leader so far.
    pub fn leader_terms(&self) -> usize {
        self.leaders.len()
    }
}

/// State Machine Safety: any two members agree on every entry both consider committed.
pub fn committed_prefixes_agree(world: &World) {
    let members = world.members();
    let logs: Vec<(MemberView, Vec<(u64, u64)>)> = members
        .into_iter()
        .map(|m| {
            let log = world.log_entries(&m.name).unwrap();
            (m, log.iter().map(|e| (e.index, e.term)).collect())
        })
        .collect();
    for (a, log_a) in &logs {
        for (b, log_b) in &logs {
            let upto = a.commit_index.min(b.commit_index) as usize;
            assert_eq!(
                log_a.get(..upto),
                log_b.get(..upto),
                "{} and {} disagree below commit index {upto}",
                a.name,
                b.name
            );
        }
    }
}

/// A random fault or client action against the demo cluster; a crash-restart is a stop and
/// a start at the same instant.
pub fn random_commands(rng: &mut ChaCha8Rng, world: &World) -> Vec<Command> {
    let names: Vec<String> = world.members().into_iter().map(|m| m.name).collect();
    let pick = |rng: &mut ChaCha8Rng| names[rng.random_range(0..names.len())].clone();
    let one = match rng.random_range(0..14) {
        0..=2 => Command::StopMember(pick(rng)),
        3..=5 => Command::StartMember(pick(rng)),
        6 => Command::CutLink {
            a: pick(rng),
            b: pick(rng),
        },
        7 => Command::CutLinkOneWay {
            from: pick(rng),
            to: pick(rng),
        },
        8 => Command::HealAll,
        9 | 10 => {
            let name = pick(rng);
            return vec![
                Command::StopMember(name.clone()),
                Command::StartMember(name),
            ];
        }
        _ => Command::Propose {
            member: world.leader().map_or_else(|| pick(rng), |l| l.name),
            data: vec![rng.random()],
        },
    };
    vec![one]
}

/// Runs the demo cluster for `duration` under random faults 1–300 ms apart, checking the
/// invariants after every step. Refused commands (stopping a stopped member...) are part of
/// the chaos. Returns the world and the invariants checker.
pub fn run_chaos(seed: u64, duration: SimDuration) -> (World, Invariants) {
    let mut world = World::demo_cluster(seed);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut inv = Invariants::default();
    let end = world.now() + duration;
    while world.now() < end {
        world.advance(ms(rng.random_range(1..=300)));
        inv.check(&world);
        for cmd in random_commands(&mut rng, &world) {
            let _ = world.apply(cmd);
        }
    }
    (world, inv)
}

/// Heals everything and starts every stopped member: the end of an outage.
pub fn recover(world: &mut World) {
    world.apply(Command::HealAll).unwrap();
    for m in world.members() {
        if m.role == Role::Stopped {
            world.apply(Command::StartMember(m.name)).unwrap();
        }
    }
}
