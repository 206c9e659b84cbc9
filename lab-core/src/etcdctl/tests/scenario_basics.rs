//! Scenario 1 (static bootstrap): membership, endpoint health and status, key-value
//! basics, move-leader and version against a healthy three-member cluster.

use super::fake::{Fake, uuid_bits};
use super::model::Model;
use super::{THREE, expect_same, expect_same_now, reference, replay, with_tooks};

fn cluster() -> Fake {
    Fake::new(Model::scenario1())
}

/// The next client's UUID and round-robin start, so the serving member is the recorded one.
fn served_by(fake: &Fake, endpoint_index: u128) {
    fake.script_random(&[
        uuid_bits("00000000-0000-4000-8000-000000000000"),
        endpoint_index,
    ]);
}

#[test]
fn member_list_prints_every_format_as_recorded() {
    let fake = cluster();
    expect_same(&fake, &reference("01", 1));
    served_by(&fake, 1);
    expect_same(&fake, &reference("01", 2));
    let mut fields = Model::scenario1();
    fields.raft_term = 4;
    let fake = Fake::new(fields);
    expect_same(&fake, &reference("01", 135));
    expect_same(&fake, &reference("01", 137));
}

#[test]
fn an_unreachable_default_endpoint_times_out_after_the_command_timeout() {
    let fake = cluster();
    fake.script_random(&[uuid_bits("f15e1250-3632-4bb4-bfe4-b711cb28493c"), 0]);
    expect_same(&fake, &reference("01", 3));
    assert_eq!(
        fake.now() - super::fake::START_MICROS,
        5_000_000,
        "five virtual seconds"
    );
}

#[test]
fn endpoint_health_reports_on_stderr_in_completion_order() {
    let mut model = Model::scenario1();
    model.latency.insert("127.0.0.1:23379".into(), 3_496);
    model.latency.insert("127.0.0.1:21379".into(), 4_561);
    model.latency.insert("127.0.0.1:22379".into(), 5_548);
    let fake = Fake::new(model);
    expect_same(
        &fake,
        &with_tooks(reference("01", 4), &["3.496ms", "4.561ms", "5.548ms"]),
    );
}

#[test]
fn endpoint_health_with_cluster_checks_the_member_list_client_urls() {
    let mut model = Model::scenario1();
    model.latency.insert("127.0.0.1:23379".into(), 3_515);
    model.latency.insert("127.0.0.1:22379".into(), 3_525);
    model.latency.insert("127.0.0.1:21379".into(), 3_517);
    let fake = Fake::new(model);
    // The member list comes from 21379 first, then the three checks race.
    let expected = with_tooks(reference("01", 5), &["3.515ms", "3.517ms", "3.525ms"]);
    let outcome = replay(&fake, &expected);
    assert_eq!(outcome.code, 0);
    assert_eq!(
        outcome.stderr,
        "http://127.0.0.1:23379 is healthy: successfully committed proposal: took = 3.515ms\n\
         http://127.0.0.1:21379 is healthy: successfully committed proposal: took = 3.517ms\n\
         http://127.0.0.1:22379 is healthy: successfully committed proposal: took = 3.525ms\n"
    );
}

#[test]
fn endpoint_health_table_and_json() {
    let mut model = Model::scenario1();
    model.latency.insert("127.0.0.1:21379".into(), 2_706);
    model.latency.insert("127.0.0.1:22379".into(), 2_729);
    model.latency.insert("127.0.0.1:23379".into(), 3_211);
    let fake = Fake::new(model);
    let json = reference("01", 7)
        .stdout
        .replace("2.706232ms", "2.706ms")
        .replace("2.729606ms", "2.729ms")
        .replace("3.211606ms", "3.211ms");
    let outcome = fake.run(&format!("{THREE} endpoint health -w json"));
    assert_eq!(
        (outcome.stdout, outcome.stderr.as_str(), outcome.code),
        (json, "", 0)
    );
    let table = fake.run(&format!("{THREE} endpoint health -w table"));
    assert_eq!(
        table.stdout,
        "+-----------------+--------+---------+-------+\n\
         |    ENDPOINT     | HEALTH |  TOOK   | ERROR |\n\
         +-----------------+--------+---------+-------+\n\
         | 127.0.0.1:21379 |   true | 2.706ms |       |\n\
         | 127.0.0.1:22379 |   true | 2.729ms |       |\n\
         | 127.0.0.1:23379 |   true | 3.211ms |       |\n\
         +-----------------+--------+---------+-------+\n"
    );
}

