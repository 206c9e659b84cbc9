//! `Replayer`: runs a transcript's steps in a fresh lab, on the recording's schedule, and
//! judges each against what real etcd printed.
//!
//! The lab gets one host (the recordings use 127.0.0.1 for everything, which every lab host
//! reaches as itself), the recording's directories, `cd` to the logs directory where the
//! `> etcd1.log` redirections land, and `ETCDCTL_API=3`. Scheduling: a step stamped `at T`
//! (the recorder stamps when a command *ended*) starts at `T - elapsed`; a signal at its
//! `at`; an unstamped step right after the previous one, but no earlier than
//! [`UNTIMED_LEAD`] before the next stamped step (so the members of a scenario that begins
//! at 10:38 start at 10:38, not at the lab's 10:17 epoch). Pids in `kill`/`ps -p` are
//! mapped to the lab's pids of the processes the `&` lines started (`# PID 6584`).
//! `timeout N` is not a lab command: the harness runs the command, presses Ctrl-C after N
//! seconds and reports 124 as `timeout` does (the `^C` echo is dropped).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::id_pairs::IdPairs;
use super::leaders::{LeaderSeen, shows_leader};
use super::nondeterminism::{BalancedMember, is_balanced};
use super::normalize::Normalizer;
use super::report::{Difference, Replay, SectionReplay, StepReplay, Verdict};
use super::silent_steps::{SilentStep, silent_steps};
use super::transcript::{Action, Expected, ShellCommand, Step, TimeOfDay, Transcript};
use crate::lab::Lab;
use crate::script::LineState;
use crate::shell::Stream;
use crate::sim::World;
use crate::time::{SimDuration, SimTime, WallClock};

/// How long before the next stamped step an unstamped one runs at the earliest (unit:
/// virtual time). In the recordings the members were started about 5 s before the first
/// command (scenario 3: etcd's first log line at 10:38:05.07, first command at 10:38:10.31).
pub const UNTIMED_LEAD: SimDuration = SimDuration::from_secs(5);
/// Longest a step may run before it is interrupted (unit: virtual time); the longest
/// recorded command is `timeout 100 etcdctl check perf`.
pub const MAX_STEP_WAIT: SimDuration = SimDuration::from_secs(120);
/// Granularity of waiting for a step (unit: virtual time).
const POLL: SimDuration = SimDuration::from_millis(10);
/// The exit status `timeout` reports for a command it killed.
const TIMEOUT_STATUS: i32 = 124;
/// The lab host's name and address (the transcripts only use 127.0.0.1).
const HOST: &str = "etcd-ref";
const HOST_IP: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 10);

/// Where a transcript's commands expect to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplaySetup {
    /// The world's seed.
    pub seed: u64,
    /// Directories created before the first step.
    pub directories: Vec<String>,
    /// The working directory.
    pub cwd: String,
    /// Commands the recorder ran without recording them.
    pub silent: Vec<SilentStep>,
}

impl ReplaySetup {
    /// The recorder's layout for scenario `name` (`01-static-bootstrap`):
    /// `/srv/etcd-ref/data/NAME` and `/srv/etcd-ref/logs/NAME`, working in the latter.
    pub fn for_scenario(name: &str) -> ReplaySetup {
        let logs = format!("/srv/etcd-ref/logs/{name}");
        ReplaySetup {
            seed: 1,
            directories: vec![format!("/srv/etcd-ref/data/{name}"), logs.clone()],
            cwd: logs,
            silent: silent_steps(name).to_vec(),
        }
    }
}

/// What a command did in the lab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status; `None` when still running at [`MAX_STEP_WAIT`].
    pub status: Option<i32>,
}

