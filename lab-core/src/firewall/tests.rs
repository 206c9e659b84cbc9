//! Stories from the seeds: opening etcd's ports with firewall-cmd (000, 001, 004) and with
//! iptables (003), and what a peer's connection attempt meets before and after.

use super::*;

const PEER: Ipv4Addr = Ipv4Addr::new(192, 168, 122, 6);

fn cmd(fw: &mut Firewall, line: &str) -> (String, String, u8) {
    let args: Vec<&str> = line.split_whitespace().collect();
    let out = fw.firewall_cmd(&args);
    (out.stdout, out.stderr, out.exit_code)
}

fn ipt(fw: &mut Firewall, line: &str) -> CmdOutput {
    let args: Vec<&str> = line.split_whitespace().collect();
    fw.iptables_cmd(&args)
}

#[test]
fn seed_001_permanent_ports_apply_after_reload() {
    let mut fw = Firewall::centos7();
    assert_eq!(
        fw.inbound(2380, Proto::Tcp, PEER, false),
        Verdict::Reject,
        "no route to host"
    );
    assert_eq!(
        fw.inbound(2380, Proto::Tcp, PEER, true),
        Verdict::Accept,
        "loopback is never filtered"
    );
    assert_eq!(fw.inbound(22, Proto::Tcp, PEER, false), Verdict::Accept);
    let ok = ("success\n".to_string(), String::new(), 0);
    assert_eq!(
        cmd(&mut fw, "--zone=public --add-port=2379/tcp --permanent"),
        ok
    );
    assert_eq!(
        cmd(&mut fw, "--zone=public --add-port=2380/tcp --permanent"),
        ok
    );
    assert_eq!(
        fw.inbound(2380, Proto::Tcp, PEER, false),
        Verdict::Reject,
        "permanent only, not yet runtime"
    );
    assert_eq!(
        cmd(&mut fw, "--list-ports"),
        ("\n".to_string(), String::new(), 0)
    );
    assert_eq!(cmd(&mut fw, "--reload"), ok);
    assert_eq!(
        cmd(&mut fw, "--list-ports"),
        ("2379/tcp 2380/tcp\n".to_string(), String::new(), 0)
    );
    assert_eq!(fw.inbound(2380, Proto::Tcp, PEER, false), Verdict::Accept);
}

#[test]
fn seed_000_abbreviated_list_port_and_repeat_warning() {
    let mut fw = Firewall::centos7();
    cmd(&mut fw, "--zone=public --add-port=2379/tcp --permanent");
    cmd(&mut fw, "--reload");
    assert_eq!(
        cmd(&mut fw, "--list-port"),
        ("2379/tcp\n".to_string(), String::new(), 0)
    );
    assert_eq!(
        cmd(&mut fw, "--zone=public --add-port=2379/tcp --permanent"),
        (
            "success\n".to_string(),
            "Warning: ALREADY_ENABLED: 2379:tcp\n".to_string(),
            0
        )
    );
    assert_eq!(
        cmd(&mut fw, "--query-port=2379/tcp"),
        ("yes\n".to_string(), String::new(), 0)
    );
    assert_eq!(
        cmd(&mut fw, "--query-port 2380/tcp"),
        ("no\n".to_string(), String::new(), 1)
    );
}

#[test]
fn seed_004_a_port_range_opens_both_ports() {
    let mut fw = Firewall::centos7();
    cmd(
        &mut fw,
        "--zone=public --add-port=2379-2380/tcp --permanent",
    );
    cmd(&mut fw, "--reload");
    assert_eq!(fw.inbound(2379, Proto::Tcp, PEER, false), Verdict::Accept);
    assert_eq!(fw.inbound(2380, Proto::Tcp, PEER, false), Verdict::Accept);
    assert_eq!(fw.inbound(2381, Proto::Tcp, PEER, false), Verdict::Reject);
    assert_eq!(fw.inbound(2380, Proto::Udp, PEER, false), Verdict::Reject);
}

#[test]
fn runtime_changes_are_lost_on_reload_and_services_count() {
    let mut fw = Firewall::centos7();
    cmd(&mut fw, "--add-service=etcd-server");
    assert_eq!(fw.inbound(2380, Proto::Tcp, PEER, false), Verdict::Accept);
    assert_eq!(
        cmd(&mut fw, "--list-services").0,
        "ssh dhcpv6-client etcd-server\n"
    );
    cmd(&mut fw, "--complete-reload");
    assert_eq!(fw.inbound(2380, Proto::Tcp, PEER, false), Verdict::Reject);
}

#[test]
fn errors_and_a_stopped_firewalld() {
    let mut fw = Firewall::centos7();
    assert_eq!(
        cmd(&mut fw, "--add-port=99999/tcp"),
        (
            String::new(),
            "Error: INVALID_PORT: 99999\n".to_string(),
            102
        )
    );
    assert_eq!(cmd(&mut fw, "--add-service=nope").2, 101);
    assert_eq!(
        cmd(&mut fw, "--zone=nope --list-ports").1,
        "Error: INVALID_ZONE: nope\n"
    );
    assert_eq!(cmd(&mut fw, "--list").2, 2, "ambiguous prefix");
    assert_eq!(
        cmd(&mut fw, "--state"),
        ("running\n".to_string(), String::new(), 0)
    );
    assert_eq!(cmd(&mut fw, "--get-default-zone").0, "public\n");
    fw.firewalld.stop();
    assert_eq!(fw.inbound(2380, Proto::Tcp, PEER, false), Verdict::Accept);
    assert_eq!(
        cmd(&mut fw, "--state"),
        (String::new(), "not running\n".to_string(), 252)
    );
    assert_eq!(
        cmd(&mut fw, "--reload"),
        (String::new(), "FirewallD is not running\n".to_string(), 252)
    );
}

