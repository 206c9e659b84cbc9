//! `endpoint hashkv`: the recorded table of scenario 1, the other formats as etcdctl's
//! printers write them, `--rev`, `--cluster`, and an endpoint that cannot answer.

use super::super::ServerError;
use super::fake::Fake;
use super::model::Model;
use super::{THREE, expect_same, reference};

const HASH: u32 = 1_084_519_789;

fn cluster() -> Fake {
    Fake::new(Model::scenario1())
}

#[test]
fn hashkv_prints_the_recorded_table() {
    expect_same(&cluster(), &reference("01", 12));
}

#[test]
fn hashkv_simple_prints_endpoint_and_hash_per_line() {
    let outcome = cluster().run(&format!("{THREE} endpoint hashkv"));
    assert_eq!(
        outcome.stdout,
        format!("127.0.0.1:21379, {HASH}\n127.0.0.1:22379, {HASH}\n127.0.0.1:23379, {HASH}\n")
    );
    assert_eq!((outcome.stderr.as_str(), outcome.code), ("", 0));
}

#[test]
fn hashkv_json_nests_each_response_under_its_endpoint() {
    let outcome = cluster().run("--endpoints=127.0.0.1:21379 endpoint hashkv -w json");
    assert_eq!(
        outcome.stdout,
        "[{\"Endpoint\":\"127.0.0.1:21379\",\"HashKV\":{\"header\":{\"cluster_id\":3965943739518344197,\
         \"member_id\":11795863396876213269,\"revision\":1,\"raft_term\":2},\
         \"hash\":1084519789,\"compact_revision\":-1}}]\n"
    );
}

#[test]
fn hashkv_fields_print_the_header_endpoint_and_hash() {
    let outcome = cluster().run("--endpoints=127.0.0.1:22379 endpoint hashkv -w fields");
    assert_eq!(
        outcome.stdout,
        "\"ClusterID\" : 3965943739518344197\n\"MemberID\" : 3049484937995488583\n\
         \"Revision\" : 1\n\"RaftTerm\" : 2\n\"Endpoint\" : \"127.0.0.1:22379\"\n\
         \"Hash\" : 1084519789\n\n"
    );
}

#[test]
fn hashkv_sends_the_rev_flag_and_asks_every_member_of_the_list_with_cluster() {
    let fake = cluster();
    let outcome = fake.run("--endpoints=127.0.0.1:21379 endpoint hashkv --cluster --rev 7");
    assert_eq!(outcome.code, 0);
    let calls = fake.calls.borrow();
    let hashed: Vec<&str> = calls
        .iter()
        .filter(|(_, r)| *r == super::super::Request::HashKv { revision: 7 })
        .map(|(ep, _)| ep.as_str())
        .collect();
    assert_eq!(
        hashed,
        [
            "http://127.0.0.1:22379",
            "http://127.0.0.1:23379",
            "http://127.0.0.1:21379"
        ],
        "one call per client URL, in member-list order"
    );
}

#[test]
fn a_failing_endpoint_is_reported_then_ends_the_command_with_its_error() {
    let mut model = Model::scenario1();
    model
        .errors
        .insert("127.0.0.1:22379".into(), ServerError::future_rev());
    let outcome = Fake::new(model).run(&format!("{THREE} endpoint hashkv --rev 99"));
    assert_eq!(
        outcome.stdout,
        format!("127.0.0.1:21379, {HASH}\n127.0.0.1:23379, {HASH}\n")
    );
    assert!(
        outcome.stderr.ends_with(
            "Failed to get the hash of endpoint 127.0.0.1:22379 \
             (etcdserver: mvcc: required revision is a future revision)\n\
             Error: etcdserver: mvcc: required revision is a future revision\n"
        ),
        "{}",
        outcome.stderr
    );
    assert_eq!(outcome.code, 1);
}

#[test]
fn protobuf_output_is_refused_as_etcdctl_refuses_it() {
    let outcome = cluster().run(&format!("{THREE} endpoint hashkv -w protobuf"));
    assert_eq!(outcome.code, 4, "{outcome:?}");
}
