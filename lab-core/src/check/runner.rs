//! `check_seed`: one seeded run of the safety harness, and `CheckSummary` over many.
//!
//! A run builds the seed's [`Scenario`]; each step lets idle clients send requests, maybe
//! injects a fault, advances virtual time and checks every Raft invariant. After the last step
//! the faults stop (links healed, members restarted) and the run requires progress: a leader,
//! and a client write answered. Finally the client history must be linearizable.

use std::fmt::Write as _;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::churn::ChurnCounts;
use super::{InvariantChecker, KvInput, Linearizability, Scenario, Workload, check_history};
use crate::raft::{ConfState, PlantedBug};
use crate::sim::{Command, World};
use crate::{SimDuration, SimTime};

/// Steps per seed when not told otherwise.
pub const DEFAULT_STEPS: u32 = 300;
/// Most steps a run may be asked for (unit: steps); bounds one seed's time and memory.
pub const MAX_STEPS: u32 = 100_000;
/// Actions kept for a failure's replay log (unit: lines).
const ACTION_LOG_LINES: usize = 400;
/// Chance that an idle client sends a request in a step.
const CLIENT_CHANCE: f64 = 0.5;
/// Chance of a fault in a step (the fault mix may still draw "nothing").
const FAULT_CHANCE: f64 = 0.5;

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
    /// Client requests sent.
    pub ops: u64,
    pub failures: Vec<Failure>,
    /// The actions taken, oldest first (the tail if long), for a readable replay.
    pub actions: Vec<String>,
    /// For a failure: each member at the end, and the last events of the trace.
    pub final_state: Vec<String>,
    /// Membership changes seen.
    pub churn: ChurnCounts,
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
        let _ = writeln!(out, "  at the end:");
        for line in &self.final_state {
            let _ = writeln!(out, "    {line}");
        }
        out
    }
}

/// One run in progress.
struct Run {
    scenario: Scenario,
    world: World,
    workload: Workload,
    rng: ChaCha8Rng,
    checker: InvariantChecker,
    outcome: SeedOutcome,
    /// Commands scheduled for later, with their time (bounded: one fault's stages per step).
    later: Vec<(SimTime, Command)>,
    /// The leader and its configuration when last seen, for counting churn.
    last_conf: Option<(u64, ConfState)>,
    /// No new fault before this: an exclusive fault is still unfolding.
    quiet_until: SimTime,
}

/// Runs one seed for `steps` steps, with `plant` (a deliberate Raft bug) in every member.
pub fn check_seed(seed: u64, steps: u32, plant: Option<PlantedBug>) -> SeedOutcome {
    let scenario = Scenario::from_seed(seed);
    let (world, workload) = scenario.build(plant);
    let outcome = SeedOutcome {
        seed,
        members: scenario.members.len(),
        steps: 0,
        ops: 0,
        failures: Vec::new(),
        actions: Vec::new(),
        final_state: Vec::new(),
        churn: ChurnCounts::default(),
    };
    let mut run = Run {
        scenario,
        world,
        workload,
        rng: ChaCha8Rng::seed_from_u64(seed),
        checker: InvariantChecker::new(),
        outcome,
        later: Vec::new(),
        last_conf: None,
        quiet_until: SimTime::ZERO,
    };
    for step in 0..steps.min(MAX_STEPS) {
        run.outcome.steps = step + 1;
        if !run.step(step) {
            break;
        }
    }
    if run.outcome.passed() {
        run.recover();
    }
    if run.outcome.passed() {
        run.check_linearizable();
    }
    run.outcome.ops = run.workload.issued();
    if !run.outcome.passed() {
        run.outcome.final_state = final_state(&run.world);
    }
    run.outcome
}

/// Trace events shown with a failure (unit: events).
const FINAL_TRACE_EVENTS: usize = 40;

fn final_state(world: &World) -> Vec<String> {
    let mut lines: Vec<String> = world
        .members()
        .iter()
        .map(|m| {
            format!(
                "{}: {:?} term {} commit {} last {} leader {:?}",
                m.name, m.role, m.term, m.commit_index, m.last_index, m.leader
            )
        })
        .collect();
    let trace = world.trace();
    let skip = trace.len().saturating_sub(FINAL_TRACE_EVENTS);
    lines.extend(
        trace
            .iter()
            .skip(skip)
            .map(|e| format!("{} {}", e.at, e.kind)),
    );
    lines
}

impl Run {
    /// One step; `false` once something failed.
    fn step(&mut self, step: u32) -> bool {
        self.workload
            .issue(&mut self.rng, &mut self.world, CLIENT_CHANCE);
        self.run_due_commands();
        if self.rng.random_bool(FAULT_CHANCE) && self.world.now() >= self.quiet_until {
            let fault = self.scenario.next_fault(&mut self.rng, &self.world);
            for cmd in fault.now {
                self.act(cmd);
            }
            let now = self.world.now();
            for (after, cmds) in fault.later {
                if fault.exclusive {
                    self.quiet_until = self.quiet_until.max(now + after);
                }
                self.later
                    .extend(cmds.into_iter().map(|c| (now + after, c)));
            }
        }
        let gap = self.scenario.step_gap(&mut self.rng);
        self.world.advance(gap);
        self.workload.collect(&mut self.world);
        self.note_churn();
        self.check_invariants(step)
    }

    fn note_churn(&mut self) {
        let Some(leader) = self.world.leader() else {
            return;
        };
        let Ok(conf) = self.world.conf_state(&leader.name) else {
            return;
        };
        if let Some((was_leader, before)) = &self.last_conf {
            self.outcome.churn.note(before, &conf, Some(*was_leader));
        }
        self.last_conf = Some((leader.id, conf));
    }

