//! A lab session: the simulated lab behind the page (hosts, terminals, etcd members),
//! advanced by wall-clock frames.
//!
//! The page calls [`Session::frame`] from a timer with the wall time that passed; the session turns
//! it into virtual time at the chosen speed. Kept free of Leptos so it is tested natively.

use std::cell::Ref;

use lab_core::lab::ScriptLab;
use lab_core::script::{ScriptTarget, parse_script, run_script};
use lab_core::shell::input_complete;
use lab_core::sim::TraceKind;
use lab_core::{Command, LabError, MemberView, SimDuration, SimTime, World};

/// The lab the page starts with.
pub const STARTING_LAB: &str = include_str!("../../scenarios/three-members.lab");

/// One line of the page's event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The trace sequence number: a stable key for the view.
    pub seq: u64,
    pub at: SimTime,
    pub text: String,
}

/// Longest wall-clock gap (ms) one frame may turn into virtual time. Browsers throttle timers in
/// background tabs; without a cap, returning to the tab would jump the cluster minutes ahead.
pub const MAX_FRAME_MS: f64 = 250.0;

/// Virtual-time speeds the page offers, as multiples of real time.
pub const SPEEDS: [f64; 4] = [0.25, 1.0, 4.0, 16.0];

/// Most text a terminal's scrollback keeps (unit: bytes); the oldest lines go first.
pub const MAX_SCROLLBACK: usize = 64 * 1024;

/// What the page shows of one host's terminal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerminalView {
    pub host: String,
    /// Everything shown so far, prompts and typed lines included.
    pub text: String,
    /// The prompt to type after, or `None` while a command runs (what is typed then is
    /// the running program's input).
    pub prompt: Option<String>,
    /// The running program waits for a typed line (a password prompt, `cat`, `txn -i`).
    pub reading: bool,
    /// Echo is off (a password is asked): the input box hides what is typed.
    pub echo_off: bool,
}

pub struct Session {
    lab: ScriptLab,
    /// Virtual milliseconds per wall millisecond.
    speed: f64,
    paused: bool,
    /// Virtual time owed but not yet run, in microseconds (frames are not whole ms).
    carry_us: f64,
    /// Per host: scrollback, and typed lines still waiting for the rest of their input.
    terminals: Vec<(String, String)>,
}

impl Session {
    /// The starting lab: three hosts, one etcd member each, started together.
    pub fn demo(seed: u64) -> Self {
        let mut lab = ScriptLab::new();
        let _ = lab.set_seed(seed);
        if let Ok(statements) = parse_script(STARTING_LAB, &input_complete) {
            // The starting lab is fixed and tested; its transcript is not shown.
            let _ = run_script(&statements, &mut lab);
        }
        let hosts = lab.hosts().len();
        Session {
            lab,
            speed: 1.0,
            paused: false,
            carry_us: 0.0,
            terminals: vec![(String::new(), String::new()); hosts],
        }
    }

    /// Runs the virtual time that corresponds to `wall_ms` of real time.
    pub fn frame(&mut self, wall_ms: f64) {
        if self.paused || !wall_ms.is_finite() || wall_ms <= 0.0 {
            return;
        }
        self.carry_us += wall_ms.min(MAX_FRAME_MS) * self.speed * 1000.0;
        let whole = self.carry_us.floor();
        self.carry_us -= whole;
        if whole >= 1.0 {
            self.lab.advance(SimDuration::from_micros(whole as u64));
        }
        self.collect_output();
    }

    /// Moves what the terminals printed into their scrollbacks.
    fn collect_output(&mut self) {
        let lab = self.lab.lab();
        for (i, (text, _)) in self.terminals.iter_mut().enumerate() {
            for (_, chunk) in lab.take_output(i) {
                push_bounded(text, &chunk);
            }
        }
    }

    pub fn command(&mut self, cmd: Command) -> Result<(), LabError> {
        self.lab.lab().world_mut().apply(cmd)
    }

