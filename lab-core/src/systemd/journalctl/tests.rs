//! `journalctl -u etcd` after a failed start, and the argument forms tutorials use.

use super::*;
use crate::systemd::JournalEntry;

const T0: u64 = 1_646_142_819_000_000;

fn entry(at: u64, identifier: &str, pid: u32, message: &str) -> JournalEntry {
    JournalEntry {
        realtime_us: at,
        hostname: "etcd-1".into(),
        identifier: identifier.into(),
        pid,
        message: message.into(),
        unit: Some("etcd.service".into()),
    }
}

fn journal() -> Journal {
    let mut journal = Journal::new();
    journal.push(JournalEntry {
        unit: None,
        ..entry(T0 - 60_000_000, "kernel", 0, "boot")
    });
    journal.push(entry(T0, "systemd", 1, "Starting Etcd Server..."));
    journal.push(entry(T0, "etcd", 1234, "etcd Version: 3.4.23"));
    journal.push(entry(
        T0 + 1_000_000,
        "systemd",
        1,
        "etcd.service: main process exited, code=exited, status=1/FAILURE",
    ));
    journal
}

#[test]
fn unit_logs_with_the_219_header() {
    let query = parse_journalctl(&["-u", "etcd", "--no-pager"], T0).expect("valid");
    assert_eq!(
        query.render(&journal()).stdout,
        "-- Logs begin at Tue 2022-03-01 13:52:39 UTC, end at Tue 2022-03-01 13:53:40 UTC. --
Mar 01 13:53:39 etcd-1 systemd[1]: Starting Etcd Server...
Mar 01 13:53:39 etcd-1 etcd[1234]: etcd Version: 3.4.23
Mar 01 13:53:40 etcd-1 systemd[1]: etcd.service: main process exited, code=exited, status=1/FAILURE
"
    );
    let query = parse_journalctl(&["-n", "1", "-u", "etcd.service"], T0).expect("valid");
    assert_eq!(query.render(&journal()).stdout.lines().count(), 2);
    let query = parse_journalctl(&["-u", "flannel"], T0).expect("valid");
    assert!(
        query
            .render(&journal())
            .stdout
            .ends_with("-- No entries --\n")
    );
    assert_eq!(
        parse_journalctl(&[], T0)
            .expect("valid")
            .render(&Journal::new())
            .stdout,
        "-- No entries --\n"
    );
}

#[test]
fn argument_forms() {
    let q = parse_journalctl(&["-xe"], T0);
    assert_eq!(q, Err(JournalctlError::Option("-xe".into())));
    let q = parse_journalctl(&["-x", "-e", "-f", "--lines=20"], T0).expect("valid");
    assert!(q.catalog && q.pager_end && q.follow);
    assert_eq!(q.lines, Some(20));
    assert_eq!(
        parse_journalctl(&["-n"], T0).expect("valid").lines,
        Some(10)
    );
    let q =
        parse_journalctl(&["--since", "2022-03-01 13:53:00", "--until=-10s"], T0).expect("valid");
    assert_eq!(q.since_us, Some(T0 - 39_000_000));
    assert_eq!(q.until_us, Some(T0 - 10_000_000));
    assert_eq!(
        parse_journalctl(&["--since", "5 min ago"], T0)
            .expect("valid")
            .since_us,
        Some(T0 - 300_000_000)
    );
    assert!(parse_journalctl(&["--since", "tuesday-ish"], T0).is_err());
}

proptest::proptest! {
    #[test]
    fn never_panics(words in proptest::collection::vec("\\PC{0,20}", 0..5)) {
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        if let Ok(q) = parse_journalctl(&args, T0) {
            let _ = q.render(&journal());
        }
    }
}
