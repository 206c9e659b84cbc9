//! `ScriptRunner`: runs a parsed lab script against a lab and writes the transcript.
//!
//! Transcript format: each shell line as `HOST$ LINE` (continuation lines after `> `), then
//! what it wrote to stdout and stderr, in order; `(exit N)` after a command that exited
//! non-zero; control lines echoed as `# sleep 2s`. A line that keeps the terminal busy (a
//! foreground `etcd`, `systemctl start` waiting for a quorum) is left running once it has
//! waited on the cluster for [`WAITING_GRACE`]; what it writes later appears prefixed with
//! `[HOST] `.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::{Expectation, Statement, StatementKind};
use crate::time::SimDuration;

/// How long the runner lets one shell line run before moving on anyway (unit: virtual
/// time). A line still running then is reported and left running.
pub const MAX_LINE_WAIT: SimDuration = SimDuration::from_secs(600);
/// How long the runner still waits for a line that waits on the cluster or serves (unit:
/// virtual time): long enough for a healthy cluster to elect a leader, so `systemctl start`
/// on the last member of a quorum reads as a command that finished.
pub const WAITING_GRACE: SimDuration = SimDuration::from_secs(3);
/// Granularity of waiting for a line (unit: virtual time).
const STEP: SimDuration = SimDuration::from_millis(10);

/// The state of a terminal's current line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineState {
    /// No line typed yet, or the last one finished with this status.
    Idle(i32),
    /// Still running; `waiting` when it waits on something long-lived (a server in the
    /// foreground, a unit waiting for its cluster) rather than computing.
    Running {
        /// Blocked on the cluster or serving: the runner may move on.
        waiting: bool,
    },
    /// Still running, blocked reading the terminal with nothing typed: the next line typed
    /// into this terminal is its input.
    Reading,
}

/// What a script drives. The lab implements it; tests use a fake.
pub trait ScriptTarget {
    /// `seed N`: only before any host exists.
    fn set_seed(&mut self, seed: u64) -> Result<(), String>;
    /// `host NAME [IP]`.
    fn add_host(&mut self, name: &str, ip: Option<Ipv4Addr>) -> Result<(), String>;
    /// Types `input` into the host's terminal and starts running it.
    fn type_line(&mut self, host: &str, input: &str) -> Result<(), String>;
    /// Ctrl-C in the host's terminal.
    fn interrupt(&mut self, host: &str) -> Result<(), String>;
    /// Ctrl-D in the host's terminal.
    fn end_of_input(&mut self, host: &str) -> Result<(), String>;
    /// The state of the host's current line.
    fn line_state(&self, host: &str) -> LineState;
    /// Output the host's terminal received since the last call.
    fn take_output(&mut self, host: &str) -> String;
    /// Every host, in declaration order.
    fn hosts(&self) -> Vec<String>;
    /// Lets virtual time pass.
    fn advance(&mut self, d: SimDuration);
    /// Network, DNS and power controls: `cut`, `heal`, `latency`, `loss`, `dns`, `crash`,
    /// `boot`.
    fn control(&mut self, statement: &StatementKind) -> Result<(), String>;
    /// `expect leader [NAME]` and `expect members N`; `Err` says what was found instead.
    fn check(&self, expectation: &Expectation) -> Result<(), String>;
}

/// The outcome of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunReport {
    /// The transcript.
    pub transcript: String,
    /// The first failure: its line number and message. `None` when everything held.
    pub failure: Option<(usize, String)>,
}

/// Runs `statements` against `target`.
pub fn run_script(statements: &[Statement], target: &mut dyn ScriptTarget) -> RunReport {
    let mut runner = Runner {
        target,
        out: String::new(),
        last: None,
    };
    for statement in statements {
        if let Err(message) = runner.run(statement) {
            runner.flush_others(None);
            let _ = writeln!(runner.out, "# line {}: {message}", statement.line);
            return RunReport {
                transcript: runner.out,
                failure: Some((statement.line, message)),
            };
        }
    }
    runner.flush_others(None);
    RunReport {
        transcript: runner.out,
        failure: None,
    }
}

/// The last shell line: its host and everything it wrote, for `expect output`/`exit`.
struct LastLine {
    host: String,
    output: String,
}

