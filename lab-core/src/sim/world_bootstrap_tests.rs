//! Stories of members of a new cluster asking their peers before they run.

use std::net::Ipv4Addr;

use crate::lab::Lab;
use crate::sim::World;
use crate::time::SimDuration;

/// `etcd --name etcdN` on 127.0.0.1, ports 2N379/2N380, in a three-member cluster.
fn etcd_line(n: u16) -> String {
    let cluster =
        "etcd1=http://127.0.0.1:21380,etcd2=http://127.0.0.1:22380,etcd3=http://127.0.0.1:23380";
    format!(
        "etcd --name etcd{n} --listen-client-urls http://127.0.0.1:2{n}379 \
         --advertise-client-urls http://127.0.0.1:2{n}379 \
         --listen-peer-urls http://127.0.0.1:2{n}380 --data-dir /tmp/etcd{n}.etcd \
         --initial-advertise-peer-urls http://127.0.0.1:2{n}380 --initial-cluster {cluster} \
         --initial-cluster-token tkn --initial-cluster-state new > etcd{n}.log 2>&1 &"
    )
}

/// A lab with one host on which `members` are launched at the same instant.
fn launched_together(members: &[u16]) -> Lab {
    let lab = Lab::new(World::new(7));
    let host = lab
        .add_host("h", Ipv4Addr::new(10, 0, 0, 10))
        .expect("a host");
    lab.type_line(host, "cd /tmp").expect("cd");
    lab.advance(SimDuration::ZERO);
    for &n in members {
        lab.type_line(host, &etcd_line(n)).expect("etcd starts");
        lab.advance(SimDuration::ZERO);
    }
    lab
}

/// Names of the members still in their bootstrap check.
fn checking(lab: &Lab) -> Vec<String> {
    let world = lab.world();
    world
        .members
        .iter()
        .filter(|m| m.boot_check.is_some())
        .map(|m| m.name().to_owned())
        .collect()
}

#[test]
fn three_members_launched_together_wait_one_timeout_per_peer() {
    let lab = launched_together(&[1, 2, 3]);
    lab.advance(SimDuration::from_millis(1_900));
    assert_eq!(checking(&lab), ["etcd1", "etcd2", "etcd3"]);
    assert!(lab.world().leader().is_none(), "nobody runs Raft yet");
    lab.advance(SimDuration::from_millis(200));
    assert!(checking(&lab).is_empty(), "all done after 2 × 1 s");
    lab.advance(SimDuration::from_secs(3));
    assert!(lab.world().leader().is_some());
}

#[test]
fn two_members_launched_together_wait_for_each_other_but_not_for_a_closed_port() {
    // etcd3 is not running: its port refuses, which answers at once.
    let lab = launched_together(&[1, 2]);
    lab.advance(SimDuration::from_millis(900));
    assert_eq!(checking(&lab), ["etcd1", "etcd2"]);
    lab.advance(SimDuration::from_millis(200));
    assert!(checking(&lab).is_empty());
}

#[test]
fn a_member_launched_after_its_peers_serve_does_not_wait() {
    let lab = launched_together(&[1]);
    lab.advance(SimDuration::from_millis(10));
    assert!(
        checking(&lab).is_empty(),
        "nobody listens: every request refused"
    );
    let host = 0;
    lab.type_line(host, &etcd_line(2)).expect("etcd2 starts");
    lab.advance(SimDuration::ZERO);
    lab.advance(SimDuration::from_millis(10));
    assert!(checking(&lab).is_empty(), "etcd1 serves, etcd3 refuses");
}

