//! What a signal does to an etcd process. etcd asks Go's `os/signal` for SIGINT and SIGTERM
//! only (pkg/osutil); every other signal gets the Go runtime's own handling, from its
//! signal table: SIGHUP ends the process at once, SIGQUIT and the other "throw" signals dump
//! the goroutines and exit 2, the job-control ones keep the kernel's default, and the rest
//! are caught and ignored.

use super::signal::{CONT, INT, KILL, STOP, TERM};

/// SIGHUP.
const HUP: i32 = 1;

/// The fate of an etcd process that gets a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoSignalAction {
    /// Nothing (signal 0 only checks).
    Check,
    /// etcd's handler: hand leadership over, stop, then re-raise the signal and die by it.
    Graceful,
    /// Dies by the signal at once, with no clean-up (SIGKILL, and SIGHUP in Go).
    Die,
    /// The runtime prints this first line of its goroutine dump and exits with status 2.
    Throw(&'static str),
    /// The kernel stops the process (SIGSTOP; SIGTSTP/SIGTTIN/SIGTTOU by default).
    Stop,
    /// A stopped process goes on.
    Continue,
    /// Caught by the runtime; nothing happens.
    Ignore,
}

/// What signal `sig` (Linux x86-64 numbering) does to etcd.
pub fn etcd_signal_action(sig: i32) -> GoSignalAction {
    match sig {
        0 => GoSignalAction::Check,
        INT | TERM => GoSignalAction::Graceful,
        HUP | KILL => GoSignalAction::Die,
        3 => GoSignalAction::Throw("SIGQUIT: quit"),
        4 => GoSignalAction::Throw("SIGILL: illegal instruction"),
        5 => GoSignalAction::Throw("SIGTRAP: trace trap"),
        6 => GoSignalAction::Throw("SIGABRT: abort"),
        16 => GoSignalAction::Throw("SIGSTKFLT: stack fault"),
        31 => GoSignalAction::Throw("SIGSYS: bad system call"),
        CONT => GoSignalAction::Continue,
        // SIGSTOP, then SIGTSTP, SIGTTIN and SIGTTOU.
        STOP..=22 => GoSignalAction::Stop,
        _ => GoSignalAction::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_int_and_term_stop_etcd_gracefully() {
        assert_eq!(etcd_signal_action(15), GoSignalAction::Graceful);
        assert_eq!(etcd_signal_action(2), GoSignalAction::Graceful);
        assert_eq!(etcd_signal_action(1), GoSignalAction::Die);
        assert_eq!(
            etcd_signal_action(3),
            GoSignalAction::Throw("SIGQUIT: quit")
        );
        assert_eq!(etcd_signal_action(10), GoSignalAction::Ignore);
        assert_eq!(etcd_signal_action(11), GoSignalAction::Ignore);
        assert_eq!(etcd_signal_action(20), GoSignalAction::Stop);
        assert_eq!(etcd_signal_action(40), GoSignalAction::Ignore);
    }
}
