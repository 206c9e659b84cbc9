//! Stories for the whole module: what a learner pastes, what etcd says back, and the
//! round trip through every rendering.

use proptest::prelude::*;

use super::*;

fn run(args: &[&str], env: &[(&str, &str)]) -> Result<Outcome, Refusal> {
    run_with_file(args, env, "")
}

fn run_with_file(args: &[&str], env: &[(&str, &str)], file: &str) -> Result<Outcome, Refusal> {
    let args: Vec<String> = args.iter().map(|s| (*s).to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    let text = file.to_string();
    let read = move |path: &str| {
        if path == "/etc/etcd/etcd.conf.yml" {
            Ok(text.clone())
        } else {
            Err(format!("open {path}: no such file or directory"))
        }
    };
    parse(ConfigSource {
        args: &args,
        env: &env,
        read_file: &read,
    })
}

fn config(args: &[&str]) -> EtcdConfig {
    match run(args, &[]) {
        Ok(Outcome::Run(p)) => p.config,
        other => panic!("expected a configuration, got {other:?}"),
    }
}

fn refusal(args: &[&str], env: &[(&str, &str)]) -> ConfigError {
    match run(args, env) {
        Err(r) => r.error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const ETCD1: &[&str] = &[
    "--name",
    "etcd1",
    "--listen-client-urls",
    "http://127.0.0.1:21379",
    "--advertise-client-urls",
    "http://127.0.0.1:21379",
    "--listen-peer-urls",
    "http://127.0.0.1:21380",
    "--initial-advertise-peer-urls",
    "http://127.0.0.1:21380",
    "--initial-cluster",
    "etcd1=http://127.0.0.1:21380,etcd2=http://127.0.0.1:22380,etcd3=http://127.0.0.1:23380",
    "--initial-cluster-token",
    "tkn-s01",
    "--initial-cluster-state",
    "new",
];

#[test]
fn the_reference_bootstrap_command_parses_and_bootstraps() {
    let cfg = config(ETCD1);
    assert_eq!(cfg.name, "etcd1");
    assert_eq!(cfg.initial_cluster_token, "tkn-s01");
    assert_eq!(
        (
            cfg.heartbeat_interval_ms,
            cfg.election_timeout_ms,
            cfg.snapshot_count
        ),
        (100, 1000, 100_000)
    );
    let members = cfg.verify_bootstrap().expect("bootstraps");
    assert_eq!(members.len(), 3);
    let Ok(Outcome::Run(parsed)) = run(ETCD1, &[]) else {
        panic!("runs")
    };
    let expected = Diagnostic::Plain(
        "[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead"
            .into(),
    );
    assert_eq!(
        parsed.warnings,
        vec![expected],
        "the default logger warns as in the reference log"
    );
}

#[test]
fn no_flags_gives_etcds_documented_defaults() {
    let cfg = config(&[]);
    assert_eq!(cfg, EtcdConfig::default());
    assert_eq!(cfg.effective_data_dir(), "default.etcd");
    assert_eq!(
        cfg.initial_cluster.as_str(),
        "default=http://localhost:2380"
    );
    assert_eq!(
        cfg.listen_client_urls[0].to_string(),
        "http://localhost:2379"
    );
    assert!(!cfg.enable_v2 && cfg.strict_reconfig_check);
    assert_eq!(cfg.verify_bootstrap().map(|m| m.len()), Ok(1));
}

#[test]
fn go_flag_syntaxes_all_set_the_same_value() {
    for args in [
        &["--name=x"][..],
        &["--name", "x"],
        &["-name", "x"],
        &["-name=x"],
    ] {
        assert_eq!(config(args).name, "x", "{args:?}");
    }
    assert!(config(&["--enable-v2"]).enable_v2);
    assert!(config(&["--enable-v2=true"]).enable_v2);
    assert!(config(&["-debug"]).debug);
    assert!(!config(&["--strict-reconfig-check=false"]).strict_reconfig_check);
}

#[test]
fn unknown_and_malformed_flags_fail_like_go_with_usage_and_exit_2() {
    let err = refusal(&["--initial-cluster-tokn", "x"], &[]);
    assert_eq!(
        err,
        ConfigError::Flag("flag provided but not defined: -initial-cluster-tokn".into())
    );
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.diagnostics().get(1),
        Some(&Diagnostic::Plain(USAGE.to_string()))
    );
    let err = refusal(&["--heartbeat-interval", "abc"], &[]);
    assert_eq!(
        err.to_string(),
        "invalid value \"abc\" for flag -heartbeat-interval: parse error"
    );
    let err = refusal(&["--enable-v2=maybe"], &[]);
    assert_eq!(
        err.to_string(),
        "invalid boolean value \"maybe\" for -enable-v2: parse error"
    );
    let err = refusal(&["--listen-peer-urls", "localhost:2380"], &[]);
    assert_eq!(
        err.to_string(),
        "invalid value \"localhost:2380\" for flag -listen-peer-urls: URL scheme must be http, https, unix, or unixs: localhost:2380"
    );
    let err = refusal(&["--initial-cluster-state", "old"], &[]);
    assert_eq!(
        err.to_string(),
        "invalid value \"old\" for flag -initial-cluster-state: invalid value"
    );
    assert_eq!(
        refusal(&["--name"], &[]).to_string(),
        "flag needs an argument: -name"
    );
}

#[test]
fn help_version_and_stray_arguments() {
    assert_eq!(run(&["-h"], &[]), Ok(Outcome::Help));
    assert_eq!(run(&["--help"], &[]), Ok(Outcome::Help));
    assert_eq!(run(&["--version"], &[]), Ok(Outcome::Version));
    assert!(VERSION.starts_with("etcd Version: 3.4.23\n"));
    let err = refusal(&["--name", "x", "extra"], &[]);
    let line = Diagnostic::log(
        Level::Error,
        "etcdmain",
        "error verifying flags, 'extra' is not a valid flag. See 'etcd --help'.",
    );
    assert_eq!((err.diagnostics(), err.exit_code()), (vec![line], 1));
}

#[test]
fn validation_speaks_etcds_words() {
    let err = refusal(&["--listen-client-urls", "http://10.0.0.1:2379"], &[]);
    assert_eq!(
        err.to_string(),
        "--advertise-client-urls is required when --listen-client-urls is set explicitly"
    );
    assert_eq!(err.diagnostics().len(), 2, "etcd adds its advice line");
    let err = refusal(&["--heartbeat-interval", "300"], &[]);
    assert_eq!(
        err.to_string(),
        "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]"
    );
    let err = refusal(&["--election-timeout", "60000"], &[]);
    assert_eq!(
        err.to_string(),
        "--election-timeout[60000ms] is too long, and should be set less than 50000ms"
    );
    let err = refusal(&["--listen-peer-urls", "http://node1:2380"], &[]);
    assert_eq!(
        err.to_string(),
        "expected IP in URL for binding (http://node1:2380)"
    );
}

#[test]
fn bootstrap_checks_are_fatal_etcdmain_lines() {
    let cfg = config(&[
        "--name",
        "etcd9",
        "--initial-cluster",
        "etcd1=http://127.0.0.1:2380",
    ]);
    let err = cfg.verify_bootstrap().expect_err("name missing");
    assert_eq!(
        err.to_string(),
        "couldn't find local name \"etcd9\" in the initial cluster configuration"
    );
    assert_eq!(
        err.diagnostics(),
        vec![Diagnostic::log(
            Level::Critical,
            "etcdmain",
            err.to_string()
        )]
    );
    let cfg = config(&[
        "--name",
        "a",
        "--initial-advertise-peer-urls",
        "http://10.0.0.1:2380",
        "--initial-cluster",
        "a=http://10.0.0.2:2380",
    ]);
    assert_eq!(
        cfg.verify_bootstrap().map_err(|e| e.to_string()),
        Err("--initial-cluster has a=http://10.0.0.2:2380 but missing from --initial-advertise-peer-urls=http://10.0.0.1:2380 (resolved urls: \"http://10.0.0.1:2380\" != \"http://10.0.0.2:2380\")".into())
    );
    let cfg = config(&[
        "--initial-cluster",
        "default=http://localhost:2380,b=http://localhost:2380",
    ]);
    assert!(
        cfg.verify_bootstrap()
            .is_err_and(|e| e.to_string().ends_with("has duplicate url"))
    );
}

#[test]
fn env_vars_fill_unset_flags_and_etcd_34_refuses_shadowed_ones() {
    let Ok(Outcome::Run(p)) = run(
        &[],
        &[
            ("ETCD_NAME", "infra3"),
            ("ETCD_INITIAL_CLUSTER_STATE", "existing"),
            ("ETCD_FOO", "bar"),
            ("PATH", "/bin"),
        ],
    ) else {
        panic!("runs")
    };
    assert_eq!(
        (p.config.name.as_str(), p.config.initial_cluster_state),
        ("infra3", ClusterState::Existing)
    );
    assert!(p.warnings.contains(&Diagnostic::log(
        Level::Warning,
        "pkg/flags",
        "unrecognized environment variable ETCD_FOO=bar"
    )));
    assert!(p.warnings.contains(&Diagnostic::log(
        Level::Info,
        "pkg/flags",
        "recognized and used environment variable ETCD_NAME=infra3"
    )));
    let err = refusal(&["--name", "a"], &[("ETCD_NAME", "b")]);
    assert_eq!(
        err.diagnostics(),
        vec![Diagnostic::log(
            Level::Critical,
            "pkg/flags",
            "conflicting environment variable \"ETCD_NAME\" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)"
        )]
    );
    let err = refusal(&[], &[("ETCD_HEARTBEAT_INTERVAL", "abc")]);
    assert_eq!(
        err.to_string(),
        "invalid value \"abc\" for ETCD_HEARTBEAT_INTERVAL: parse error"
    );
}

#[test]
fn a_config_file_replaces_flags_and_env() {
    let yaml = "name: infra1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.1.10:2379\ninitial-cluster-state: existing\nenable-v2: yes\nclient-transport-security:\n  cert-file: /etc/etcd/server.crt\n  client-cert-auth: true\n";
    let Ok(Outcome::Run(p)) = run_with_file(
        &[
            "--config-file",
            "/etc/etcd/etcd.conf.yml",
            "--name",
            "ignored",
        ],
        &[("ETCD_NAME", "ignored")],
        yaml,
    ) else {
        panic!("runs")
    };
    assert_eq!(p.source, Form::ConfigFile("/etc/etcd/etcd.conf.yml".into()));
    assert_eq!(
        (p.config.name.as_str(), p.config.data_dir.as_str()),
        ("infra1", "/var/lib/etcd")
    );
    assert_eq!(
        p.config.advertise_client_urls[0].to_string(),
        "http://localhost:2379",
        "a file keeps the default advertise URL"
    );
    assert!(p.config.enable_v2 && p.config.client_tls.client_cert_auth);
    assert_eq!(p.config.client_tls.cert_file, "/etc/etcd/server.crt");
    assert_eq!(
        p.config.initial_cluster.as_str(),
        "infra1=http://localhost:2380"
    );
    let Err(r) = run_with_file(&[], &[("ETCD_CONFIG_FILE", "/missing.yml")], "") else {
        panic!("refused")
    };
    assert_eq!(
        r.error.to_string(),
        "open /missing.yml: no such file or directory"
    );
}

#[test]
fn yaml_type_errors_read_like_go_json() {
    let err = parse_yaml("heartbeat-interval: \"100\"\n").expect_err("string into uint");
    assert_eq!(
        err.to_string(),
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field configYAML.heartbeat-interval of type uint"
    );
    let err = parse_yaml("listen-peer-urls: localhost:2380\n").expect_err("bad url");
    assert_eq!(
        err.to_string(),
        "unexpected error setting up listen-peer-urls: URL scheme must be http, https, unix, or unixs: localhost:2380"
    );
    assert_eq!(
        parse_yaml("auto-compaction-retention: 1\n").map(|c| c.auto_compaction_retention),
        Ok("1".into())
    );
}

fn ipv4_url() -> impl Strategy<Value = Url> {
    (any::<[u8; 4]>(), 1u16..).prop_map(|(ip, port)| {
        Url::http(&std::net::Ipv4Addr::from(ip).to_string(), port).expect("valid")
    })
}

fn urls() -> impl Strategy<Value = Vec<Url>> {
    prop::collection::vec(ipv4_url(), 1..3).prop_map(|mut v| {
        v.sort_by_key(Url::to_string);
        v
    })
}

fn generated_config() -> impl Strategy<Value = EtcdConfig> {
    let names = "[a-z][a-z0-9-]{0,8}";
    let path = "(/[a-z0-9._-]{1,8}){1,3}";
    (
        (
            names,
            prop::option::of(path),
            urls(),
            urls(),
            urls(),
            prop::collection::vec((names, ipv4_url()), 1..4),
        ),
        (
            "[a-zA-Z0-9_-]{1,12}",
            any::<bool>(),
            1u64..200,
            5u64..10,
            any::<bool>(),
            any::<bool>(),
        ),
        (
            prop::option::of(path),
            prop::option::of(path),
            any::<bool>(),
            any::<bool>(),
            any::<u32>(),
            any::<bool>(),
        ),
    )
        .prop_map(|(a, b, c)| {
            let (name, data_dir, lpu, lcu, apu, cluster) = a;
            let (token, existing, heartbeat, factor, v2, strict) = b;
            let (cert, peer_ca, auth, auto_tls, streams, pre_vote) = c;
            let mut cfg = EtcdConfig {
                data_dir: data_dir.unwrap_or_default(),
                listen_peer_urls: lpu,
                listen_client_urls: lcu.clone(),
                advertise_client_urls: lcu,
                initial_advertise_peer_urls: apu.clone(),
                initial_cluster_token: token,
                initial_cluster_state: if existing {
                    ClusterState::Existing
                } else {
                    ClusterState::New
                },
                heartbeat_interval_ms: heartbeat,
                election_timeout_ms: heartbeat * factor,
                enable_v2: v2,
                strict_reconfig_check: strict,
                max_concurrent_streams: streams,
                pre_vote,
                ..EtcdConfig::default()
            };
            cfg.name = if name == "default" {
                "member".into()
            } else {
                name
            };
            cfg.client_tls.cert_file = cert.unwrap_or_default();
            cfg.client_tls.client_cert_auth = auth;
            cfg.peer_tls.trusted_ca_file = peer_ca.unwrap_or_default();
            cfg.peer_tls.auto_tls = auto_tls;
            let mut members: Vec<(String, Url)> = cluster;
            members.extend(apu.iter().map(|u| (cfg.name.clone(), u.clone())));
            cfg.initial_cluster = InitialCluster::from_members(&members);
            cfg
        })
}

fn argv_of(rendered: &str, skip: usize) -> Vec<String> {
    let joined = rendered.replace(" \\\n", " ");
    shlex::split(&joined)
        .expect("shell words")
        .into_iter()
        .skip(skip)
        .collect()
}

fn reparse(args: Vec<String>, env: Vec<(String, String)>) -> EtcdConfig {
    let read = |_: &str| Err("no files".to_string());
    match parse(ConfigSource {
        args: &args,
        env: &env,
        read_file: &read,
    }) {
        Ok(Outcome::Run(p)) => p.config,
        other => panic!("rendered form did not parse: {other:?}"),
    }
}

fn env_pairs(file: &str) -> Vec<(String, String)> {
    file.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            (
                k.to_string(),
                v.trim_matches('"')
                    .replace("\\\"", "\"")
                    .replace("\\\\", "\\"),
            )
        })
        .collect()
}

