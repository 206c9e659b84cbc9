//! `Scenario`: the cluster, timings, clients and fault schedule one seed stands for.
//!
//! Everything is drawn from a `ChaCha8Rng` seeded with the seed, so `lab check --seed S` rebuilds
//! the same scenario, and the world (seeded the same) replays the same run.

use std::net::Ipv4Addr;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Workload;
use crate::SimDuration;
use crate::raft::PlantedBug;
use crate::sim::{Command, MemberSpec, World};

/// Cluster sizes drawn (unit: voting members).
pub const MIN_MEMBERS: usize = 3;
pub const MAX_MEMBERS: usize = 7;
/// Most members ever configured in one run, churn included (unit: members).
const MAX_CONFIGURED: usize = 11;
/// Clients drawn (unit: client sessions, each on its own host).
const MIN_CLIENTS: usize = 2;
const MAX_CLIENTS: usize = 5;

/// A fault: what to do now, and what to do after a while (thaw a paused member, heal).
#[derive(Clone, Debug, Default)]
pub struct Fault {
    pub now: Vec<Command>,
    pub later: Option<(SimDuration, Vec<Command>)>,
}

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

    /// How long a client waits for an answer: past the member's own request timeout (etcd's
    /// `ReqTimeout`: 5 s plus two election timeouts), so members usually answer first.
    pub fn client_timeout(&self) -> SimDuration {
        SimDuration::from_millis(5_000 + 3 * self.election_ms)
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
    /// for later (the end of a pause).
    pub fn next_fault(&self, rng: &mut ChaCha8Rng, world: &World) -> Fault {
        let members = world.members();
        if members.len() < 2 {
            return Fault::default();
        }
        match rng.random_range(0..100) {
            0..=7 => Fault {
                now: self.partition(rng, world),
                later: None,
            },
            8..=13 => self.pause(rng, world),
            14..=21 => self.slow_sender(rng, world),
            25..=28 => Fault {
                now: self.churn(rng, world),
                later: None,
            },
            22..=24 => {
                let name = members[rng.random_range(0..members.len())].name.clone();
                Fault {
                    now: vec![Command::CrashAfterNextSend(name)],
                    later: None,
                }
            }
            _ => Fault {
                now: self.single_fault(rng, world).into_iter().collect(),
                later: None,
            },
        }
    }

    /// Slows everything a member (usually the leader) sends to one to three election timeouts,
    /// for a while: its peers elect someone else while its appends are still on the wire, and
    /// those arrive, stale, after the new leader's.
    fn slow_sender(&self, rng: &mut ChaCha8Rng, world: &World) -> Fault {
        let members = world.members();
        let name = match world.leader() {
            Some(leader) if rng.random_bool(0.8) => leader.name,
            _ => members[rng.random_range(0..members.len())].name.clone(),
        };
        let (mut now, mut later) = (Vec::new(), Vec::new());
        for peer in members.iter().filter(|m| m.name != name) {
            let (from, to) = (name.clone(), peer.name.clone());
            let min_ms = self.election_ms;
            let max_ms = self.election_ms * 3;
            now.push(Command::SetLatency {
                from: from.clone(),
                to: to.clone(),
                min_ms,
                max_ms,
            });
            later.push(Command::SetLatency {
                from,
                to,
                min_ms: 0,
                max_ms: 2,
            });
        }
        let after =
            SimDuration::from_millis(rng.random_range(self.election_ms..=self.election_ms * 4));
        Fault {
            now,
            later: Some((after, later)),
        }
    }

    /// Freezes a member (usually the leader) for one to four election timeouts; half the time
    /// it is also cut off from its peers until it thaws, so it wakes up believing it leads,
    /// with requests from clients waiting for it.
    fn pause(&self, rng: &mut ChaCha8Rng, world: &World) -> Fault {
        let members = world.members();
        let name = match world.leader() {
            Some(leader) if rng.random_bool(0.7) => leader.name,
            _ => members[rng.random_range(0..members.len())].name.clone(),
        };
        let mut now = vec![Command::PauseMember(name.clone())];
        let mut later = Vec::new();
        if rng.random_bool(0.5) {
            for peer in members.iter().filter(|m| m.name != name) {
                now.push(Command::CutLink {
                    a: name.clone(),
                    b: peer.name.clone(),
                });
                if rng.random_bool(0.5) {
                    later.push(Command::HealLink {
                        a: name.clone(),
                        b: peer.name.clone(),
                    });
                }
            }
        }
        later.insert(0, Command::ResumeMember(name));
        let pause =
            SimDuration::from_millis(rng.random_range(self.election_ms..=self.election_ms * 4));
        Fault {
            now,
            later: Some((pause, later)),
        }
    }

    /// Splits the members in two: either one member (often the leader) against the rest, or a
    /// random split. Clients keep reaching everyone, so a cut-off leader still gets requests.
    fn partition(&self, rng: &mut ChaCha8Rng, world: &World) -> Vec<Command> {
        let members = world.members();
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        let leader = world.leader().map(|m| m.name);
        let side: Vec<bool> = match (rng.random_bool(0.6), leader) {
            (true, Some(leader)) => names.iter().map(|n| *n == leader).collect(),
            _ => names.iter().map(|_| rng.random_bool(0.5)).collect(),
        };
        let mut cmds = vec![Command::HealAll];
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate().skip(i + 1) {
                if side[i] != side[j] {
                    cmds.push(Command::CutLink {
                        a: (*a).to_owned(),
                        b: (*b).to_owned(),
                    });
                }
            }
        }
        cmds
    }

    /// Membership churn through a random member, as `etcdctl member add|promote|remove` would:
    /// add a new member (a learner half the time) on a new host and start it, promote a
    /// learner, or remove a voter while at least four remain (removing down to two can strand
    /// the last one without a quorum, in etcd too).
    fn churn(&self, rng: &mut ChaCha8Rng, world: &World) -> Vec<Command> {
        let members = world.members();
        let via = members[rng.random_range(0..members.len())].name.clone();
        let Some(conf) = world.leader().and_then(|l| world.conf_state(&l.name).ok()) else {
            return Vec::new();
        };
        let name_of = |id: u64| members.iter().find(|m| m.id == id).map(|m| m.name.clone());
        match rng.random_range(0..3) {
            0 if members.len() < MAX_CONFIGURED => {
                let name = format!("m{}", members.len() + 1);
                let ip = Ipv4Addr::new(10, 0, 1, 10 + members.len() as u8);
                let mut spec = MemberSpec::new(&name, &name, &[name.as_str()]);
                spec.heartbeat_interval_ms = self.heartbeat_ms;
                spec.election_timeout_ms = self.election_ms;
                spec.pre_vote = self.pre_vote;
                vec![
                    Command::AddHost {
                        name: name.clone(),
                        ip,
                    },
                    Command::MemberAdd {
                        via,
                        spec,
                        learner: rng.random_bool(0.5),
                    },
                    Command::StartMember(name),
                ]
            }
            1 => {
                let learners: Vec<u64> = conf.learners.iter().copied().collect();
                let Some(name) = learners.first().and_then(|&id| name_of(id)) else {
                    return Vec::new();
                };
                vec![Command::MemberPromote { via, name }]
            }
            _ if conf.voters.len() >= 4 => {
                let voters: Vec<u64> = conf.voters.iter().copied().collect();
                let Some(name) = name_of(voters[rng.random_range(0..voters.len())]) else {
                    return Vec::new();
                };
                vec![Command::MemberRemove { via, name }]
            }
            _ => Vec::new(),
        }
    }

    fn single_fault(&self, rng: &mut ChaCha8Rng, world: &World) -> Option<Command> {
        let members = world.members();
        let pick = |rng: &mut ChaCha8Rng| members[rng.random_range(0..members.len())].name.clone();
        // Two different members, for link faults (a host has no link to itself).
        let pair = |rng: &mut ChaCha8Rng| {
            let a = rng.random_range(0..members.len());
            let b = (a + rng.random_range(1..members.len())) % members.len();
            (members[a].name.clone(), members[b].name.clone())
        };
        Some(match rng.random_range(0..100) {
            0..=5 => Command::StopMember(pick(rng)),
            6..=7 => Command::StopMemberGracefully(pick(rng)),
            8..=16 => Command::StartMember(pick(rng)),
            17..=21 => {
                let (a, b) = pair(rng);
                Command::CutLink { a, b }
            }
            22..=25 => {
                let (from, to) = pair(rng);
                Command::CutLinkOneWay { from, to }
            }
            26..=30 => {
                let (a, b) = pair(rng);
                Command::HealLink { a, b }
            }
            31..=33 => Command::HealAll,
            34..=35 => {
                let (from, to) = pair(rng);
                // Up to three election timeouts: messages from a deposed leader arrive late.
                let min_ms = rng.random_range(0..=self.election_ms);
                let max_ms = min_ms + rng.random_range(0..=self.election_ms * 2);
                Command::SetLatency {
                    from,
                    to,
                    min_ms,
                    max_ms,
                }
            }
            36..=37 => {
                let (from, to) = pair(rng);
                Command::SetLoss {
                    from,
                    to,
                    percent: [0, 5, 20, 50][rng.random_range(0..4)],
                }
            }
            38 => {
                let (from, to) = pair(rng);
                Command::SetDuplication {
                    from,
                    to,
                    percent: [0, 10, 30][rng.random_range(0..3)],
                }
            }
            39 => Command::MoveLeader {
                transferee: pick(rng),
            },
            _ => return None,
        })
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
