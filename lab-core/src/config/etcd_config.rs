//! [`EtcdConfig`]: one etcd 3.4 member's configuration, every knob typed, defaults as
//! `etcd --help` documents them (`embed.NewConfig` plus the flag defaults in
//! `etcdmain/config.go`). Field names follow the flags; time knobs carry their unit.

use super::go_syntax::GoDuration;
use super::initial_cluster::InitialCluster;
use super::url::Url;

/// `--initial-cluster-state`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClusterState {
    /// Bootstrap a new cluster from `--initial-cluster`.
    #[default]
    New,
    /// Join a cluster that already runs (after `etcdctl member add`).
    Existing,
}

/// `--proxy`: the deprecated v2 proxy mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProxyMode {
    /// A real member.
    #[default]
    Off,
    /// A proxy that refuses writes.
    Readonly,
    /// A read-write proxy.
    On,
}

/// `--discovery-fallback`: what to do when the discovery cluster is full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DiscoveryFallback {
    /// Become a v2 proxy.
    #[default]
    Proxy,
    /// Exit.
    Exit,
}

/// One side's TLS settings (`transport.TLSInfo` plus the auto-TLS switch).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsInfo {
    /// `--cert-file` / `--peer-cert-file`.
    pub cert_file: String,
    /// `--key-file` / `--peer-key-file`.
    pub key_file: String,
    /// `--trusted-ca-file` / `--peer-trusted-ca-file`.
    pub trusted_ca_file: String,
    /// `--client-cert-auth` / `--peer-client-cert-auth`.
    pub client_cert_auth: bool,
    /// `--client-crl-file` / `--peer-crl-file`.
    pub crl_file: String,
    /// `--client-cert-allowed-hostname` / `--peer-cert-allowed-hostname`.
    pub allowed_hostname: String,
    /// `--peer-cert-allowed-cn` (peer side only).
    pub allowed_cn: String,
    /// `--auto-tls` / `--peer-auto-tls`: self-signed certificates.
    pub auto_tls: bool,
    /// `--experimental-peer-skip-client-san-verification` (peer side only).
    pub skip_client_san_verify: bool,
}

