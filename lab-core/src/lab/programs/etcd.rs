//! `etcd`: reads its configuration as etcd 3.4 does, starts a member process on the host and
//! stays in the foreground, passing the member's log lines on, until the process ends. A new
//! member with `--discovery` first runs the discovery protocol (`etcd_bootstrap`).

use crate::config::{self, ClusterMember, ConfigSource, Diagnostic, EtcdConfig, Outcome, Url};
use crate::data_dir::DataDirPaths;
use crate::lab::program::{ProgramCtx, next_round};
use crate::lab::signals;
use crate::sim::{CAPNSLOG_WARNING, EtcdIdentity, EtcdLaunch, ListenAddr};
use crate::time::WallClock;

/// Runs `etcd` with `ctx.args`; returns its exit status.
pub async fn run(ctx: &mut ProgramCtx<'_>, argv: Vec<String>) -> i32 {
    let job = ctx.lab.current_job();
    let (mut launch, discovery) = match configure(ctx) {
        Ok(Some(configured)) => configured,
        Ok(None) => return 0,
        Err(code) => return code,
    };
    if let Some(fallback_proxy) = discovery
        && let Err(code) = super::etcd_bootstrap::discover(ctx, &mut launch, fallback_proxy).await
    {
        return code;
    }
    let pid = match spawn(ctx, argv, launch, None, job) {
        Ok(pid) => pid,
        Err(code) => return code,
    };
    ctx.lab.set_waiting(ctx.host);
    follow(ctx, pid).await
}

/// Reads the configuration and starts the member process (for `unit` when systemd starts
/// it), under `pid` if given. `Err` is the exit status of an etcd that stopped at once,
/// after printing why.
pub fn launch(
    ctx: &mut ProgramCtx<'_>,
    argv: Vec<String>,
    unit: Option<String>,
    pid: Option<u32>,
) -> Result<u32, i32> {
    let (launch, discovery) = match configure(ctx) {
        Ok(Some(configured)) => configured,
        Ok(None) => return Err(0),
        Err(code) => return Err(code),
    };
    if discovery.is_some() {
        // Discovery needs a foreground `etcd` the lab can run step by step.
        let stamp = WallClock::at(ctx.lab.now()).capnslog();
        let line = Diagnostic::log(
            config::Level::Critical,
            "etcdmain",
            "--discovery under systemd is not simulated in the lab; run etcd in a terminal",
        );
        print_lines(ctx, &[line], &stamp);
        return Err(1);
    }
    spawn(ctx, argv, launch, unit, pid)
}

/// Starts the member process for a configured `launch`.
fn spawn(
    ctx: &mut ProgramCtx<'_>,
    argv: Vec<String>,
    launch: EtcdLaunch,
    unit: Option<String>,
    pid: Option<u32>,
) -> Result<u32, i32> {
    let spawned = ctx
        .lab
        .world_mut()
        .spawn_etcd(ctx.host, argv, launch, unit, pid);
    spawned.map_err(|failure| {
        for line in failure.stderr {
            ctx.eprint(&format!("{line}\n"));
        }
        failure.code
    })
}

/// Passes the process's output on until it exits. The process has the job's pid, so a
/// signal for the job (Ctrl-C, `kill`) reaches it in the world, which decides what it does;
/// this program, its stand-in, catches every signal and waits for the process to end.
pub async fn follow(ctx: &mut ProgramCtx<'_>, pid: u32) -> i32 {
    let every: Vec<i32> = (1..=signals::MAX_SIGNAL).collect();
    ctx.signals.catch(&every);
    loop {
        let (output, alive, exit) = {
            let mut world = ctx.lab.world_mut();
            let output = world.drain_process_output(ctx.host, pid);
            let processes = world.hosts().get(ctx.host).map(|h| &h.processes);
            let alive = processes.is_some_and(|p| p.get(pid).is_some());
            let exit = processes.and_then(|p| p.exit_of(pid));
            (output, alive, exit)
        };
        for (stream, text) in output {
            (ctx.out)(stream, text.as_bytes());
        }
        if !alive {
            return exit.map_or(0, |e| e.shell_status());
        }
        while ctx.signals.take_caught().is_some() {}
        next_round().await;
    }
}

