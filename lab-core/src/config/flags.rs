//! The flag table: every flag `etcd --help` (3.4.23) lists, with its Go value type, where it
//! lives in a YAML file, and how to read and write it in [`EtcdConfig`]. The command line,
//! `ETCD_*` variables, the YAML file and every renderer go through this one table.

use super::etcd_config::{ClusterState, DiscoveryFallback, EtcdConfig, ProxyMode};
use super::go_syntax::GoDuration;
use super::initial_cluster::InitialCluster;
use super::url::Url;

/// A flag's Go value type, which decides its syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `fs.StringVar`.
    Str,
    /// `fs.BoolVar`: may be given without a value.
    Bool,
    /// `fs.UintVar` / `Uint64Var` (64-bit).
    U64,
    /// `fs.IntVar` / `Int64Var`.
    I64,
    /// `flags.Uint32Value`.
    U32,
    /// `fs.DurationVar`.
    Dur,
    /// `flags.UniqueURLs`.
    Urls,
    /// `flags.StringsValue`: split on commas, order kept.
    List,
    /// `flags.UniqueStringsValue`: split on commas, deduplicated, sorted.
    Set,
    /// `--cors`: URLs or `*`, kept as a sorted set of strings.
    Cors,
    /// `--initial-cluster`.
    Cluster,
    /// `--initial-cluster-state`.
    State,
    /// `--proxy`.
    Proxy,
    /// `--discovery-fallback`.
    Fallback,
}

/// A typed flag value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// [`Kind::Str`]
    Str(String),
    /// [`Kind::Bool`]
    Bool(bool),
    /// [`Kind::U64`]
    U64(u64),
    /// [`Kind::I64`]
    I64(i64),
    /// [`Kind::U32`]
    U32(u32),
    /// [`Kind::Dur`]
    Dur(GoDuration),
    /// [`Kind::Urls`]
    Urls(Vec<Url>),
    /// [`Kind::List`]
    List(Vec<String>),
    /// [`Kind::Set`]
    Set(Vec<String>),
    /// [`Kind::Cors`]
    Cors(Vec<String>),
    /// [`Kind::Cluster`]
    Cluster(InitialCluster),
    /// [`Kind::State`]
    State(ClusterState),
    /// [`Kind::Proxy`]
    Proxy(ProxyMode),
    /// [`Kind::Fallback`]
    Fallback(DiscoveryFallback),
}

