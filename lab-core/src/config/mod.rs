//! etcd 3.4's configuration: read from argv, `ETCD_*` variables or a YAML file exactly as
//! etcd 3.4.23's `etcdmain` reads it (same precedence, same messages, same exit codes),
//! validated as etcd validates it, and written back out as a command line, env file, YAML
//! file, systemd unit or `docker run` line.
//!
//! Precedence (etcdmain `parse`): `-h`/`--version` first; then a config file
//! (`--config-file`, else `ETCD_CONFIG_FILE`) replaces flags and variables entirely;
//! otherwise each `ETCD_*` variable fills the flag of its name unless that flag is on the
//! command line (in 3.4 that conflict is fatal). Then `--initial-cluster` defaults to
//! `name=advertised peer URLs` when only `--name` was given.
//!
//! ```
//! use lab_core::config::{ConfigSource, Outcome, parse};
//!
//! let args: Vec<String> = ["--name", "etcd1", "--initial-cluster-state=existing"].map(String::from).to_vec();
//! let no_files = |_: &str| Err("no files".to_string());
//! let src = ConfigSource { args: &args, env: &[], read_file: &no_files };
//! let Ok(Outcome::Run(parsed)) = parse(src) else { panic!("valid") };
//! assert_eq!(parsed.config.initial_cluster.as_str(), "etcd1=http://localhost:2380");
//! ```

mod env;
mod error;
mod etcd_config;
mod flags;
mod go_flag;
mod go_syntax;
mod help;
mod initial_cluster;
mod render;
mod url;
mod validate;
mod value_text;
mod yaml;

#[cfg(test)]
mod tests;

pub use env::{MAX_ENV_VARS, getenv};
pub use error::{ConfigError, Diagnostic, Level};
pub use etcd_config::{ClusterState, DiscoveryFallback, EtcdConfig, ProxyMode, TlsInfo};
pub use go_syntax::GoDuration;
pub use help::{FLAGS_HELP, USAGE, VERSION};
pub use initial_cluster::{ClusterMember, InitialCluster};
pub use render::{DOCKER_DATA_DIR, DOCKER_IMAGE};
pub use url::Url;
pub use validate::MAX_ELECTION_MS;
pub use yaml::{MAX_YAML_BYTES, parse_yaml};

/// Most argv entries read.
pub const MAX_ARGS: usize = 1000;

/// What the `etcd` process was started with.
pub struct ConfigSource<'a> {
    /// argv without argv\[0\].
    pub args: &'a [String],
    /// The environment, in `environ` order, values already unquoted.
    pub env: &'a [(String, String)],
    /// Reads a file; the error is the OS message (`open /x: no such file or directory`).
    pub read_file: &'a dyn Fn(&str) -> Result<String, String>,
}

/// Where the configuration came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    /// Flags and `ETCD_*` variables.
    CommandLine,
    /// The YAML file at this path.
    ConfigFile(String),
}

/// A configuration etcd accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The configuration.
    pub config: EtcdConfig,
    /// Lines etcd printed on stderr on the way, in order.
    pub warnings: Vec<Diagnostic>,
    /// Where it came from.
    pub source: Form,
}

/// What the process does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Start the member (boxed: a configuration is large).
    Run(Box<Parsed>),
    /// Print [`USAGE`] on stderr and [`FLAGS_HELP`] on stdout, exit 0.
    Help,
    /// Print [`VERSION`] on stdout, exit 0.
    Version,
}

/// A refusal together with the lines printed before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Lines printed before the error (warnings, notices).
    pub printed: Vec<Diagnostic>,
    /// The error; its [`ConfigError::diagnostics`] follow `printed`.
    pub error: ConfigError,
}

impl Refusal {
    fn new(printed: Vec<Diagnostic>, error: ConfigError) -> Self {
        Self { printed, error }
    }

    /// Every stderr line, in order.
    pub fn lines(&self) -> Vec<Diagnostic> {
        self.printed
            .iter()
            .cloned()
            .chain(self.error.diagnostics())
            .collect()
    }
}

