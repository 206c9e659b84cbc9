//! `Scenario`: the cluster, timings, clients and fault schedule one seed stands for.
//!
//! Everything is drawn from a `ChaCha8Rng` seeded with the seed, so `lab check --seed S` rebuilds
//! the same scenario, and the world (seeded the same) replays the same run.

use std::net::Ipv4Addr;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Workload;
use super::cluster::ClusterView;
use super::faults::Fault;
use crate::SimDuration;
use crate::raft::PlantedBug;
use crate::sim::{Command, MemberSpec, World};

/// Cluster sizes drawn (unit: voting members).
pub const MIN_MEMBERS: usize = 3;
pub const MAX_MEMBERS: usize = 7;
/// Clients drawn (unit: client sessions, each on its own host).
const MIN_CLIENTS: usize = 2;
const MAX_CLIENTS: usize = 5;

/// The cluster a seed builds.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub seed: u64,
    pub members: Vec<String>,
    pub clients: usize,
    /// `--heartbeat-interval` (ms).
    pub heartbeat_ms: u64,
    /// `--election-timeout` (ms).
    pub election_ms: u64,
    /// `--pre-vote`.
    pub pre_vote: bool,
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
            clients: rng.random_range(MIN_CLIENTS..=MAX_CLIENTS),
            heartbeat_ms,
            election_ms,
            pre_vote: rng.random_bool(0.5),
        }
    }

    /// How long a client waits for an answer before trying another endpoint: three election
    /// timeouts, as an application sets its request deadline after the cluster's timing (3 s
    /// with etcd's defaults). Members wait longer (etcd's `ReqTimeout`: 5 s plus two election
    /// timeouts), so a request stuck at a frozen member, or forwarded to a leader that is gone,
    /// leaves the client unsure of its outcome but free to carry on, as real clients do.
    pub fn client_timeout(&self) -> SimDuration {
        SimDuration::from_millis(3 * self.election_ms)
    }

    /// A world with every member on its own host, all started at time 0, each member's Raft
    /// carrying `plant` if given, and the clients' hosts.
    pub fn build(&self, plant: Option<PlantedBug>) -> (World, Workload) {
        let mut world = World::new(self.seed);
        world.set_planted_bug(plant);
        let workload = Workload::new(self.clients, self.client_timeout());
        let names: Vec<&str> = self.members.iter().map(String::as_str).collect();
        let mut setup = workload.hosts();
        for (i, name) in names.iter().enumerate() {
            let ip = Ipv4Addr::new(10, 0, 1, 10 + i as u8);
            let mut spec = MemberSpec::new(name, name, &names);
            spec.heartbeat_interval_ms = self.heartbeat_ms;
            spec.election_timeout_ms = self.election_ms;
            spec.pre_vote = self.pre_vote;
            setup.push(Command::AddHost {
                name: (*name).to_owned(),
                ip,
            });
            setup.push(Command::AddMember(spec));
            setup.push(Command::StartMember((*name).to_owned()));
        }
        for cmd in setup {
            // Sizes and timings are drawn within etcd's rules; a test covers every seed shape.
            let applied = world.apply(cmd);
            debug_assert!(applied.is_ok(), "scenario setup failed: {applied:?}");
        }
        (world, workload)
    }

    /// One step's fault, drawn from the world as it is: commands for now, and maybe some
    /// for later (the end of a pause, a heal, a restart).
    pub fn next_fault(&self, rng: &mut ChaCha8Rng, world: &World) -> Fault {
        let view = ClusterView::of(world);
        if view.all().count() < 2 {
            return Fault::default();
        }
        match rng.random_range(0..100) {
            0..=6 => self.partition(rng, &view),
            7..=10 => self.pause(rng, &view),
            11..=15 => self.slow_sender(rng, &view),
            16..=21 => self.deposed_leader(rng, &view),
            22..=24 => self.crash_at_quorum(rng, &view),
            25..=27 => {
                let name = view.all().nth(rng.random_range(0..view.all().count()));
                let now = name.map(|m| Command::CrashAfterNextSend(m.name.clone()));
                Fault::now(now.into_iter().collect())
            }
            28..=35 => Fault::now(self.churn(rng, world, &view)),
            _ => self.single_fault(rng, world),
        }
    }

    /// The commands that end every fault: links healed and back to defaults, members running.
    pub fn calm(&self, world: &World) -> Vec<Command> {
        let mut cmds = vec![Command::ResetNetwork];
        for m in world.members() {
            // Thaw whoever is frozen (refused harmlessly if nobody is) and start the stopped.
            cmds.push(Command::ResumeMember(m.name.clone()));
            if !m.running {
                cmds.push(Command::StartMember(m.name));
            }
        }
        cmds
    }

    /// Virtual time between two steps: up to a few heartbeats, so faults land mid-election too.
    pub fn step_gap(&self, rng: &mut ChaCha8Rng) -> SimDuration {
        SimDuration::from_millis(rng.random_range(1..=self.heartbeat_ms * 3))
    }
}
