//! Scenario 5 (runtime reconfiguration): member add (voter and learner) with its `ETCD_*`
//! lines, promote, update, remove, their argument errors, and a learner refusing RPCs,
//! which clientv3 retries a hundred times for the repeatable ones.

use super::super::{Member, ServerError};
use super::fake::{Fake, uuid_bits};
use super::model::Model;
use super::{expect_same, expect_same_now, reference, replay};

const ETCD4: u64 = 0x80dbc500c75cda70;
const ETCD5: u64 = 0xd8e6dd720edd0705;
const ETCD6: u64 = 0xfb36eae8c779f334;

fn bootstrap() -> Model {
    Model::new(
        13_061_948_520_221_260,
        &[
            (0x3d9370c3ff33f51a, "etcd2", 22),
            (0xe23d53496989d28a, "etcd3", 23),
            (0xed25c4ac0b3c8f83, "etcd1", 21),
        ],
        0xe23d53496989d28a,
    )
}

fn started(model: &mut Model, id: u64, name: &str, port: u32, is_learner: bool) {
    model.members.push(Member {
        id,
        name: name.to_owned(),
        peer_urls: vec![format!("http://127.0.0.1:{port}380")],
        client_urls: vec![format!("http://127.0.0.1:{port}379")],
        is_learner,
    });
    model.members.sort_by_key(|m| m.id);
}

fn client_named(fake: &Fake, uuid: &str) {
    fake.script_random(&[uuid_bits(uuid), 0]);
}

#[test]
fn member_add_prints_the_environment_for_the_new_member() {
    let fake = Fake::new(bootstrap());
    for index in [3, 4] {
        expect_same(&fake, &reference("05", index));
    }
    fake.script_random(&[0, 0]);
    expect_same(&fake, &reference("05", 5));
    fake.model.borrow_mut().next_member_id = ETCD5;
    expect_same(&fake, &reference("05", 10));
    expect_same(&fake, &reference("05", 11));
    for index in [12, 14, 15] {
        expect_same(&fake, &reference("05", index));
    }
}

#[test]
fn learners_are_added_unstarted_and_listed_as_learners() {
    let mut model = bootstrap();
    started(&mut model, ETCD4, "etcd4", 24, false);
    started(&mut model, ETCD5, "etcd5", 25, false);
    model.next_member_id = ETCD6;
    let fake = Fake::new(model);
    expect_same(&fake, &reference("05", 25));
    expect_same(&fake, &reference("05", 26));
}

#[test]
fn refused_reconfigurations_show_the_server_error() {
    let mut model = bootstrap();
    model
        .errors
        .insert("127.0.0.1:21379".into(), ServerError::unhealthy_cluster());
    let fake = Fake::new(model);
    client_named(&fake, "52c11c68-a8be-468b-863b-edbf681c2a71");
    expect_same_now(&fake, &reference("05", 2));
    fake.model
        .borrow_mut()
        .errors
        .insert("127.0.0.1:21379".into(), ServerError::learner_not_ready());
    client_named(&fake, "5295836e-5f95-42d2-92cc-126f43bd87e5");
    expect_same_now(&fake, &reference("05", 27));
    fake.model
        .borrow_mut()
        .errors
        .insert("127.0.0.1:21379".into(), ServerError::peer_url_exist());
    client_named(&fake, "0a9a7e8f-4ddb-4245-aba9-74b63b33ea4e");
    expect_same_now(&fake, &reference("05", 42));
}