/// Reads a configuration the way `etcd` does at start-up.
pub fn parse(src: ConfigSource<'_>) -> Result<Outcome, Refusal> {
    if src.args.len() > MAX_ARGS || src.env.len() > MAX_ENV_VARS {
        let why =
            format!("etcd: more than {MAX_ARGS} arguments or {MAX_ENV_VARS} environment variables");
        return Err(Refusal::new(Vec::new(), ConfigError::Limit(why)));
    }
    let mut cfg = EtcdConfig::default();
    let argv = go_flag::parse_argv(src.args, &mut cfg).map_err(|e| Refusal::new(Vec::new(), e))?;
    let mut printed = argv.warnings.clone();
    if argv.help {
        return Ok(Outcome::Help);
    }
    if let Some(first) = argv.rest.first() {
        return Err(Refusal::new(
            printed,
            ConfigError::Verify(format!("'{first}' is not a valid flag")),
        ));
    }
    if argv.version {
        return Ok(Outcome::Version);
    }
    let file = argv.config_file.clone().filter(|f| !f.is_empty());
    let file = file.or_else(|| {
        getenv(src.env, "ETCD_CONFIG_FILE")
            .filter(|f| !f.is_empty())
            .map(str::to_string)
    });
    let (mut config, source) = match file {
        Some(path) => (
            from_file(&path, src.read_file, &mut printed)?,
            Form::ConfigFile(path),
        ),
        None => (
            from_command_line(cfg, &argv, src.env, &mut printed)?,
            Form::CommandLine,
        ),
    };
    if config.name != etcd_config::DEFAULT_NAME
        && config.initial_cluster == EtcdConfig::default().initial_cluster
    {
        config.initial_cluster = config.initial_cluster_from_name();
    }
    Ok(Outcome::Run(Box::new(Parsed {
        config,
        warnings: printed,
        source,
    })))
}

fn from_file(
    path: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
    printed: &mut Vec<Diagnostic>,
) -> Result<EtcdConfig, Refusal> {
    let loading = Diagnostic::log(
        Level::Info,
        "etcdmain",
        format!(
            "Loading server configuration from {}. Other configuration command line flags and environment variables will be ignored if provided.",
            go_syntax::go_quote(path)
        ),
    );
    let loaded = read(path)
        .map_err(ConfigError::Verify)
        .and_then(|text| parse_yaml(&text));
    let cfg = match loaded {
        Ok(cfg) => cfg,
        // These exit on the spot in etcd, before it logs which file it loaded.
        Err(
            e @ (ConfigError::FileUrls { .. } | ConfigError::FileChoice(_) | ConfigError::Limit(_)),
        ) => {
            return Err(Refusal::new(printed.clone(), e));
        }
        Err(e) => {
            printed.push(loading);
            return Err(Refusal::new(printed.clone(), e));
        }
    };
    printed.extend(cfg.logging_notes());
    let validated = cfg.validate();
    printed.push(loading);
    validated
        .map(|_| cfg)
        .map_err(|e| Refusal::new(printed.clone(), e))
}

fn from_command_line(
    mut cfg: EtcdConfig,
    argv: &go_flag::ArgvOutcome,
    env: &[(String, String)],
    printed: &mut Vec<Diagnostic>,
) -> Result<EtcdConfig, Refusal> {
    let (outcome, result) = env::apply_env(env, &argv.set, &mut cfg);
    printed.extend(outcome.diagnostics);
    result.map_err(|e| Refusal::new(printed.clone(), e))?;
    let is_set = |name: &str| argv.set.contains(&name) || outcome.set.contains(&name);
    let may_be_proxy = cfg.proxy != ProxyMode::Off
        || (!cfg.discovery.is_empty() && cfg.discovery_fallback == DiscoveryFallback::Proxy);
    if !may_be_proxy && is_set("listen-client-urls") && !is_set("advertise-client-urls") {
        cfg.advertise_client_urls.clear();
    }
    let discovery = !cfg.discovery.is_empty()
        || !cfg.discovery_srv.is_empty()
        || !cfg.discovery_srv_name.is_empty();
    if discovery && !is_set("initial-cluster") {
        cfg.initial_cluster = InitialCluster::default();
    }
    printed.extend(cfg.logging_notes());
    match cfg.validate() {
        Ok(_) => Ok(cfg),
        Err(ConfigError::Verify(m)) if m == error::UNSET_ADVERTISE_CLIENT_URLS && may_be_proxy => {
            Ok(cfg)
        }
        Err(e) => Err(Refusal::new(printed.clone(), e)),
    }
}
