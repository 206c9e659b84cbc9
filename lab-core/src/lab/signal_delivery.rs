//! The one path a signal takes to a process in the lab, whatever sent it (Ctrl-C, `kill`):
//! [`Lab::signal`] hands it to the world's etcd process with that pid and to the job with
//! that pid; [`run_program`] runs a program so that a signal it does not catch ends it with
//! 128 + N, and [`ProcessSignals`] is how a program catches signals and learns of them.

use std::future::Future;
use std::pin::pin;

use futures_util::future::{Either, select};

use super::Lab;
use super::program::next_round;
use super::signals::{Delivery, JobSignals};

/// Why `kill` could not signal a pid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KillError {
    /// Neither a job nor a process has the pid.
    #[error("({0}) - No such process")]
    NoSuchProcess(u32),
}

impl Lab {
    /// kill(2): sends `sig` to `pid` on `host` (0 only checks that it exists). The etcd
    /// process with that pid and the job with that pid are one process: a process a job's
    /// program starts takes the job's pid.
    pub fn signal(&self, host: usize, pid: u32, sig: i32) -> Result<(), KillError> {
        let process = self.world_mut().signal_process(host, pid, sig).is_ok();
        let job = self.signal_job(pid, sig);
        if process || job {
            Ok(())
        } else {
            Err(KillError::NoSuchProcess(pid))
        }
    }

    /// Delivers `sig` to job `pid`; returns whether the job was running.
    fn signal_job(&self, pid: u32, sig: i32) -> bool {
        let delivery = self.with_job_signals(pid, |signals| signals.deliver(sig));
        match delivery {
            None => return false,
            Some(Delivery::Pending) => {
                // The job looks at it in this instant, not at the next event.
                self.wake_at(self.now());
            }
            // bash at a terminal ignores SIGINT and SIGTERM; the lab never hangs one up.
            Some(Delivery::KillJob) if self.is_foreground_line(pid) => {}
            Some(Delivery::KillJob) => {
                self.cancel_job(pid, 128_i32.saturating_add(sig));
            }
            Some(Delivery::Ignored) => {}
        }
        true
    }

    /// Runs `f` on the signal state of running job `pid`.
    pub(crate) fn with_job_signals<R>(
        &self,
        pid: u32,
        f: impl FnOnce(&mut JobSignals) -> R,
    ) -> Option<R> {
        // A job's future is dropped while the jobs are borrowed (cancelling it): its
        // programs' guards find them busy and leave the state, which goes with the job.
        let mut jobs = self.state.jobs.try_borrow_mut().ok()?;
        jobs.signals_mut(pid).map(f)
    }

    /// Is `pid` the line a terminal is running (its shell, not a program in it)?
    fn is_foreground_line(&self, pid: u32) -> bool {
        self.state
            .terminals
            .borrow()
            .iter()
            .any(|t| t.foreground == Some(pid))
    }
}

/// A program's signals, as the process it runs in gets them.
#[derive(Clone)]
pub struct ProcessSignals {
    lab: Lab,
    /// The job the program runs in; `None` outside any job (nothing reaches it).
    job: Option<u32>,
}

impl ProcessSignals {
    /// The signals of the job being polled now.
    pub fn current(lab: &Lab) -> ProcessSignals {
        ProcessSignals {
            lab: lab.clone(),
            job: lab.current_job(),
        }
    }

    /// The program catches `signals` from now on instead of dying by them.
    pub fn catch(&self, signals: &[i32]) {
        self.with(|s| s.catch(signals));
    }

    /// Signals of no job: a program systemd runs itself (nothing reaches it).
    pub fn detached(lab: &Lab) -> ProcessSignals {
        ProcessSignals {
            lab: lab.clone(),
            job: None,
        }
    }

    /// Did a caught signal arrive, not taken yet?
    pub fn has_caught(&self) -> bool {
        self.with(|s| s.has_caught()).unwrap_or(false)
    }

    /// Takes a caught signal that arrived, lowest number first.
    pub fn take_caught(&self) -> Option<i32> {
        self.with(JobSignals::take_caught).flatten()
    }

    /// Waits until a caught signal arrives; returns it.
    pub async fn caught(&self) -> i32 {
        loop {
            if let Some(sig) = self.take_caught() {
                return sig;
            }
            next_round().await;
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut JobSignals) -> R) -> Option<R> {
        self.lab.with_job_signals(self.job?, f)
    }
}

/// Runs `program` in the current job as a process: a signal it does not catch ends it (the
/// future is dropped, as the kernel ends a process) with status 128 + N.
pub async fn run_program(lab: &Lab, program: impl Future<Output = i32>) -> i32 {
    let signals = ProcessSignals::current(lab);
    let _running = Running::begin(signals.clone());
    let fatal = async {
        loop {
            if let Some(sig) = signals.with(JobSignals::take_fatal).flatten() {
                return sig;
            }
            next_round().await;
        }
    };
    match select(pin!(program), pin!(fatal)).await {
        Either::Left((status, _)) => status,
        Either::Right((sig, _)) => 128_i32.saturating_add(sig),
    }
}

/// A program running in its job, until dropped: dropped with the program however it ends
/// (also when a signal ends the program it runs inside), so the job's count stays right.
struct Running {
    signals: ProcessSignals,
    /// What the program it runs inside caught.
    outer: u64,
}

impl Running {
    fn begin(signals: ProcessSignals) -> Running {
        let outer = signals.with(JobSignals::begin_program).unwrap_or(0);
        Running { signals, outer }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let outer = self.outer;
        self.signals.with(|s| s.end_program(outer));
    }
}