/// Replays `transcript` in a fresh lab; `Err` when the lab could not be set up.
pub fn replay(transcript: &Transcript, setup: &ReplaySetup) -> Result<Replay, String> {
    let mut replayer = Replayer::new(setup)?;
    let starts = step_starts(transcript);
    let mut index = 0;
    let mut replay = Replay {
        seed: setup.seed,
        ..Replay::default()
    };
    for section in &transcript.sections {
        let mut steps = Vec::new();
        for step in &section.steps {
            let next_start = starts.get(index..).and_then(|s| s.iter().flatten().next());
            index += 1;
            steps.push(replayer.step(step, next_start.copied()));
        }
        replay.sections.push(SectionReplay {
            title: section.title.clone(),
            steps,
        });
    }
    replay.leaders = replayer.leaders;
    Ok(replay)
}

/// Each step's recorded start on the lab's clock, when stamped.
fn step_starts(transcript: &Transcript) -> Vec<Option<SimTime>> {
    transcript
        .steps()
        .map(|step| match &step.action {
            Action::Signal { at, .. } => at.sim_time(),
            Action::Shell(_) => step
                .expected
                .as_ref()
                .and_then(Expected::started)
                .and_then(TimeOfDay::sim_time),
        })
        .collect()
}

/// A lab with one host, replaying steps.
pub struct Replayer {
    lab: Lab,
    host: usize,
    /// The recording's pid → the lab's pid, for processes started with `&`.
    pids: BTreeMap<u32, u32>,
    normalizer: Normalizer,
    balanced: BalancedMember,
    /// The leaders `endpoint status` showed so far, recorded and in the lab.
    leaders: Vec<LeaderSeen>,
    /// Recorded lease IDs and the lab's.
    id_pairs: IdPairs,
    /// Unrecorded commands still to run.
    silent: Vec<SilentStep>,
}

impl Replayer {
    /// A fresh lab laid out as `setup` says.
    pub fn new(setup: &ReplaySetup) -> Result<Replayer, String> {
        let lab = Lab::new(World::new(setup.seed));
        let host = lab.add_host(HOST, HOST_IP).map_err(|e| e.to_string())?;
        // The recorder ran each command with no terminal on stdin.
        lab.set_terminal_stdin(host, false);
        let mut replayer = Replayer {
            lab,
            host,
            pids: BTreeMap::new(),
            normalizer: Normalizer::new(),
            balanced: BalancedMember::new(),
            leaders: Vec::new(),
            id_pairs: IdPairs::new(),
            silent: setup.silent.clone(),
        };
        let line = format!(
            "mkdir -p {} && cd {} && export ETCDCTL_API=3",
            setup.directories.join(" "),
            setup.cwd
        );
        let observed = replayer.run(&line, None);
        if observed.status != Some(0) {
            return Err(format!("setup failed: {}", observed.stderr));
        }
        Ok(replayer)
    }

    /// The lab, to look at after a replay.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// Runs one step at its time and judges it.
    pub fn step(&mut self, step: &Step, next_start: Option<SimTime>) -> StepReplay {
        let (command, verdict) = match &step.action {
            Action::Signal {
                signal, pid, at, ..
            } => {
                self.wait_until(at.sim_time());
                self.run_silent_steps(step.line);
                self.signal(signal, *pid)
            }
            Action::Shell(command) => {
                let start = step.expected.as_ref().and_then(Expected::started);
                match start.and_then(TimeOfDay::sim_time) {
                    Some(start) => self.wait_until(Some(start)),
                    None => self.wait_until(next_start.map(|t| {
                        SimTime::from_micros(t.as_micros().saturating_sub(UNTIMED_LEAD.as_micros()))
                    })),
                }
                self.run_silent_steps(step.line);
                self.shell(step.line, command, step.expected.as_ref())
            }
        };
        StepReplay {
            line: step.line,
            command,
            verdict,
        }
    }

    /// Runs the unrecorded commands that came before the step at `line`.
    fn run_silent_steps(&mut self, line: usize) {
        let due: Vec<SilentStep> = self
            .silent
            .iter()
            .filter(|s| s.before_line == line)
            .copied()
            .collect();
        for silent in due {
            self.run(silent.command, None);
        }
    }

