//! Signal names and numbers as bash's `kill` reads them, and a job's signals as its
//! program catches them or dies by them.

use super::*;
use proptest::prelude::*;

#[test]
fn names_and_numbers_read_as_bash_reads_them() {
    assert_eq!(number("9"), Some(9));
    assert_eq!(number("SIGKILL"), Some(9));
    assert_eq!(number("term"), Some(15));
    assert_eq!(number("hup"), Some(1));
    assert_eq!(number("RTMIN+2"), Some(36));
    assert_eq!(number("0"), Some(0));
    assert_eq!(number("65"), None);
    assert_eq!(number("FOO"), None);
    assert_eq!(name(64).as_deref(), Some("RTMAX"));
    assert_eq!(name(50).as_deref(), Some("RTMAX-14"));
    assert_eq!(name(49).as_deref(), Some("RTMIN+15"));
    assert_eq!(name(32), None);
}

#[test]
fn the_table_is_bashs_kill_l() {
    let table = table();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP")
    );
    assert_eq!(
        lines.get(6).copied(),
        Some("31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3")
    );
    assert_eq!(
        lines.last().copied(),
        Some("63) SIGRTMAX-1\t64) SIGRTMAX\t")
    );
    assert_eq!(lines.len(), 13);
}

#[test]
fn a_program_that_catches_sigint_gets_it_and_dies_by_sigterm() {
    let mut job = JobSignals::default();
    let outer = job.begin_program();
    job.catch(&[INT]);
    assert_eq!(job.deliver(INT), Delivery::Pending);
    assert_eq!(job.take_fatal(), None, "caught, not fatal");
    assert_eq!(job.take_caught(), Some(INT));
    assert_eq!(job.deliver(TERM), Delivery::Pending);
    assert_eq!(job.take_caught(), None);
    assert_eq!(job.take_fatal(), Some(TERM));
    job.end_program(outer);
}

#[test]
fn sigkill_cannot_be_caught() {
    let mut job = JobSignals::default();
    job.begin_program();
    job.catch(&[KILL, STOP, INT]);
    job.deliver(KILL);
    assert_eq!(job.take_caught(), None);
    assert_eq!(job.take_fatal(), Some(KILL));
}

#[test]
fn a_job_running_no_program_dies_by_the_signal_itself() {
    let mut job = JobSignals::default();
    assert_eq!(job.deliver(TERM), Delivery::KillJob);
    assert_eq!(job.deliver(CONT), Delivery::Ignored);
    assert_eq!(job.deliver(0), Delivery::Ignored, "kill -0 only checks");
}

#[test]
fn signals_ignored_by_default_and_stops_do_nothing() {
    let mut job = JobSignals::default();
    job.begin_program();
    assert_eq!(job.deliver(17), Delivery::Ignored, "SIGCHLD");
    assert_eq!(job.deliver(28), Delivery::Ignored, "SIGWINCH");
    assert_eq!(job.deliver(STOP), Delivery::Ignored);
    assert_eq!(job.take_fatal(), None);
}

#[test]
fn a_nested_program_catches_alone_and_the_outer_one_catches_again_after() {
    let mut job = JobSignals::default();
    let none = job.begin_program();
    job.catch(&[INT, TERM]);
    let outer = job.begin_program();
    job.deliver(INT);
    assert_eq!(job.take_fatal(), Some(INT), "the command etcdctl runs dies");
    job.end_program(outer);
    job.deliver(INT);
    assert_eq!(job.take_caught(), Some(INT), "etcdctl catches it again");
    job.end_program(none);
    assert_eq!(job.deliver(INT), Delivery::KillJob);
}

proptest! {
    #[test]
    fn names_and_numbers_round_trip(sig in 1..=MAX_SIGNAL) {
        if let Some(name) = name(sig) {
            prop_assert_eq!(number(&name), Some(sig));
            prop_assert_eq!(number(&format!("SIG{name}")), Some(sig));
        }
    }

    #[test]
    fn a_delivered_signal_is_taken_once_either_way(sig in -5i32..100, caught: bool) {
        let mut job = JobSignals::default();
        job.begin_program();
        if caught {
            job.catch(&[sig]);
        }
        let pending = job.deliver(sig) == Delivery::Pending;
        let taken = usize::from(job.take_caught().is_some()) + usize::from(job.take_fatal().is_some());
        prop_assert_eq!(taken, usize::from(pending));
        prop_assert_eq!(job.take_caught().or(job.take_fatal()), None);
    }
}