struct Runner<'a> {
    target: &'a mut dyn ScriptTarget,
    out: String,
    last: Option<LastLine>,
}

impl Runner<'_> {
    fn run(&mut self, statement: &Statement) -> Result<(), String> {
        match &statement.kind {
            StatementKind::Shell { host, input } => self.shell(host, input),
            StatementKind::Expect(expectation) => {
                self.echo(&format!("expect {}", describe(expectation)));
                self.expect(expectation)
            }
            StatementKind::Seed(seed) => {
                self.echo(&format!("seed {seed}"));
                self.target.set_seed(*seed)
            }
            StatementKind::Host { name, ip } => {
                let ip = ip.map(|ip| format!(" {ip}")).unwrap_or_default();
                self.echo(&format!("host {name}{ip}"));
                self.target.add_host(name, ip.trim().parse().ok())
            }
            StatementKind::Sleep(d) => {
                self.echo(&format!("sleep {}", format_duration(*d)));
                self.wait(*d);
                Ok(())
            }
            StatementKind::Interrupt(host) => {
                self.echo(&format!("interrupt {host}"));
                self.target.interrupt(host)?;
                self.wait(STEP);
                Ok(())
            }
            StatementKind::Eof(host) => {
                self.echo(&format!("eof {host}"));
                self.target.end_of_input(host)?;
                self.follow(host);
                Ok(())
            }
            StatementKind::TypeAhead { host, input } => {
                self.echo(&format!("typeahead {host} {input}"));
                self.target.type_line(host, input)?;
                self.wait(STEP);
                Ok(())
            }
            other => {
                self.echo(&control_text(other));
                self.target.control(other)
            }
        }
    }

    fn echo(&mut self, text: &str) {
        // After a prompt left waiting for input (`Password: `), the note starts its own line.
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        let _ = writeln!(self.out, "# {text}");
    }

    /// Lets `d` pass, showing what other terminals wrote meanwhile.
    fn wait(&mut self, d: SimDuration) {
        self.target.advance(d);
        self.flush_others(None);
    }

    /// A shell line, or, while a program in `host`'s terminal reads it, typed input (which
    /// the terminal's echo shows, or hides for a password).
    fn shell(&mut self, host: &str, input: &str) -> Result<(), String> {
        if self.target.line_state(host) != LineState::Reading {
            let mut lines = input.split('\n');
            let first = lines.next().unwrap_or_default();
            let _ = writeln!(self.out, "{host}$ {first}");
            for more in lines {
                let _ = writeln!(self.out, "> {more}");
            }
            self.wait_until_idle(host)?;
        }
        self.flush_others(Some(host));
        self.target.type_line(host, input)?;
        self.follow(host);
        Ok(())
    }

    /// Shows what `host`'s line writes until it ends, waits for typed input, or is left
    /// running.
    fn follow(&mut self, host: &str) {
        let mut output = String::new();
        let mut waited = SimDuration::ZERO;
        loop {
            let chunk = self.target.take_output(host);
            self.out.push_str(&chunk);
            output.push_str(&chunk);
            match self.target.line_state(host) {
                LineState::Idle(status) => {
                    // The next prompt starts a line of its own in the transcript, even after
                    // output without a final newline (`curl http://…/health`).
                    if !output.is_empty() && !output.ends_with('\n') {
                        self.out.push('\n');
                    }
                    if status != 0 {
                        let _ = writeln!(self.out, "(exit {status})");
                    }
                    break;
                }
                // A prompt (`Password: `) waits for the next line typed: it is not ended.
                LineState::Reading => break,
                LineState::Running { waiting: true } if waited >= WAITING_GRACE => break,
                LineState::Running { .. } if waited >= MAX_LINE_WAIT => {
                    self.echo(&format!(
                        "{host}: still running after {}",
                        format_duration(waited)
                    ));
                    break;
                }
                LineState::Running { .. } => {
                    self.target.advance(STEP);
                    waited = waited.saturating_add(STEP);
                    self.flush_others(Some(host));
                }
            }
        }
        self.last = Some(LastLine {
            host: host.to_owned(),
            output,
        });
    }

    /// A person waits for the prompt before typing: lets a line still running in `host`'s
    /// terminal (left running earlier) finish first, for at most [`MAX_LINE_WAIT`].
    fn wait_until_idle(&mut self, host: &str) -> Result<(), String> {
        let mut waited = SimDuration::ZERO;
        while let LineState::Running { .. } | LineState::Reading = self.target.line_state(host) {
            if waited >= MAX_LINE_WAIT {
                return Err(format!(
                    "{host}'s terminal is still busy after {}",
                    format_duration(waited)
                ));
            }
            self.target.advance(STEP);
            waited = waited.saturating_add(STEP);
            self.flush_others(None);
        }
        Ok(())
    }

    /// Writes what terminals other than `except` printed, each line prefixed `[HOST] `.
    fn flush_others(&mut self, except: Option<&str>) {
        for host in self.target.hosts() {
            if Some(host.as_str()) == except {
                continue;
            }
            let chunk = self.target.take_output(&host);
            for line in chunk.lines() {
                let _ = writeln!(self.out, "[{host}] {line}");
            }
            if let Some(last) = self.last.as_mut().filter(|l| l.host == host) {
                last.output.push_str(&chunk);
            }
        }
    }

    fn expect(&mut self, expectation: &Expectation) -> Result<(), String> {
        let last = || {
            self.last
                .as_ref()
                .ok_or("no shell line ran before this expect")
        };
        match expectation {
            Expectation::OutputContains(text) => {
                let last = last()?;
                if last.output.contains(text.as_str()) {
                    Ok(())
                } else {
                    Err(format!(
                        "the output of the last line does not contain {text:?}"
                    ))
                }
            }
            Expectation::OutputLacks(text) => {
                let last = last()?;
                if last.output.contains(text.as_str()) {
                    Err(format!("the output of the last line contains {text:?}"))
                } else {
                    Ok(())
                }
            }
            Expectation::Exit(want) => {
                let host = last()?.host.clone();
                match self.target.line_state(&host) {
                    LineState::Idle(status) if status == *want => Ok(()),
                    LineState::Idle(status) => {
                        Err(format!("the last line exited {status}, not {want}"))
                    }
                    LineState::Running { .. } | LineState::Reading => {
                        Err("the last line is still running".to_owned())
                    }
                }
            }
            other => self.target.check(other),
        }
    }
}

