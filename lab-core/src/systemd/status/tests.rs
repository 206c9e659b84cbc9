//! `systemctl status etcd` in the states a learner meets.

use super::*;

/// Tue 2022-03-01 13:53:39 UTC.
const T0: u64 = 1_646_142_819_000_000;

fn etcd(sub: SubState) -> UnitStatus {
    UnitStatus {
        name: "etcd.service".into(),
        description: "Etcd Server".into(),
        fragment_path: "/etc/systemd/system/etcd.service".into(),
        load_error: None,
        unit_file_state: "enabled".into(),
        vendor_preset: "disabled".into(),
        sub,
        result: ServiceResult::Success,
        since_us: Some(T0),
        docs: vec!["https://github.com/etcd-io/etcd".into()],
        main: None,
        last_exit: None,
        journal_lines: Vec::new(),
        need_daemon_reload: false,
    }
}

#[test]
fn a_running_notify_service() {
    let mut status = etcd(SubState::Running);
    status.main = Some(MainProcess {
        pid: 1234,
        comm: "etcd".into(),
        command_line: "/usr/local/bin/etcd".into(),
    });
    status.journal_lines = vec![
        "Mar 01 13:53:39 etcd-1 systemd[1]: Starting Etcd Server...".into(),
        "Mar 01 13:53:39 etcd-1 systemd[1]: Started Etcd Server.".into(),
    ];
    let out = status.render(T0 + 5_000_000);
    assert_eq!(out.exit_code, 0);
    assert_eq!(
        out.stdout,
        "\u{25cf} etcd.service - Etcd Server
   Loaded: loaded (/etc/systemd/system/etcd.service; enabled; vendor preset: disabled)
   Active: active (running) since Tue 2022-03-01 13:53:39 UTC; 5s ago
     Docs: https://github.com/etcd-io/etcd
 Main PID: 1234 (etcd)
   CGroup: /system.slice/etcd.service
           \u{2514}\u{2500}1234 /usr/local/bin/etcd

Mar 01 13:53:39 etcd-1 systemd[1]: Starting Etcd Server...
Mar 01 13:53:39 etcd-1 systemd[1]: Started Etcd Server.
"
    );
}

#[test]
fn a_failed_service_shows_the_exit_and_exits_3() {
    let mut status = etcd(SubState::Failed);
    status.result = ServiceResult::ExitCode;
    status.last_exit = Some(ExitedProcess {
        pid: 1234,
        exec_start: "/usr/local/bin/etcd".into(),
        status: ExitStatus::Exited(1),
    });
    let out = status.render(T0 + 123_000_000);
    assert_eq!(out.exit_code, 3);
    assert!(out.stdout.contains(
        "   Active: failed (Result: exit-code) since Tue 2022-03-01 13:53:39 UTC; 2min 3s ago\n"
    ));
    assert!(out.stdout.contains(
        "  Process: 1234 ExecStart=/usr/local/bin/etcd (code=exited, status=1/FAILURE)\n"
    ));
    assert!(
        out.stdout
            .contains(" Main PID: 1234 (code=exited, status=1/FAILURE)\n")
    );
}

#[test]
fn auto_restart_and_never_started_and_changed_on_disk() {
    let mut status = etcd(SubState::AutoRestart);
    status.result = ServiceResult::ExitCode;
    let out = status.render(T0 + 3_000_000);
    assert!(
        out.stdout
            .contains("   Active: activating (auto-restart) (Result: exit-code) since")
    );
    assert_eq!(out.exit_code, 3);

    let mut status = etcd(SubState::Dead);
    status.since_us = None;
    status.unit_file_state = "disabled".into();
    status.need_daemon_reload = true;
    let out = status.render(T0);
    assert!(out.stdout.contains("   Active: inactive (dead)\n"));
    assert!(out.stdout.contains("; disabled; vendor preset: disabled)"));
    assert!(out.stdout.ends_with(
        "\nWarning: Unit file changed on disk, 'systemctl daemon-reload' recommended.\n"
    ));
}
