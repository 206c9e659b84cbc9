//! Scenario 3 (kill the leader, then lose quorum): timeouts, refused connections, server
//! errors and the per-endpoint reports of `endpoint status` and `endpoint health`.

use super::super::ServerError;
use super::fake::{Fake, uuid_bits};
use super::model::Model;
use super::{expect_same, expect_same_now, reference, replay, with_tooks};

fn client_named(fake: &Fake, uuid: &str) {
    fake.script_random(&[uuid_bits(uuid), 0]);
}

#[test]
fn a_put_forwarded_to_a_dead_leader_times_out() {
    let mut model = Model::scenario3();
    model.hung = vec!["127.0.0.1:21379".into(), "127.0.0.1:23379".into()];
    let fake = Fake::new(model);
    client_named(&fake, "2723d52c-b560-4681-b2a0-327484f58fcc");
    expect_same_now(&fake, &reference("03", 2));
}

#[test]
fn endpoint_status_reports_a_refused_endpoint_and_prints_the_others() {
    let mut model = Model::scenario3();
    model.refuse("127.0.0.1:22379");
    model.latency.insert("127.0.0.1:21379".into(), 0);
    model.latency.insert("127.0.0.1:23379".into(), 0);
    let fake = Fake::new(model);
    expect_same_now(&fake, &reference("03", 4));
}

#[test]
fn endpoint_health_waits_for_the_refused_endpoint_and_fails() {
    let mut model = Model::scenario3();
    model.refuse("127.0.0.1:22379");
    model.latency.insert("127.0.0.1:23379".into(), 3_700);
    model.latency.insert("127.0.0.1:21379".into(), 4_087);
    let fake = Fake::new(model);
    let uuid = uuid_bits("d3334e87-ef0d-4a91-8a7b-a61d0bdbb378");
    fake.script_random(&[uuid, 0, uuid, 0, uuid, 0]);
    expect_same_now(
        &fake,
        &with_tooks(reference("03", 5), &["3.7ms", "4.087ms"]),
    );
}

#[test]
fn without_quorum_writes_and_linearizable_reads_time_out_but_serializable_reads_work() {
    let mut model = Model::scenario3();
    (model.raft_term, model.raft_index, model.revision) = (5, 15, 3);
    model.quorum_lost = true;
    model.kvs.insert(b"k1".to_vec(), kv("k1", "v1", 2));
    model
        .kvs
        .insert(b"k3".to_vec(), kv("k3", "v3-put-after-new-leader", 3));
    let fake = Fake::new(model);
    client_named(&fake, "be7b0342-c1d2-4ea4-bddb-dd1e4911af49");
    expect_same_now(&fake, &reference("03", 14));
    for index in [15, 16, 17, 18, 20, 21] {
        expect_same(&fake, &reference("03", index));
    }
    client_named(&fake, "4862dc27-d501-41ab-a73e-91cc16bb6caf");
    expect_same_now(&fake, &reference("03", 19));
    client_named(&fake, "5f53fb41-df3b-4675-8712-97371e309cc8");
    expect_same_now(&fake, &reference("03", 31));
}

#[test]
fn server_errors_end_the_command_with_their_text() {
    let mut model = Model::scenario3();
    model
        .errors
        .insert("127.0.0.1:23379".into(), ServerError::request_timed_out());
    let fake = Fake::new(model);
    client_named(&fake, "28338d78-22de-48f3-8fe3-5fa637ae4b83");
    expect_same_now(&fake, &reference("03", 13));

    let mut model = Model::scenario3();
    model.errors.insert(
        "127.0.0.1:23379".into(),
        ServerError::server_context_deadline(),
    );
    model.latency.insert("127.0.0.1:23379".into(), 7_000_000);
    let fake = Fake::new(model);
    client_named(&fake, "8469bd7c-1c9e-4ddd-90f7-da62344b0653");
    expect_same_now(&fake, &reference("03", 33));
}

