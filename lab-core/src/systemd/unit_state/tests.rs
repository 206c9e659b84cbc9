//! Stories of one etcd.service run by the state machine.

use super::*;
use crate::systemd::parse_unit_file;

const T0: u64 = 1_646_142_819_000_000;
const SEC: u64 = 1_000_000;

fn unit(service: &str) -> ServiceUnit {
    let text = format!(
        "[Unit]\nDescription=Etcd Server\n[Service]\nExecStart=/usr/local/bin/etcd --name ${{ETCD_NAME}}\n{service}"
    );
    ServiceUnit::new(
        parse_unit_file("etcd.service", "/etc/systemd/system/etcd.service", &text).unit,
    )
}

fn logs(actions: &[Action]) -> Vec<&str> {
    actions
        .iter()
        .filter_map(|a| {
            if let Action::Log(l) = a {
                Some(l.as_str())
            } else {
                None
            }
        })
        .collect()
}

fn replies(actions: &[Action]) -> Vec<(JobId, JobReply)> {
    actions
        .iter()
        .filter_map(|a| {
            if let Action::Reply { job, reply } = a {
                Some((*job, *reply))
            } else {
                None
            }
        })
        .collect()
}

fn env() -> Vec<(String, String)> {
    vec![("ETCD_NAME".into(), "etcd01".into())]
}

#[test]
fn a_notify_unit_answers_systemctl_only_once_ready() {
    let mut etcd = unit("Type=notify\n");
    let actions = etcd.start(T0, 7, env());
    assert_eq!(logs(&actions), vec!["Starting Etcd Server..."]);
    assert!(actions.contains(&Action::Spawn {
        argv: vec![
            "/usr/local/bin/etcd".into(),
            "--name".into(),
            "etcd01".into()
        ],
        env: env(),
        user: None,
        working_directory: None,
    }));
    assert!(actions.contains(&Action::ArmTimer {
        at_us: T0 + 90 * SEC
    }));
    assert_eq!(replies(&actions), vec![]);
    assert_eq!(etcd.spawned(T0, 100), vec![]);
    assert_eq!(etcd.sub_state(), SubState::Start);
    assert_eq!(
        etcd.notify_ready(T0 + SEC, 999),
        vec![],
        "only the main process may notify"
    );
    let actions = etcd.notify_ready(T0 + 2 * SEC, 100);
    assert_eq!(logs(&actions), vec!["Started Etcd Server."]);
    assert_eq!(replies(&actions), vec![(7, JobReply::Done)]);
    assert_eq!(etcd.sub_state(), SubState::Running);
    assert_eq!(etcd.state_change_us(), Some(T0 + 2 * SEC));
    assert_eq!(
        etcd.timer_due(T0 + 90 * SEC),
        vec![],
        "the start timeout was disarmed"
    );
}

#[test]
fn a_crash_with_restart_always_comes_back_after_restart_sec() {
    let mut etcd = unit("Restart=always\nRestartSec=10s\n");
    etcd.start(T0, 1, env());
    let actions = etcd.spawned(T0, 100);
    assert_eq!(
        replies(&actions),
        vec![(1, JobReply::Done)],
        "Type=simple is up once spawned"
    );
    let actions = etcd.process_exited(T0 + 5 * SEC, 100, ExitStatus::Exited(1));
    assert_eq!(
        logs(&actions),
        vec![
            "etcd.service: main process exited, code=exited, status=1/FAILURE",
            "Unit etcd.service entered failed state.",
            "etcd.service failed.",
        ]
    );
    assert!(actions.contains(&Action::ArmTimer {
        at_us: T0 + 15 * SEC
    }));
    assert_eq!(etcd.sub_state(), SubState::AutoRestart);
    assert_eq!(etcd.result(), ServiceResult::ExitCode);
    assert_eq!(
        etcd.timer_due(T0 + 14 * SEC),
        vec![],
        "not before RestartSec"
    );
    let actions = etcd.timer_due(T0 + 15 * SEC);
    assert_eq!(
        logs(&actions),
        vec![
            "etcd.service holdoff time over, scheduling restart.",
            "Stopped Etcd Server.",
            "Starting Etcd Server..."
        ]
    );
    assert!(actions.iter().any(|a| matches!(a, Action::Spawn { .. })));
    etcd.spawned(T0 + 15 * SEC, 101);
    assert_eq!(etcd.sub_state(), SubState::Running);
    assert_eq!(etcd.main_pid(), Some(101));
}

#[test]
fn a_notify_unit_failing_before_ready_fails_the_job() {
    let mut etcd = unit("Type=notify\n");
    etcd.start(T0, 3, env());
    etcd.spawned(T0, 100);
    let actions = etcd.process_exited(T0 + SEC, 100, ExitStatus::Exited(1));
    assert_eq!(
        logs(&actions),
        vec![
            "etcd.service: main process exited, code=exited, status=1/FAILURE",
            "Failed to start Etcd Server.",
            "Unit etcd.service entered failed state.",
            "etcd.service failed.",
        ]
    );
    assert_eq!(
        replies(&actions),
        vec![(3, JobReply::Failed(ServiceResult::ExitCode))]
    );
    assert_eq!(etcd.sub_state(), SubState::Failed);
}

