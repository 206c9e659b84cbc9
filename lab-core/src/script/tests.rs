//! Parsing stories: what a teacher writes and what the runner gets.

use proptest::prelude::*;

use super::*;
use crate::time::SimDuration;

/// Stand-in for the shell's judgement: input ends with `\` or has an open `<< EOF` heredoc.
fn complete(input: &str) -> bool {
    if input.ends_with('\\') {
        return false;
    }
    match input.split_once("<< EOF") {
        Some((_, body)) => body.lines().skip(1).any(|l| l == "EOF"),
        None => true,
    }
}

fn kinds(text: &str) -> Vec<StatementKind> {
    parse_script(text, &complete)
        .expect("parses")
        .into_iter()
        .map(|s| s.kind)
        .collect()
}

#[test]
fn a_bootstrap_script_reads_as_written() {
    let script = "\
# three hosts, one member each
seed 7
host etcd-1 192.168.122.5
host etcd-2
etcd-1$ systemctl start etcd
etcd-2# etcdctl member list
sleep 2s
cut etcd-1 etcd-2
cut etcd-1 -> etcd-3
heal etcd-1 etcd-2
heal
latency etcd-1 etcd-2 30ms
loss etcd-1 etcd-2 5%
crash etcd-2
boot etcd-2
interrupt etcd-1
expect leader
expect leader etcd-1
expect members 3
expect output contains \"is healthy\"
expect output lacks \"say \\\"hi\\\"\"
expect exit 0
";
    assert_eq!(
        kinds(script),
        vec![
            StatementKind::Seed(7),
            StatementKind::Host {
                name: "etcd-1".into(),
                ip: Some("192.168.122.5".parse().expect("ip"))
            },
            StatementKind::Host {
                name: "etcd-2".into(),
                ip: None
            },
            StatementKind::Shell {
                host: "etcd-1".into(),
                input: "systemctl start etcd".into()
            },
            StatementKind::Shell {
                host: "etcd-2".into(),
                input: "etcdctl member list".into()
            },
            StatementKind::Sleep(SimDuration::from_secs(2)),
            StatementKind::Cut {
                from: "etcd-1".into(),
                to: "etcd-2".into(),
                one_way: false
            },
            StatementKind::Cut {
                from: "etcd-1".into(),
                to: "etcd-3".into(),
                one_way: true
            },
            StatementKind::Heal(Some(("etcd-1".into(), "etcd-2".into()))),
            StatementKind::Heal(None),
            StatementKind::Latency {
                a: "etcd-1".into(),
                b: "etcd-2".into(),
                latency: SimDuration::from_millis(30)
            },
            StatementKind::Loss {
                a: "etcd-1".into(),
                b: "etcd-2".into(),
                percent: 5
            },
            StatementKind::Crash("etcd-2".into()),
            StatementKind::Boot("etcd-2".into()),
            StatementKind::Interrupt("etcd-1".into()),
            StatementKind::Expect(Expectation::Leader(None)),
            StatementKind::Expect(Expectation::Leader(Some("etcd-1".into()))),
            StatementKind::Expect(Expectation::Members(3)),
            StatementKind::Expect(Expectation::OutputContains("is healthy".into())),
            StatementKind::Expect(Expectation::OutputLacks("say \"hi\"".into())),
            StatementKind::Expect(Expectation::Exit(0)),
        ]
    );
}

#[test]
fn a_heredoc_and_continuations_take_the_following_lines_verbatim() {
    let script = "\
etcd-1$ cat << EOF > /etc/etcd/etcd.conf
# not a comment: part of the file
ETCD_NAME=etcd-1
EOF
etcd-1$ etcd --name etcd-1 \\
  --data-dir /var/lib/etcd
sleep 1s
";
    let statements = parse_script(script, &complete).expect("parses");
    assert_eq!(statements.len(), 3);
    assert_eq!(
        statements[0].kind,
        StatementKind::Shell {
            host: "etcd-1".into(),
            input: "cat << EOF > /etc/etcd/etcd.conf\n# not a comment: part of the file\n\
                    ETCD_NAME=etcd-1\nEOF"
                .into()
        }
    );
    assert_eq!(
        statements[1].kind,
        StatementKind::Shell {
            host: "etcd-1".into(),
            input: "etcd --name etcd-1 \\\n  --data-dir /var/lib/etcd".into()
        }
    );
    assert_eq!(
        statements.iter().map(|s| s.line).collect::<Vec<_>>(),
        vec![1, 5, 7]
    );
}

#[test]
fn mistakes_name_their_line() {
    let cases = [
        (
            "host a\nsleep soon\n",
            2,
            "\"soon\" is not a duration (e.g. 500ms, 2s, 1m)",
        ),
        (
            "\n\nfly away\n",
            3,
            "unknown statement \"fly\" (a shell line is written `HOST$ command`)",
        ),
        (
            "host a 300.1.1.1\n",
            1,
            "\"300.1.1.1\" is not an IPv4 address",
        ),
        (
            "loss a b 150%\n",
            1,
            "\"150%\" is not a percentage from 0 to 100",
        ),
        (
            "sleep 2d\n",
            1,
            "\"2d\" is not a duration (e.g. 500ms, 2s, 1m)",
        ),
        ("sleep 25h\n", 1, "\"25h\" is longer than a day"),
        (
            "expect output contains nothing\n",
            1,
            "expected \"TEXT\" in double quotes after `contains`",
        ),
        (
            "a$ cat << EOF\nno end\n",
            1,
            "shell input never ends (an open quote, heredoc or `\\` continuation)",
        ),
    ];
    for (script, line, message) in cases {
        let err = parse_script(script, &complete).expect_err(script);
        assert_eq!(
            (err.line, err.message.as_str()),
            (line, message),
            "{script}"
        );
    }
}

#[test]
fn a_shell_line_needs_a_space_after_its_prompt() {
    // `a$b` is not a shell line; `etcd-1$` alone is pressing Enter.
    assert!(parse_script("a$b\n", &complete).is_err());
    assert_eq!(
        kinds("etcd-1$\n"),
        vec![StatementKind::Shell {
            host: "etcd-1".into(),
            input: String::new()
        }]
    );
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "\\PC{0,200}") {
        let _ = parse_script(&text, &complete);
    }

    #[test]
    fn durations_round_trip_through_milliseconds(ms in 0u64..86_400_000) {
        prop_assert_eq!(parse_duration(&format!("{ms}ms")), Ok(SimDuration::from_millis(ms)));
    }
}

#[test]
fn ctrl_d_and_typeahead_name_their_host_and_keep_the_line_as_typed() {
    assert_eq!(
        kinds("eof etcd-1\ntypeahead etcd-1 etcdctl get  k\n"),
        [
            StatementKind::Eof("etcd-1".to_owned()),
            StatementKind::TypeAhead {
                host: "etcd-1".to_owned(),
                input: "etcdctl get  k".to_owned(),
            },
        ]
    );
    for bad in ["eof", "eof a b", "typeahead", "typeahead no/such x"] {
        assert!(parse_script(bad, &complete).is_err(), "{bad}");
    }
}
