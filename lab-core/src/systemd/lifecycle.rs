//! The lines systemd\[1\] logs about a service unit, in systemd 219's (CentOS 7) wording,
//! and the exit status of a process as systemd names it (`status=1/FAILURE`, `9/KILL`).

use std::fmt;

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// `exit(code)`.
    Exited(u8),
    /// Killed by a signal number (9 = SIGKILL, 15 = SIGTERM).
    Killed(u8),
}

impl ExitStatus {
    /// systemd's "clean" exits for a main process: status 0, or SIGHUP/SIGINT/SIGTERM/SIGPIPE.
    pub fn is_clean(self) -> bool {
        matches!(self, Self::Exited(0) | Self::Killed(1 | 2 | 13 | 15))
    }
}

/// The symbolic name systemd appends to an exit status (`1/FAILURE`, `203/EXEC`).
fn exit_status_name(code: u8) -> &'static str {
    match code {
        0 => "SUCCESS",
        1 => "FAILURE",
        2 => "INVALIDARGUMENT",
        3 => "NOTIMPLEMENTED",
        4 => "NOPERMISSION",
        5 => "NOTINSTALLED",
        6 => "NOTCONFIGURED",
        7 => "NOTRUNNING",
        200 => "CHDIR",
        203 => "EXEC",
        217 => "USER",
        226 => "NAMESPACE",
        _ => "n/a",
    }
}

/// The signal name without `SIG` (`KILL`), as systemd prints it.
pub fn signal_name(signal: u8) -> &'static str {
    const NAMES: [&str; 16] = [
        "n/a", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
        "USR2", "PIPE", "ALRM", "TERM",
    ];
    NAMES.get(usize::from(signal)).copied().unwrap_or("n/a")
}

impl fmt::Display for ExitStatus {
    /// `code=exited, status=1/FAILURE` or `code=killed, status=9/KILL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Exited(code) => {
                write!(f, "code=exited, status={code}/{}", exit_status_name(code))
            }
            Self::Killed(signal) => {
                write!(f, "code=killed, status={signal}/{}", signal_name(signal))
            }
        }
    }
}

pub fn starting(description: &str) -> String {
    format!("Starting {description}...")
}

pub fn started(description: &str) -> String {
    format!("Started {description}.")
}

pub fn stopping(description: &str) -> String {
    format!("Stopping {description}...")
}

pub fn stopped(description: &str) -> String {
    format!("Stopped {description}.")
}

pub fn failed_to_start(description: &str) -> String {
    format!("Failed to start {description}.")
}

/// `etcd.service: main process exited, code=exited, status=1/FAILURE`.
pub fn main_process_exited(unit: &str, status: ExitStatus) -> String {
    format!("{unit}: main process exited, {status}")
}

pub fn entered_failed_state(unit: &str) -> String {
    format!("Unit {unit} entered failed state.")
}

pub fn unit_failed(unit: &str) -> String {
    format!("{unit} failed.")
}

pub fn holdoff_over(unit: &str) -> String {
    format!("{unit} holdoff time over, scheduling restart.")
}

pub fn start_limit_hit(unit: &str) -> String {
    format!("start request repeated too quickly for {unit}")
}

pub fn start_timed_out(unit: &str) -> String {
    format!("{unit} start operation timed out. Terminating.")
}

pub fn stop_timed_out(unit: &str) -> String {
    format!("{unit} stop-sigterm timed out. Killing.")
}

/// Logged by the forked child (as `systemd[PID]`) when the executable cannot be run;
/// the main process then exits with status 203/EXEC.
pub fn failed_at_step_exec(path: &str) -> String {
    format!("Failed at step EXEC spawning {path}: No such file or directory")
}

/// `systemctl daemon-reload` as the manager logs it.
pub fn reloading() -> String {
    "Reloading.".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_statuses_read_as_in_the_journal() {
        assert_eq!(
            main_process_exited("etcd.service", ExitStatus::Exited(1)),
            "etcd.service: main process exited, code=exited, status=1/FAILURE"
        );
        assert_eq!(
            ExitStatus::Killed(9).to_string(),
            "code=killed, status=9/KILL"
        );
        assert_eq!(
            ExitStatus::Exited(203).to_string(),
            "code=exited, status=203/EXEC"
        );
        assert_eq!(
            ExitStatus::Exited(42).to_string(),
            "code=exited, status=42/n/a"
        );
        assert!(ExitStatus::Killed(15).is_clean());
        assert!(!ExitStatus::Killed(9).is_clean());
    }
}