#[test]
fn list_all_layout() {
    let mut fw = Firewall::centos7();
    cmd(&mut fw, "--add-port=2379/tcp");
    assert_eq!(
        cmd(&mut fw, "--list-all").0,
        "public (active)\n  target: default\n  icmp-block-inversion: no\n  interfaces: eth0\n  sources: \n  \
services: ssh dhcpv6-client\n  ports: 2379/tcp\n  protocols: \n  masquerade: no\n  forward-ports: \n  \
source-ports: \n  icmp-blocks: \n  rich rules: \n\t\n"
    );
}

#[test]
fn seed_003_iptables_rules_and_listing() {
    let mut fw = Firewall::open();
    fw.iptables.input_drop = true;
    assert_eq!(fw.inbound(2379, Proto::Tcp, PEER, false), Verdict::Drop);
    let out = ipt(
        &mut fw,
        "-A INPUT -p tcp -m state --state NEW -m tcp --dport 2379 -j ACCEPT",
    );
    assert_eq!(out, CmdOutput::ok());
    ipt(
        &mut fw,
        "-A INPUT -p tcp -m state --state NEW -m tcp --dport 2380 -j ACCEPT",
    );
    assert_eq!(fw.inbound(2379, Proto::Tcp, PEER, false), Verdict::Accept);
    assert_eq!(fw.inbound(2381, Proto::Tcp, PEER, false), Verdict::Drop);
    let out = ipt(&mut fw, "-L INPUT -n --line-numbers");
    assert_eq!(
        out.stdout,
        "Chain INPUT (policy DROP)\n\
num  target     prot opt source               destination         \n\
1    ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            state NEW tcp dpt:2379\n\
2    ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            state NEW tcp dpt:2380\n"
    );
    let out = ipt(&mut fw, "-L");
    assert!(out.stdout.contains(
        "ACCEPT     tcp  --  anywhere             anywhere             state NEW tcp dpt:2379\n"
    ));
    assert!(out.stdout.contains("\nChain OUTPUT (policy ACCEPT)\n"));
}

#[test]
fn iptables_reject_insert_delete_and_errors() {
    let mut fw = Firewall::centos7();
    ipt(
        &mut fw,
        "-I INPUT -p tcp --dport 2380 -s 192.168.122.0/24 -j ACCEPT",
    );
    assert_eq!(
        fw.inbound(2380, Proto::Tcp, PEER, false),
        Verdict::Accept,
        "iptables rules come before firewalld"
    );
    assert_eq!(
        fw.inbound(2380, Proto::Tcp, Ipv4Addr::new(10, 0, 0, 1), false),
        Verdict::Reject
    );
    ipt(
        &mut fw,
        "-I INPUT 1 -p tcp --dport 2379 -j REJECT --reject-with tcp-reset",
    );
    assert_eq!(
        fw.inbound(2379, Proto::Tcp, PEER, false),
        Verdict::RejectRefused
    );
    assert_eq!(ipt(&mut fw, "-D INPUT 1"), CmdOutput::ok());
    assert_eq!(
        ipt(&mut fw, "-D INPUT 5").stderr,
        "iptables: Index of deletion too big.\n"
    );
    assert_eq!(
        ipt(
            &mut fw,
            "-D INPUT -p tcp --dport 2380 -s 192.168.122.0/24 -j ACCEPT"
        ),
        CmdOutput::ok()
    );
    assert_eq!(
        ipt(&mut fw, "-D INPUT -p tcp --dport 2380 -j ACCEPT").exit_code,
        1
    );
    let out = ipt(&mut fw, "-A INPUT --dport 2379 -j ACCEPT");
    assert_eq!(
        out.stderr,
        "iptables v1.4.21: unknown option \"--dport\"\nTry `iptables -h' or 'iptables --help' for more information.\n"
    );
    assert_eq!(out.exit_code, 2);
    assert_eq!(
        ipt(&mut fw, "-A INPUT -p tcp --dport 99999 -j ACCEPT").exit_code,
        2
    );
    assert_eq!(ipt(&mut fw, "-A INPUT -j ALLOW").exit_code, 2);
    assert_eq!(
        ipt(&mut fw, "-A FOO -j ACCEPT").stderr,
        "iptables: No chain/target/match by that name.\n"
    );
    assert_eq!(ipt(&mut fw, "-P INPUT DROP"), CmdOutput::ok());
    ipt(&mut fw, "-F");
    fw.firewalld.stop();
    assert_eq!(fw.inbound(2379, Proto::Tcp, PEER, false), Verdict::Drop);
}

proptest::proptest! {
    #[test]
    fn commands_never_panic(words in proptest::collection::vec("(-[A-Za-z]|--[a-z-]{1,12}(=\\PC{0,8})?|[A-Z]{1,6}|[0-9/:.-]{1,10})", 0..8)) {
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut fw = Firewall::centos7();
        let _ = fw.firewall_cmd(&args);
        let _ = fw.iptables_cmd(&args);
        let _ = fw.inbound(2379, Proto::Tcp, PEER, false);
    }
}
