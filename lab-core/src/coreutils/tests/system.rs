//! System information, output caps, and commands that are not ours; random command lines
//! never panic.

use super::*;

#[test]
fn system_information_commands() {
    let mut h = Host::new();
    assert_eq!(h.ok("hostname"), "etcd1\n");
    assert_eq!(h.ok("hostname -I"), "192.168.122.5 \n");
    assert_eq!(h.ok("hostname -i"), "192.168.122.5\n");
    assert_eq!(h.ok("whoami"), "root\n");
    assert_eq!(h.ok("id"), "uid=0(root) gid=0(root) groups=0(root)\n");
    assert_eq!(h.ok("uname -r"), "3.10.0-1160.el7.x86_64\n");
    assert!(h.ok("uname -a").starts_with("Linux etcd1 3.10.0"));
    assert_eq!(h.ok("date"), "Sun Nov 22 10:17:00 UTC 2026\n");
    assert_eq!(h.ok("date +%s"), "1795342620\n");
    assert_eq!(h.ok("date -u +%Y-%m-%d"), "2026-11-22\n");
    assert!(h.ok("env").starts_with("PATH=/usr/local/bin"));
}

#[test]
fn output_is_capped_and_unknown_names_are_not_ours() {
    let mut h = Host::new();
    let out = h.run("seq 100000000");
    assert_eq!(out.stdout.len(), MAX_OUTPUT_BYTES);
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut ctx = UtilityContext {
        fs: &mut h.fs,
        cwd: "/",
        env: &[],
        stdin: b"",
        stdout: &mut o,
        stderr: &mut e,
        now_unix_micros: 0,
        host: &h.info,
        user: "root",
    };
    assert_eq!(run_utility("systemctl", &[], &mut ctx), None);
}

fn any_word() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        "-[a-zA-Z0-9]{1,3}",
        "--[a-z]{1,6}(=[a-z0-9]{0,3})?",
        "[a-z0-9/.:*+,$^\\\\()\\[\\]{}|'\" -]{0,12}",
        Just("/etc/passwd".to_string()),
        Just("/var/lib".to_string()),
        Just("/tmp/x".to_string()),
        Just("{print $2}".to_string()),
        Just("s/a/b/g".to_string()),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(400))]

    /// Fuzz entry point in test form: any utility with any words and input exits with a
    /// status instead of panicking (a panic would kill the browser page).
    #[test]
    fn random_command_lines_never_panic(
        which in 0..UTILITIES.len(),
        args in proptest::collection::vec(any_word(), 0..5),
        stdin in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
    ) {
        let mut h = Host::new();
        let name = UTILITIES.get(which).copied().unwrap_or("cat");
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let mut ctx = UtilityContext {
            fs: &mut h.fs,
            cwd: "/root",
            env: &h.env,
            stdin: &stdin,
            stdout: &mut o,
            stderr: &mut e,
            now_unix_micros: 0,
            host: &h.info,
            user: "root",
        };
        proptest::prop_assert!(run_utility(name, &args, &mut ctx).is_some());
        proptest::prop_assert!(o.len() <= MAX_OUTPUT_BYTES && e.len() <= MAX_OUTPUT_BYTES);
    }
}
