//! `EtcdLaunch`: what the world needs to start an etcd process, once its configuration
//! (flags, `ETCD_*` variables or a YAML file) has been parsed and validated.

use std::net::Ipv4Addr;

use super::EtcdIdentity;

/// One address a process listens on. `0.0.0.0` means every address of the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListenAddr {
    /// The IPv4 address bound.
    pub ip: Ipv4Addr,
    /// The TCP port.
    pub port: u16,
    /// An `https`/`unixs` URL: the listener speaks TLS.
    pub secure: bool,
}

impl ListenAddr {
    /// Do two bindings collide on one host (same port, same address or a wildcard)?
    pub fn collides_with(&self, other: &ListenAddr) -> bool {
        self.port == other.port
            && (self.ip == other.ip || self.ip.is_unspecified() || other.ip.is_unspecified())
    }

    /// Does this binding accept a connection to `ip:port`?
    pub fn accepts(&self, ip: Ipv4Addr, port: u16) -> bool {
        self.port == port && (self.ip == ip || self.ip.is_unspecified())
    }
}

impl std::fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.ip, self.port)
    }
}

/// A validated etcd configuration, reduced to what the simulation acts on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EtcdLaunch {
    /// `--name`.
    pub name: String,
    /// `--data-dir`, absolute.
    pub data_dir: String,
    /// `--wal-dir`, absolute; `None` keeps the WAL in `<data-dir>/member/wal`.
    pub wal_dir: Option<String>,
    /// `--listen-peer-urls`, resolved to addresses.
    pub listen_peer: Vec<ListenAddr>,
    /// `--listen-client-urls`, resolved to addresses.
    pub listen_client: Vec<ListenAddr>,
    /// Advertised URLs, token and initial cluster.
    pub identity: EtcdIdentity,
    /// `--initial-cluster-state new` (true) or `existing`.
    pub new_cluster: bool,
    /// `--force-new-cluster`: on an existing data-dir, restart as the only member.
    pub force_new_cluster: bool,
    /// `--heartbeat-interval` (unit: ms).
    pub heartbeat_interval_ms: u64,
    /// `--election-timeout` (unit: ms).
    pub election_timeout_ms: u64,
    /// `--snapshot-count` (unit: applied entries).
    pub snapshot_count: u64,
    /// `--quota-backend-bytes` (unit: bytes; 0: the default).
    pub quota_backend_bytes: u64,
    /// `--pre-vote`.
    pub pre_vote: bool,
    /// `--enable-v2`: serve the v2 API (`/v2/members`, `/v2/keys`).
    pub enable_v2: bool,
    /// `--discovery`: the URL `embed` prints at startup.
    pub discovery: Option<String>,
    /// The version banner and `embed`'s lines are already out: the `etcd` program printed
    /// them before it ran discovery.
    pub banner_printed: bool,
    /// The listeners' and the peer dialer's TLS, loaded from the certificate files at
    /// startup; `None` when every URL is plain http.
    pub tls: Option<Box<LaunchTls>>,
}

/// An etcd process's TLS: what its secure client and peer listeners present and demand,
/// and how it dials its peers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaunchTls {
    /// `--cert-file`, `--trusted-ca-file`, `--client-cert-auth` (or `--auto-tls`).
    pub client: Option<crate::pki::ServerTls>,
    /// The `--peer-*` equivalents (or `--peer-auto-tls`).
    pub peer: Option<crate::pki::ServerTls>,
    /// How it dials peers: `--peer-trusted-ca-file` roots, `--peer-cert-file` presented.
    pub peer_dialer: Option<crate::pki::ClientTls>,
    /// What `embed: peerTLS: ` prints at startup (`cert = ..., crl-file = `), if peer files
    /// or `--peer-auto-tls` were given.
    pub peer_info: Option<String>,
    /// What `embed: ClientTLS: ` prints, likewise for the client side.
    pub client_info: Option<String>,
    /// `W | embed:` lines about peer TLS settings an `http` peer URL ignores.
    pub peer_notes: Vec<String>,
}

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessExit {
    /// It called `exit(code)`.
    Exited(i32),
    /// A signal killed it.
    Killed(i32),
}

impl ProcessExit {
    /// The status a shell reports in `$?`: the code, or 128 + the signal.
    pub fn shell_status(self) -> i32 {
        match self {
            ProcessExit::Exited(code) => code,
            ProcessExit::Killed(signal) => 128 + signal,
        }
    }
}

/// An etcd process that could not start: what it printed and its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchFailure {
    /// Lines written to stderr before exiting.
    pub stderr: Vec<String>,
    /// Exit code.
    pub code: i32,
}
