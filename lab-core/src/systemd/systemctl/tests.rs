//! The seeds' systemctl lines and what systemd 219 says to mistakes.

use super::*;
use crate::systemd::{
    JobReply, ServiceResult, enable_output, job_reply_output, unit_not_found_output,
};

fn parse(line: &str) -> Result<SystemctlCommand, CmdOutput> {
    parse_systemctl(&line.split_whitespace().collect::<Vec<_>>())
}

#[test]
fn seed_lines_parse_with_mangled_names() {
    let cmd = parse("enable etcd").expect("valid");
    assert_eq!(
        (cmd.verb, cmd.units),
        (Verb::Enable, vec!["etcd.service".to_string()])
    );
    let cmd = parse("status -l etcd.service").expect("valid");
    assert_eq!(
        (cmd.verb, cmd.units.clone(), cmd.options.full),
        (Verb::Status, vec!["etcd.service".to_string()], true)
    );
    let cmd = parse("enable --now etcd").expect("valid");
    assert!(cmd.options.now);
    assert_eq!(
        parse("daemon-reload").expect("valid").verb,
        Verb::DaemonReload
    );
    assert_eq!(parse("").expect("valid").verb, Verb::ListUnits);
    assert_eq!(
        parse("list-units --type=service")
            .expect("valid")
            .options
            .unit_type
            .as_deref(),
        Some("service")
    );
    assert_eq!(mangle_unit_name("firewalld"), "firewalld.service");
    assert_eq!(mangle_unit_name("multi-user.target"), "multi-user.target");
    assert_eq!(mangle_unit_name("etcd.conf"), "etcd.conf.service");
    assert_eq!(mangle_unit_name("a b"), "a\\x20b.service");
}

#[test]
fn mistakes_get_systemd_219s_words() {
    assert_eq!(
        parse("strat etcd"),
        Err(CmdOutput::error("Unknown operation 'strat'.", 1))
    );
    assert_eq!(
        parse("start"),
        Err(CmdOutput::error("Too few arguments.", 1))
    );
    assert_eq!(
        parse("daemon-reload etcd"),
        Err(CmdOutput::error("Invalid number of arguments.", 1))
    );
    assert_eq!(
        parse("start --bogus etcd"),
        Err(CmdOutput::error(
            "systemctl: unrecognized option '--bogus'",
            1
        ))
    );
    assert_eq!(
        unit_not_found_output("start", "etcd.service"),
        CmdOutput::error("Failed to start etcd.service: Unit not found.", 5)
    );
}

#[test]
fn enable_and_job_failure_texts() {
    let out = enable_output(
        "etcd.service",
        "/etc/systemd/system/etcd.service",
        &["multi-user.target".to_string()],
        &[],
    );
    assert_eq!(
        out.stderr,
        "Created symlink from /etc/systemd/system/multi-user.target.wants/etcd.service to /etc/systemd/system/etcd.service.\n"
    );
    let out = job_reply_output("etcd.service", JobReply::Failed(ServiceResult::ExitCode));
    assert_eq!(
        out.stderr,
        "Job for etcd.service failed because the control process exited with error code. See \"systemctl status etcd.service\" and \"journalctl -xe\" for details.\n"
    );
    assert_eq!(out.exit_code, 1);
}

proptest::proptest! {
    #[test]
    fn never_panics(words in proptest::collection::vec("\\PC{0,12}", 0..6)) {
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let _ = parse_systemctl(&args);
    }
}