    /// Commands whose time has come (in the order they were scheduled).
    fn run_due_commands(&mut self) {
        let now = self.world.now();
        let (due, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.later)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.later = rest;
        for (_, cmd) in due {
            self.act(cmd);
        }
    }

    fn act(&mut self, cmd: Command) {
        let line = format!("{} {}", self.world.now(), describe(&cmd));
        let line = match self.world.apply(cmd) {
            Ok(()) => line,
            Err(e) => format!("{line}  (refused: {e})"),
        };
        let actions = &mut self.outcome.actions;
        if actions.len() >= ACTION_LOG_LINES {
            actions.remove(0);
        }
        actions.push(line);
    }

    fn check_invariants(&mut self, step: u32) -> bool {
        for v in self.checker.observe(&self.world) {
            let at = self.world.now();
            self.outcome.failures.push(Failure {
                step,
                at,
                what: v.to_string(),
            });
        }
        self.outcome.passed()
    }

    fn fail(&mut self, what: String) {
        let (step, at) = (self.outcome.steps, self.world.now());
        self.outcome.failures.push(Failure { step, at, what });
    }

    /// Faults stop; then, within the patience below, a leader must exist and a client write
    /// sent through it must be answered (a refused or timed-out attempt is retried).
    fn recover(&mut self) {
        self.later.clear();
        for cmd in self.scenario.calm(&self.world) {
            self.act(cmd);
        }
        let election = SimDuration::from_millis(self.scenario.election_ms);
        let patience = self.scenario.client_timeout() + election * 30;
        let deadline = self.world.now() + patience;
        let tick = SimDuration::from_millis(self.scenario.heartbeat_ms);
        let mut final_write: Option<u64> = None;
        let mut leader_seen = false;
        while self.world.now() < deadline {
            self.world.advance(tick);
            let answered = self.workload.collect(&mut self.world);
            if !self.check_invariants(self.outcome.steps) {
                return;
            }
            if final_write.is_some_and(|id| answered.contains(&id)) {
                return;
            }
            if final_write.is_some_and(|id| !self.workload.is_pending(id)) {
                final_write = None; // Refused or timed out: try again.
            }
            let leader = self.world.leader();
            leader_seen |= leader.is_some();
            if let (None, Some(leader), Some(client)) =
                (final_write, leader, self.workload.idle_client())
            {
                let input = KvInput::Put {
                    value: "final".into(),
                };
                let id =
                    self.workload
                        .send(client, leader.name, "final".into(), input, &mut self.world);
                final_write = Some(id);
            }
        }
        self.fail(if leader_seen {
            format!("no client write was answered within {patience} after faults stopped")
        } else {
            format!("no leader within {patience} after faults stopped")
        });
    }

    fn check_linearizable(&mut self) {
        match check_history(&self.workload.history()) {
            Linearizability::Ok => {}
            Linearizability::Violation { key } => {
                let ops = self.workload.describe_key(&key);
                self.fail(format!("linearizability: no order of the operations on {key} explains what clients saw:\n{ops}"));
            }
            Linearizability::Unknown { key } => {
                self.fail(format!(
                    "linearizability: search on {key} gave up (history too tangled)"
                ));
            }
        }
    }
}

fn describe(cmd: &Command) -> String {
    match cmd {
        Command::StopMember(m) => format!("stop {m}"),
        Command::StopMemberGracefully(m) => format!("stop {m} gracefully"),
        Command::StartMember(m) => format!("start {m}"),
        Command::CutLink { a, b } => format!("cut {a} {b}"),
        Command::CutLinkOneWay { from, to } => format!("cut {from} -> {to}"),
        Command::HealLink { a, b } => format!("heal {a} {b}"),
        Command::HealAll => "heal".to_owned(),
        Command::ResetNetwork => "reset network".to_owned(),
        Command::SetLatency {
            from,
            to,
            min_ms,
            max_ms,
        } => {
            format!("latency {from} -> {to} {min_ms}..{max_ms}ms")
        }
        Command::SetLoss { from, to, percent } => format!("loss {from} -> {to} {percent}%"),
        Command::SetDuplication { from, to, percent } => {
            format!("duplicate {from} -> {to} {percent}%")
        }
        Command::MoveLeader { transferee } => format!("move-leader {transferee}"),
        Command::PauseMember(m) => format!("pause {m}"),
        Command::ResumeMember(m) => format!("resume {m}"),
        Command::CrashAfterNextSend(m) => format!("crash {m} after its next send"),
        other => format!("{other:?}"),
    }
}

/// Totals over many seeds, for the one summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckSummary {
    pub seeds: u64,
    /// Seeds with at least one violation.
    pub failed: u64,
    pub steps: u64,
    pub ops: u64,
    pub violations: u64,
    pub churn: ChurnCounts,
}

impl CheckSummary {
    pub fn add(&mut self, outcome: &SeedOutcome) {
        self.seeds += 1;
        self.steps += u64::from(outcome.steps);
        self.ops += outcome.ops;
        self.violations += outcome.failures.len() as u64;
        self.failed += u64::from(!outcome.passed());
        self.churn.add(&outcome.churn);
    }
}

impl CheckSummary {
    /// What the faults did, for the line before the summary: failing seeds and membership
    /// churn.
    pub fn details(&self) -> String {
        let c = &self.churn;
        format!(
            "failed_seeds={} adds={} promotions={} removals={} leader_removals={}",
            self.failed, c.adds, c.promotions, c.removals, c.leader_removals
        )
    }
}

impl std::fmt::Display for CheckSummary {
    /// The summary line: `seeds=N steps=M ops=X violations=V`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seeds={} steps={} ops={} violations={}",
            self.seeds, self.steps, self.ops, self.violations
        )
    }
}
