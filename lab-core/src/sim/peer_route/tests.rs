//! Stories of peer routing: the sender's membership decides the address, and the process
//! found there decides whether to take the message.

use std::net::Ipv4Addr;

use super::*;
use crate::sim::{Command, EtcdIdentity, EtcdLaunch, ListenAddr};
use crate::time::SimDuration;

fn ip(host: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 0, 0, host)
}

fn url(host: u8) -> String {
    format!("http://{}:2380", ip(host))
}

/// etcd `name` on host 10.0.0.`at`, in the cluster of `token` whose members sit on `cluster`.
fn launch(name: &str, at: u8, token: &str, cluster: &[(&str, u8)]) -> EtcdLaunch {
    EtcdLaunch {
        name: name.into(),
        data_dir: "/var/lib/etcd".into(),
        listen_peer: vec![ListenAddr {
            ip: ip(at),
            port: 2380,
            secure: false,
        }],
        listen_client: vec![ListenAddr {
            ip: ip(at),
            port: 2379,
            secure: false,
        }],
        identity: EtcdIdentity {
            token: token.into(),
            peer_urls: vec![url(at)],
            client_urls: vec![format!("http://{}:2379", ip(at))],
            initial_cluster: cluster
                .iter()
                .map(|(n, h)| ((*n).to_owned(), vec![url(*h)]))
                .collect(),
        },
        new_cluster: true,
        // etcd's defaults; a snapshot count of 0 means etcd's default too.
        heartbeat_interval_ms: 100,
        election_timeout_ms: 1_000,
        ..EtcdLaunch::default()
    }
}

const A: [(&str, u8); 3] = [("etcd-1", 1), ("etcd-2", 2), ("etcd-3", 3)];
const B: [(&str, u8); 3] = [("etcd-1", 4), ("etcd-2", 5), ("etcd-3", 3)];

/// Hosts 10.0.0.1..=5 with firewalld stopped, and cluster A running on the first three.
fn cluster_a() -> World {
    let mut world = World::new(9);
    for h in 1..=5u8 {
        let name = format!("h{h}");
        world
            .apply(Command::AddHost { name, ip: ip(h) })
            .expect("host");
        world.set_firewalld_running(usize::from(h - 1), false);
    }
    for (i, (name, at)) in A.iter().enumerate() {
        world
            .spawn_etcd(i, vec![], launch(name, *at, "tkn-a", &A), None, None)
            .expect("starts");
    }
    world.advance(SimDuration::from_secs(3));
    world
}

fn index_on_host(world: &World, host: usize) -> usize {
    world
        .members
        .iter()
        .position(|m| m.host == host && m.is_running())
        .unwrap_or(usize::MAX)
}

fn log_of(world: &mut World, idx: usize) -> String {
    world.sync_processes();
    let host = world.members[idx].host;
    let pid = world.hosts[host]
        .processes
        .iter()
        .map(|p| p.pid)
        .next()
        .unwrap_or_default();
    world
        .drain_process_output(host, pid)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn a_member_sends_to_the_address_its_own_membership_lists() {
    let mut world = cluster_a();
    let (m1, m3) = (index_on_host(&world, 0), index_on_host(&world, 2));
    let id3 = world.members[m3].id;
    assert_eq!(
        world.peer_addrs(m1, id3)[0],
        Some(PeerAddr {
            ip: ip(3),
            port: 2380,
            https: false,
        })
    );
    assert_eq!(world.dial_peer(m1, id3), Ok(m3));
    // `member update`: the URL moves to host 4, where nothing listens yet.
    world
        .member_update_by_urls(m1, id3, vec![url(4)])
        .expect("update proposed");
    world.advance(SimDuration::from_secs(1));
    assert_eq!(
        world.peer_addrs(m1, id3)[0].map(|a| a.ip),
        Some(ip(4)),
        "the cached route follows the membership"
    );
    assert_eq!(
        world.dial_peer(m1, id3),
        Err(PeerDialError::Connect(ConnectError::Refused))
    );
    // etcd-3 still dials etcd-1 (its view of etcd-1 did not change), so etcd-1's messages
    // still reach it over that stream, as with real etcd (routing-reference.md, experiment 2).
    let hop = world.route_message(m1, id3).expect("over etcd-3's stream");
    assert_eq!(hop.to, m3);
}

#[test]
fn another_clusters_member_at_the_address_refuses_and_both_clusters_keep_their_leader() {
    let mut world = cluster_a();
    for (i, (name, at)) in B.iter().take(2).enumerate() {
        world
            .spawn_etcd(3 + i, vec![], launch(name, *at, "tkn-b", &B), None, None)
            .expect("starts");
    }
    world.advance(SimDuration::from_secs(5));
    let a3 = index_on_host(&world, 2);
    let b1 = index_on_host(&world, 3);
    let (cid_a, cid_b) = (world.members[a3].cluster_id, world.members[b1].cluster_id);
    assert_ne!(cid_a, cid_b);
    let leaders: Vec<(u64, u64)> = world
        .members
        .iter()
        .filter_map(|m| {
            let raft = m.node.as_ref()?.raft();
            (raft.state() == crate::raft::StateRole::Leader).then_some((m.cluster_id, raft.id()))
        })
        .collect();
    assert_eq!(leaders.len(), 2, "one leader per cluster: {leaders:?}");
    assert!(leaders.iter().any(|(c, _)| *c == cid_a));
    assert!(leaders.iter().any(|(c, _)| *c == cid_b));
    // A's members never counted B's as voters, nor the other way round.
    for m in world.members.iter().filter_map(|m| m.node.as_ref()) {
        assert_eq!(m.raft().prs().voters().len(), 3);
    }
    let receiver = log_of(&mut world, a3);
    let want = format!("E | rafthttp: request cluster ID mismatch (got {cid_b:x} want {cid_a:x})");
    assert!(receiver.contains(&want), "{receiver}");
    let sender = log_of(&mut world, b1);
    let b3 = etcd_member_id_of(&B[2]);
    let want = format!(
        "E | rafthttp: request sent was ignored (cluster ID mismatch: peer[{b3:x}]={cid_a:x}, local={cid_b:x})"
    );
    assert!(sender.contains(&want), "{want}\n{sender}");
    let never = format!("peer {b3:x} became active");
    assert!(!sender.contains(&never), "{sender}");
}

fn etcd_member_id_of(member: &(&str, u8)) -> u64 {
    crate::sim::etcd_member_id(&[&url(member.1)], "tkn-b", None)
}

#[test]
fn the_process_at_the_address_checks_cluster_then_member_id() {
    let world = cluster_a();
    let (m2, m3) = (index_on_host(&world, 1), index_on_host(&world, 2));
    let (cid, id2, id3) = (
        world.members[m2].cluster_id,
        world.members[m2].id,
        world.members[m3].id,
    );
    assert_eq!(world.rejection(m2, cid, id2), None);
    assert_eq!(
        world.rejection(m2, cid, id3),
        Some(Rejection::MemberId {
            got: id3,
            want: id2
        })
    );
    assert_eq!(
        world.rejection(m2, 7, id3),
        Some(Rejection::ClusterId { got: 7, want: cid }),
        "the cluster ID is checked first"
    );
}