/// An etcd 3.4 member's configuration. Strings that etcd leaves empty to mean "not set"
/// (`data_dir`, `wal_dir`, `discovery`...) stay empty here too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EtcdConfig {
    /// `--name`.
    pub name: String,
    /// `--data-dir`; empty means `${name}.etcd` (see [`EtcdConfig::effective_data_dir`]).
    pub data_dir: String,
    /// `--wal-dir`; empty means inside the data dir.
    pub wal_dir: String,
    /// `--snapshot-count`: committed entries between snapshots.
    pub snapshot_count: u64,
    /// `--heartbeat-interval`, milliseconds.
    pub heartbeat_interval_ms: u64,
    /// `--election-timeout`, milliseconds.
    pub election_timeout_ms: u64,
    /// `--initial-election-tick-advance`.
    pub initial_election_tick_advance: bool,
    /// `--listen-peer-urls`, sorted as etcd sorts them.
    pub listen_peer_urls: Vec<Url>,
    /// `--listen-client-urls`, sorted.
    pub listen_client_urls: Vec<Url>,
    /// `--listen-metrics-urls`, sorted.
    pub listen_metrics_urls: Vec<Url>,
    /// `--max-snapshots` (0 = unlimited).
    pub max_snapshots: u64,
    /// `--max-wals` (0 = unlimited).
    pub max_wals: u64,
    /// `--quota-backend-bytes`, bytes (0 = the 2 GiB default).
    pub quota_backend_bytes: i64,
    /// `--backend-batch-interval`.
    pub backend_batch_interval: GoDuration,
    /// `--backend-batch-limit`, operations.
    pub backend_batch_limit: i64,
    /// `--max-txn-ops`.
    pub max_txn_ops: u64,
    /// `--max-request-bytes`, bytes.
    pub max_request_bytes: u64,
    /// `--max-concurrent-streams`, per client.
    pub max_concurrent_streams: u32,
    /// `--grpc-keepalive-min-time`.
    pub grpc_keepalive_min_time: GoDuration,
    /// `--grpc-keepalive-interval`.
    pub grpc_keepalive_interval: GoDuration,
    /// `--grpc-keepalive-timeout`.
    pub grpc_keepalive_timeout: GoDuration,
    /// `--initial-advertise-peer-urls`, sorted.
    pub initial_advertise_peer_urls: Vec<Url>,
    /// `--advertise-client-urls`, sorted; empty when `--listen-client-urls` was given alone.
    pub advertise_client_urls: Vec<Url>,
    /// `--discovery`.
    pub discovery: String,
    /// `--discovery-fallback`.
    pub discovery_fallback: DiscoveryFallback,
    /// `--discovery-proxy`.
    pub discovery_proxy: String,
    /// `--discovery-srv`.
    pub discovery_srv: String,
    /// `--discovery-srv-name`.
    pub discovery_srv_name: String,
    /// `--initial-cluster`, kept as written; parsed when the member bootstraps.
    pub initial_cluster: InitialCluster,
    /// `--initial-cluster-token`.
    pub initial_cluster_token: String,
    /// `--initial-cluster-state`.
    pub initial_cluster_state: ClusterState,
    /// `--strict-reconfig-check`.
    pub strict_reconfig_check: bool,
    /// `--enable-v2` (off by default in 3.4).
    pub enable_v2: bool,
    /// `--pre-vote`.
    pub pre_vote: bool,
    /// `--auto-compaction-retention` (hours, a duration, or revisions: as written).
    pub auto_compaction_retention: String,
    /// `--auto-compaction-mode` (`periodic`, `revision`, or empty).
    pub auto_compaction_mode: String,
    /// `--proxy`.
    pub proxy: ProxyMode,
    /// `--proxy-failure-wait`, milliseconds.
    pub proxy_failure_wait_ms: u64,
    /// `--proxy-refresh-interval`, milliseconds.
    pub proxy_refresh_interval_ms: u64,
    /// `--proxy-dial-timeout`, milliseconds.
    pub proxy_dial_timeout_ms: u64,
    /// `--proxy-write-timeout`, milliseconds.
    pub proxy_write_timeout_ms: u64,
    /// `--proxy-read-timeout`, milliseconds.
    pub proxy_read_timeout_ms: u64,
    /// Client-facing TLS (`--cert-file`, `--key-file`, ...).
    pub client_tls: TlsInfo,
    /// Peer-facing TLS (`--peer-*`).
    pub peer_tls: TlsInfo,
    /// `--cipher-suites`, in the order given.
    pub cipher_suites: Vec<String>,
    /// `--cors` origins, sorted (`*` = any).
    pub cors: Vec<String>,
    /// `--host-whitelist`, sorted (`*` = any).
    pub host_whitelist: Vec<String>,
    /// `--auth-token` (`simple` or `jwt,...`).
    pub auth_token: String,
    /// `--bcrypt-cost`.
    pub bcrypt_cost: u64,
    /// `--auth-token-ttl`, seconds.
    pub auth_token_ttl_s: u64,
    /// `--enable-pprof`.
    pub enable_pprof: bool,
    /// `--metrics` (`basic` or `extensive`).
    pub metrics: String,
    /// `--logger` (`capnslog` or `zap`).
    pub logger: String,
    /// `--log-outputs`, sorted.
    pub log_outputs: Vec<String>,
    /// `--log-output` (deprecated spelling), sorted.
    pub log_output: Vec<String>,
    /// `--log-level`.
    pub log_level: String,
    /// `--debug` (deprecated).
    pub debug: bool,
    /// `--log-package-levels` (deprecated).
    pub log_package_levels: String,
    /// `--enable-grpc-gateway`.
    pub enable_grpc_gateway: bool,
    /// `--experimental-initial-corrupt-check`.
    pub experimental_initial_corrupt_check: bool,
    /// `--experimental-corrupt-check-time`.
    pub experimental_corrupt_check_time: GoDuration,
    /// `--experimental-enable-v2v3` (a key prefix).
    pub experimental_enable_v2v3: String,
    /// `--experimental-backend-bbolt-freelist-type`.
    pub experimental_backend_bbolt_freelist_type: String,
    /// `--experimental-enable-lease-checkpoint`.
    pub experimental_enable_lease_checkpoint: bool,
    /// `--experimental-enable-lease-checkpoint-persist`.
    pub experimental_enable_lease_checkpoint_persist: bool,
    /// `--experimental-compaction-batch-limit`, revisions.
    pub experimental_compaction_batch_limit: i64,
    /// `--experimental-watch-progress-notify-interval`.
    pub experimental_watch_progress_notify_interval: GoDuration,
    /// `--experimental-warning-apply-duration`.
    pub experimental_warning_apply_duration: GoDuration,
    /// `--unsafe-no-fsync`.
    pub unsafe_no_fsync: bool,
    /// `--force-new-cluster`.
    pub force_new_cluster: bool,
}

/// etcd's `DefaultName`.
pub const DEFAULT_NAME: &str = "default";
/// The default peer URL, listened on and advertised.
pub const DEFAULT_PEER_URL: &str = "http://localhost:2380";
/// The default client URL, listened on and advertised.
pub const DEFAULT_CLIENT_URL: &str = "http://localhost:2379";

