//! `Scenario`: the cluster, timings and fault schedule one seed stands for.
//!
//! Everything is drawn from a `ChaCha8Rng` seeded with the seed, so `lab check --seed S` rebuilds
//! the same scenario, and the world (seeded the same) replays the same run.

use std::net::Ipv4Addr;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::sim::{Command, MemberSpec, World};
use crate::{Role, SimDuration};

/// Cluster sizes drawn (unit: voting members).
pub const MIN_MEMBERS: usize = 3;
pub const MAX_MEMBERS: usize = 7;

/// The cluster a seed builds.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub seed: u64,
    pub members: Vec<String>,
    /// `--heartbeat-interval` (ms).
    pub heartbeat_ms: u64,
    /// `--election-timeout` (ms).
    pub election_ms: u64,
}

impl Scenario {
    pub fn from_seed(seed: u64) -> Scenario {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5ce4_a210);
        let n = rng.random_range(MIN_MEMBERS..=MAX_MEMBERS);
        let heartbeat_ms = [10, 50, 100][rng.random_range(0..3)];
        let election_ms = heartbeat_ms * rng.random_range(5..=15);
        Scenario {
            seed,
            members: (1..=n).map(|i| format!("m{i}")).collect(),
            heartbeat_ms,
            election_ms,
        }
    }

    /// A world with every member on its own host, all started at time 0.
    pub fn build(&self) -> World {
        let mut world = World::new(self.seed);
        let names: Vec<&str> = self.members.iter().map(String::as_str).collect();
        for (i, name) in names.iter().enumerate() {
            let ip = Ipv4Addr::new(10, 0, 1, 10 + i as u8);
            let mut spec = MemberSpec::new(name, name, &names);
            spec.heartbeat_interval_ms = self.heartbeat_ms;
            spec.election_timeout_ms = self.election_ms;
            for cmd in [
                Command::AddHost {
                    name: (*name).to_owned(),
                    ip,
                },
                Command::AddMember(spec),
                Command::StartMember((*name).to_owned()),
            ] {
                // Sizes and timings are drawn within etcd's rules; a test covers every seed shape.
                let applied = world.apply(cmd);
                debug_assert!(applied.is_ok(), "scenario setup failed: {applied:?}");
            }
        }
        world
    }

    /// One step's fault or client action, drawn from the world as it is.
    pub fn next_action(&self, rng: &mut ChaCha8Rng, world: &World) -> Option<Command> {
        let members = world.members();
        let pick = |rng: &mut ChaCha8Rng| members[rng.random_range(0..members.len())].name.clone();
        let roll = rng.random_range(0..100);
        Some(match roll {
            0..=39 => {
                let leader = members
                    .iter()
                    .filter(|m| m.role == Role::Leader)
                    .max_by_key(|m| m.term)?;
                let data = format!("put {}", rng.random_range(0..1_000_000)).into_bytes();
                Command::Propose {
                    member: leader.name.clone(),
                    data,
                }
            }
            40..=49 => Command::StopMember(pick(rng)),
            50..=64 => Command::StartMember(pick(rng)),
            65..=72 => Command::CutLink {
                a: pick(rng),
                b: pick(rng),
            },
            73..=78 => Command::CutLinkOneWay {
                from: pick(rng),
                to: pick(rng),
            },
            79..=86 => Command::HealLink {
                a: pick(rng),
                b: pick(rng),
            },
            87..=91 => Command::HealAll,
            _ => return None,
        })
    }

    /// Virtual time between two steps: up to a few heartbeats, so faults land mid-election too.
    pub fn step_gap(&self, rng: &mut ChaCha8Rng) -> SimDuration {
        SimDuration::from_millis(rng.random_range(1..=self.heartbeat_ms * 3))
    }
}