proptest! {
    #[test]
    fn every_rendering_reads_back_to_the_same_configuration(cfg in generated_config()) {
        prop_assert_eq!(&reparse(argv_of(&cfg.to_command_line(), 1), vec![]), &cfg);
        prop_assert_eq!(&reparse(vec![], env_pairs(&cfg.to_env_file())), &cfg);
        let yaml = cfg.to_yaml();
        let from_yaml = parse_yaml(&yaml).map(|mut c| {
            // What the command line adds over a file, so both compare alike.
            c.auto_compaction_retention = "0".into();
            c.auto_compaction_mode = "periodic".into();
            c.enable_grpc_gateway = true;
            c
        });
        prop_assert_eq!(from_yaml, Ok(cfg.clone()), "{}", yaml);
        let unit = cfg.to_systemd_unit();
        let exec = unit.split("ExecStart=/usr/local/bin/etcd").nth(1).and_then(|s| s.split("\nRestart=").next()).unwrap_or_default();
        prop_assert_eq!(&reparse(argv_of(exec, 0), vec![]), &cfg);
        let docker = EtcdConfig { data_dir: DOCKER_DATA_DIR.into(), ..cfg.clone() };
        let run = cfg.to_docker_run();
        let inner = run.split("/usr/local/bin/etcd").nth(1).unwrap_or_default();
        prop_assert_eq!(&reparse(argv_of(inner, 0), vec![]), &docker);
    }

    #[test]
    fn parse_never_panics_on_arbitrary_argv(args in prop::collection::vec(".{0,40}", 0..12)) {
        let read = |_: &str| Err("no".to_string());
        let _ = parse(ConfigSource { args: &args, env: &[], read_file: &read });
    }

    #[test]
    fn parse_yaml_never_panics(text in ".{0,300}") {
        let _ = parse_yaml(&text);
    }

    #[test]
    fn parse_never_panics_on_flag_like_argv(args in prop::collection::vec("-{1,2}(name|heartbeat-interval|listen-peer-urls|initial-cluster|enable-v2|x)(=.{0,20})?|.{0,20}", 0..10)) {
        let read = |_: &str| Err("no".to_string());
        let _ = parse(ConfigSource { args: &args, env: &[], read_file: &read });
    }
}