#[test]
fn stop_during_activating_cancels_the_start_and_terms_the_process() {
    let mut etcd = unit("Type=notify\n");
    etcd.start(T0, 1, env());
    etcd.spawned(T0, 100);
    let actions = etcd.stop(T0 + SEC, 2);
    assert_eq!(replies(&actions), vec![(1, JobReply::Canceled)]);
    assert_eq!(logs(&actions), vec!["Stopping Etcd Server..."]);
    assert!(actions.contains(&Action::Kill {
        pid: 100,
        signal: Signal::Term
    }));
    assert_eq!(etcd.sub_state(), SubState::StopSigterm);
    let actions = etcd.process_exited(T0 + 2 * SEC, 100, ExitStatus::Killed(15));
    assert_eq!(logs(&actions), vec!["Stopped Etcd Server."]);
    assert_eq!(replies(&actions), vec![(2, JobReply::Done)]);
    assert_eq!(etcd.sub_state(), SubState::Dead);
}

#[test]
fn crash_looping_hits_the_start_rate_limit() {
    let mut etcd = unit("Restart=always\n");
    let mut now = T0;
    etcd.start(now, 1, env());
    let mut last = Vec::new();
    for pid in 100..105 {
        etcd.spawned(now, pid);
        etcd.process_exited(now, pid, ExitStatus::Exited(1));
        now += 100_000;
        last = etcd.timer_due(now);
    }
    assert_eq!(
        logs(&last),
        vec![
            "etcd.service holdoff time over, scheduling restart.",
            "Stopped Etcd Server.",
            "start request repeated too quickly for etcd.service",
            "Failed to start Etcd Server.",
            "Unit etcd.service entered failed state.",
            "etcd.service failed.",
        ]
    );
    assert_eq!(etcd.sub_state(), SubState::Failed);
    assert_eq!(etcd.result(), ServiceResult::StartLimit);
    let actions = etcd.start(now, 9, env());
    assert_eq!(
        replies(&actions),
        vec![(9, JobReply::Failed(ServiceResult::StartLimit))]
    );
    etcd.reset_failed();
    let actions = etcd.start(now, 10, env());
    assert_eq!(logs(&actions), vec!["Starting Etcd Server..."]);
}

#[test]
fn a_notify_unit_that_never_gets_ready_times_out() {
    let mut etcd = unit("Type=notify\nTimeoutStartSec=30\n");
    etcd.start(T0, 1, env());
    etcd.spawned(T0, 100);
    let actions = etcd.timer_due(T0 + 30 * SEC);
    assert_eq!(
        logs(&actions),
        vec!["etcd.service start operation timed out. Terminating."]
    );
    assert!(actions.contains(&Action::Kill {
        pid: 100,
        signal: Signal::Term
    }));
    let actions = etcd.process_exited(T0 + 31 * SEC, 100, ExitStatus::Killed(15));
    assert_eq!(
        replies(&actions),
        vec![(1, JobReply::Failed(ServiceResult::Timeout))]
    );
    assert_eq!(etcd.sub_state(), SubState::Failed);
}

#[test]
fn restart_stops_then_starts_and_answers_when_up() {
    let mut etcd = unit("");
    etcd.start(T0, 1, env());
    etcd.spawned(T0, 100);
    let actions = etcd.restart(T0 + SEC, 2, env());
    assert_eq!(replies(&actions), vec![]);
    let actions = etcd.process_exited(T0 + SEC, 100, ExitStatus::Killed(15));
    assert_eq!(
        logs(&actions),
        vec!["Stopped Etcd Server.", "Starting Etcd Server..."]
    );
    let actions = etcd.spawned(T0 + SEC, 101);
    assert_eq!(replies(&actions), vec![(2, JobReply::Done)]);
}

proptest::proptest! {
    #[test]
    fn any_event_sequence_keeps_a_consistent_unit(events in proptest::collection::vec((0u8..7, 0u64..20), 0..60)) {
        let mut etcd = unit("Type=notify\nRestart=on-failure\n");
        let mut now = T0;
        for (kind, step) in events {
            now += step * 100_000;
            let pid = etcd.main_pid().unwrap_or(1);
            let _ = match kind {
                0 => etcd.start(now, 1, env()),
                1 => etcd.stop(now, 2),
                2 => etcd.restart(now, 3, env()),
                3 => etcd.spawned(now, 100 + u32::try_from(step).unwrap_or(0)),
                4 => etcd.notify_ready(now, pid),
                5 => etcd.process_exited(now, pid, ExitStatus::Exited(u8::try_from(step % 3).unwrap_or(1))),
                _ => etcd.timer_due(now),
            };
            if etcd.sub_state() == SubState::Running {
                proptest::prop_assert!(etcd.main_pid().is_some());
            }
        }
    }
}
