//! The v2 keys commands against etcd 3.4.23's recorded answers
//! (lab-core/tests/data/v2keys-reference.md): a fake member answers each request with the
//! body and `X-Etcd-Index` the real one gave, and the request must be the one the Go
//! client sends.

use std::cell::RefCell;

use super::tests::{Fake, KeysReply, nobody, recorded_in, run};

const REFERENCE: &str = include_str!("../../../tests/data/v2keys-reference.md");
const K1: &str = "http://127.0.0.1:31379";
const PREFIX: &str = "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:31379 ";
const K1_LIST: &str = r#"{"members":[{"id":"8e9e05c52164694d","name":"k1","peerURLs":["http://127.0.0.1:31380"],"clientURLs":["http://127.0.0.1:31379"]}]}
"#;

/// Member k1, answering the sync and then `keys` in order.
fn k1(keys: Vec<KeysReply>) -> Fake {
    Fake {
        replies: vec![(K1, "/v2/members", 200, K1_LIST)],
        keys: RefCell::new(keys.into()),
        asked: RefCell::default(),
    }
}

/// Runs `command` (recorded after [`PREFIX`]) against `api`; it must print what etcdctl
/// printed and use up every canned answer.
fn check(command: &str, api: &Fake) {
    let line = format!("{PREFIX}{command}");
    let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
    assert_eq!(run(args, api), recorded_in(REFERENCE, &line), "{line}");
    assert!(api.keys.borrow().is_empty(), "{line}: requests not made");
}

const GET_NOPE: &str = "GET /v2/keys/nope?quorum=false&recursive=false&sorted=false";
const NOT_FOUND: &str = r#"{"errorCode":100,"message":"Key not found","cause":"/nope","index":4}
"#;

#[test]
fn a_missing_key_is_etcds_error_100_with_status_4() {
    check("get /nope", &k1(vec![(GET_NOPE, 404, NOT_FOUND, 4)]));
}

#[test]
fn set_prints_the_value_or_the_extended_headers() {
    let set_two = r#"{"action":"set","node":{"key":"/fmt","value":"two","modifiedIndex":27,"createdIndex":27},"prevNode":{"key":"/fmt","value":"one","modifiedIndex":26,"createdIndex":26}}
"#;
    let put = "PUT /v2/keys/fmt";
    check(
        "-o extended set /fmt two",
        &k1(vec![(put, 200, set_two, 27)]),
    );
    check(
        "set /foo bar",
        &k1(vec![(
            "PUT /v2/keys/foo",
            201,
            r#"{"action":"set","node":{"key":"/foo","value":"bar","modifiedIndex":4,"createdIndex":4}}"#,
            4,
        )]),
    );
}

#[test]
fn get_refuses_a_directory_and_ls_lists_it() {
    let dir = r#"{"action":"get","node":{"key":"/fdir","dir":true,"nodes":[{"key":"/fdir/k","value":"v","modifiedIndex":37,"createdIndex":37}],"modifiedIndex":34,"createdIndex":34}}
"#;
    let get = "GET /v2/keys/dir?quorum=false&recursive=false&sorted=false";
    let other =
        r#"{"action":"get","node":{"key":"/dir","dir":true,"modifiedIndex":10,"createdIndex":10}}"#;
    check("get /dir", &k1(vec![(get, 200, other, 13)]));
    let ls = "GET /v2/keys/fdir?quorum=false&recursive=false&sorted=false";
    check("-o json ls /fdir", &k1(vec![(ls, 200, dir, 37)]));
}

#[test]
fn removing_a_directory_prints_nothing_and_a_key_its_old_value() {
    let rmdir = r#"{"action":"delete","node":{"key":"/dir/sub","dir":true,"modifiedIndex":16,"createdIndex":11},"prevNode":{"key":"/dir/sub","dir":true,"modifiedIndex":11,"createdIndex":11}}
"#;
    check(
        "rmdir /dir/sub",
        &k1(vec![("DELETE /v2/keys/dir/sub?dir=true", 200, rmdir, 16)]),
    );
    let rm = r#"{"action":"delete","node":{"key":"/dir/sub/b","modifiedIndex":14,"createdIndex":12},"prevNode":{"key":"/dir/sub/b","value":"2","modifiedIndex":12,"createdIndex":12}}
"#;
    check(
        "rm /dir/sub/b",
        &k1(vec![("DELETE /v2/keys/dir/sub/b", 200, rm, 14)]),
    );
}

