//! Stories of `etcdctl` typed in a host's terminal against etcd members started in the
//! same lab, checked against what etcd 3.4.23 printed in reference scenario 1 (static
//! bootstrap of three members on one host, /work/shared/reference/etcd-3.4.23/).

use std::net::Ipv4Addr;

use lab_core::lab::Lab;
use lab_core::script::LineState;
use lab_core::shell::Stream;
use lab_core::{SimDuration, SimTime, World};

const ENDPOINTS: &str = "--endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379";
const CLUSTER: &str =
    "etcd1=http://127.0.0.1:21380,etcd2=http://127.0.0.1:22380,etcd3=http://127.0.0.1:23380";

/// What one typed line printed and how it ended.
#[derive(Debug)]
struct Ran {
    stdout: String,
    stderr: String,
    status: i32,
    took: SimDuration,
}

/// Types `line` into host 0's terminal and runs the lab until it finishes (at most two
/// minutes of virtual time: `check perf` runs for one).
fn run(lab: &Lab, line: &str) -> Ran {
    let start = lab.now();
    lab.type_line(0, line).expect("the terminal is free");
    let mut status = None;
    for _ in 0..12_000 {
        lab.advance(SimDuration::from_millis(10));
        if let LineState::Idle(s) = lab.line_state(0) {
            status = Some(s);
            break;
        }
    }
    let took = lab.now().saturating_duration_since(start);
    let (mut stdout, mut stderr) = (String::new(), String::new());
    for (stream, text) in lab.take_output(0) {
        match stream {
            Stream::Stdout => stdout.push_str(&text),
            Stream::Stderr => stderr.push_str(&text),
        }
    }
    Ran {
        stdout,
        stderr,
        status: status.expect("the line finishes within two minutes"),
        took,
    }
}

/// One host with three etcd members started in the background as in scenario 1, given
/// time to elect a leader.
fn scenario_1() -> Lab {
    let lab = Lab::new(World::new(1));
    lab.add_host("node1", Ipv4Addr::new(192, 168, 122, 11))
        .expect("host");
    for i in 1..=3 {
        let line = format!(
            "etcd --name etcd{i} --listen-client-urls http://127.0.0.1:2{i}379 \
             --advertise-client-urls http://127.0.0.1:2{i}379 \
             --listen-peer-urls http://127.0.0.1:2{i}380 --data-dir /root/etcd{i}.etcd \
             --initial-advertise-peer-urls http://127.0.0.1:2{i}380 \
             --initial-cluster {CLUSTER} --initial-cluster-token tkn-s01 \
             --initial-cluster-state new > /tmp/etcd{i}.log 2>&1 &"
        );
        let started = run(&lab, &line);
        assert_eq!(started.status, 0, "{started:?}");
    }
    lab.advance(SimDuration::from_secs(3));
    assert!(lab.world().leader().is_some(), "a leader within 3 s");
    run(&lab, "export ETCDCTL_API=3");
    lab
}

#[test]
fn member_list_prints_the_reference_ids_names_and_urls() {
    let lab = scenario_1();
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} member list"));
    assert_eq!(
        ran.stdout,
        "2a51f264ed200d47, started, etcd2, http://127.0.0.1:22380, http://127.0.0.1:22379, false\n\
         2bbabdd22fc3c813, started, etcd3, http://127.0.0.1:23380, http://127.0.0.1:23379, false\n\
         a3b3534325d6dc15, started, etcd1, http://127.0.0.1:21380, http://127.0.0.1:21379, false\n"
    );
    assert_eq!((ran.stderr.as_str(), ran.status), ("", 0));
    assert!(ran.took < SimDuration::from_millis(100), "answered at once");
}

#[test]
fn member_list_json_carries_the_reference_cluster_id() {
    let lab = scenario_1();
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} member list -w json"));
    assert_eq!(ran.status, 0, "{ran:?}");
    assert!(
        ran.stdout
            .starts_with("{\"header\":{\"cluster_id\":3965943739518344197,"),
        "{}",
        ran.stdout
    );
    assert!(
        !ran.stdout.contains("\"revision\""),
        "the cluster API's header has no revision: {}",
        ran.stdout
    );
}

#[test]
fn a_put_is_ok_and_a_get_reads_it_back() {
    let lab = scenario_1();
    let put = run(&lab, &format!("etcdctl {ENDPOINTS} put foo bar"));
    assert_eq!(
        (put.stdout.as_str(), put.stderr.as_str(), put.status),
        ("OK\n", "", 0)
    );
    let get = run(&lab, &format!("etcdctl {ENDPOINTS} get foo"));
    assert_eq!(
        (get.stdout.as_str(), get.stderr.as_str(), get.status),
        ("foo\nbar\n", "", 0)
    );
    let missing = run(&lab, &format!("etcdctl {ENDPOINTS} get nothing-here"));
    assert_eq!((missing.stdout.as_str(), missing.status), ("", 0));
    let del = run(&lab, &format!("etcdctl {ENDPOINTS} del foo"));
    assert_eq!((del.stdout.as_str(), del.status), ("1\n", 0));
    let gone = run(
        &lab,
        &format!("etcdctl {ENDPOINTS} get foo --consistency=s"),
    );
    assert_eq!((gone.stdout.as_str(), gone.status), ("", 0));
}

