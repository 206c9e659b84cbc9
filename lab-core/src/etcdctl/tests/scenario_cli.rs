//! cobra and pflag behaviour: help and usage texts, unknown commands and flags, prefix
//! matching, environment variables, and argument errors the recordings show.

use super::fake::Fake;
use super::model::Model;
use super::{THREE, expect_same, reference};

fn cluster() -> Fake {
    Fake::new(Model::scenario1())
}

#[track_caller]
fn assert_run(fake: &Fake, line: &str, stdout: &str, stderr: &str, code: i32) {
    let outcome = fake.run(line);
    assert_eq!(
        (
            outcome.stdout.as_str(),
            outcome.stderr.as_str(),
            outcome.code
        ),
        (stdout, stderr, code),
        "`etcdctl {line}`"
    );
}

#[test]
fn bare_etcdctl_and_groups_print_their_usage() {
    let fake = cluster();
    let mut root = reference("01", 132);
    root.stdout = include_str!("usage_root.txt").to_owned();
    expect_same(&fake, &root);
    let mut member = reference("01", 134);
    member.stdout = include_str!("usage_member.txt").to_owned();
    expect_same(&fake, &member);
    assert_run(&fake, "--help", include_str!("usage_root.txt"), "", 0);
    assert_run(&fake, "get -h", include_str!("usage_get.txt"), "", 0);
    assert_run(&fake, "help get", include_str!("usage_get.txt"), "", 0);
    assert_run(
        &fake,
        "member bogus",
        include_str!("usage_member.txt"),
        "",
        0,
    );
}

#[test]
fn unknown_commands_are_reported_twice_as_cobra_and_etcdctl_do() {
    let fake = cluster();
    expect_same(&fake, &reference("01", 133));
    assert_run(
        &fake,
        "m",
        "",
        "Error: unknown command \"m\" for \"etcdctl\"\n\nDid you mean this?\n\tmake-mirror\n\tmember\n\tmigrate\n\tmove-leader\n\nRun 'etcdctl --help' for usage.\n\
         Error: unknown command \"m\" for \"etcdctl\"\n\nDid you mean this?\n\tmake-mirror\n\tmember\n\tmigrate\n\tmove-leader\n\n",
        1,
    );
}

#[test]
fn unique_prefixes_select_commands() {
    let fake = cluster();
    let full = fake.run(&format!("{THREE} member list"));
    let short = fake.run(&format!("{THREE} mem li"));
    assert_eq!(full, short);
    assert_eq!(full.code, 0);
}

#[test]
fn flag_errors_follow_pflag() {
    let fake = cluster();
    let usage = include_str!("usage_get.txt");
    let cases = [
        ("get foo --limit", "flag needs an argument: --limit"),
        (
            "get foo --limit=abc",
            "invalid argument \"abc\" for \"--limit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
        ),
        ("get foo -x", "unknown shorthand flag: 'x' in -x"),
        (
            "get foo --dial-timeout=5",
            "invalid argument \"5\" for \"--dial-timeout\" flag: time: missing unit in duration \"5\"",
        ),
        ("get foo -w", "flag needs an argument: 'w' in -w"),
    ];
    for (line, why) in cases {
        assert_run(
            &fake,
            line,
            usage,
            &format!("Error: {why}\n\nError: {why}\n"),
            1,
        );
    }
}

#[test]
fn argument_and_format_errors_have_etcdctl_exit_codes() {
    let fake = cluster();
    let cases = [
        (
            "get a --prefix --from-key",
            "`--prefix` and `--from-key` cannot be set at the same time, choose one",
            128,
        ),
        (
            "get a b --prefix",
            "too many arguments, only accept one argument when `--prefix` or `--from-key` is set",
            128,
        ),
        ("get a --consistency=x", "unknown consistency flag \"x\"", 4),
        ("get a --order=up", "bad sort order up", 4),
        ("get a --sort-by=size", "bad sort target size", 4),
        ("get a -w xml", "unsupported output format", 4),
        (
            "del",
            "del command needs one argument as key and an optional argument as range_end",
            128,
        ),
        (
            "put a b --lease=zz",
            "bad lease ID (strconv.ParseInt: parsing \"zz\": invalid syntax), expecting ID in Hex",
            128,
        ),
        (
            "put a b --ignore-value",
            "put command needs only 1 argument when 'ignore-value' is set",
            128,
        ),
        (
            "member add a http://x:1",
            "too many arguments, did you mean --peer-urls=http://x:1",
            128,
        ),
        (
            "member update zz --peer-urls=http://x:1",
            "bad member ID arg (strconv.ParseUint: parsing \"zz\": invalid syntax), expecting ID in Hex",
            128,
        ),
        (
            "--endpoints= get foo",
            "etcdclient: no available endpoints",
            2,
        ),
        (
            "make-mirror foo",
            "\"etcdctl make-mirror\" is not available in this lab yet",
            1,
        ),
    ];
    for (line, why, code) in cases {
        assert_run(&fake, line, "", &format!("Error: {why}\n"), code);
    }
}

