//! `check_seed`: one seeded run of the safety harness, and `CheckSummary` over many.
//!
//! A run builds the seed's [`Scenario`], then for each step applies one drawn action (a fault or
//! a client write), advances virtual time, and checks every invariant. After the last step it
//! heals the network, restarts everyone and requires progress: a leader, and a write committed on
//! every member.

use std::fmt::Write as _;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{InvariantChecker, Scenario};
use crate::sim::{Command, World};
use crate::{SimDuration, SimTime};

/// Steps per seed when not told otherwise.
pub const DEFAULT_STEPS: u32 = 300;
/// Most steps a run may be asked for (unit: steps); bounds one seed's time and memory.
pub const MAX_STEPS: u32 = 100_000;
/// Actions kept for a failure's replay log (unit: lines).
const ACTION_LOG_LINES: usize = 400;

/// Something that went wrong in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub step: u32,
    pub at: SimTime,
    pub what: String,
}

/// What one seed's run did.
#[derive(Clone, Debug)]
pub struct SeedOutcome {
    pub seed: u64,
    pub members: usize,
    pub steps: u32,
    /// Client operations issued.
    pub ops: u64,
    pub failures: Vec<Failure>,
    /// The actions taken, oldest first (the tail if long), for a readable replay.
    pub actions: Vec<String>,
    pub world: World,
}

impl SeedOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// The seed, its scenario, what went wrong and the actions that led there.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "seed {} ({} members, {} steps): FAILED",
            self.seed, self.members, self.steps
        );
        for f in &self.failures {
            let _ = writeln!(out, "  step {} at {}: {}", f.step, f.at, f.what);
        }
        let _ = writeln!(out, "  actions (replay with --seed {}):", self.seed);
        for a in &self.actions {
            let _ = writeln!(out, "    {a}");
        }
        out
    }
}

/// Runs one seed for `steps` steps.
pub fn check_seed(seed: u64, steps: u32) -> SeedOutcome {
    let scenario = Scenario::from_seed(seed);
    let mut world = scenario.build();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut checker = InvariantChecker::new();
    let mut outcome = SeedOutcome {
        seed,
        members: scenario.members.len(),
        steps: 0,
        ops: 0,
        failures: Vec::new(),
        actions: Vec::new(),
        world: World::new(seed),
    };
    for step in 0..steps.min(MAX_STEPS) {
        outcome.steps = step + 1;
        if let Some(cmd) = scenario.next_action(&mut rng, &world) {
            act(&mut world, cmd, &mut outcome);
        }
        world.advance(scenario.step_gap(&mut rng));
        note_violations(&mut checker, &world, step, &mut outcome);
        if !outcome.failures.is_empty() {
            break;
        }
    }
    if outcome.failures.is_empty() {
        recover(&scenario, &mut world, &mut checker, &mut outcome);
    }
    outcome.world = world;
    outcome
}

fn act(world: &mut World, cmd: Command, outcome: &mut SeedOutcome) {
    let line = format!("{} {}", world.now(), describe(&cmd));
    let is_op = matches!(cmd, Command::Propose { .. });
    let result = world.apply(cmd);
    if is_op && result.is_ok() {
        outcome.ops += 1;
    }
    let line = match result {
        Ok(()) => line,
        Err(e) => format!("{line}  (refused: {e})"),
    };
    if outcome.actions.len() >= ACTION_LOG_LINES {
        outcome.actions.remove(0);
    }
    outcome.actions.push(line);
}

fn note_violations(
    checker: &mut InvariantChecker,
    world: &World,
    step: u32,
    outcome: &mut SeedOutcome,
) {
    for v in checker.observe(world) {
        outcome.failures.push(Failure {
            step,
            at: world.now(),
            what: v.to_string(),
        });
    }
}

/// Faults stop: heal, restart, and require a leader and a write committed everywhere.
fn recover(
    scenario: &Scenario,
    world: &mut World,
    checker: &mut InvariantChecker,
    outcome: &mut SeedOutcome,
) {
    let step = outcome.steps;
    act(world, Command::HealAll, outcome);
    for name in &scenario.members {
        if world.member(name).is_some_and(|m| !m.running) {
            act(world, Command::StartMember(name.clone()), outcome);
        }
    }
    let patience = SimDuration::from_millis(scenario.election_ms * 30);
    let deadline = world.now() + patience;
    let tick = SimDuration::from_millis(scenario.heartbeat_ms);
    let mut written: Option<u64> = None;
    while world.now() < deadline {
        world.advance(tick);
        note_violations(checker, world, step, outcome);
        if !outcome.failures.is_empty() {
            return;
        }
        match written {
            None => {
                if let Some(leader) = world.leader() {
                    let cmd = Command::Propose {
                        member: leader.name.clone(),
                        data: b"final write".to_vec(),
                    };
                    act(world, cmd, outcome);
                    written = world.member(&leader.name).map(|m| m.last_index);
                }
            }
            Some(index) => {
                if world.members().iter().all(|m| m.commit_index >= index) {
                    return;
                }
            }
        }
    }
    let what = match written {
        None => format!("no leader within {patience} after faults stopped"),
        Some(index) => {
            format!("write at index {index} not committed on every member within {patience}")
        }
    };
    outcome.failures.push(Failure {
        step,
        at: world.now(),
        what,
    });
}

fn describe(cmd: &Command) -> String {
    match cmd {
        Command::StopMember(m) => format!("stop {m}"),
        Command::StartMember(m) => format!("start {m}"),
        Command::CutLink { a, b } => format!("cut {a} {b}"),
        Command::CutLinkOneWay { from, to } => format!("cut {from} -> {to}"),
        Command::HealLink { a, b } => format!("heal {a} {b}"),
        Command::HealAll => "heal".to_owned(),
        Command::Propose { member, data } => {
            format!("propose via {member}: {}", String::from_utf8_lossy(data))
        }
        other => format!("{other:?}"),
    }
}

/// Totals over many seeds, for the one summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckSummary {
    pub seeds: u64,
    pub steps: u64,
    pub ops: u64,
    pub violations: u64,
}

impl CheckSummary {
    pub fn add(&mut self, outcome: &SeedOutcome) {
        self.seeds += 1;
        self.steps += u64::from(outcome.steps);
        self.ops += outcome.ops;
        self.violations += outcome.failures.len() as u64;
    }
}

impl std::fmt::Display for CheckSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seeds={} steps={} ops={} violations={}",
            self.seeds, self.steps, self.ops, self.violations
        )
    }
}
