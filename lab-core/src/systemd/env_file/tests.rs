//! Stories of environment files: seed 000's /etc/etcd/etcd.conf and systemd's edge rules.

use super::*;

fn vars(text: &str) -> Vec<(String, String)> {
    parse_env_file("/etc/etcd/etcd.conf", text).vars
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

#[test]
fn seed_000s_etcd_conf_gives_the_etcd_values_without_quotes() {
    let text = "#########################################################\n\
######  Please modify the configuration according to the actual situation of each node: 1/3/4/5/6/7  ######\n\
#[Member]\n#1. The node name must be unique\nETCD_NAME=\"etcd01\"\n\n\
#2. Set the directory where the data is saved\nETCD_DATA_DIR=\"/var/lib/etcd\"\n\n\
ETCD_LISTEN_CLIENT_URLS=\"http://192.168.218.132:2379,http://127.0.0.1:2379\"\n\
ETCD_INITIAL_CLUSTER=\"etcd01=http://192.168.218.132:2380,etcd02=http://192.168.218.133:2380\"\n\
#10.flannel uses v2 API to operate etcd, while kubernetes uses v3 API to operate etcd\n\
#   In order to be compatible with flannel, v2 version will be enabled by default, so it is set in the configuration file \n\
ETCD_ENABLE_V2=\"true\"\n";
    let parsed = parse_env_file("/etc/etcd/etcd.conf", text);
    assert_eq!(parsed.warnings, Vec::<String>::new());
    assert_eq!(
        parsed.vars,
        vec![
            pair("ETCD_NAME", "etcd01"),
            pair("ETCD_DATA_DIR", "/var/lib/etcd"),
            pair(
                "ETCD_LISTEN_CLIENT_URLS",
                "http://192.168.218.132:2379,http://127.0.0.1:2379"
            ),
            pair(
                "ETCD_INITIAL_CLUSTER",
                "etcd01=http://192.168.218.132:2380,etcd02=http://192.168.218.133:2380"
            ),
            pair("ETCD_ENABLE_V2", "true"),
        ]
    );
}

#[test]
fn quoting_whitespace_and_continuations() {
    assert_eq!(
        vars("  A = plain value  \n"),
        vec![pair("A", "plain value")]
    );
    assert_eq!(vars("B='single $x \\n'"), vec![pair("B", "single $x \\n")]);
    assert_eq!(
        vars("C=\"dq \\\"in\\\" \\$HOME \\q\""),
        vec![pair("C", "dq \"in\" $HOME \\q")]
    );
    assert_eq!(vars("D=one\\\ntwo\n"), vec![pair("D", "onetwo")]);
    assert_eq!(vars("E=\"a\"b c\n"), vec![pair("E", "ab c")]);
    assert_eq!(vars("F=\n"), vec![pair("F", "")]);
    assert_eq!(
        vars("; comment\n# x\\\nstill comment\nG=1"),
        vec![pair("G", "1")]
    );
}

#[test]
fn invalid_lines_are_dropped_with_systemds_warning() {
    let parsed = parse_env_file(
        "/etc/etcd/etcd.conf",
        "no equals sign\n1BAD=x\nexport OK=1\nGOOD=2\n",
    );
    assert_eq!(parsed.vars, vec![pair("GOOD", "2")]);
    assert_eq!(
        parsed.warnings,
        vec![
            "/etc/etcd/etcd.conf:2: invalid variable name \"1BAD\", ignoring.".to_string(),
            "/etc/etcd/etcd.conf:3: invalid variable name \"export OK\", ignoring.".to_string(),
        ]
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,200}") {
        let _ = parse_env_file("/x", &text);
    }

    #[test]
    fn simple_assignments_round_trip(key in "[A-Z_][A-Z0-9_]{0,10}", value in "[a-z0-9:/.,=-]{0,20}") {
        proptest::prop_assert_eq!(vars(&format!("{key}=\"{value}\"\n")), vec![pair(&key, &value)]);
    }
}
