//! Signals as Linux x86-64 numbers and names them, what each does by default, and the
//! per-job signal state: which signals the running program catches and which are pending.
//!
//! Every signal a job gets — Ctrl-C in its terminal, `kill`, or anything else — goes through
//! [`JobSignals::deliver`]; the program running in the job decides, by what it declared
//! with [`JobSignals::catch`], whether it handles the signal (as `etcdctl lock` unlocks on
//! SIGINT) or dies by it (the default action).

pub use crate::sim::signal::{CONT, INT, KILL, STOP, TERM};

/// SIGHUP: the terminal went away.
pub const HUP: i32 = 1;
/// Highest signal number (SIGRTMAX on Linux).
pub const MAX_SIGNAL: i32 = 64;

/// Names of signals 1 to 31, without `SIG`, as Linux x86-64 numbers them.
const NAMES: [&str; 31] = [
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
    "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
];
/// SIGRTMIN as glibc numbers it (32 and 33 are its own).
const RTMIN: i32 = 34;

/// What a signal does to a process that does not catch it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    /// The process dies by it (status 128 + N).
    Terminate,
    /// Nothing happens (SIGCHLD, SIGURG, SIGWINCH, SIGCONT).
    Ignore,
    /// The process stops (SIGSTOP, SIGTSTP, ...): the lab does not stop programs.
    Stop,
}

/// The default action of signal `sig` (signal(7)).
pub fn default_action(sig: i32) -> DefaultAction {
    match sig {
        17 | 18 | 23 | 28 => DefaultAction::Ignore,
        19..=22 => DefaultAction::Stop,
        _ => DefaultAction::Terminate,
    }
}

/// The name of `sig` without `SIG` (`TERM`, `RTMIN+2`, `RTMAX`), or `None` for a number
/// that names no signal.
pub fn name(sig: i32) -> Option<String> {
    let rtmax = MAX_SIGNAL;
    let middle = (RTMIN + rtmax) / 2;
    match sig {
        1..=31 => usize::try_from(sig - 1)
            .ok()
            .and_then(|i| NAMES.get(i))
            .map(|n| (*n).to_owned()),
        RTMIN => Some("RTMIN".to_owned()),
        s if s > RTMIN && s <= middle => Some(format!("RTMIN+{}", s - RTMIN)),
        s if s > middle && s < rtmax => Some(format!("RTMAX-{}", rtmax - s)),
        s if s == rtmax => Some("RTMAX".to_owned()),
        _ => None,
    }
}

/// The number `spec` names: a number from 0 to 64, or a name with or without `SIG`, in any
/// case, as bash's `kill` reads it.
pub fn number(spec: &str) -> Option<i32> {
    if let Ok(n) = spec.parse::<i32>() {
        return (0..=MAX_SIGNAL).contains(&n).then_some(n);
    }
    let upper = spec.to_ascii_uppercase();
    let wanted = upper.strip_prefix("SIG").unwrap_or(&upper);
    (1..=MAX_SIGNAL).find(|&n| name(n).is_some_and(|name| name == wanted))
}

/// `kill -l`: every signal as bash lists them, five to a line.
pub fn table() -> String {
    let mut out = String::new();
    let signals = (1..=MAX_SIGNAL).filter_map(|n| name(n).map(|name| (n, name)));
    for (i, (n, name)) in signals.enumerate() {
        out.push_str(&format!("{n:>2}) SIG{name}"));
        out.push(if i % 5 == 4 { '\n' } else { '\t' });
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The signals of one job: what its running program catches, and what has arrived.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobSignals {
    /// The signals the running program catches (see [`bit`]).
    caught: u64,
    /// The signals that arrived and were not dealt with yet.
    pending: u64,
    /// How many programs the job is running, nested (`etcdctl lock` running a command);
    /// 0 while only its shell runs.
    programs: u32,
}

/// What delivering a signal to a job calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Left pending, for its program to catch or die by.
    Pending,
    /// No program runs in the job: the job itself dies by the signal.
    KillJob,
    /// The signal does nothing here.
    Ignored,
}

/// Signal `sig`'s bit in a set (bit 0 is signal 1); 0 for no signal.
fn bit(sig: i32) -> u64 {
    u32::try_from(sig.wrapping_sub(1))
        .ok()
        .and_then(|s| 1u64.checked_shl(s))
        .unwrap_or(0)
}

impl JobSignals {
    /// Signal `sig` arrives.
    pub fn deliver(&mut self, sig: i32) -> Delivery {
        if bit(sig) == 0 || default_action(sig) == DefaultAction::Stop {
            return Delivery::Ignored;
        }
        if self.programs == 0 {
            return match default_action(sig) {
                DefaultAction::Terminate => Delivery::KillJob,
                _ => Delivery::Ignored,
            };
        }
        if self.caught & bit(sig) == 0 && default_action(sig) == DefaultAction::Ignore {
            return Delivery::Ignored;
        }
        self.pending |= bit(sig);
        Delivery::Pending
    }

    /// A program starts in the job: it catches nothing until it says so. Returns what the
    /// program it runs inside caught, for [`JobSignals::end_program`].
    pub fn begin_program(&mut self) -> u64 {
        self.programs = self.programs.saturating_add(1);
        std::mem::take(&mut self.caught)
    }

    /// The program ends; the one it ran inside catches `outer` again.
    pub fn end_program(&mut self, outer: u64) {
        self.programs = self.programs.saturating_sub(1);
        self.caught = outer;
    }

    /// The running program catches `signals` from now on (Go's `signal.Notify`). SIGKILL
    /// and SIGSTOP cannot be caught.
    pub fn catch(&mut self, signals: &[i32]) {
        for &sig in signals {
            if sig != KILL && sig != STOP {
                self.caught |= bit(sig);
            }
        }
    }

    /// Takes the lowest pending signal the running program does not catch: it dies by it.
    pub fn take_fatal(&mut self) -> Option<i32> {
        self.take_where(!self.caught)
    }

    /// Is a signal the running program catches pending?
    pub fn has_caught(&self) -> bool {
        self.pending & self.caught != 0
    }

    /// Takes the lowest pending signal the running program catches.
    pub fn take_caught(&mut self) -> Option<i32> {
        self.take_where(self.caught)
    }

    fn take_where(&mut self, mask: u64) -> Option<i32> {
        let ready = self.pending & mask;
        if ready == 0 {
            return None;
        }
        let lowest = ready & ready.wrapping_neg();
        self.pending &= !lowest;
        i32::try_from(lowest.trailing_zeros()).ok().map(|b| b + 1)
    }
}

#[cfg(test)]
mod tests;