#[test]
fn promote_update_and_remove_name_the_member_and_the_cluster() {
    let mut model = bootstrap();
    started(&mut model, ETCD4, "etcd4", 24, false);
    started(&mut model, ETCD5, "etcd5", 25, false);
    started(&mut model, ETCD6, "etcd6", 26, false);
    let fake = Fake::new(model);
    for (index, uuid) in [
        (41, "da8b1710-1889-4d53-93b1-8cbbd6593e03"),
        (43, "98111cac-e3af-4ee1-927d-7de814a3722f"),
    ] {
        client_named(&fake, uuid);
        expect_same_now(&fake, &reference("05", index));
    }
    for index in [44, 45, 46, 49, 51] {
        expect_same(&fake, &reference("05", index));
    }
    for (index, uuid) in [
        (52, "63971d61-21c7-46b1-945b-9115e99598f3"),
        (53, "4efbe77e-cba2-4076-9754-3d5a3ad556a4"),
    ] {
        client_named(&fake, uuid);
        expect_same_now(&fake, &reference("05", index));
    }
    for index in [54, 55, 56] {
        expect_same(&fake, &reference("05", index));
    }
}

#[test]
fn move_leader_needs_the_leader_among_the_endpoints() {
    let mut model = bootstrap();
    started(&mut model, ETCD6, "etcd6", 26, false);
    expect_same(&Fake::new(model), &reference("05", 36));
}

#[test]
fn a_learner_refuses_writes_once_and_reads_a_hundred_times() {
    let mut model = bootstrap();
    started(&mut model, 0x63744de0d3dc5604, "etcd7", 27, true);
    model.errors.insert(
        "127.0.0.1:27379".into(),
        ServerError::not_supported_for_learner(),
    );
    let fake = Fake::new(model);
    client_named(&fake, "87d2f144-676a-4498-9f76-f67f3cfff19c");
    expect_same_now(&fake, &reference("05", 64));
    for index in [65, 67, 68] {
        let expected = reference("05", index);
        let before = fake.now();
        let outcome = replay(&fake, &expected);
        let without_ts = |text: &str| -> Vec<String> {
            text.lines()
                .map(|l| l.split("\"caller\"").last().unwrap_or(l).to_owned())
                .collect()
        };
        let mut recorded = without_ts(&expected.stderr);
        let mut got = without_ts(&outcome.stderr);
        // The client's name is random; compare the lines past it.
        for line in recorded.iter_mut().chain(got.iter_mut()) {
            *line = line.split("/127.0.0.1").last().unwrap_or(line).to_owned();
        }
        assert_eq!(got, recorded, "`{}`", expected.cmd);
        assert_eq!(outcome.code, 1);
        let waited = fake.now() - before;
        assert!(
            (99 * 22_500..=99 * 27_500 + 200_000).contains(&waited),
            "99 backoffs of 25 ms ± 10 %: {waited}"
        );
    }
}

/// Scenario 5 after etcd3's removal: etcd1 leads at term 3, etcd2's database is larger.
fn after_removal() -> Model {
    let mut model = bootstrap();
    model.members.retain(|m| m.name != "etcd3");
    started(&mut model, ETCD5, "etcd5", 25, false);
    started(&mut model, ETCD6, "etcd6", 26, false);
    (model.leader, model.raft_term) = (0xed25c4ac0b3c8f83, 3);
    model.db_size_of.insert(0x3d9370c3ff33f51a, 24_576);
    model
}

#[test]
fn status_of_the_cluster_follows_the_member_list() {
    let mut model = bootstrap();
    model.raft_index = 9;
    model.db_size_of.insert(0x3d9370c3ff33f51a, 24_576);
    expect_same(&Fake::new(model), &reference("05", 7));

    let mut model = after_removal();
    model.raft_index = 31;
    for port in [21, 22, 25, 26] {
        model.latency.insert(format!("127.0.0.1:{port}379"), 0);
    }
    expect_same_now(&Fake::new(model), &reference("05", 59));
}

#[test]
fn a_learner_added_to_the_cluster_shows_in_status() {
    let mut model = after_removal();
    model.next_member_id = 0x63744de0d3dc5604;
    let fake = Fake::new(model);
    expect_same(&fake, &reference("05", 60));
    {
        let mut model = fake.model.borrow_mut();
        model.raft_index = 33;
        model.members.retain(|m| m.id != 0x63744de0d3dc5604);
        started(&mut model, 0x63744de0d3dc5604, "etcd7", 27, true);
    }
    expect_same(&fake, &reference("05", 62));
    expect_same(&fake, &reference("05", 63));
}