#[test]
fn health_of_a_cluster_without_quorum_lists_every_member_as_unhealthy() {
    let mut model = Model::scenario3();
    model.quorum_lost = true;
    model.refuse("127.0.0.1:21379");
    model.refuse("127.0.0.1:22379");
    let fake = Fake::new(model);
    let outcome = replay(&fake, &reference("03", 22));
    let mut lines: Vec<&str> = outcome
        .stderr
        .lines()
        .filter(|l| !l.starts_with('{'))
        .collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "Error: unhealthy cluster",
            "http://127.0.0.1:21379 is unhealthy: failed to commit proposal: context deadline exceeded",
            "http://127.0.0.1:22379 is unhealthy: failed to commit proposal: context deadline exceeded",
            "http://127.0.0.1:23379 is unhealthy: failed to commit proposal: context deadline exceeded",
        ]
    );
    assert_eq!(
        outcome
            .stderr
            .lines()
            .filter(|l| l.contains("SubConns are in TransientFailure"))
            .count(),
        2
    );
    assert_eq!(outcome.code, 1);
}

#[test]
fn status_of_the_cluster_waits_for_each_refused_member_in_turn() {
    let mut model = Model::scenario3();
    (model.raft_term, model.raft_index, model.revision) = (5, 15, 3);
    model.quorum_lost = true;
    model.refuse("127.0.0.1:21379");
    model.refuse("127.0.0.1:22379");
    let fake = Fake::new(model);
    let expected = reference("03", 23);
    let outcome = replay(&fake, &expected);
    assert_eq!(outcome.stdout, expected.stdout);
    let strip_ts = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split("\"caller\"").last().unwrap_or(l).to_owned())
            .collect()
    };
    assert_eq!(strip_ts(&outcome.stderr), strip_ts(&expected.stderr));
    assert_eq!(outcome.code, 1);
    assert!(
        fake.now() - super::fake::START_MICROS >= 10_000_000,
        "two full timeouts"
    );
}

#[test]
fn an_unknown_status_is_shown_whole() {
    let mut model = Model::scenario3();
    model.refuse("127.0.0.1:21379");
    model.refuse("127.0.0.1:22379");
    model.errors.insert(
        "127.0.0.1:23379".into(),
        ServerError::server_context_deadline(),
    );
    let fake = Fake::new(model);
    let outcome = replay(&fake, &reference("03", 28));
    assert!(outcome.stderr.contains(
        "127.0.0.1:23379 is unhealthy: failed to commit proposal: rpc error: code = Unknown desc = context deadline exceeded\n"
    ));
    assert_eq!(outcome.code, 1);
}

fn kv(key: &str, value: &str, revision: i64) -> super::super::KeyValue {
    super::super::KeyValue {
        key: key.as_bytes().to_vec(),
        value: value.as_bytes().to_vec(),
        create_revision: revision,
        mod_revision: revision,
        version: 1,
        lease: 0,
    }
}

#[test]
fn a_read_refused_as_unavailable_is_retried_on_the_next_endpoint() {
    let mut model = Model::scenario3();
    model
        .errors
        .insert("127.0.0.1:21379".into(), ServerError::leader_changed());
    model.kvs.insert(b"k1".to_vec(), kv("k1", "v1", 2));
    let fake = Fake::new(model);
    client_named(&fake, "2723d52c-b560-4681-b2a0-327484f58fcc");
    let outcome = fake.run(&format!("{} get k1", super::THREE));
    assert_eq!(outcome.stdout, "k1\nv1\n");
    assert!(outcome.stderr.ends_with(
        "\"target\":\"endpoint://client-2723d52c-b560-4681-b2a0-327484f58fcc/127.0.0.1:21379\",\"attempt\":0,\"error\":\"rpc error: code = Unavailable desc = etcdserver: leader changed\"}\n"
    ));
    assert_eq!(outcome.code, 0);
    let served: Vec<String> = fake
        .calls
        .borrow()
        .iter()
        .map(|(ep, _)| ep.clone())
        .collect();
    assert_eq!(
        served,
        ["127.0.0.1:21379", "127.0.0.1:22379"],
        "the retry moves on without a backoff"
    );
}

#[test]
fn a_write_refused_as_unavailable_is_not_retried() {
    let mut model = Model::scenario3();
    model
        .errors
        .insert("127.0.0.1:21379".into(), ServerError::leader_changed());
    let fake = Fake::new(model);
    client_named(&fake, "2723d52c-b560-4681-b2a0-327484f58fcc");
    let outcome = fake.run(&format!("{} put k2 v2", super::THREE));
    assert!(
        outcome
            .stderr
            .ends_with("Error: etcdserver: leader changed\n")
    );
    assert_eq!((outcome.code, fake.calls.borrow().len()), (1, 1));
}
