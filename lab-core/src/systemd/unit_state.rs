//! [`ServiceUnit`]: the pure state machine of one service unit, as systemd 219 runs it.
//!
//! The host feeds it requests (`start`, `stop`, `restart`), process events (`spawned`,
//! `notify_ready`, `process_exited`) and timer expiries (`timer_due`), each with the current
//! time in Unix microseconds, and performs the [`Action`]s it returns in order. Requests
//! carry a job token the host chooses; the [`JobReply`] for that token answers the waiting
//! `systemctl`.

use std::collections::VecDeque;

use super::lifecycle::{self as log, ExitStatus};
use super::unit_file::{RestartPolicy, ServiceType, UnitFile};
pub use super::unit_substate::{ServiceResult, SubState};

/// A token the host picks for one `systemctl` request waiting on this unit.
pub type JobId = u64;

/// Most `systemctl` requests that can wait on one unit at once.
pub const MAX_WAITING_JOBS: usize = 64;

/// What the host must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Start the main process; the host then calls [`ServiceUnit::spawned`] with its PID.
    Spawn {
        argv: Vec<String>,
        env: Vec<(String, String)>,
        user: Option<String>,
        working_directory: Option<String>,
    },
    /// Send `signal` to `pid`.
    Kill { pid: u32, signal: Signal },
    /// Call [`ServiceUnit::timer_due`] at this instant (Unix µs); a newer timer replaces it.
    ArmTimer { at_us: u64 },
    /// A journal line from `systemd[1]` about this unit.
    Log(String),
    /// The answer for a waiting `systemctl` request.
    Reply { job: JobId, reply: JobReply },
}

/// The signals systemd sends a main process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Term,
    Kill,
}

/// How a job ended, for the waiting `systemctl` (see `systemctl_text::job_reply_output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobReply {
    Done,
    Failed(ServiceResult),
    Canceled,
}

/// One service unit's runtime state.
#[derive(Debug, Clone)]
pub struct ServiceUnit {
    pub(super) unit: UnitFile,
    pub(super) sub: SubState,
    pub(super) result: ServiceResult,
    pub(super) since_us: Option<u64>,
    pub(super) main_pid: Option<u32>,
    pub(super) last_exit: Option<(u32, ExitStatus)>,
    pub(super) env: Vec<(String, String)>,
    pub(super) timer_at: Option<u64>,
    pub(super) start_waiters: Vec<JobId>,
    pub(super) stop_waiters: Vec<JobId>,
    /// A start (or the start half of a restart) queued behind a stop in progress.
    pub(super) start_after_stop: bool,
    /// Start attempts inside the current `StartLimitInterval=` window.
    pub(super) recent_starts: VecDeque<u64>,
}

impl ServiceUnit {
    /// A loaded, inactive unit.
    pub fn new(unit: UnitFile) -> Self {
        Self {
            unit,
            sub: SubState::Dead,
            result: ServiceResult::Success,
            since_us: None,
            main_pid: None,
            last_exit: None,
            env: Vec::new(),
            timer_at: None,
            start_waiters: Vec::new(),
            stop_waiters: Vec::new(),
            start_after_stop: false,
            recent_starts: VecDeque::new(),
        }
    }

    pub fn unit(&self) -> &UnitFile {
        &self.unit
    }
    pub fn sub_state(&self) -> SubState {
        self.sub
    }
    pub fn result(&self) -> ServiceResult {
        self.result
    }
    /// When the unit last changed active state (Unix µs); `None` if never.
    pub fn state_change_us(&self) -> Option<u64> {
        self.since_us
    }
    pub fn main_pid(&self) -> Option<u32> {
        self.main_pid
    }
    /// The PID and exit of the last main process that ended.
    pub fn last_exit(&self) -> Option<(u32, ExitStatus)> {
        self.last_exit
    }

    /// `systemctl daemon-reload`: new settings apply from the next start.
    pub fn reload_config(&mut self, unit: UnitFile) {
        self.unit = unit;
    }

    /// `systemctl start`: `env` is the unit's environment, `EnvironmentFile=`s already read.
    pub fn start(&mut self, now: u64, job: JobId, env: Vec<(String, String)>) -> Vec<Action> {
        let mut actions = Vec::new();
        match self.sub {
            SubState::Running => actions.push(Action::Reply {
                job,
                reply: JobReply::Done,
            }),
            SubState::Start => push_bounded(&mut self.start_waiters, job),
            SubState::StopSigterm | SubState::StopSigkill => {
                self.env = env;
                self.start_after_stop = true;
                push_bounded(&mut self.start_waiters, job);
            }
            SubState::Dead | SubState::Failed | SubState::AutoRestart => {
                self.env = env;
                push_bounded(&mut self.start_waiters, job);
                self.begin_start(now, &mut actions);
            }
        }
        actions
    }

    /// `systemctl restart`: stop if running, then start; `job` is answered once started.
    pub fn restart(&mut self, now: u64, job: JobId, env: Vec<(String, String)>) -> Vec<Action> {
        if !matches!(self.sub, SubState::Running | SubState::Start) {
            return self.start(now, job, env);
        }
        let mut actions = Vec::new();
        self.cancel_start_waiters(&mut actions);
        self.env = env;
        self.start_after_stop = true;
        push_bounded(&mut self.start_waiters, job);
        self.begin_stop(now, &mut actions);
        actions
    }

