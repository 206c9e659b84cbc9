//! The second half of [`ServiceUnit`]: stopping, main-process exits, `Restart=` and timers.

use super::lifecycle::{self as log, ExitStatus};
use super::unit_state::{
    Action, JobId, JobReply, ServiceResult, ServiceUnit, Signal, SubState, push_bounded,
};

impl ServiceUnit {
    /// `systemctl stop`. A start still in progress is canceled (`Job for … canceled.`).
    pub fn stop(&mut self, now: u64, job: JobId) -> Vec<Action> {
        let mut actions = Vec::new();
        self.cancel_start_waiters(&mut actions);
        match self.sub {
            SubState::Dead | SubState::Failed => actions.push(Action::Reply {
                job,
                reply: JobReply::Done,
            }),
            SubState::AutoRestart => {
                self.timer_at = None;
                self.set_sub(SubState::Dead, now);
                actions.push(Action::Log(log::stopped(&self.description())));
                actions.push(Action::Reply {
                    job,
                    reply: JobReply::Done,
                });
            }
            SubState::StopSigterm | SubState::StopSigkill => {
                push_bounded(&mut self.stop_waiters, job)
            }
            SubState::Start | SubState::Running => {
                push_bounded(&mut self.stop_waiters, job);
                self.begin_stop(now, &mut actions);
            }
        }
        actions
    }

    pub(super) fn begin_stop(&mut self, now: u64, actions: &mut Vec<Action>) {
        let Some(pid) = self.main_pid else {
            self.finish_stop(now, actions);
            return;
        };
        actions.push(Action::Log(log::stopping(&self.description())));
        self.set_sub(SubState::StopSigterm, now);
        actions.push(Action::Kill {
            pid,
            signal: Signal::Term,
        });
        match self.unit.timeout_stop.as_micros() {
            Some(timeout) => self.arm(now.saturating_add(timeout), actions),
            None => self.timer_at = None,
        }
    }

    /// The main process is gone after a stop: `Stopped …`, then any queued start.
    fn finish_stop(&mut self, now: u64, actions: &mut Vec<Action>) {
        self.timer_at = None;
        actions.push(Action::Log(log::stopped(&self.description())));
        self.set_sub(SubState::Dead, now);
        for job in std::mem::take(&mut self.stop_waiters) {
            actions.push(Action::Reply {
                job,
                reply: JobReply::Done,
            });
        }
        if std::mem::take(&mut self.start_after_stop) {
            self.begin_start(now, actions);
        }
    }

    /// Process `pid` ended with `status`. Exits of other processes are ignored.
    pub fn process_exited(&mut self, now: u64, pid: u32, status: ExitStatus) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.main_pid != Some(pid) {
            return actions;
        }
        self.main_pid = None;
        self.last_exit = Some((pid, status));
        let name = self.unit.name.clone();
        let failure = failure_result(status);
        match self.sub {
            SubState::StopSigterm | SubState::StopSigkill
                if self.result == ServiceResult::Timeout =>
            {
                actions.push(Action::Log(log::failed_to_start(&self.description())));
                self.fail_start_waiters(&mut actions);
                self.enter_dead(now, true, &mut actions);
            }
            SubState::StopSigterm | SubState::StopSigkill => self.finish_stop(now, &mut actions),
            SubState::Start => {
                if let Some(result) = failure {
                    actions.push(Action::Log(log::main_process_exited(&name, status)));
                    self.result = result;
                    actions.push(Action::Log(log::failed_to_start(&self.description())));
                    self.fail_start_waiters(&mut actions);
                } else {
                    self.enter_running(now, &mut actions);
                }
                self.enter_dead(now, true, &mut actions);
            }
            SubState::Running => {
                if let Some(result) = failure {
                    actions.push(Action::Log(log::main_process_exited(&name, status)));
                    self.result = result;
                }
                self.enter_dead(now, true, &mut actions);
            }
            SubState::Dead | SubState::Failed | SubState::AutoRestart => {}
        }
        actions
    }

    /// The run is over: log a failure, then go dead, failed or (per `Restart=`) auto-restart.
    pub(super) fn enter_dead(&mut self, now: u64, allow_restart: bool, actions: &mut Vec<Action>) {
        self.timer_at = None;
        self.main_pid = None;
        let failed = self.result != ServiceResult::Success;
        if failed {
            let name = self.unit.name.clone();
            actions.push(Action::Log(log::entered_failed_state(&name)));
            actions.push(Action::Log(log::unit_failed(&name)));
        }
        self.set_sub(
            if failed {
                SubState::Failed
            } else {
                SubState::Dead
            },
            now,
        );
        if allow_restart && self.shall_restart() {
            self.set_sub(SubState::AutoRestart, now);
            self.arm(now.saturating_add(self.unit.restart_usec), actions);
        }
    }

    /// A timer armed by [`Action::ArmTimer`] is due. Stale or early calls do nothing.
    pub fn timer_due(&mut self, now: u64) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.timer_at.is_none_or(|at| now < at) {
            return actions;
        }
        self.timer_at = None;
        let name = self.unit.name.clone();
        match (self.sub, self.main_pid) {
            (SubState::AutoRestart, _) => {
                actions.push(Action::Log(log::holdoff_over(&name)));
                actions.push(Action::Log(log::stopped(&self.description())));
                self.begin_start(now, &mut actions);
            }
            (SubState::Start, Some(pid)) => {
                actions.push(Action::Log(log::start_timed_out(&name)));
                self.result = ServiceResult::Timeout;
                self.set_sub(SubState::StopSigterm, now);
                actions.push(Action::Kill {
                    pid,
                    signal: Signal::Term,
                });
                if let Some(timeout) = self.unit.timeout_stop.as_micros() {
                    self.arm(now.saturating_add(timeout), &mut actions);
                }
            }
            (SubState::StopSigterm, Some(pid)) => {
                actions.push(Action::Log(log::stop_timed_out(&name)));
                self.set_sub(SubState::StopSigkill, now);
                actions.push(Action::Kill {
                    pid,
                    signal: Signal::Kill,
                });
            }
            _ => {}
        }
        actions
    }
}

/// The `Result=` a main-process exit means while running, `None` for a clean exit.
fn failure_result(status: ExitStatus) -> Option<ServiceResult> {
    match status {
        _ if status.is_clean() => None,
        ExitStatus::Exited(_) => Some(ServiceResult::ExitCode),
        ExitStatus::Killed(_) => Some(ServiceResult::Signal),
    }
}