#[test]
fn endpoint_health_reports_every_endpoint_on_stderr() {
    let lab = scenario_1();
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} endpoint health"));
    assert_eq!((ran.stdout.as_str(), ran.status), ("", 0), "{ran:?}");
    let mut endpoints: Vec<&str> = ran
        .stderr
        .lines()
        .map(|line| {
            let (endpoint, rest) = line.split_once(' ').expect("endpoint first");
            assert!(
                rest.starts_with("is healthy: successfully committed proposal: took = "),
                "{line}"
            );
            endpoint
        })
        .collect();
    endpoints.sort_unstable();
    assert_eq!(
        endpoints,
        ["127.0.0.1:21379", "127.0.0.1:22379", "127.0.0.1:23379"]
    );
}

#[test]
fn endpoint_status_shows_one_leader_and_the_reference_version() {
    let lab = scenario_1();
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} endpoint status"));
    assert_eq!(ran.status, 0, "{ran:?}");
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", ran.stdout);
    assert!(
        lines[0].starts_with("127.0.0.1:21379, a3b3534325d6dc15, 3.4.23, 20 kB, "),
        "{}",
        lines[0]
    );
    let leaders = lines
        .iter()
        .filter(|l| l.contains(", true, false, "))
        .count();
    assert_eq!(leaders, 1, "{}", ran.stdout);
}

#[test]
fn nothing_on_the_default_endpoint_fails_after_five_seconds() {
    let lab = scenario_1();
    let ran = run(&lab, "etcdctl member list");
    assert_eq!((ran.stdout.as_str(), ran.status), ("", 1));
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", ran.stderr);
    assert!(lines[0].starts_with("{\"level\":\"warn\",\"ts\":\"2026-11-22T10:17:"));
    assert!(lines[0].contains("\"target\":\"endpoint://client-"));
    assert!(lines[0].ends_with(
        "/127.0.0.1:2379\",\"attempt\":0,\"error\":\"rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure\"}"
    ));
    assert_eq!(lines[1], "Error: context deadline exceeded");
    assert!(
        ran.took >= SimDuration::from_secs(5) && ran.took < SimDuration::from_millis(5_100),
        "took {:?}",
        ran.took
    );
}

#[test]
fn a_killed_member_is_skipped_and_the_others_answer() {
    let lab = scenario_1();
    let ps = run(&lab, "kill %1");
    assert_eq!(ps.status, 0, "{ps:?}");
    lab.advance(SimDuration::from_secs(3));
    let put = run(&lab, &format!("etcdctl {ENDPOINTS} put k v"));
    // bash reports the killed job before the next prompt's output.
    assert!(put.stdout.ends_with("\nOK\n"), "{put:?}");
    assert_eq!(put.status, 0);
    let get = run(&lab, &format!("etcdctl {ENDPOINTS} get k"));
    assert_eq!(get.stdout, "k\nv\n");
}

#[test]
fn a_prefix_read_lists_every_key_under_the_prefix_in_key_order() {
    let lab = scenario_1();
    for (k, v) in [("k2", "b"), ("k1", "a"), ("other", "c")] {
        let put = run(&lab, &format!("etcdctl {ENDPOINTS} put {k} {v}"));
        assert_eq!(put.status, 0, "{put:?}");
    }
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} get k --prefix"));
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (0, "k1\na\nk2\nb\n"),
        "{ran:?}"
    );
}

#[test]
fn ctrl_c_stops_a_waiting_etcdctl() {
    let lab = scenario_1();
    lab.type_line(0, "etcdctl --command-timeout=60s member list")
        .expect("free");
    lab.advance(SimDuration::from_secs(1));
    lab.interrupt(0);
    lab.advance(SimDuration::from_millis(300));
    assert_eq!(lab.line_state(0), LineState::Idle(130));
}

#[test]
fn the_same_seed_and_input_print_the_same_bytes() {
    let twice: Vec<String> = (0..2)
        .map(|_| {
            let lab = scenario_1();
            let ran = run(&lab, "etcdctl member list");
            assert!(lab.now() > SimTime::from_secs(8));
            ran.stderr
        })
        .collect();
    assert_eq!(twice[0], twice[1]);
}

#[test]
fn member_remove_answers_once_applied_and_the_list_shrinks() {
    let lab = scenario_1();
    let ran = run(
        &lab,
        "etcdctl --endpoints=127.0.0.1:21379 member remove 2bbabdd22fc3c813",
    );
    assert_eq!(
        (ran.stdout.as_str(), ran.stderr.as_str(), ran.status),
        (
            "Member 2bbabdd22fc3c813 removed from cluster 3709dcd1912cdc05\n",
            "",
            0
        )
    );
    let list = run(&lab, "etcdctl --endpoints=127.0.0.1:21379 member list");
    assert_eq!(list.stdout.lines().count(), 2, "{}", list.stdout);
    assert!(!list.stdout.contains("etcd3"));
    // If etcd3 led, the others elect a new leader first.
    lab.advance(SimDuration::from_secs(3));
    let again = run(
        &lab,
        "etcdctl --endpoints=127.0.0.1:21379 member remove 2bbabdd22fc3c813",
    );
    assert_eq!(again.status, 1);
    assert!(
        again
            .stderr
            .ends_with("Error: etcdserver: member not found\n"),
        "{}",
        again.stderr
    );
}