    fn signal(&mut self, signal: &str, pid: u32) -> (String, Verdict) {
        let Some(lab_pid) = self.pids.get(&pid) else {
            let why = format!("pid {pid} was not started by an `&` line of this transcript");
            return (format!("kill -{signal} {pid}"), Verdict::Unsupported(why));
        };
        let line = format!("kill -{signal} {lab_pid}");
        let observed = self.run(&line, None);
        let verdict = match observed.status {
            Some(0) => Verdict::Setup,
            _ => Verdict::Unsupported(format!("kill failed: {}", observed.stderr.trim_end())),
        };
        (line, verdict)
    }

    fn shell(
        &mut self,
        line_no: usize,
        command: &ShellCommand,
        expected: Option<&Expected>,
    ) -> (String, Verdict) {
        let (limit, text) = match command.timeout() {
            Some((secs, rest)) => (Some(SimDuration::from_secs(secs)), rest),
            None => (None, command.text.as_str()),
        };
        let line = self.id_pairs.to_lab(&self.map_pids(text));
        if command.is_background_capture() {
            let why =
                "output of a command left running in the background; its start is not recorded";
            return (line, Verdict::Unsupported(why.to_owned()));
        }
        let observed = self.run(&line, limit);
        if let Some(pid) = command.background_pid() {
            self.remember_pid(pid, &observed.stderr);
        }
        self.note_leader(line_no, &line, expected, &observed);
        if let Some(recorded) = expected.and_then(|e| e.stdout.as_deref()) {
            self.id_pairs.learn(recorded, &observed.stdout);
            let now = WallClock::at(self.lab.world().now()).unix_secs();
            self.id_pairs
                .learn_added_member(&line, recorded, &observed.stdout, now);
        }
        let verdict = match expected {
            Some(expected) => self.judge(&line, expected, &observed),
            None => Verdict::Setup,
        };
        (line, verdict)
    }

    /// Keeps the leader a recorded `endpoint status` showed beside the lab's.
    fn note_leader(
        &mut self,
        line_no: usize,
        command: &str,
        expected: Option<&Expected>,
        observed: &Observed,
    ) {
        if !shows_leader(command) {
            return;
        }
        let recorded = expected.and_then(|e| e.stdout.as_deref());
        if let Some(seen) = recorded.and_then(|r| LeaderSeen::of(line_no, r, &observed.stdout)) {
            self.leaders.push(seen);
        }
    }

    /// `kill 6584` and `ps -p 6584` name the recording's pids: use the lab's.
    fn map_pids(&self, text: &str) -> String {
        if !(text.starts_with("kill ") || text.starts_with("ps ")) {
            return text.to_owned();
        }
        let words: Vec<String> = text
            .split(' ')
            .map(
                |w| match w.parse::<u32>().ok().and_then(|p| self.pids.get(&p)) {
                    Some(lab_pid) => lab_pid.to_string(),
                    None => w.to_owned(),
                },
            )
            .collect();
        words.join(" ")
    }

    /// bash prints `[1] 1007` on stderr for a job started with `&`.
    fn remember_pid(&mut self, recorded: u32, stderr: &str) {
        let lab_pid = stderr
            .lines()
            .filter_map(|l| l.strip_prefix('[')?.split_once("] ")?.1.trim().parse().ok())
            .next_back();
        if let Some(lab_pid) = lab_pid {
            self.pids.insert(recorded, lab_pid);
        }
    }

