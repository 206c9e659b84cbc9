//! `Jobs`: the futures running in a lab (terminal lines and background jobs), polled by
//! virtual time.
//!
//! A shell line that waits (for a reply, for `sleep`, for a unit to start) is an `async`
//! computation; the lab polls it whenever the world might have changed what it waits for,
//! with a waker that does nothing: nothing outside the lab can wake a job, and polling in a
//! fixed order after every world step is what keeps a run deterministic.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use super::signals::JobSignals;

/// Most jobs alive at once in a lab (unit: jobs). Spawning beyond it fails like `fork`
/// with "Resource temporarily unavailable".
pub const MAX_JOBS: usize = 256;

/// A job's computation: its exit status when done.
pub type JobFuture = Pin<Box<dyn Future<Output = i32>>>;

/// One running job.
struct Job {
    pid: u32,
    future: Option<JobFuture>,
    signals: JobSignals,
}

/// Running jobs in spawn order, and the exit statuses of finished ones until collected.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Job>,
    finished: Vec<(u32, i32)>,
}

/// Why a job could not start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("fork: Resource temporarily unavailable")]
pub struct TooManyJobs;

impl Jobs {
    /// Adds a job under `pid`.
    pub fn spawn(&mut self, pid: u32, future: JobFuture) -> Result<(), TooManyJobs> {
        if self.running.len() >= MAX_JOBS {
            return Err(TooManyJobs);
        }
        self.running.push(Job {
            pid,
            future: Some(future),
            signals: JobSignals::default(),
        });
        Ok(())
    }

    /// Is anything running?
    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    /// Takes the future of the `i`-th running job out to poll it without holding `self`
    /// (a job may spawn another while it runs). `None` past the end.
    pub fn take(&mut self, i: usize) -> Option<(u32, Option<JobFuture>)> {
        let job = self.running.get_mut(i)?;
        Some((job.pid, job.future.take()))
    }

    /// Puts a polled future back, or records its exit status if it finished.
    pub fn put_back(&mut self, pid: u32, result: Result<i32, JobFuture>) {
        let Some(pos) = self.running.iter().position(|j| j.pid == pid) else {
            return;
        };
        match result {
            Ok(status) => {
                self.running.remove(pos);
                self.record_finished(pid, status);
            }
            Err(future) => {
                if let Some(job) = self.running.get_mut(pos) {
                    job.future = Some(future);
                }
            }
        }
    }

    /// Drops job `pid` unfinished, recording `status`; returns whether it was running. A job
    /// being polled right now (taken out) is cancelled when put back.
    pub fn cancel(&mut self, pid: u32, status: i32) -> bool {
        let Some(pos) = self.running.iter().position(|j| j.pid == pid) else {
            return false;
        };
        self.running.remove(pos);
        self.record_finished(pid, status);
        true
    }

    /// Keeps `status` for `pid`, forgetting the oldest beyond [`MAX_JOBS`].
    fn record_finished(&mut self, pid: u32, status: i32) {
        if self.finished.len() >= MAX_JOBS {
            self.finished.remove(0);
        }
        self.finished.push((pid, status));
    }

    /// The exit status of `pid` if it finished recently (the last [`MAX_JOBS`] are kept).
    pub fn status_of(&self, pid: u32) -> Option<i32> {
        self.finished
            .iter()
            .rev()
            .find(|&&(p, _)| p == pid)
            .map(|&(_, status)| status)
    }

    /// The signal state of running job `pid` (also while it is being polled).
    pub fn signals_mut(&mut self, pid: u32) -> Option<&mut JobSignals> {
        let job = self.running.iter_mut().find(|j| j.pid == pid)?;
        Some(&mut job.signals)
    }

    /// Is `pid` still running?
    pub fn is_running(&self, pid: u32) -> bool {
        self.running.iter().any(|j| j.pid == pid)
    }
}

/// Polls `future` once with a waker that does nothing.
pub fn poll_once<T>(future: &mut Pin<Box<dyn Future<Output = T>>>) -> Poll<T> {
    let mut cx = Context::from_waker(Waker::noop());
    future.as_mut().poll(&mut cx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_polled_until_it_finishes_and_its_status_kept() {
        let mut jobs = Jobs::default();
        let mut polls = 0;
        jobs.spawn(
            7,
            Box::pin(async {
                std::future::ready(()).await;
                3
            }),
        )
        .expect("room");
        while let Some((pid, Some(mut future))) = jobs.take(0) {
            polls += 1;
            match poll_once(&mut future) {
                Poll::Ready(status) => jobs.put_back(pid, Ok(status)),
                Poll::Pending => jobs.put_back(pid, Err(future)),
            }
        }
        assert_eq!(polls, 1);
        assert!(!jobs.is_running(7));
        assert_eq!(jobs.status_of(7), Some(3));
        assert_eq!(jobs.status_of(8), None);
    }

    #[test]
    fn spawning_beyond_the_limit_fails_like_fork() {
        let mut jobs = Jobs::default();
        for pid in 0..MAX_JOBS as u32 {
            jobs.spawn(pid, Box::pin(std::future::pending()))
                .expect("room");
        }
        let err = jobs
            .spawn(999, Box::pin(std::future::pending()))
            .expect_err("full");
        assert_eq!(err.to_string(), "fork: Resource temporarily unavailable");
    }
}