/// Where a flag lives in an etcd YAML config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlKey {
    /// A top-level key named like the flag.
    Top,
    /// A key inside `client-transport-security`.
    ClientSecurity(&'static str),
    /// A key inside `peer-transport-security`.
    PeerSecurity(&'static str),
    /// Not settable from a file in 3.4.
    None,
}

/// One flag.
pub struct Flag {
    /// The name without dashes.
    pub name: &'static str,
    /// Its Go type.
    pub kind: Kind,
    /// Its place in a YAML file.
    pub yaml: YamlKey,
    /// Reads it from a configuration.
    pub get: fn(&EtcdConfig) -> Value,
    /// Stores a value of its kind (values of another kind are ignored).
    pub set: fn(&mut EtcdConfig, Value),
}

macro_rules! flag {
    ($name:literal, $kind:ident, $yaml:expr, $($field:ident).+) => {
        Flag {
            name: $name,
            kind: Kind::$kind,
            yaml: $yaml,
            get: |c| Value::$kind(c.$($field).+.clone()),
            set: |c, v| {
                if let Value::$kind(x) = v {
                    c.$($field).+ = x;
                }
            },
        }
    };
}

use YamlKey::{ClientSecurity as Cs, None as No, PeerSecurity as Ps, Top};

/// Every flag, in `etcd --help` order.
pub static FLAGS: &[Flag] = &[
    flag!("name", Str, Top, name),
    flag!("data-dir", Str, Top, data_dir),
    flag!("wal-dir", Str, Top, wal_dir),
    flag!("snapshot-count", U64, Top, snapshot_count),
    flag!("heartbeat-interval", U64, Top, heartbeat_interval_ms),
    flag!("election-timeout", U64, Top, election_timeout_ms),
    flag!(
        "initial-election-tick-advance",
        Bool,
        Top,
        initial_election_tick_advance
    ),
    flag!("listen-peer-urls", Urls, Top, listen_peer_urls),
    flag!("listen-client-urls", Urls, Top, listen_client_urls),
    flag!("max-snapshots", U64, Top, max_snapshots),
    flag!("max-wals", U64, Top, max_wals),
    flag!("quota-backend-bytes", I64, Top, quota_backend_bytes),
    flag!("backend-batch-interval", Dur, Top, backend_batch_interval),
    flag!("backend-batch-limit", I64, Top, backend_batch_limit),
    flag!("max-txn-ops", U64, Top, max_txn_ops),
    flag!("max-request-bytes", U64, Top, max_request_bytes),
    flag!("max-concurrent-streams", U32, Top, max_concurrent_streams),
    flag!("grpc-keepalive-min-time", Dur, Top, grpc_keepalive_min_time),
    flag!("grpc-keepalive-interval", Dur, Top, grpc_keepalive_interval),
    flag!("grpc-keepalive-timeout", Dur, Top, grpc_keepalive_timeout),
    flag!(
        "initial-advertise-peer-urls",
        Urls,
        Top,
        initial_advertise_peer_urls
    ),
    flag!("initial-cluster", Cluster, Top, initial_cluster),
    flag!("initial-cluster-state", State, Top, initial_cluster_state),
    flag!("initial-cluster-token", Str, Top, initial_cluster_token),
    flag!("advertise-client-urls", Urls, Top, advertise_client_urls),
    flag!("discovery", Str, Top, discovery),
    flag!("discovery-fallback", Fallback, Top, discovery_fallback),
    flag!("discovery-proxy", Str, Top, discovery_proxy),
    flag!("discovery-srv", Str, Top, discovery_srv),
    flag!("discovery-srv-name", Str, Top, discovery_srv_name),
    flag!("strict-reconfig-check", Bool, Top, strict_reconfig_check),
    flag!("pre-vote", Bool, Top, pre_vote),
    flag!(
        "auto-compaction-retention",
        Str,
        Top,
        auto_compaction_retention
    ),
    flag!("auto-compaction-mode", Str, Top, auto_compaction_mode),
    flag!("enable-v2", Bool, Top, enable_v2),
    flag!("cert-file", Str, Cs("cert-file"), client_tls.cert_file),
    flag!("key-file", Str, Cs("key-file"), client_tls.key_file),
    flag!(
        "client-cert-auth",
        Bool,
        Cs("client-cert-auth"),
        client_tls.client_cert_auth
    ),
    flag!("client-crl-file", Str, No, client_tls.crl_file),
    flag!(
        "client-cert-allowed-hostname",
        Str,
        No,
        client_tls.allowed_hostname
    ),
    flag!(
        "trusted-ca-file",
        Str,
        Cs("trusted-ca-file"),
        client_tls.trusted_ca_file
    ),
    flag!("auto-tls", Bool, Cs("auto-tls"), client_tls.auto_tls),
    flag!("peer-cert-file", Str, Ps("cert-file"), peer_tls.cert_file),
    flag!("peer-key-file", Str, Ps("key-file"), peer_tls.key_file),
    flag!(
        "peer-client-cert-auth",
        Bool,
        Ps("client-cert-auth"),
        peer_tls.client_cert_auth
    ),
    flag!(
        "peer-trusted-ca-file",
        Str,
        Ps("trusted-ca-file"),
        peer_tls.trusted_ca_file
    ),
    flag!("peer-cert-allowed-cn", Str, No, peer_tls.allowed_cn),
    flag!(
        "peer-cert-allowed-hostname",
        Str,
        No,
        peer_tls.allowed_hostname
    ),
    flag!("peer-auto-tls", Bool, Ps("auto-tls"), peer_tls.auto_tls),
    flag!("peer-crl-file", Str, No, peer_tls.crl_file),
    flag!("cipher-suites", List, Top, cipher_suites),
    flag!("cors", Cors, Top, cors),
    flag!("host-whitelist", Set, Top, host_whitelist),
    flag!("auth-token", Str, Top, auth_token),
    flag!("bcrypt-cost", U64, Top, bcrypt_cost),
    flag!("auth-token-ttl", U64, Top, auth_token_ttl_s),
    flag!("enable-pprof", Bool, Top, enable_pprof),
    flag!("metrics", Str, Top, metrics),
    flag!("listen-metrics-urls", Urls, Top, listen_metrics_urls),
    flag!("logger", Str, Top, logger),
    flag!("log-outputs", Set, Top, log_outputs),
    flag!("log-level", Str, Top, log_level),
    flag!("enable-grpc-gateway", Bool, Top, enable_grpc_gateway),
    flag!("proxy", Proxy, Top, proxy),
    flag!("proxy-failure-wait", U64, Top, proxy_failure_wait_ms),
    flag!(
        "proxy-refresh-interval",
        U64,
        Top,
        proxy_refresh_interval_ms
    ),
    flag!("proxy-dial-timeout", U64, Top, proxy_dial_timeout_ms),
    flag!("proxy-write-timeout", U64, Top, proxy_write_timeout_ms),
    flag!("proxy-read-timeout", U64, Top, proxy_read_timeout_ms),
    flag!(
        "experimental-initial-corrupt-check",
        Bool,
        Top,
        experimental_initial_corrupt_check
    ),
    flag!(
        "experimental-corrupt-check-time",
        Dur,
        Top,
        experimental_corrupt_check_time
    ),
    flag!(
        "experimental-enable-v2v3",
        Str,
        Top,
        experimental_enable_v2v3
    ),
    flag!(
        "experimental-backend-bbolt-freelist-type",
        Str,
        Top,
        experimental_backend_bbolt_freelist_type
    ),
    flag!(
        "experimental-enable-lease-checkpoint",
        Bool,
        Top,
        experimental_enable_lease_checkpoint
    ),
    flag!(
        "experimental-enable-lease-checkpoint-persist",
        Bool,
        Top,
        experimental_enable_lease_checkpoint_persist
    ),
    flag!(
        "experimental-compaction-batch-limit",
        I64,
        Top,
        experimental_compaction_batch_limit
    ),
    flag!(
        "experimental-peer-skip-client-san-verification",
        Bool,
        No,
        peer_tls.skip_client_san_verify
    ),
    flag!(
        "experimental-watch-progress-notify-interval",
        Dur,
        Top,
        experimental_watch_progress_notify_interval
    ),
    flag!(
        "experimental-warning-apply-duration",
        Dur,
        Top,
        experimental_warning_apply_duration
    ),
    flag!("unsafe-no-fsync", Bool, Top, unsafe_no_fsync),
    flag!("force-new-cluster", Bool, Top, force_new_cluster),
    flag!("debug", Bool, Top, debug),
    flag!("log-package-levels", Str, Top, log_package_levels),
    flag!("log-output", Set, Top, log_output),
];

/// Flags etcd 2 had; etcd 3.4 accepts them (as booleans), warns and ignores them.
pub const IGNORED: &[&str] = &[
    "cluster-active-size",
    "cluster-remove-delay",
    "cluster-sync-interval",
    "config",
    "force",
    "max-result-buffer",
    "max-retry-attempts",
    "peer-heartbeat-interval",
    "peer-election-timeout",
    "retry-interval",
    "snapshot",
    "v",
    "vv",
    "test.coverprofile",
    "test.outputdir",
];

/// Looks a flag up by name.
pub fn lookup(name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.name == name)
}

/// `ETCD_` + the name upper-cased with `-` → `_` (`flags.FlagToEnv`).
pub fn env_name(flag: &str) -> String {
    format!("ETCD_{}", flag.to_ascii_uppercase().replace('-', "_"))
}
