//! Stories of `ExecStart=` lines, from the seeds and from systemd's own rules.

use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn seed_000s_plain_binary() {
    let cmd = ExecCommand::parse("/usr/local/bin/etcd").expect("valid");
    assert_eq!(cmd.path, "/usr/local/bin/etcd");
    assert_eq!(cmd.argv, vec!["/usr/local/bin/etcd"]);
    assert!(!cmd.ignore_failure);
}

#[test]
fn seed_004s_braced_variables_expand_inline() {
    let line =
        "/usr/local/sbin/etcd  --name ${ETCD_NAME}  --listen-peer-urls http://${ETCD_PEER}:2380";
    let cmd = ExecCommand::parse(line).expect("valid");
    let argv = cmd
        .expanded_argv(&env(&[
            ("ETCD_NAME", "etcd-1"),
            ("ETCD_PEER", "192.168.122.5"),
        ]))
        .expect("fits");
    assert_eq!(
        argv,
        vec![
            "/usr/local/sbin/etcd",
            "--name",
            "etcd-1",
            "--listen-peer-urls",
            "http://192.168.122.5:2380"
        ]
    );
    // Unset variables expand to nothing, as the seed's heredoc mistake would make them.
    let argv = cmd.expanded_argv(&[]).expect("fits");
    assert_eq!(argv.get(2).map(String::as_str), Some(""));
}

#[test]
fn a_bare_variable_word_splits_and_vanishes_when_unset() {
    let cmd = ExecCommand::parse("/bin/etcd $ETCD_ARGS --x").expect("valid");
    let argv = cmd
        .expanded_argv(&env(&[("ETCD_ARGS", "--a 1  --b")]))
        .expect("fits");
    assert_eq!(argv, vec!["/bin/etcd", "--a", "1", "--b", "--x"]);
    assert_eq!(
        cmd.expanded_argv(&[]).expect("fits"),
        vec!["/bin/etcd", "--x"]
    );
}

#[test]
fn prefixes_quotes_and_escapes() {
    let cmd =
        ExecCommand::parse("-@/bin/etcd etcd-daemon \"a b\" 'c d'\\x41 e\\tf").expect("valid");
    assert!(cmd.ignore_failure);
    assert_eq!(cmd.path, "/bin/etcd");
    assert_eq!(cmd.argv, vec!["etcd-daemon", "a b", "c dA", "e\tf"]);
    let cmd = ExecCommand::parse(":/bin/echo $HOME $$x").expect("valid");
    assert!(cmd.no_env_expand);
    assert_eq!(
        cmd.expanded_argv(&env(&[("HOME", "/root")])).expect("fits"),
        vec!["/bin/echo", "$HOME", "$$x"]
    );
    let cmd = ExecCommand::parse("/bin/echo a$$b ${X}${X}").expect("valid");
    assert_eq!(
        cmd.expanded_argv(&env(&[("X", "y")])).expect("fits"),
        vec!["/bin/echo", "a$b", "yy"]
    );
}

#[test]
fn bad_lines_carry_systemds_warning_text() {
    let err = ExecCommand::parse("etcd --name x").expect_err("relative");
    assert_eq!(
        err.to_string(),
        "Executable path is not absolute, ignoring: etcd"
    );
    let err = ExecCommand::parse("/bin/etcd \"open").expect_err("quote");
    assert_eq!(
        err.to_string(),
        "Unbalanced quoting, ignoring: \"/bin/etcd \"open\""
    );
    assert!(matches!(
        ExecCommand::parse(""),
        Err(ExecLineError::NotAbsolute(_))
    ));
}

proptest::proptest! {
    #[test]
    fn never_panics(line in "\\PC{0,80}", value in "\\PC{0,20}") {
        if let Ok(cmd) = ExecCommand::parse(&line) {
            let _ = cmd.expanded_argv(&env(&[("A", &value)]));
        }
    }
}