    /// Types `line` into host `host`'s terminal (Enter pressed). At the prompt, a line that
    /// leaves a quote, heredoc or `\` open waits for the next, as bash's `> ` prompt does.
    /// While a command runs, the line is its typed input (the terminal's echo shows it, unless
    /// the program turned echo off), or, if it reads none, the shell's next line after it.
    pub fn type_line(&mut self, host: usize, line: &str) -> Result<(), String> {
        let lab = self.lab.lab().clone();
        let prompt = lab.prompt(host);
        let Some((text, pending)) = self.terminals.get_mut(host) else {
            return Err("no such host".to_owned());
        };
        let Some(prompt) = prompt else {
            let result = lab.type_line(host, line);
            self.frame_now();
            return result;
        };
        let shown = if pending.is_empty() {
            prompt
        } else {
            "> ".to_owned()
        };
        push_bounded(text, &format!("{shown}{line}\n"));
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        if !input_complete(pending) {
            return Ok(());
        }
        let input = std::mem::take(pending);
        let result = lab.type_line(host, &input);
        self.frame_now();
        result
    }

    /// Ctrl-D in host `host`'s terminal: end of file for the program reading it. At the
    /// prompt it also drops an unfinished multi-line input.
    pub fn end_of_input(&mut self, host: usize) -> Result<(), String> {
        if let Some((_, pending)) = self.terminals.get_mut(host) {
            pending.clear();
        }
        let result = self.lab.lab().end_of_input(host);
        self.frame_now();
        result
    }

    /// Lets the line just typed start at once, so quick commands answer in the same frame.
    fn frame_now(&mut self) {
        self.lab.advance(SimDuration::from_millis(1));
        self.collect_output();
    }

    /// Ctrl-C in host `host`'s terminal.
    pub fn interrupt(&mut self, host: usize) {
        if let Some((_, pending)) = self.terminals.get_mut(host) {
            pending.clear();
        }
        self.lab.lab().interrupt(host);
        self.frame_now();
    }

    /// Runs a lab script against the live lab (as `lab script` does), returning its
    /// transcript or the parse error.
    pub fn run_script(&mut self, text: &str) -> Result<String, String> {
        let statements = parse_script(text, &input_complete).map_err(|e| e.to_string())?;
        let report = run_script(&statements, &mut self.lab);
        let hosts = self.lab.hosts().len();
        self.terminals.resize(hosts, (String::new(), String::new()));
        Ok(report.transcript)
    }

    /// Every host's terminal, for the view.
    pub fn terminals(&self) -> Vec<TerminalView> {
        let lab = self.lab.lab();
        let names = self.lab.hosts();
        self.terminals
            .iter()
            .zip(names)
            .enumerate()
            .map(|(i, ((text, pending), host))| TerminalView {
                host,
                text: text.clone(),
                prompt: lab.prompt(i).map(|p| {
                    if pending.is_empty() {
                        p
                    } else {
                        "> ".to_owned()
                    }
                }),
                reading: lab.reads_terminal(i),
                echo_off: !lab.terminal_echo(i),
            })
            .collect()
    }

    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() && speed > 0.0 {
            self.speed = speed;
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn now(&self) -> SimTime {
        self.lab.lab().now()
    }

    pub fn members(&self) -> Vec<MemberView> {
        self.world().members()
    }

    pub fn world(&self) -> Ref<'_, World> {
        self.lab.lab().world()
    }

    /// The newest `limit` events worth telling, newest first: elections, votes, starts and
    /// stops, links. Per-message drops and commit progress are left out: they would drown them.
    pub fn story(&self, limit: usize) -> Vec<LogLine> {
        self.world()
            .trace()
            .iter()
            .rev()
            .filter(|e| {
                !matches!(
                    e.kind,
                    TraceKind::MessageDropped { .. } | TraceKind::CommitAdvanced { .. }
                )
            })
            .take(limit)
            .map(|e| LogLine {
                seq: e.seq,
                at: e.at,
                text: e.kind.to_string(),
            })
            .collect()
    }
}

/// Appends `chunk` to `text`, dropping whole lines from the front beyond [`MAX_SCROLLBACK`].
fn push_bounded(text: &mut String, chunk: &str) {
    text.push_str(chunk);
    if text.len() > MAX_SCROLLBACK {
        let excess = text.len() - MAX_SCROLLBACK;
        let cut = text[excess..]
            .find('\n')
            .map_or(text.len(), |i| excess + i + 1);
        text.drain(..cut);
    }
}

#[cfg(test)]
mod tests;