    /// `systemctl reset-failed`: forget a failure and the start rate limit.
    pub fn reset_failed(&mut self) {
        if self.sub == SubState::Failed {
            self.sub = SubState::Dead;
        }
        self.result = ServiceResult::Success;
        self.recent_starts.clear();
    }

    pub(super) fn description(&self) -> String {
        self.unit.display_name().to_string()
    }

    pub(super) fn set_sub(&mut self, sub: SubState, now: u64) {
        if sub.active_state() != self.sub.active_state() {
            self.since_us = Some(now);
        }
        self.sub = sub;
    }

    pub(super) fn arm(&mut self, at_us: u64, actions: &mut Vec<Action>) {
        self.timer_at = Some(at_us);
        actions.push(Action::ArmTimer { at_us });
    }

    /// systemd's `ratelimit_test()`: at most `StartLimitBurst=` starts per interval.
    fn start_allowed(&mut self, now: u64) -> bool {
        let interval = self.unit.start_limit_interval_usec;
        while self
            .recent_starts
            .front()
            .is_some_and(|&t| now.saturating_sub(t) >= interval)
        {
            self.recent_starts.pop_front();
        }
        if interval == 0 || self.unit.start_limit_burst == 0 {
            return true;
        }
        if self.recent_starts.len()
            >= usize::try_from(self.unit.start_limit_burst).unwrap_or(usize::MAX)
        {
            return false;
        }
        self.recent_starts.push_back(now);
        true
    }

    pub(super) fn begin_start(&mut self, now: u64, actions: &mut Vec<Action>) {
        self.timer_at = None;
        let name = self.unit.name.clone();
        if !self.start_allowed(now) {
            actions.push(Action::Log(log::start_limit_hit(&name)));
            self.result = ServiceResult::StartLimit;
            actions.push(Action::Log(log::failed_to_start(&self.description())));
            self.fail_start_waiters(actions);
            self.enter_dead(now, false, actions);
            return;
        }
        self.result = ServiceResult::Success;
        actions.push(Action::Log(log::starting(&self.description())));
        let argv = match self
            .unit
            .exec_start
            .first()
            .map(|c| c.expanded_argv(&self.env))
        {
            Some(Ok(argv)) => argv,
            _ => {
                self.result = ServiceResult::Resources;
                actions.push(Action::Log(log::failed_to_start(&self.description())));
                self.fail_start_waiters(actions);
                self.enter_dead(now, false, actions);
                return;
            }
        };
        self.set_sub(SubState::Start, now);
        actions.push(Action::Spawn {
            argv,
            env: self.env.clone(),
            user: self.unit.user.clone(),
            working_directory: self.unit.working_directory.clone(),
        });
        if let (ServiceType::Notify, Some(timeout)) =
            (self.unit.service_type, self.unit.timeout_start.as_micros())
        {
            self.arm(now.saturating_add(timeout), actions);
        }
    }

    /// The host started the main process of the pending [`Action::Spawn`] as `pid`.
    pub fn spawned(&mut self, now: u64, pid: u32) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.sub != SubState::Start {
            return actions;
        }
        self.main_pid = Some(pid);
        if matches!(
            self.unit.service_type,
            ServiceType::Simple | ServiceType::Exec | ServiceType::Forking
        ) {
            self.enter_running(now, &mut actions);
        }
        actions
    }

    /// `sd_notify(READY=1)` from `pid`: a `Type=notify` service has finished starting.
    pub fn notify_ready(&mut self, now: u64, pid: u32) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.sub == SubState::Start && self.main_pid == Some(pid) {
            self.timer_at = None;
            self.enter_running(now, &mut actions);
        }
        actions
    }

    pub(super) fn enter_running(&mut self, now: u64, actions: &mut Vec<Action>) {
        self.set_sub(SubState::Running, now);
        actions.push(Action::Log(log::started(&self.description())));
        for job in std::mem::take(&mut self.start_waiters) {
            actions.push(Action::Reply {
                job,
                reply: JobReply::Done,
            });
        }
    }

    pub(super) fn fail_start_waiters(&mut self, actions: &mut Vec<Action>) {
        for job in std::mem::take(&mut self.start_waiters) {
            actions.push(Action::Reply {
                job,
                reply: JobReply::Failed(self.result),
            });
        }
    }

    pub(super) fn cancel_start_waiters(&mut self, actions: &mut Vec<Action>) {
        self.start_after_stop = false;
        for job in std::mem::take(&mut self.start_waiters) {
            actions.push(Action::Reply {
                job,
                reply: JobReply::Canceled,
            });
        }
    }

    /// Whether `Restart=` asks for another run after a run that ended with `self.result`.
    pub(super) fn shall_restart(&self) -> bool {
        use ServiceResult as R;
        let result = self.result;
        match self.unit.restart {
            RestartPolicy::No => false,
            RestartPolicy::Always => result != R::StartLimit,
            RestartPolicy::OnSuccess => result == R::Success,
            RestartPolicy::OnFailure => !matches!(result, R::Success | R::StartLimit),
            RestartPolicy::OnAbnormal => matches!(result, R::Signal | R::Timeout),
            RestartPolicy::OnAbort => result == R::Signal,
            RestartPolicy::OnWatchdog => false,
        }
    }
}

pub(super) fn push_bounded(waiters: &mut Vec<JobId>, job: JobId) {
    if waiters.len() < MAX_WAITING_JOBS {
        waiters.push(job);
    }
}

#[cfg(test)]
mod tests;
