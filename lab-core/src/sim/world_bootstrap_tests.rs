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