fn describe(expectation: &Expectation) -> String {
    match expectation {
        Expectation::Leader(None) => "leader".to_owned(),
        Expectation::Leader(Some(name)) => format!("leader {name}"),
        Expectation::Members(n) => format!("members {n}"),
        Expectation::OutputContains(text) => format!("output contains {text:?}"),
        Expectation::OutputLacks(text) => format!("output lacks {text:?}"),
        Expectation::Exit(status) => format!("exit {status}"),
    }
}

fn control_text(kind: &StatementKind) -> String {
    match kind {
        StatementKind::Cut { from, to, one_way } => {
            format!("cut {from}{}{to}", if *one_way { " -> " } else { " " })
        }
        StatementKind::Heal(None) => "heal".to_owned(),
        StatementKind::Heal(Some((a, b))) => format!("heal {a} {b}"),
        StatementKind::Latency { a, b, latency } => {
            format!("latency {a} {b} {}", format_duration(*latency))
        }
        StatementKind::Loss { a, b, percent } => format!("loss {a} {b} {percent}%"),
        StatementKind::DnsSrv { name, record } => format!(
            "dns srv {name} {} {} {} {}",
            record.priority, record.weight, record.port, record.target
        ),
        StatementKind::Crash(host) => format!("crash {host}"),
        StatementKind::Boot(host) => format!("boot {host}"),
        other => format!("{other:?}"),
    }
}

/// `2s`, `500ms`, `1m`: the largest unit that divides the span.
pub fn format_duration(d: SimDuration) -> String {
    let us = d.as_micros();
    let units = [
        (3_600_000_000, "h"),
        (60_000_000, "m"),
        (1_000_000, "s"),
        (1_000, "ms"),
    ];
    for (size, unit) in units {
        if us >= size && us.is_multiple_of(size) {
            return format!("{}{unit}", us / size);
        }
    }
    format!("{us}us")
}