#[test]
fn formats_a_command_cannot_print_are_refused_after_the_call() {
    let fake = cluster();
    assert_run(
        &fake,
        &format!("{THREE} put k v -w table"),
        "",
        "Error: table not supported as output format\n",
        4,
    );
    assert_eq!(
        fake.model.borrow().revision,
        2,
        "the put was nevertheless executed"
    );
    assert_run(
        &fake,
        &format!("{THREE} endpoint status -w protobuf"),
        "",
        "Error: protobuf not supported as output format\n",
        4,
    );
    assert_run(
        &fake,
        &format!("{THREE} get k -w json --print-value-only"),
        "",
        "Error: print-value-only is only for `--write-out=simple`\n",
        128,
    );
}

#[test]
fn put_reads_its_value_from_stdin_and_hex_prints_escapes() {
    let fake = cluster();
    let outcome = fake.run_with(&format!("{THREE} put k"), &[], b"from stdin");
    assert_eq!((outcome.stdout.as_str(), outcome.code), ("OK\n", 0));
    assert_run(
        &fake,
        &format!("{THREE} get k --hex"),
        "\\x6b\n\\x66\\x72\\x6f\\x6d\\x20\\x73\\x74\\x64\\x69\\x6e\n",
        "",
        0,
    );
}

#[test]
fn environment_variables_fill_unset_global_flags() {
    let fake = cluster();
    let env = [
        ("ETCDCTL_ENDPOINTS", "127.0.0.1:21379"),
        ("ETCDCTL_WRITE_OUT", "json"),
    ];
    let outcome = fake.run_with("member list", &env, b"");
    assert!(
        outcome
            .stdout
            .starts_with("{\"header\":{\"cluster_id\":3965943739518344197"),
        "{outcome:?}"
    );
    let outcome = fake.run_with(
        "--endpoints=127.0.0.1:21379 member list",
        &[("ETCDCTL_ENDPOINTS", "x")],
        b"",
    );
    assert!(outcome.stderr.ends_with(
        " C | pkg/flags: conflicting environment variable \"ETCDCTL_ENDPOINTS\" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)\n"
    ));
    assert_eq!(outcome.code, 1);
    let outcome = fake.run_with(
        "--endpoints=127.0.0.1:21379 member list",
        &[("ETCDCTL_BOGUS", "1")],
        b"",
    );
    assert!(
        outcome
            .stderr
            .ends_with(" W | pkg/flags: unrecognized environment variable ETCDCTL_BOGUS=1\n")
    );
    assert_eq!(outcome.code, 0);
}

#[test]
fn api_version_2_runs_the_v2_ctl_and_others_are_refused_clearly() {
    let fake = cluster();
    // The v2 ctl speaks HTTP, which this fake does not answer: a bad connection.
    let v2 = fake.run_with("member list", &[("ETCDCTL_API", "2")], b"");
    assert_eq!(v2.code, 2);
    assert!(
        v2.stderr
            .starts_with("Error:  client: etcd cluster is unavailable")
    );
    let v4 = fake.run_with("member list", &[("ETCDCTL_API", "4")], b"");
    assert_eq!(
        (v4.stderr.as_str(), v4.code),
        ("unsupported API version 4\n", 1)
    );
    let v3 = fake.run_with("version", &[("ETCDCTL_API", "3")], b"");
    assert_eq!(v3.code, 0);
}

#[test]
fn debug_prints_the_global_flags_as_environment_variables() {
    let fake = cluster();
    let outcome = fake.run("--debug --endpoints=127.0.0.1:21379 member list");
    assert!(outcome.stderr.starts_with(
        "ETCDCTL_CACERT=\nETCDCTL_CERT=\nETCDCTL_COMMAND_TIMEOUT=5s\nETCDCTL_DEBUG=true\n"
    ));
    assert!(
        outcome
            .stderr
            .contains("ETCDCTL_ENDPOINTS=[127.0.0.1:21379]\n")
    );
    assert_eq!(outcome.code, 0);
}

#[test]
fn help_for_an_unknown_topic_falls_back_to_the_root_usage() {
    let fake = cluster();
    assert_run(
        &fake,
        "help nothing",
        include_str!("usage_root.txt"),
        "Unknown help topic [`nothing`]\n",
        0,
    );
}

#[test]
fn endpoints_given_twice_add_up_as_a_pflag_slice_does() {
    let fake = cluster();
    let outcome =
        fake.run("--endpoints=127.0.0.1:21379 --endpoints=127.0.0.1:22379 endpoint status");
    assert_eq!(outcome.code, 0);
    assert_eq!(outcome.stdout.lines().count(), 2, "{}", outcome.stdout);
}

#[test]
fn binary_values_are_printed_byte_for_byte() {
    let fake = cluster();
    let put = fake.run_with(&format!("{THREE} put k"), &[], b"\xff\x00\n");
    assert_eq!(put.code, 0);
    let get = fake.run(&format!("{THREE} get k"));
    assert_eq!(get.stdout_bytes, b"k\n\xff\x00\n\n");
    let fields = fake.run(&format!("{THREE} get k -w fields"));
    assert!(
        fields.stdout.contains("\"Value\" : \"\\xff\\x00\\n\"\n"),
        "{}",
        fields.stdout
    );
}