#[test]
fn a_watch_prints_the_event_it_waited_for() {
    let event = r#"{"action":"set","node":{"key":"/wd/x","value":"1","modifiedIndex":56,"createdIndex":56}}
"#;
    let wait = "GET /v2/keys/wd?recursive=true&wait=true&waitIndex=56";
    check(
        "watch -r --after-index 56 /wd",
        &k1(vec![(wait, 200, event, 65)]),
    );
    let deleted = r#"{"action":"delete","node":{"key":"/w","modifiedIndex":53,"createdIndex":52},"prevNode":{"key":"/w","value":"four","modifiedIndex":52,"createdIndex":52}}
"#;
    let wait = "GET /v2/keys/w?recursive=false&wait=true&waitIndex=52";
    check(
        "-o extended watch --after-index 52 /w",
        &k1(vec![(wait, 200, deleted, 65)]),
    );
}

#[test]
fn a_watch_skips_directory_events_and_asks_again_after_an_empty_answer() {
    let dir_event =
        r#"{"action":"create","node":{"key":"/w","dir":true,"modifiedIndex":5,"createdIndex":5}}"#;
    let event =
        r#"{"action":"set","node":{"key":"/w","value":"one","modifiedIndex":7,"createdIndex":7}}"#;
    let api = k1(vec![
        (
            "GET /v2/keys/w?recursive=false&wait=true&waitIndex=0",
            200,
            dir_event,
            4,
        ),
        (
            "GET /v2/keys/w?recursive=false&wait=true&waitIndex=6",
            200,
            "",
            5,
        ),
        (
            "GET /v2/keys/w?recursive=false&wait=true&waitIndex=6",
            200,
            event,
            5,
        ),
    ]);
    assert_eq!(
        run("--endpoints http://127.0.0.1:31379 watch /w", &api),
        ("one\n".to_owned(), String::new(), 0)
    );
}

#[test]
fn flag_mistakes_print_the_command_help_before_any_request() {
    for command in [
        "get --bogus /fmt",
        "set --ttl abc /ttlkey v",
        "watch --after-index abc /w",
    ] {
        let api = nobody();
        check(command, &api);
        assert!(api.asked.borrow().is_empty());
    }
}

#[test]
fn every_keys_command_has_etcdctls_help() {
    for command in [
        "get --help",
        "set --help",
        "help ls",
        "rm -h",
        "watch --help",
        "mkdir --help",
        "mk --help",
        "update --help",
        "updatedir --help",
        "rmdir --help",
        "setdir --help",
        "exec-watch --help",
    ] {
        check(command, &nobody());
    }
}

#[test]
fn argument_mistakes_fail_after_the_sync() {
    for command in ["get", "set /foo", "mk /k", "watch", "rmdir"] {
        check(command, &k1(Vec::new()));
    }
}

#[test]
fn a_member_without_v2_and_no_member_at_all_fail_as_recorded() {
    let s1 = "http://127.0.0.1:34379";
    let api = Fake {
        replies: vec![(s1, "/v2/members", 404, "404 page not found\n")],
        keys: RefCell::new(
            vec![(
                "GET /v2/keys/foo?quorum=false&recursive=false&sorted=false",
                404,
                "404 page not found\n",
                0,
            )]
            .into(),
        ),
        asked: RefCell::default(),
    };
    let line = "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:34379 get /foo";
    let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
    assert_eq!(run(args, &api), recorded_in(REFERENCE, line));
    let line = "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:35379 get /foo";
    let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
    assert_eq!(run(args, &nobody()), recorded_in(REFERENCE, line));
}