#[test]
fn move_leader_hands_leadership_to_the_chosen_member() {
    let lab = scenario_1();
    let leader = lab.world().leader().expect("leader").id;
    let target = [0x2a51_f264_ed20_0d47_u64, 0x2bba_bdd2_2fc3_c813]
        .into_iter()
        .find(|&id| id != leader)
        .expect("a follower");
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} move-leader {target:x}"));
    assert_eq!(
        (ran.stdout, ran.status),
        (
            format!("Leadership transferred from {leader:x} to {target:x}\n"),
            0
        )
    );
    assert_eq!(lab.world().leader().map(|l| l.id), Some(target));
}

#[test]
fn a_frozen_member_answers_nothing_until_the_deadline() {
    let lab = scenario_1();
    let stop = run(&lab, "kill -STOP %1");
    assert_eq!(stop.status, 0, "{stop:?}");
    for line in [
        "etcdctl --endpoints=127.0.0.1:21379 member list",
        "etcdctl --endpoints=127.0.0.1:21379 get foo --consistency=s",
    ] {
        let ran = run(&lab, line);
        assert_eq!(ran.status, 1, "{ran:?}");
        assert!(ran.stderr.ends_with("\nError: context deadline exceeded\n"));
        assert!(ran.took >= SimDuration::from_secs(5), "took {:?}", ran.took);
    }
    let pid = lab.world().hosts()[0]
        .processes
        .iter()
        .find(|p| p.argv.iter().any(|a| a == "etcd1"))
        .map(|p| p.pid)
        .expect("etcd1 runs");
    let thaw = run(&lab, &format!("kill -CONT {pid}"));
    assert_eq!(thaw.status, 0, "{thaw:?}");
    let ran = run(&lab, "etcdctl --endpoints=127.0.0.1:21379 member list");
    assert_eq!((ran.stdout.lines().count(), ran.status), (3, 0), "{ran:?}");
}

#[test]
fn check_perf_writes_for_a_minute_through_raft_then_cleans_up() {
    let lab = scenario_1();
    let before = run(
        &lab,
        &format!("etcdctl {ENDPOINTS} endpoint status -w fields"),
    );
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} check perf"));
    assert!(ran.took >= SimDuration::from_secs(60), "{:?}", ran.took);
    assert!(
        ran.stdout
            .starts_with("\r 0 / 60    0.00%\r 0 / 60    0.00%"),
        "{ran:?}"
    );
    assert!(ran.stdout.contains("\r 1 / 60    1.67% 00m59s"), "{ran:?}");
    let (_, verdict) = ran
        .stdout
        .split_once("\r 60 / 60  100.00% 1m0s\n")
        .expect("finished bar");
    assert!(verdict.starts_with("PASS: Throughput is 15"), "{verdict}");
    assert!(verdict.ends_with("\nPASS\n"), "{verdict}");
    assert_eq!((ran.stderr.as_str(), ran.status), ("", 0));
    let left = run(
        &lab,
        &format!("etcdctl {ENDPOINTS} get /etcdctl-check-perf/ --prefix --keys-only"),
    );
    assert_eq!(left.stdout, "", "its keys are deleted");
    let after = run(
        &lab,
        &format!("etcdctl {ENDPOINTS} endpoint status -w fields"),
    );
    let index = |r: &Ran| -> u64 {
        r.stdout
            .lines()
            .find_map(|l| l.strip_prefix("\"RaftIndex\" : "))
            .and_then(|v| v.parse().ok())
            .expect("a raft index")
    };
    let grown = index(&after) - index(&before);
    assert!(
        (8_990..=9_010).contains(&grown),
        "one entry per put and one delete: {grown}"
    );
}

#[test]
fn check_perf_refuses_a_prefix_that_holds_keys_and_an_unknown_load() {
    let lab = scenario_1();
    run(
        &lab,
        &format!("etcdctl {ENDPOINTS} put /etcdctl-check-perf/x 1"),
    );
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} check perf"));
    assert_eq!(
        (ran.stderr.as_str(), ran.status),
        (
            "Error: prefix \"/etcdctl-check-perf/\" has keys. Delete with etcdctl del --prefix /etcdctl-check-perf/ first\n",
            3
        )
    );
    let ran = run(&lab, &format!("etcdctl {ENDPOINTS} check perf --load=huge"));
    assert_eq!(
        (ran.stderr.as_str(), ran.status),
        ("Error: unknown load option huge\n", 4)
    );
}