/// The line of `etcdN.log` that contains `text`.
fn log_line(lab: &Lab, n: u16, text: &str) -> String {
    let log = lab
        .read_file(0, &format!("/tmp/etcd{n}.log"))
        .expect("a log");
    log.lines()
        .find(|l| l.contains(text))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_lines_from_starting_member_on_carry_the_time_the_check_ended() {
    let lab = launched_together(&[1, 2, 3]);
    lab.advance(SimDuration::from_secs(3));
    let advertise = log_line(&lab, 1, "advertise client URLs");
    let starting = log_line(&lab, 1, "starting member");
    let listening = log_line(&lab, 1, "listening for peers");
    // Launched at 10:17:00.00x; two silent peers make it wait 2 s.
    assert!(
        advertise.starts_with("2026-11-22 10:17:00.0"),
        "{advertise}"
    );
    assert!(starting.starts_with("2026-11-22 10:17:02.0"), "{starting}");
    assert!(
        listening.starts_with("2026-11-22 10:17:02.0"),
        "{listening}"
    );
}

#[test]
fn a_wiped_member_started_new_is_refused_once_its_check_is_over() {
    let lab = launched_together(&[1, 2, 3]);
    lab.advance(SimDuration::from_secs(5));
    assert!(lab.world().leader().is_some());
    let host = 0;
    lab.type_line(host, "kill -9 %2; rm -rf /tmp/etcd2.etcd")
        .expect("kill");
    lab.advance(SimDuration::from_secs(1));
    lab.type_line(host, &etcd_line(2)).expect("etcd2 starts");
    lab.advance(SimDuration::ZERO);
    // The banner is out, the refusal is not: etcd asks its peers first.
    assert!(log_line(&lab, 2, "has already been bootstrapped").is_empty());
    assert!(!log_line(&lab, 2, "advertise client URLs").is_empty());
    lab.advance(SimDuration::from_millis(10));
    let refusal = log_line(&lab, 2, "has already been bootstrapped");
    assert!(refusal.contains(" C | etcdmain: member "), "{refusal}");
    assert!(log_line(&lab, 2, "starting member").is_empty());
    assert!(
        !lab.world()
            .members
            .iter()
            .any(|m| m.name() == "etcd2" && m.is_running()),
        "etcd2 exited"
    );
    let has_wal = lab.world().hosts()[host].has_data_dir("/tmp/etcd2.etcd");
    assert!(!has_wal, "no WAL was written");
}

/// etcd2's launch line with its data-dir at `data_dir` instead.
fn etcd2_in(data_dir: &str) -> String {
    etcd_line(2).replace(
        "--data-dir /tmp/etcd2.etcd",
        &format!("--data-dir {data_dir}"),
    )
}

#[test]
fn a_member_bootstrapped_again_from_another_data_dir_is_refused_by_its_peers() {
    let lab = launched_together(&[1, 2, 3]);
    lab.advance(SimDuration::from_secs(5));
    let host = 0;
    lab.type_line(host, "kill -9 %2").expect("kill");
    lab.advance(SimDuration::from_secs(1));
    // Same name, peer URLs and token: the same member id, which the peers know.
    lab.type_line(host, &etcd2_in("/tmp/other.etcd"))
        .expect("etcd2 starts");
    lab.advance(SimDuration::from_millis(20));
    let id = lab.world().members[1].id;
    let refusal = log_line(&lab, 2, "has already been bootstrapped");
    let expected = format!(" C | etcdmain: member {id:x} has already been bootstrapped");
    assert!(refusal.ends_with(&expected), "{refusal}");
    let world = lab.world();
    assert_eq!(world.members.len(), 3, "no second record of etcd2");
    assert!(!world.members[1].is_running());
    assert!(!world.hosts()[host].has_data_dir("/tmp/other.etcd"));
    assert!(world.hosts()[host].has_data_dir("/tmp/etcd2.etcd"), "kept");
    drop(world);
    // Its own data-dir still names it: started from there, it rejoins as before.
    lab.type_line(host, &etcd_line(2)).expect("etcd2 restarts");
    lab.advance(SimDuration::from_secs(3));
    let world = lab.world();
    assert!(world.members[1].is_running());
    assert_eq!(world.members[1].data_dir, "/tmp/etcd2.etcd");
}

#[test]
fn a_second_process_for_a_running_member_is_refused_at_once() {
    let lab = launched_together(&[1, 2, 3]);
    lab.advance(SimDuration::from_secs(5));
    let id = lab.world().members[1].id;
    // Its ports are another address's: only the member id collides.
    let line = etcd2_in("/tmp/other.etcd")
        .replace(
            "--listen-client-urls http://127.0.0.1:22379",
            "--listen-client-urls http://127.0.0.2:22379",
        )
        .replace(
            "--listen-peer-urls http://127.0.0.1:22380",
            "--listen-peer-urls http://127.0.0.2:22380",
        )
        .replace("> etcd2.log", "> again.log");
    lab.type_line(0, &line).expect("etcd2 launched");
    lab.advance(SimDuration::from_millis(20));
    let log = lab.read_file(0, "/tmp/again.log").unwrap_or_default();
    let expected = format!("etcdmain: member {id:x} has already been bootstrapped");
    assert!(log.contains(&expected), "{log}");
    assert!(lab.world().members[1].is_running(), "the first one runs on");
}
