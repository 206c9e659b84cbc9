//! Stories of etcd processes on hosts: reference scenario 1's three members on one machine,
//! with the ids real etcd 3.4.23 printed, their log lines, a port clash and `kill -9`.

use std::net::Ipv4Addr;

use lab_core::sim::{EtcdIdentity, EtcdLaunch, ListenAddr, ProcessExit, ProcessKind, signal};
use lab_core::{Command, SimDuration, World};

const LOOPBACK: Ipv4Addr = Ipv4Addr::LOCALHOST;

fn url(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Member `i` of reference scenario 1: client port 2i379, peer port 2i380, token tkn-s01.
fn launch(i: u16) -> EtcdLaunch {
    let (client, peer) = (20_000 + i * 1_000 + 379, 20_000 + i * 1_000 + 380);
    EtcdLaunch {
        name: format!("etcd{i}"),
        data_dir: format!("/var/lib/etcd/etcd{i}.etcd"),
        wal_dir: None,
        listen_peer: vec![ListenAddr {
            ip: LOOPBACK,
            port: peer,
            secure: false,
        }],
        listen_client: vec![ListenAddr {
            ip: LOOPBACK,
            port: client,
            secure: false,
        }],
        identity: EtcdIdentity {
            token: "tkn-s01".into(),
            peer_urls: vec![url(peer)],
            client_urls: vec![url(client)],
            initial_cluster: (1..=3)
                .map(|j| (format!("etcd{j}"), vec![url(20_000 + j * 1_000 + 380)]))
                .collect(),
        },
        new_cluster: true,
        force_new_cluster: false,
        heartbeat_interval_ms: 100,
        election_timeout_ms: 1_000,
        snapshot_count: 100_000,
        quota_backend_bytes: 0,
        pre_vote: false,
        enable_v2: false,
        discovery: None,
        banner_printed: false,
        tls: None,
    }
}

fn one_machine() -> World {
    let mut world = World::new(3);
    world
        .apply(Command::AddHost {
            name: "box".into(),
            ip: Ipv4Addr::new(10, 0, 0, 1),
        })
        .expect("host");
    world
}

fn output_of(world: &mut World, pid: u32) -> String {
    world.sync_processes();
    world
        .drain_process_output(0, pid)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn three_members_on_one_machine_elect_a_leader_with_real_etcd_ids() {
    let mut world = one_machine();
    let pids: Vec<u32> = (1..=3)
        .map(|i| {
            world
                .spawn_etcd(0, vec!["etcd".into()], launch(i), None, None)
                .expect("starts")
        })
        .collect();
    world.advance(SimDuration::from_secs(3));
    let mut ids: Vec<String> = world
        .members()
        .iter()
        .map(|m| format!("{:x}", m.id))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        ["2a51f264ed200d47", "2bbabdd22fc3c813", "a3b3534325d6dc15"]
    );
    let leader = world.leader().expect("a leader within 3 s");
    let log = output_of(&mut world, pids[0]);
    assert!(
        log.contains(" I | etcdmain: etcd Version: 3.4.23\n"),
        "{log}"
    );
    assert!(
        log.contains(
            "I | etcdserver: starting member a3b3534325d6dc15 in cluster 3709dcd1912cdc05\n"
        ),
        "{log}"
    );
    assert!(
        log.contains(&format!("elected leader {:x} at term", leader.id)),
        "{log}"
    );
    assert!(
        log.contains("I | embed: ready to serve client requests\n"),
        "{log}"
    );
}

#[test]
fn a_second_member_on_the_same_ports_fails_like_etcd() {
    let mut world = one_machine();
    world
        .spawn_etcd(0, vec![], launch(1), None, None)
        .expect("starts");
    let mut clash = launch(2);
    clash.listen_client = launch(1).listen_client;
    let failure = world
        .spawn_etcd(0, vec![], clash, None, None)
        .expect_err("port taken");
    assert_eq!(failure.code, 1);
    assert!(
        failure.stderr[0]
            .ends_with(" C | etcdmain: listen tcp 127.0.0.1:21379: bind: address already in use"),
        "{failure:?}"
    );
    assert_eq!(world.members().len(), 1, "nothing else changed");
}

#[test]
fn kill_9_ends_the_process_and_a_restart_keeps_the_member() {
    let mut world = one_machine();
    let pids: Vec<u32> = (1..=3)
        .map(|i| {
            world
                .spawn_etcd(0, vec![], launch(i), None, None)
                .expect("starts")
        })
        .collect();
    world.advance(SimDuration::from_secs(3));
    world
        .signal_process(0, pids[0], signal::KILL)
        .expect("kills");
    world.sync_processes();
    let host = &world.hosts()[0];
    assert!(host.processes.get(pids[0]).is_none());
    assert_eq!(
        host.processes.exit_of(pids[0]),
        Some(ProcessExit::Killed(9))
    );
    assert_eq!(ProcessExit::Killed(9).shell_status(), 137);
    let again = world
        .spawn_etcd(0, vec![], launch(1), None, None)
        .expect("restarts");
    assert_eq!(world.members().len(), 3, "same data-dir, same member");
    let log = output_of(&mut world, again);
    assert!(
        log.contains("I | etcdserver: restarting member a3b3534325d6dc15"),
        "{log}"
    );
    // Without a snapshot it knows no member as it comes up; replaying its WAL adds them
    // one conf change at a time, not "from store" (as etcd 3.4.23 logs it).
    assert!(log.contains("a3b3534325d6dc15 switched to configuration voters=()\n"));
    assert!(
        log.contains("newRaft a3b3534325d6dc15 [peers: [], term: "),
        "{log}"
    );
    assert!(!log.contains("from store"), "{log}");
    let voters: Vec<usize> = log
        .lines()
        .filter_map(|l| l.split("switched to configuration voters=(").nth(1))
        .map(|ids| ids.trim_end_matches(')').split_whitespace().count())
        .collect();
    assert_eq!(voters, vec![0, 1, 2, 3], "{log}");
    let added = log
        .lines()
        .filter(|l| l.contains("membership: added member "))
        .count();
    assert_eq!(added, 3, "{log}");
    assert!(matches!(
        world.hosts()[0].processes.get(again).map(|p| &p.kind),
        Some(ProcessKind::Etcd { .. })
    ));
    assert_eq!(
        world.signal_process(0, 4_242, signal::TERM),
        Err("(4242) - No such process".to_owned())
    );
}

#[test]
fn clients_connect_to_listening_ports_and_fail_as_tcp_does() {
    use lab_core::sim::ConnectError;
    let mut world = one_machine();
    world
        .apply(Command::AddHost {
            name: "client".into(),
            ip: Ipv4Addr::new(10, 0, 0, 2),
        })
        .expect("host");
    let mut on_all = launch(1);
    on_all.listen_client = vec![ListenAddr {
        ip: Ipv4Addr::UNSPECIFIED,
        port: 2379,
        secure: false,
    }];
    world
        .spawn_etcd(0, vec![], on_all, None, None)
        .expect("starts");
    let box_ip = world.resolve_name(1, "box").expect("resolves");
    assert_eq!(box_ip, Ipv4Addr::new(10, 0, 0, 1));
    // A fresh CentOS 7 host's firewalld rejects the client port until it is opened.
    assert_eq!(world.connect(1, box_ip, 2379), Err(ConnectError::NoRoute));
    let opened = world.firewall_cmd(0, &["--add-port=2379/tcp"]);
    assert_eq!((opened.stdout.as_str(), opened.exit_code), ("success\n", 0));
    let conn = world
        .connect(1, box_ip, 2379)
        .expect("listening on 0.0.0.0");
    assert_eq!((conn.host, conn.member, conn.peer_port), (0, 0, false));
    assert!(
        world
            .connect(0, LOOPBACK, 21380)
            .expect("peer port")
            .peer_port
    );
    world.firewall_cmd(0, &["--add-port=21380/tcp"]);
    assert_eq!(
        world.connect(1, box_ip, 21380),
        Err(ConnectError::Refused),
        "peer port bound to 127.0.0.1 only"
    );
    assert_eq!(
        world.connect(1, Ipv4Addr::new(10, 9, 9, 9), 2379),
        Err(ConnectError::NoRoute)
    );
    world
        .apply(Command::CutLink {
            a: "box".into(),
            b: "client".into(),
        })
        .expect("cut");
    assert_eq!(world.connect(1, box_ip, 2379), Err(ConnectError::Timeout));
    assert_eq!(
        ConnectError::NoRoute.to_string(),
        "connect: no route to host"
    );
}
