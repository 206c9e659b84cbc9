//! The world: virtual clock, event queue, seeded RNG, hosts, network, etcd members and the
//! trace of everything that happened.
//!
//! | file | owns |
//! |---|---|
//! | `world` | [`World`]: state and read-only views |
//! | `world_run` | the event loop: ticks and deliveries |
//! | `world_ready` | handling each member's `Ready`: persist, apply, send, snapshot |
//! | `world_transfer` | leadership transfer: `move-leader` and graceful stops |
//! | `world_faults` | latency, loss, duplication, host crashes and boots, wiping data-dirs |
//! | `world_membership` | runtime member add, promote and remove as conf changes |
//! | `world_force_new` | `--force-new-cluster`: the data-dir rewritten so the member is alone |
//! | `world_restart` | restarts into trouble: a removed member back, a raft panic on a lost log |
//! | `world_bootstrap` | a new member's `isMemberBootstrapped`: asking its peers before it runs |
//! | `world_join` | `--initial-cluster-state existing`: fetching and checking the membership |
//! | `world_names` | one rule for records of members sharing a `--name` |
//! | `world_reconfig` | `member add`/`update` as etcd's API serves them, with strict checks |
//! | `world_publish` | etcd's `publish` and cluster version; membership changes to the trace |
//! | `world_client` | client requests and replies: `ClientRequest`, `take_client_replies` |
//! | `world_apply` | [`Command`]s: validate everything first, then change the world |
//! | `world_v2` | v2 store writes proposed through Raft and their answers |
//! | `world_auth` | auth calls proposed through Raft and their answers |
//! | `demo` | the three-member demo cluster |
//! | `command` | [`Command`], the user's levers |
//! | `event` | `EventQueue`: pending events ordered by (time, sequence number) |
//! | `network` | [`Network`]: links, latency, loss, duplication, cuts, the in-flight bound |
//! | `arrivals` | `Arrivals`: when an accepted message arrives, once or twice |
//! | `host` | [`Host`]: a machine with an address and a disk of data-dirs |
//! | `member` | [`Member`] and [`MemberSpec`]: an etcd process running a Raft node |
//! | `member_id` | member and cluster ids, SHA-1 based as etcd computes them |
//! | `process` | [`Process`] and [`ProcessTable`]: pids, command lines, pending output |
//! | `etcd_launch` | [`EtcdLaunch`]: a validated etcd configuration, as the world starts it |
//! | `etcd_log` | etcd 3.4's log lines (capnslog and raft's), as simulated processes print them |
//! | `world_connect` | name resolution and TCP connects: refused, no route, timeout |
//! | `world_etcd` | etcd processes on hosts: start from a configuration, signals, logs, exits |
//! | `world_launch_member` | which member record a launch runs as (by data-dir, WAL, member id), or a new one |
//! | `world_etcd_log` | turning the trace into etcd processes' log lines; rafthttp's view of peers per tick |
//! | `world_etcd_lines` | writing those lines: trace event → member's process; the startup sequence |
//! | `peer_route` | where raft messages go (the sender's membership URLs) and rafthttp's checks on arrival |
//! | `peer_stream` | [`PeerStreams`]: each member's rafthttp view of its peers (streams, activity, probes) |
//! | `etcd_server` | [`EtcdServer`]: the store, `applied_index` and waiters above Raft |
//! | `raft_cluster` | [`RaftCluster`]: a member's applied view of the membership |
//! | `cluster_request` | [`ClusterRequest`]: `publish` and cluster-version entries |
//! | `conf_change_check` | the apply-time check of a membership change, the promote context |
//! | `conf_change_verdicts` | [`ConfChangeVerdicts`]: how each applied membership change ended |
//! | `v2_results` | [`V2Results`], [`AuthResults`]: answers to v2 writes and auth calls, until their proposer takes them |
//! | `dns` | [`DnsZone`]: the lab's DNS records (SRV for `--discovery-srv`) |
//! | `hosts_file` | `/etc/hosts`, read before the lab's DNS when a name is resolved |
//! | `wait` | [`Wait`]: clients waiting for their write to apply or their read to be safe |
//! | `client` | [`ClientReply`] and [`ClientError`]: what clients hear |
//! | `view` | [`MemberView`] and [`Role`]: snapshots for the UI |
//! | `trace`, `trace_kind` | [`Trace`]: the bounded log of [`TraceEvent`]s |

