//! Stories of unit files: the seeds' etcd.service files and systemd 219's complaints.

use super::*;

const SEED_000: &str = "[Unit]
Description=Etcd Server
Documentation=https://github.com/etcd-io/etcd
After=network.target

[Service]
User=root
Type=notify
## Modify the parameter values of EnvironmentFile and ExecStart according to the actual situation
## 1.EnvironmentFile is the location of the configuration file. Note that \"-\" cannot be less
EnvironmentFile=-/etc/etcd/etcd.conf
## 2.ExecStart is the location of etcd startup program
ExecStart=/usr/local/bin/etcd
Restart=always
RestartSec=10s
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
";

const PATH: &str = "/etc/systemd/system/etcd.service";

#[test]
fn seed_000s_unit_loads_cleanly_with_every_setting() {
    let parse = parse_unit_file("etcd.service", PATH, SEED_000);
    assert_eq!(parse.warnings, Vec::<String>::new());
    assert_eq!(parse.fatal, None);
    let unit = parse.unit;
    assert_eq!(unit.description.as_deref(), Some("Etcd Server"));
    assert_eq!(unit.documentation, vec!["https://github.com/etcd-io/etcd"]);
    assert_eq!(unit.after, vec!["network.target"]);
    assert_eq!(unit.user.as_deref(), Some("root"));
    assert_eq!(unit.service_type, ServiceType::Notify);
    assert_eq!(
        unit.environment_files,
        vec![EnvironmentFile {
            path: "/etc/etcd/etcd.conf".into(),
            optional: true
        }]
    );
    assert_eq!(unit.exec_start.len(), 1);
    assert_eq!(
        unit.exec_start.first().map(|c| c.path.as_str()),
        Some("/usr/local/bin/etcd")
    );
    assert_eq!(unit.restart, RestartPolicy::Always);
    assert_eq!(unit.restart_usec, 10_000_000);
    assert_eq!(unit.limit_nofile, Some(65_536));
    assert_eq!(unit.wanted_by, vec!["multi-user.target"]);
    assert!(unit.has_install_info());
}

#[test]
fn seed_004s_continued_exec_start_joins_into_one_command() {
    let text = "[Unit]\nDescription=etcd service\n[Service]\nUser=etcd\nType=notify\n\
ExecStart=/usr/local/sbin/etcd \\\n --name ${ETCD_NAME} \\\n --data-dir /var/lib/etcd \\\n --election-timeout 5000\n\
Restart=on-failure\nRestartSec=5\n";
    let parse = parse_unit_file("etcd.service", "/lib/systemd/system/etcd.service", text);
    assert_eq!(parse.fatal, None);
    let cmd = parse
        .unit
        .exec_start
        .first()
        .cloned()
        .expect("one ExecStart");
    assert_eq!(
        cmd.argv,
        vec![
            "/usr/local/sbin/etcd",
            "--name",
            "${ETCD_NAME}",
            "--data-dir",
            "/var/lib/etcd",
            "--election-timeout",
            "5000"
        ]
    );
    let env = vec![("ETCD_NAME".to_string(), "etcd-1".to_string())];
    assert_eq!(
        cmd.expanded_argv(&env)
            .expect("fits")
            .get(2)
            .map(String::as_str),
        Some("etcd-1")
    );
    assert_eq!(parse.unit.restart, RestartPolicy::OnFailure);
    assert_eq!(parse.unit.restart_usec, 5_000_000);
}

#[test]
fn an_empty_exec_start_resets_and_repeats_accumulate() {
    let text = "[Service]\nExecStart=/bin/a\nExecStart=\nExecStart=/bin/b x\nAfter=a\n\
Environment=\"A=1 2\" B=3\nEnvironment=B=4\n[Unit]\nAfter=x y\nAfter=z\n";
    let parse = parse_unit_file("t.service", "/etc/systemd/system/t.service", text);
    assert_eq!(parse.fatal, None);
    assert_eq!(
        parse.unit.exec_start.first().map(|c| c.command_line()),
        Some("/bin/b x".to_string())
    );
    assert_eq!(parse.unit.after, vec!["x", "y", "z"]);
    let env = parse
        .unit
        .merged_environment(&[vec![("C".into(), "5".into())]]);
    let expect: Vec<(String, String)> = [("A", "1 2"), ("B", "3"), ("B", "4"), ("C", "5")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(env, expect);
    assert_eq!(
        parse.warnings,
        vec![
            "[/etc/systemd/system/t.service:5] Unknown lvalue 'After' in section 'Service'"
                .to_string()
        ]
    );
}

#[test]
fn bad_values_warn_in_systemd_219s_words_and_keep_defaults() {
    let text = "[Unit]\nDescription=x\n[Service]\nFoo=bar\nType=daemon\nRestart=sometimes\n\
RestartSec=soon\nExecStart=etcd\nExecStart=/bin/etcd\nEnvironment=1X=2\nTasksMax=100\n[Socket]\nListenStream=1\n";
    let parse = parse_unit_file("etcd.service", PATH, text);
    assert_eq!(parse.fatal, None);
    assert_eq!(
        parse.warnings,
        vec![
            "[/etc/systemd/system/etcd.service:4] Unknown lvalue 'Foo' in section 'Service'",
            "[/etc/systemd/system/etcd.service:5] Failed to parse service type, ignoring: daemon",
            "[/etc/systemd/system/etcd.service:6] Failed to parse service restart specifier, ignoring: sometimes",
            "[/etc/systemd/system/etcd.service:7] Failed to parse sec value, ignoring: soon",
            "[/etc/systemd/system/etcd.service:8] Executable path is not absolute, ignoring: etcd",
            "[/etc/systemd/system/etcd.service:10] Invalid environment assignment, ignoring: 1X=2",
            "[/etc/systemd/system/etcd.service:11] Unknown lvalue 'TasksMax' in section 'Service'",
            "[/etc/systemd/system/etcd.service:12] Unknown section 'Socket'. Ignoring.",
        ]
    );
    assert_eq!(parse.unit.service_type, ServiceType::Simple);
    assert_eq!(parse.unit.restart_usec, 100_000);
}

#[test]
fn fatal_errors_refuse_the_unit() {
    let parse = parse_unit_file(
        "etcd.service",
        PATH,
        "[Unit]\nDescription=x\n[Service]\nType=notify\n",
    );
    let fatal = parse.fatal.expect("refused");
    assert_eq!(
        fatal.message,
        "etcd.service lacks both ExecStart= and ExecStop= setting. Refusing."
    );
    assert_eq!(fatal.reason, "Invalid argument");

    let parse = parse_unit_file(
        "etcd.service",
        PATH,
        "[Service]\nExecStart=/a\nExecStart=/b\n",
    );
    assert!(
        parse
            .fatal
            .expect("refused")
            .message
            .contains("more than one ExecStart= setting")
    );

    let parse = parse_unit_file("etcd.service", PATH, "[Service]\nExecStart /bin/etcd\n");
    let fatal = parse.fatal.expect("refused");
    assert_eq!(
        fatal.message,
        "[/etc/systemd/system/etcd.service:2] Missing '='."
    );
    assert_eq!(fatal.reason, "Bad message");
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "(\\[Service\\]\n|[A-Za-z]{1,12}=\\PC{0,30}\n|\\PC{0,30}\\\\\n){0,12}") {
        let _ = parse_unit_file("x.service", "/x", &text);
    }
}