fn default_urls(s: &str) -> Vec<Url> {
    Url::parse(s).map(|u| vec![u]).unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

impl Default for EtcdConfig {
    /// What `etcd` with no flags runs with.
    fn default() -> Self {
        Self {
            name: DEFAULT_NAME.into(),
            data_dir: String::new(),
            wal_dir: String::new(),
            snapshot_count: 100_000,
            heartbeat_interval_ms: 100,
            election_timeout_ms: 1000,
            initial_election_tick_advance: true,
            listen_peer_urls: default_urls(DEFAULT_PEER_URL),
            listen_client_urls: default_urls(DEFAULT_CLIENT_URL),
            listen_metrics_urls: Vec::new(),
            max_snapshots: 5,
            max_wals: 5,
            quota_backend_bytes: 0,
            backend_batch_interval: GoDuration(0),
            backend_batch_limit: 0,
            max_txn_ops: 128,
            max_request_bytes: 1_572_864,
            max_concurrent_streams: u32::MAX,
            grpc_keepalive_min_time: GoDuration::from_secs(5),
            grpc_keepalive_interval: GoDuration::from_secs(2 * 3600),
            grpc_keepalive_timeout: GoDuration::from_secs(20),
            initial_advertise_peer_urls: default_urls(DEFAULT_PEER_URL),
            advertise_client_urls: default_urls(DEFAULT_CLIENT_URL),
            discovery: String::new(),
            discovery_fallback: DiscoveryFallback::Proxy,
            discovery_proxy: String::new(),
            discovery_srv: String::new(),
            discovery_srv_name: String::new(),
            initial_cluster: InitialCluster::new(&format!("{DEFAULT_NAME}={DEFAULT_PEER_URL}")),
            initial_cluster_token: "etcd-cluster".into(),
            initial_cluster_state: ClusterState::New,
            strict_reconfig_check: true,
            enable_v2: false,
            pre_vote: false,
            auto_compaction_retention: "0".into(),
            auto_compaction_mode: "periodic".into(),
            proxy: ProxyMode::Off,
            proxy_failure_wait_ms: 5000,
            proxy_refresh_interval_ms: 30_000,
            proxy_dial_timeout_ms: 1000,
            proxy_write_timeout_ms: 5000,
            proxy_read_timeout_ms: 0,
            client_tls: TlsInfo::default(),
            peer_tls: TlsInfo::default(),
            cipher_suites: Vec::new(),
            cors: strings(&["*"]),
            host_whitelist: strings(&["*"]),
            auth_token: "simple".into(),
            bcrypt_cost: 10,
            auth_token_ttl_s: 300,
            enable_pprof: false,
            metrics: "basic".into(),
            logger: "capnslog".into(),
            log_outputs: strings(&["default"]),
            log_output: strings(&["default"]),
            log_level: "info".into(),
            debug: false,
            log_package_levels: String::new(),
            enable_grpc_gateway: true,
            experimental_initial_corrupt_check: false,
            experimental_corrupt_check_time: GoDuration(0),
            experimental_enable_v2v3: String::new(),
            experimental_backend_bbolt_freelist_type: String::new(),
            experimental_enable_lease_checkpoint: false,
            experimental_enable_lease_checkpoint_persist: false,
            experimental_compaction_batch_limit: 0,
            experimental_watch_progress_notify_interval: GoDuration(0),
            experimental_warning_apply_duration: GoDuration(100_000_000),
            unsafe_no_fsync: false,
            force_new_cluster: false,
        }
    }
}

impl EtcdConfig {
    /// The defaults a YAML config file starts from (`embed.NewConfig` alone): unlike the
    /// command line, no auto-compaction defaults and the gRPC gateway off.
    pub fn yaml_defaults() -> Self {
        Self {
            auto_compaction_retention: String::new(),
            auto_compaction_mode: String::new(),
            enable_grpc_gateway: false,
            ..Self::default()
        }
    }

    /// The data directory etcd uses: `--data-dir`, or `${name}.etcd` when it is empty.
    pub fn effective_data_dir(&self) -> String {
        if self.data_dir.is_empty() {
            format!("{}.etcd", self.name)
        } else {
            self.data_dir.clone()
        }
    }

    /// `InitialClusterFromName`: `name=url` for each advertised peer URL (`default` for an
    /// empty name).
    pub fn initial_cluster_from_name(&self) -> InitialCluster {
        let name = if self.name.is_empty() {
            DEFAULT_NAME
        } else {
            &self.name
        };
        let pairs: Vec<String> = self
            .initial_advertise_peer_urls
            .iter()
            .map(|u| format!("{name}={u}"))
            .collect();
        InitialCluster::new(&pairs.join(","))
    }

    /// Election timeout in heartbeat ticks (`ElectionTicks`); 0 when the heartbeat is 0.
    pub fn election_ticks(&self) -> u64 {
        self.election_timeout_ms
            .checked_div(self.heartbeat_interval_ms)
            .unwrap_or(0)
    }
}