#[test]
fn endpoint_status_prints_every_format_as_recorded() {
    let fake = cluster();
    for index in [8, 9, 10, 11] {
        expect_same(&fake, &reference("01", index));
    }
    let mut busy = Model::scenario1();
    (busy.revision, busy.raft_term, busy.raft_index, busy.db_size) = (9024, 4, 9050, 22_007_808);
    expect_same(&Fake::new(busy), &reference("01", 136));
}

#[test]
fn key_value_basics_match_the_recording_step_by_step() {
    let fake = cluster();
    expect_same(&fake, &reference("01", 13));
    expect_same(&fake, &reference("01", 14));
    served_by(&fake, 2);
    expect_same(&fake, &reference("01", 15));
    served_by(&fake, 0);
    expect_same(&fake, &reference("01", 16));
    expect_same(&fake, &reference("01", 17));
    for index in 19..=29 {
        expect_same(&fake, &reference("01", index));
    }
    served_by(&fake, 1);
    expect_same(&fake, &reference("01", 30));
    expect_same(&fake, &reference("01", 31));
    expect_same(&fake, &reference("01", 32));
    served_by(&fake, 2);
    expect_same(&fake, &reference("01", 33));
    expect_same(&fake, &reference("01", 36));
    served_by(&fake, 1);
    expect_same(&fake, &reference("01", 37));
    for index in 38..=47 {
        expect_same(&fake, &reference("01", index));
    }
}

#[test]
fn unknown_flags_print_the_command_usage_on_stdout() {
    let fake = cluster();
    for index in [34, 35] {
        let mut expected = reference("01", index);
        expected.stdout = include_str!("usage_get.txt").to_owned();
        expect_same(&fake, &expected);
    }
    assert!(fake.calls.borrow().is_empty(), "a flag error sends nothing");
}

#[test]
fn move_leader_finds_the_leader_through_statuses() {
    let fake = cluster();
    expect_same(&fake, &reference("01", 120));
    expect_same(&fake, &reference("01", 121));
    expect_same(&fake, &reference("01", 123));
    // One client over all endpoints, then one for the leader, which names the warning.
    fake.script_random(&[0, 0, uuid_bits("ca403380-17de-4036-b247-aec5436a0e89"), 0]);
    expect_same_now(&fake, &reference("01", 124));
    expect_same(&fake, &reference("01", 125));
    expect_same(&fake, &reference("01", 126));
    expect_same(&fake, &reference("01", 127));
}

#[test]
fn version_needs_no_cluster() {
    let fake = cluster();
    expect_same(&fake, &reference("01", 117));
    expect_same(&fake, &reference("01", 118));
    assert!(fake.calls.borrow().is_empty());
}

#[test]
fn get_with_protobuf_prints_the_raw_message() {
    let fake = cluster();
    expect_same(&fake, &reference("01", 13));
    served_by(&fake, 1);
    let outcome = fake.run(&format!("{THREE} get foo -w protobuf"));
    let recorded: &[u8] = b"\n\x18\x08\x85\xb8\xb3\x89\x99\x9a\xf7\x847\x10\xc7\x9a\x80\xe9\xce\xcc\xfc\xa8*\x18\x02 \x02\x12\x10\n\x03foo\x10\x02\x18\x02 \x01*\x03bar \x01";
    assert_eq!(
        (outcome.stdout_bytes.as_slice(), outcome.code),
        (recorded, 0),
        "the bytes `od -c` showed"
    );
}
