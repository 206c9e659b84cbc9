//! The `lab` command line as a user meets it: help, and the errors of `lab serve`.

use std::net::TcpListener;
use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab"))
        .args(args)
        .output()
        .expect("the lab binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_the_subcommands() {
    let out = lab(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("Usage: lab [COMMAND]"), "{help}");
    assert!(help.contains("serve"), "{help}");
    assert!(help.contains("Serve the web app"), "{help}");
    assert!(help.contains("check"), "{help}");
}

#[test]
fn serve_help_documents_the_address() {
    let out = lab(&["serve", "--help"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("--addr <ADDR>"));
    assert!(text(&out.stdout).contains("[default: 127.0.0.1:8080]"));
}

#[test]
fn an_address_in_use_is_a_one_line_error() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = taken.local_addr().expect("bound").to_string();
    let out = lab(&["serve", "--addr", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("lab: cannot listen on {addr}: ")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let out = lab(&["srve"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unrecognized subcommand 'srve'"));
}

#[test]
fn check_runs_seeds_and_prints_one_summary_line() {
    let out = lab(&["check", "--seeds", "3", "--steps", "50"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("seeds=3 steps=150 ops="), "{stdout}");
    assert!(summary.ends_with(" violations=0"), "{stdout}");
}

#[test]
fn check_replays_one_seed_the_same_way_twice() {
    let run = || text(&lab(&["check", "--seed", "11", "--steps", "40", "-v"]).stdout);
    let first = run();
    assert!(
        first.lines().count() > 10,
        "the actions are listed: {first}"
    );
    assert_eq!(first, run());
}

#[test]
fn check_refuses_zero_steps() {
    let out = lab(&["check", "--steps", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("invalid value '0' for '--steps <STEPS>'"));
}
