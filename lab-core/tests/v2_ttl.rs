//! v2 TTLs across a cluster: a key set with `--ttl 2` on one member is gone from every
//! member after `sleep 3s`, because the leader's SYNC expires it through Raft (each
//! member's store index moves to the same expire event).

use lab_core::lab::ScriptLab;
use lab_core::script::{parse_script, run_script};
use lab_core::shell::input_complete;

const CLUSTER: &str = "seed 7
host etcd-1 10.0.0.11
host etcd-2 10.0.0.12
host etcd-3 10.0.0.13
etcd-1$ systemctl stop firewalld
etcd-2$ systemctl stop firewalld
etcd-3$ systemctl stop firewalld
";

fn member(n: u8) -> String {
    let peers =
        "etcd-1=http://10.0.0.11:2380,etcd-2=http://10.0.0.12:2380,etcd-3=http://10.0.0.13:2380";
    format!(
        "etcd-{n}$ etcd --name etcd-{n} --enable-v2 --data-dir /var/lib/etcd \
         --initial-advertise-peer-urls http://10.0.0.1{n}:2380 \
         --listen-peer-urls http://10.0.0.1{n}:2380 \
         --listen-client-urls http://10.0.0.1{n}:2379 \
         --advertise-client-urls http://10.0.0.1{n}:2379 \
         --initial-cluster {peers} > /var/log/etcd.log 2>&1 &\n"
    )
}

fn transcript(story: &str) -> String {
    let mut text = CLUSTER.to_owned();
    (1..=3).for_each(|n| text.push_str(&member(n)));
    text.push_str("sleep 7s\nexpect leader\n");
    text.push_str(story);
    let statements = parse_script(&text, &input_complete).expect("script parses");
    let report = run_script(&statements, &mut ScriptLab::new());
    assert_eq!(report.failure, None, "{}", report.transcript);
    report.transcript
}

fn get_on_each_member() -> String {
    (1..=3)
        .map(|n| {
            format!("etcd-1$ ETCDCTL_API=2 etcdctl --endpoints http://10.0.0.1{n}:2379 get /k\n")
        })
        .collect()
}

#[test]
fn a_key_set_with_a_ttl_is_gone_from_every_member_after_it_expires() {
    let mut story =
        "etcd-1$ ETCDCTL_API=2 etcdctl --endpoints http://10.0.0.12:2379 set --ttl 2 /k v\n"
            .to_owned();
    story.push_str(&get_on_each_member());
    story.push_str("sleep 3s\n");
    for line in get_on_each_member().lines() {
        story.push_str(line);
        story.push_str("\nexpect exit 4\n");
    }
    let text = transcript(&story);
    let (before, after) = text
        .split_once("# sleep 3s")
        .expect("the sleep is in the transcript");
    assert_eq!(
        before.matches("\nv\n").count(),
        4,
        "set and three gets print v:\n{before}"
    );
    let gone: Vec<&str> = after
        .lines()
        .filter(|l| l.starts_with("Error:  100: Key not found (/k)"))
        .collect();
    assert_eq!(gone.len(), 3, "every member lost the key:\n{after}");
    assert!(
        gone.windows(2).all(|w| w[0] == w[1]),
        "every member is at the same index after the expire event: {gone:?}"
    );
}
