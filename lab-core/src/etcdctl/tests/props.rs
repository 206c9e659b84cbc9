//! Invariants over arbitrary command lines: `run` never panics, always ends with one of
//! etcdctl's exit codes and never writes more than the output cap.

use proptest::prelude::*;

use super::super::MAX_OUTPUT_BYTES;
use super::super::error::{
    EXIT_BAD_ARGS, EXIT_BAD_CONNECTION, EXIT_BAD_FEATURE, EXIT_ERROR, EXIT_INTERRUPTED,
    EXIT_INVALID_INPUT,
};
use super::fake::Fake;
use super::model::Model;

/// Every code etcdctl 3.4 exits with (`ctlv3/command/error.go`).
const ETCDCTL_EXIT_CODES: [i32; 7] = [
    0,
    EXIT_ERROR,
    EXIT_BAD_CONNECTION,
    EXIT_INVALID_INPUT,
    EXIT_BAD_FEATURE,
    EXIT_INTERRUPTED,
    EXIT_BAD_ARGS,
];

/// Words that reach deep into the parser, mixed with arbitrary text.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "get",
            "put",
            "del",
            "member",
            "add",
            "list",
            "remove",
            "update",
            "promote",
            "endpoint",
            "health",
            "status",
            "move-leader",
            "version",
            "help",
            "--prefix",
            "--from-key",
            "-w",
            "json",
            "table",
            "fields",
            "simple",
            "protobuf",
            "--cluster",
            "--peer-urls=http://a:1",
            "--endpoints=127.0.0.1:21379,127.0.0.1:22379",
            "--endpoints=",
            "--limit",
            "--rev=-1",
            "--hex",
            "--",
            "-",
            "-h",
            "--debug",
            "''",
            "2bbabdd22fc3c813",
            "zz",
            "--learner",
            "--command-timeout=1s",
            "--dial-timeout=0",
            "--prev-kv",
            "--keys-only",
            "-wjson",
        ])
        .prop_map(str::to_owned),
        ".{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn run_never_panics_and_exits_with_an_etcdctl_code(args in prop::collection::vec(word(), 0..8)) {
        let mut model = Model::scenario1();
        model.refuse("127.0.0.1:22379");
        let fake = Fake::new(model);
        let outcome = fake.run_args(&args, &[], b"");
        // Any of etcdctl's own exit codes: `w` is a prefix of `watch` (cobra prefix matching),
        // and a watch the fake cannot serve ends as etcdctl's ExitInterrupted (5).
        prop_assert!(ETCDCTL_EXIT_CODES.contains(&outcome.code), "exit {} for {:?}", outcome.code, args);
        prop_assert!(outcome.stdout.len() + outcome.stderr.len() <= MAX_OUTPUT_BYTES);
    }
}

#[test]
fn too_many_arguments_are_refused_before_parsing() {
    let fake = Fake::new(Model::scenario1());
    let args = vec!["get".to_owned(); super::super::MAX_ARGS + 1];
    let outcome = fake.run_args(&args, &[], b"");
    assert_eq!(outcome.code, 128);
    assert!(fake.calls.borrow().is_empty());
}