/// Parses and validates the configuration, printing what etcd prints: the launch and, when
/// `--discovery` must fill its initial cluster (no data yet), whether
/// `--discovery-fallback` is `proxy`. `Ok(None)` for `--help` and `--version`,
/// `Err(status)` when etcd would exit.
fn configure(ctx: &mut ProgramCtx<'_>) -> Result<Option<(EtcdLaunch, Option<bool>)>, i32> {
    let stamp = WallClock::at(ctx.lab.now()).capnslog();
    let read_file = |path: &str| {
        ctx.lab
            .read_file(ctx.host, &crate::lab::absolute(ctx.cwd, path))
    };
    let parsed = config::parse(ConfigSource {
        args: ctx.args,
        env: ctx.env,
        read_file: &read_file,
    });
    let parsed = match parsed {
        Ok(Outcome::Run(parsed)) => parsed,
        Ok(Outcome::Help) => {
            ctx.eprint(config::USAGE);
            ctx.print(config::FLAGS_HELP);
            return Ok(None);
        }
        Ok(Outcome::Version) => {
            ctx.print(config::VERSION);
            return Ok(None);
        }
        Err(refusal) => {
            let lines: Vec<Diagnostic> = refusal
                .printed
                .into_iter()
                .chain(refusal.error.diagnostics())
                .collect();
            print_lines(ctx, &lines, &stamp);
            return Err(refusal.error.exit_code());
        }
    };
    print_lines(ctx, &parsed.warnings, &stamp);
    let cfg = parsed.config;
    match cfg.validate() {
        Ok(notes) => print_lines(ctx, &notes, &stamp),
        Err(error) => {
            print_lines(ctx, &error.diagnostics(), &stamp);
            return Err(error.exit_code());
        }
    }
    let data_dir = ctx.absolute(&cfg.effective_data_dir());
    let has_data = ctx.lab.world().hosts().get(ctx.host).is_some_and(|h| {
        let wal_dir = (!cfg.wal_dir.is_empty()).then(|| ctx.absolute(&cfg.wal_dir));
        let paths = DataDirPaths::new(&data_dir, wal_dir.as_deref());
        crate::data_dir::wal_exists(&h.vfs, &paths)
    });
    let mut cfg = cfg;
    if !has_data && !cfg.discovery_srv.is_empty() {
        let found = super::etcd_bootstrap::srv_initial_cluster(&ctx.lab.world(), ctx.host, &cfg);
        match found {
            Ok(cluster) => {
                cfg.initial_cluster = cluster;
                cfg.discovery_srv.clear();
            }
            Err(message) => {
                let lines = [
                    Diagnostic::log(
                        config::Level::Error,
                        "embed",
                        format!("couldn't resolve during SRV discovery ({message})"),
                    ),
                    Diagnostic::log(
                        config::Level::Critical,
                        "etcdmain",
                        format!("error setting up initial cluster: {message}"),
                    ),
                ];
                let lines = if message.starts_with("cannot find") {
                    lines.get(1..).unwrap_or_default()
                } else {
                    &lines
                };
                print_lines(ctx, lines, &stamp);
                return Err(1);
            }
        }
    }
    let discovering = !has_data && !cfg.discovery.is_empty();
    let members = if has_data || discovering {
        cfg.initial_cluster.members().unwrap_or_default()
    } else {
        match cfg.verify_bootstrap() {
            Ok(members) => members,
            Err(error) => {
                print_lines(ctx, &error.diagnostics(), &stamp);
                return Err(error.exit_code());
            }
        }
    };
    let fallback_proxy = cfg.discovery_fallback == config::DiscoveryFallback::Proxy;
    let discovery = discovering.then_some(fallback_proxy);
    launch_of(ctx, &cfg, data_dir, members)
        .map(|launch| Some((launch, discovery)))
        .map_err(|message| {
            let line = Diagnostic::log(config::Level::Critical, "etcdmain", message);
            print_lines(ctx, &[line], &stamp);
            1
        })
}

fn print_lines(ctx: &mut ProgramCtx<'_>, lines: &[Diagnostic], stamp: &str) {
    for line in lines {
        // The capnslog deprecation banner is printed where etcd prints it, with the
        // startup lines, not once per configuration source.
        if matches!(line, Diagnostic::Plain(text) if text == CAPNSLOG_WARNING) {
            continue;
        }
        ctx.eprint(&format!("{}\n", line.to_line(stamp)));
    }
}

fn launch_of(
    ctx: &ProgramCtx<'_>,
    cfg: &EtcdConfig,
    data_dir: String,
    members: Vec<ClusterMember>,
) -> Result<EtcdLaunch, String> {
    let strings = |urls: &[Url]| urls.iter().map(Url::to_string).collect::<Vec<_>>();
    Ok(EtcdLaunch {
        name: cfg.name.clone(),
        data_dir,
        wal_dir: (!cfg.wal_dir.is_empty()).then(|| ctx.absolute(&cfg.wal_dir)),
        listen_peer: listen_addrs(ctx, &cfg.listen_peer_urls)?,
        listen_client: listen_addrs(ctx, &cfg.listen_client_urls)?,
        identity: EtcdIdentity {
            token: cfg.initial_cluster_token.clone(),
            peer_urls: strings(&cfg.initial_advertise_peer_urls),
            client_urls: strings(&cfg.advertise_client_urls),
            initial_cluster: members
                .iter()
                .map(|(name, urls)| (name.clone(), strings(urls)))
                .collect(),
        },
        new_cluster: cfg.initial_cluster_state == config::ClusterState::New,
        force_new_cluster: cfg.force_new_cluster,
        heartbeat_interval_ms: cfg.heartbeat_interval_ms,
        election_timeout_ms: cfg.election_timeout_ms,
        snapshot_count: cfg.snapshot_count,
        quota_backend_bytes: u64::try_from(cfg.quota_backend_bytes).unwrap_or(0),
        pre_vote: cfg.pre_vote,
        enable_v2: cfg.enable_v2,
        discovery: (!cfg.discovery.is_empty()).then(|| cfg.discovery.clone()),
        banner_printed: false,
        tls: super::etcd_tls::load(ctx, cfg)?.map(Box::new),
    })
}

/// The addresses `urls` bind to on this host.
fn listen_addrs(ctx: &ProgramCtx<'_>, urls: &[Url]) -> Result<Vec<ListenAddr>, String> {
    urls.iter()
        .map(|url| {
            let host = url.hostname();
            let port: u16 = url
                .port()
                .parse()
                .map_err(|_| format!("listen tcp {}: missing port in address", url.host()))?;
            let ip = ctx
                .lab
                .world()
                .resolve_name(ctx.host, host)
                .ok_or_else(|| format!("listen tcp: lookup {host}: no such host"))?;
            let own = ip.is_loopback()
                || ip.is_unspecified()
                || ctx
                    .lab
                    .world()
                    .hosts()
                    .get(ctx.host)
                    .is_some_and(|h| h.ip == ip);
            if !own {
                return Err(format!(
                    "listen tcp {ip}:{port}: bind: cannot assign requested address"
                ));
            }
            let secure = matches!(url.scheme(), "https" | "unixs");
            Ok(ListenAddr { ip, port, secure })
        })
        .collect()
}
