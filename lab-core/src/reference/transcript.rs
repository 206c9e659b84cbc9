//! `Transcript`: one reference recording from real etcd, as parsed — sections, and in each
//! the steps a person took (shell commands, signals sent to processes) with what etcd
//! printed.

use crate::time::{LAB_EPOCH_UNIX_SECS, SimDuration, SimTime};

/// Seconds in a day, for the time of day of the lab's epoch.
const SECS_PER_DAY: u64 = 86_400;

/// A parsed reference transcript.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    /// The `# ` title, empty when there is none.
    pub title: String,
    /// The `## ` sections in order; steps before the first heading go in a section with an
    /// empty title.
    pub sections: Vec<Section>,
}

impl Transcript {
    /// Every step, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.sections.iter().flat_map(|s| s.steps.iter())
    }
}

/// One `## ` section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading text, without `## `.
    pub title: String,
    /// 1-based line of the heading (0 for the untitled first section).
    pub line: usize,
    /// Its steps.
    pub steps: Vec<Step>,
}

/// One thing done during the recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based line of the command (the `$ ` line, or the signal's bullet).
    pub line: usize,
    /// What was done.
    pub action: Action,
    /// What was observed; `None` for steps recorded without output (processes started in
    /// the background, signals).
    pub expected: Option<Expected>,
}

/// What a step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A command typed at the shell (heredoc lines included, joined with `\n`).
    Shell(ShellCommand),
    /// `kill -SIGNAL PID` recorded as a bullet: `` - `kill -9 6218` (etcd2) at 10:38:11.476 UTC ``.
    Signal {
        /// The signal as typed after `-` (`9`, `TERM`).
        signal: String,
        /// The recording's pid of the process.
        pid: u32,
        /// What the recording calls the process (`etcd2`).
        process: String,
        /// When it was sent.
        at: TimeOfDay,
    },
}

/// A shell command and the recorder's trailing comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCommand {
    /// The command as typed, without the `$ ` prompt and the trailing comment.
    pub text: String,
    /// The trailing `# ...` note (`PID 6584`, `(background, stdout captured)`), without `#`.
    pub comment: Option<String>,
}

impl ShellCommand {
    /// The recording's pid of a command started with `&` (`# PID 6584`).
    pub fn background_pid(&self) -> Option<u32> {
        self.comment
            .as_deref()?
            .strip_prefix("PID ")?
            .trim()
            .parse()
            .ok()
    }

    /// Was the output captured from a command left running in the background while later
    /// steps ran (`# (background)`)? Its start time is not recorded.
    pub fn is_background_capture(&self) -> bool {
        self.comment
            .as_deref()
            .is_some_and(|c| c.starts_with("(background"))
    }

    /// `timeout N rest`: the limit in whole seconds and the command it wraps.
    pub fn timeout(&self) -> Option<(u64, &str)> {
        let rest = self.text.strip_prefix("timeout ")?;
        let (secs, command) = rest.split_once(' ')?;
        Some((secs.parse().ok()?, command))
    }
}

/// What etcd printed for a step. Each field is `None` when the transcript does not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    /// Standard output; `Some("")` for `(empty)`. Non-empty text ends with `\n`.
    pub stdout: Option<String>,
    /// Standard error, like `stdout`.
    pub stderr: Option<String>,
    /// The exit status.
    pub exit_code: Option<i32>,
    /// How long the command ran.
    pub elapsed: Option<SimDuration>,
    /// When the command ended (UTC, on the lab's epoch day).
    pub at: Option<TimeOfDay>,
}

impl Expected {
    /// When the command started: `at` minus `elapsed` (the recorder stamps the end).
    pub fn started(&self) -> Option<TimeOfDay> {
        let at = self.at?;
        let elapsed = self.elapsed.map_or(0, SimDuration::as_micros);
        Some(TimeOfDay(at.0.saturating_sub(elapsed)))
    }
}

/// A UTC time of day, in microseconds since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(pub u64);

impl TimeOfDay {
    /// Parses `HH:MM:SS` or `HH:MM:SS.fff` (up to 6 fraction digits).
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (hms, fraction) = text.split_once('.').unwrap_or((text, ""));
        let mut fields = hms.split(':').map(|f| f.parse::<u64>().ok());
        let (h, m, s) = (fields.next()??, fields.next()??, fields.next()??);
        if fields.next().is_some() || h > 23 || m > 59 || s > 59 || fraction.len() > 6 {
            return None;
        }
        let mut micros = 0;
        if !fraction.is_empty() {
            let digits: u64 = fraction.parse().ok()?;
            let scale = 10u64.pow(6 - u32::try_from(fraction.len()).ok()?);
            micros = digits * scale;
        }
        Some(TimeOfDay(((h * 60 + m) * 60 + s) * 1_000_000 + micros))
    }

    /// The lab's virtual instant at this time of day on the epoch day; `None` before the
    /// epoch (10:17:00 UTC).
    pub fn sim_time(self) -> Option<SimTime> {
        let epoch = (LAB_EPOCH_UNIX_SECS % SECS_PER_DAY) * 1_000_000;
        self.0.checked_sub(epoch).map(SimTime::from_micros)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_map_onto_the_labs_clock_from_its_epoch() {
        let t = TimeOfDay::parse("10:17:07.812").expect("valid");
        assert_eq!(t.sim_time(), Some(SimTime::from_millis(7_812)));
        assert_eq!(
            TimeOfDay::parse("10:16:59").and_then(TimeOfDay::sim_time),
            None
        );
        assert_eq!(TimeOfDay::parse("24:00:00"), None);
        assert_eq!(TimeOfDay::parse("10:17"), None);
        assert_eq!(TimeOfDay::parse("10:17:00.1234567"), None);
    }

    #[test]
    fn commands_know_their_background_pid_and_timeout() {
        let etcd = ShellCommand {
            text: "etcd --name a > a.log 2>&1 &".to_owned(),
            comment: Some("PID 6584".to_owned()),
        };
        assert_eq!(etcd.background_pid(), Some(6584));
        let watch = ShellCommand {
            text: "timeout 6 etcdctl watch k".to_owned(),
            comment: Some("(background, stdout captured)".to_owned()),
        };
        assert_eq!(watch.timeout(), Some((6, "etcdctl watch k")));
        assert!(watch.is_background_capture());
        assert_eq!(watch.background_pid(), None);
    }
}