mod arrivals;
mod client;
mod cluster_request;
mod command;
mod conf_change_check;
mod conf_change_verdicts;
mod demo;
mod dns;
mod etcd_launch;
mod etcd_log;
mod etcd_server;
mod event;
mod go_signal;
mod host;
mod host_data_dir;
mod hosts_file;
mod member;
mod member_id;
mod network;
mod peer_route;
mod peer_stream;
mod peer_tls;
mod process;
mod raft_cluster;
mod trace;
mod trace_kind;
mod v2_results;
mod view;
mod wait;
mod world;
mod world_adopt;
mod world_apply;
mod world_auth;
mod world_bootstrap;
mod world_client;
mod world_connect;
mod world_etcd;
mod world_etcd_lines;
mod world_etcd_log;
mod world_faults;
mod world_force_new;
mod world_join;
mod world_launch_member;
mod world_lease;
mod world_membership;
mod world_names;
mod world_process;
mod world_publish;
mod world_ready;
mod world_reconfig;
mod world_restart;
mod world_run;
mod world_startup_lines;
mod world_transfer;
mod world_v2;

pub use client::{ClientError, ClientReply, MAX_CLIENT_REPLIES};
pub use cluster_request::ClusterRequest;
pub use command::Command;
pub use conf_change_check::{MAX_LEARNERS, MembershipError, promote_conf_change};
pub use conf_change_verdicts::{ConfChangeVerdict, ConfChangeVerdicts, MAX_CONF_CHANGE_VERDICTS};
pub use dns::{DnsError, DnsZone, MAX_SRV_RECORDS, NAMESERVER, SrvRecord};
pub use etcd_launch::{EtcdLaunch, LaunchFailure, LaunchTls, ListenAddr, ProcessExit};
pub use etcd_log::{
    CAPNSLOG_WARNING, capnslog, cluster_id_mismatch_line, member_added_line, member_removed_line,
    permanently_removed_line, startup_banner,
};
pub use etcd_server::EtcdServer;
pub use host::Host;
pub use member::{
    EtcdIdentity, Member, MemberSpec, SNAPSHOT_CATCH_UP_ENTRIES, SNAPSHOT_COUNT,
    placeholder_member_id,
};
pub use member_id::{etcd_cluster_id, etcd_member_id};
pub use network::{DEFAULT_MAX_IN_FLIGHT, LatencyRange, MAX_LATENCY_MS, Network};
pub use peer_stream::{PeerStreams, Reach, Stream, StreamChange};
pub use process::{
    FIRST_PID, ForkFailed, MAX_EXITS, MAX_PENDING_OUTPUT, MAX_PROCESSES, OutputStream, Process,
    ProcessKind, ProcessTable,
};
pub use raft_cluster::{ClusterEvent, ClusterMember, MAX_CLUSTER_MEMBERS, RaftCluster};
pub use trace::{DEFAULT_TRACE_CAPACITY, Trace, TraceEvent};
pub use trace_kind::{DropReason, TraceKind};
pub use v2_results::{AppliedResults, AuthResults, MAX_V2_RESULTS, V2Results};
pub use view::{MemberView, Role};
pub use wait::{MAX_WAITERS, Wait};
pub use world::World;
pub use world_bootstrap::{BOOT_CHECK_DELAY_MICROS, BOOTSTRAP_TIMEOUT};
pub use world_connect::{ConnectError, Connection};
pub use world_etcd::signal;
pub use world_force_new::{StandaloneLog, standalone_log};
pub use world_process::MAX_BACKLOG;
pub use world_restart::PANIC_EXIT_STATUS;
pub use world_run::MAX_ADVANCE;

/// Most hosts a world may hold.
pub const MAX_HOSTS: usize = 64;
/// Most members a world may hold.
pub const MAX_MEMBERS: usize = 64;