    fn judge(&self, command: &str, expected: &Expected, observed: &Observed) -> Verdict {
        let streams = [
            ("stdout", &expected.stdout, &observed.stdout),
            ("stderr", &expected.stderr, &observed.stderr),
        ];
        let normalize = |text: &str| {
            let text = self.normalizer.normalize(text);
            if is_balanced(command) {
                self.balanced.normalize(&text)
            } else {
                text
            }
        };
        for (stream, want, got) in streams {
            let Some(want) = want else { continue };
            let want = normalize(want);
            let got = normalize(&self.id_pairs.to_recorded(&terminated(got)));
            if let Some(mut d) = Difference::between(stream, &want, &got) {
                if stream != "stderr" {
                    d.lab_error = observed
                        .stderr
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                }
                return Verdict::Differs(d);
            }
        }
        match (expected.exit_code, observed.status) {
            (Some(want), got) if Some(want) != got => Verdict::Differs(Difference {
                stream: "exit",
                line: 1,
                want: want.to_string(),
                got: got.map_or("still running".to_owned(), |s| s.to_string()),
                lab_error: observed
                    .stderr
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            }),
            _ => Verdict::Matched,
        }
    }

    /// Lets virtual time pass until `at`, if it is still ahead.
    fn wait_until(&mut self, at: Option<SimTime>) {
        let now = self.lab.now();
        if let Some(at) = at.filter(|&at| at > now) {
            self.lab.advance(at.saturating_duration_since(now));
        }
    }

    /// Types `line` and waits for it to finish; with `timeout`, presses Ctrl-C after that
    /// long and reports 124 as `timeout` would.
    pub fn run(&mut self, line: &str, timeout: Option<SimDuration>) -> Observed {
        let _ = self.lab.take_output(self.host);
        let mut observed = Observed::default();
        if let Err(e) = self.lab.type_line(self.host, line) {
            observed.stderr = e;
            return observed;
        }
        // What finishes at once (`etcd ... &`, `cd`) takes no virtual time: the recorder
        // launched the members of a cluster within milliseconds of each other, not a poll
        // apart.
        self.lab.advance(SimDuration::ZERO);
        let deadline = timeout.map_or(MAX_STEP_WAIT, |t| t.min(MAX_STEP_WAIT));
        let mut waited = SimDuration::ZERO;
        let mut pressed = false;
        loop {
            self.collect(&mut observed);
            if let LineState::Idle(status) = self.lab.line_state(self.host) {
                let timed_out = pressed && timeout.is_some();
                observed.status = Some(if timed_out { TIMEOUT_STATUS } else { status });
                break;
            }
            if waited >= deadline && !pressed {
                self.lab.interrupt(self.host);
                pressed = true;
            } else if waited >= deadline.saturating_add(SimDuration::from_secs(1)) {
                break;
            }
            self.lab.advance(POLL);
            waited = waited.saturating_add(POLL);
        }
        if pressed {
            observed.stdout = observed.stdout.replacen("^C\n", "", 1);
        }
        observed.stdout = without_job_notices(&observed.stdout);
        observed.stderr = without_job_notices(&observed.stderr);
        observed
    }

    fn collect(&self, observed: &mut Observed) {
        for (stream, text) in self.lab.take_output(self.host) {
            match stream {
                Stream::Stdout => observed.stdout.push_str(&text),
                Stream::Stderr => observed.stderr.push_str(&text),
            }
        }
    }
}

/// Drops the job notices an interactive bash prints at its next prompt (`[1]+  Killed
/// etcd ...`): the recorder's shell was not interactive, so the recordings have none.
fn without_job_notices(text: &str) -> String {
    const STATES: [&str; 10] = [
        "Done",
        "Exit ",
        "Killed",
        "Terminated",
        "Interrupt",
        "Hangup",
        "Quit",
        "Aborted",
        "Stopped",
        "Running",
    ];
    let is_notice = |line: &str| {
        let Some((job, rest)) = line.strip_prefix('[').and_then(|l| l.split_once(']')) else {
            return false;
        };
        let rest = rest.trim_start_matches(['+', '-']);
        job.bytes().all(|b| b.is_ascii_digit())
            && rest.starts_with(' ')
            && STATES.iter().any(|s| rest.trim_start().starts_with(s))
    };
    text.split_inclusive('\n')
        .filter(|line| !is_notice(line))
        .collect()
}

/// The recording cannot show whether output ended with a newline: compare as if it did.
fn terminated(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
