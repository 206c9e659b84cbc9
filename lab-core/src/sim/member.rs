//! `Member` and `MemberSpec`: an etcd member, i.e. a Raft node running as a process on a host.
//!
//! The spec is what the user configured (etcd's `--name`, `--initial-cluster`,
//! `--heartbeat-interval`, `--election-timeout`); the member is the process, which may be
//! stopped. A stopped member has no `RawNode`: its volatile state is gone, and only its
//! data-dir on the host's disk remains.

use serde::{Deserialize, Serialize};

use super::member_id::etcd_member_id;
use super::{ClusterMember, EtcdServer};
use crate::error::LabError;
use crate::raft::{ConfChange, ConfChangeType, ConfState, RaftConfig, RawNode, election_ticks};
use crate::time::{SimDuration, SimTime};

/// etcd 3.4's `--snapshot-count` default: applied entries between two snapshots (unit:
/// entries).
pub const SNAPSHOT_COUNT: u64 = 100_000;
/// etcd's `SnapshotCatchUpEntries`: entries kept after compaction so slightly slow followers
/// catch up from the log rather than a snapshot (unit: entries).
pub const SNAPSHOT_CATCH_UP_ENTRIES: u64 = 5_000;

/// etcd's `maxElectionMs`: the longest `--election-timeout` it accepts (unit: ms).
const MAX_ELECTION_MS: u64 = 50_000;

/// What a user configures for one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSpec {
    /// `--name`; unique in the world.
    pub name: String,
    /// The host it runs on (host name).
    pub host: String,
    /// Names of every member of the initial cluster, itself included (`--initial-cluster`).
    pub initial_cluster: Vec<String>,
    /// `--heartbeat-interval` (unit: ms): the Raft tick. Lower detects failures sooner but
    /// costs more messages. etcd default: 100.
    pub heartbeat_interval_ms: u64,
    /// `--election-timeout` (unit: ms): how long followers wait before campaigning. Lower
    /// fails over faster but risks needless elections on a slow network. etcd default: 1000.
    pub election_timeout_ms: u64,
    /// `--pre-vote`: campaign only after a pre-vote round shows the election could be won,
    /// so a member returning from a partition does not depose a healthy leader. Costs a round
    /// trip per election. etcd 3.4 default: false.
    #[serde(default)]
    pub pre_vote: bool,
    /// `--snapshot-count` (unit: applied entries): how often the member snapshots its state
    /// and compacts its log. Lower bounds memory and disk but snapshots more often, and sends
    /// lagging followers snapshots sooner. 0 means etcd's default, 100 000.
    #[serde(default)]
    pub snapshot_count: u64,
    /// `--quota-backend-bytes` (unit: bytes): past it writes are refused and the NOSPACE
    /// alarm raised. 0 means the lab's default, [`crate::mvcc::MAX_STORE_BYTES`], which is
    /// also the ceiling (etcd's default is 2 GiB).
    #[serde(default)]
    pub quota_backend_bytes: u64,
    /// For a member started from an etcd configuration: its URLs, cluster token and initial
    /// cluster, from which its id and its peers' ids derive as in etcd. `None` for members
    /// known by name only (the demo cluster, `lab check`), whose ids derive from their names.
    #[serde(default)]
    pub identity: Option<EtcdIdentity>,
}

/// Where an etcd member is reached and which cluster it bootstraps with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtcdIdentity {
    /// `--initial-cluster-token`.
    pub token: String,
    /// `--initial-advertise-peer-urls`.
    pub peer_urls: Vec<String>,
    /// `--advertise-client-urls`.
    pub client_urls: Vec<String>,
    /// `--initial-cluster`, grouped by name in order of first appearance: each member's peer
    /// URLs.
    pub initial_cluster: Vec<(String, Vec<String>)>,
}

impl EtcdIdentity {
    /// This member's etcd id.
    pub fn member_id(&self) -> u64 {
        let urls: Vec<&str> = self.peer_urls.iter().map(String::as_str).collect();
        etcd_member_id(&urls, &self.token, None)
    }

    /// The ids of the initial cluster's members, in `--initial-cluster` order.
    pub fn initial_ids(&self) -> Vec<u64> {
        self.initial_cluster
            .iter()
            .map(|(_, urls)| {
                let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
                etcd_member_id(&urls, &self.token, None)
            })
            .collect()
    }
}

impl MemberSpec {
    /// A member `name` on `host` in `initial_cluster`, with etcd's default timings.
    pub fn new(name: &str, host: &str, initial_cluster: &[&str]) -> MemberSpec {
        MemberSpec {
            name: name.to_owned(),
            host: host.to_owned(),
            initial_cluster: initial_cluster.iter().map(|&n| n.to_owned()).collect(),
            heartbeat_interval_ms: 100,
            election_timeout_ms: 1_000,
            pre_vote: false,
            snapshot_count: SNAPSHOT_COUNT,
            quota_backend_bytes: 0,
            identity: None,
        }
    }

    /// The etcd `--name`: the world name without the suffix that sets apart two records of
    /// one name (`etcd1#2`).
    pub fn etcd_name(&self) -> &str {
        self.name.split('#').next().unwrap_or_default()
    }

    /// The tick length.
    pub fn heartbeat_interval(&self) -> SimDuration {
        SimDuration::from_millis(self.heartbeat_interval_ms)
    }

    /// Checks the timings as etcd's `embed.Config.Validate` does, with its messages.
    pub fn validate_timings(&self) -> Result<(), LabError> {
        let (tick, election) = (self.heartbeat_interval_ms, self.election_timeout_ms);
        let msg = if tick == 0 {
            format!("--heartbeat-interval must be >0 (set to {tick}ms)")
        } else if election == 0 {
            format!("--election-timeout must be >0 (set to {election}ms)")
        } else if tick.saturating_mul(5) > election {
            format!(
                "--election-timeout[{election}ms] should be at least as 5 times as --heartbeat-interval[{tick}ms]"
            )
        } else if election > MAX_ELECTION_MS {
            format!(
                "--election-timeout[{election}ms] is too long, and should be set less than {MAX_ELECTION_MS}ms"
            )
        } else {
            return Ok(());
        };
        Err(LabError::InvalidConfig(msg))
    }

    /// Applied entries between two snapshots, with etcd's default for 0.
    pub fn effective_snapshot_count(&self) -> u64 {
        if self.snapshot_count == 0 {
            SNAPSHOT_COUNT
        } else {
            self.snapshot_count
        }
    }

    /// The conf changes a brand-new member of a new cluster bootstraps with (one `AddNode`
    /// per initial member, its JSON as context). Members known by name only get a
    /// placeholder peer URL built from their name.
    pub fn bootstrap_peers(&self) -> Vec<ConfChange> {
        let described: Vec<ClusterMember> = match &self.identity {
            Some(identity) => identity
                .initial_cluster
                .iter()
                .zip(identity.initial_ids())
                .map(|((name, urls), id)| ClusterMember {
                    id,
                    name: name.clone(),
                    peer_urls: urls.clone(),
                    ..ClusterMember::default()
                })
                .collect(),
            None => self
                .initial_cluster
                .iter()
                .map(|name| ClusterMember {
                    id: placeholder_member_id(name),
                    name: name.clone(),
                    peer_urls: vec![format!("http://{name}:2380")],
                    ..ClusterMember::default()
                })
                .collect(),
        };
        described
            .iter()
            .map(|m| ConfChange {
                change_type: ConfChangeType::AddNode,
                node_id: m.id,
                context: m.to_context(),
            })
            .collect()
    }

    /// The id of the cluster this spec bootstraps (etcd: a hash of the initial member ids).
    pub fn initial_cluster_id(&self) -> u64 {
        let ids: Vec<u64> = match &self.identity {
            Some(identity) => identity.initial_ids(),
            None => self
                .initial_cluster
                .iter()
                .map(|n| placeholder_member_id(n))
                .collect(),
        };
        super::etcd_cluster_id(&ids)
    }

    /// The Raft configuration this spec implies.
    pub fn raft_config(&self) -> RaftConfig {
        let mut cfg = match &self.identity {
            Some(identity) => RaftConfig::new(identity.member_id(), identity.initial_ids()),
            None => RaftConfig::new(
                placeholder_member_id(&self.name),
                self.initial_cluster
                    .iter()
                    .map(|n| placeholder_member_id(n)),
            ),
        };
        cfg.election_tick = election_ticks(
            self.heartbeat_interval(),
            SimDuration::from_millis(self.election_timeout_ms),
        );
        // etcd's server always runs Raft with check-quorum; pre-vote is the user's choice.
        cfg.check_quorum = true;
        cfg.pre_vote = self.pre_vote;
        cfg
    }
}

/// A member id derived from the member's name: 64-bit FNV-1a, never 0.
///
/// PLACEHOLDER. etcd derives member ids from the first 8 bytes (big-endian) of SHA-1 over the
/// member's sorted peer URLs concatenated with the cluster token; that needs peer URLs (the
/// `config` module) and SHA-1, and will replace this so ids match what real etcd prints.
pub fn placeholder_member_id(name: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = name
        .bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME));
    hash.max(1)
}

/// A configured member and, while it runs, its process.
#[derive(Clone, Debug)]
pub struct Member {
    /// Raft id.
    pub id: u64,
    /// What the user configured.
    pub spec: MemberSpec,
    /// Index of its host in the world.
    pub(crate) host: usize,
    /// Data-dir path on the host (etcd's default `${name}.etcd`).
    pub data_dir: String,
    /// The running process; `None` while stopped.
    pub(crate) node: Option<RawNode>,
    /// The process's state machine and waiting clients; empty while stopped.
    pub(crate) server: EtcdServer,
    /// For a member added at runtime (`MemberAdd`): the membership it starts from while its
    /// data-dir is empty, as etcd's `--initial-cluster-state existing` learns it from the
    /// cluster. `None` for members of the initial cluster.
    pub(crate) join: Option<ConfState>,
    /// Its data-dir was deleted (`WipeDataDir`): it may not start again as the same member.
    pub(crate) wiped: bool,
    /// Its removal from the cluster is committed: it may not start again, and peers drop
    /// its messages.
    pub(crate) removed: bool,
    /// Bumped at every start and stop, so events of an earlier run are recognized.
    pub(crate) incarnation: u64,
    /// The leader last reported to the trace, to report changes only.
    pub(crate) last_lead: Option<u64>,
    /// The commit index last reported to the trace.
    pub(crate) last_commit: u64,
    /// A graceful stop is waiting for leadership to move away, until this time at the latest.
    pub(crate) stopping_until: Option<SimTime>,
    /// It applied its own removal and exits at this time (etcd's `stopWithDelay` of ten
    /// ticks, which lets the last messages, votes included, reach the remaining members).
    pub(crate) exit_at: Option<SimTime>,
    /// The process is frozen (`PauseMember`, SIGSTOP): no ticks, and what arrives waits in
    /// `backlog`, as it would in the socket buffers, until `ResumeMember`.
    pub(crate) paused: bool,
    /// What arrived while paused, in arrival order; bounded by `MAX_BACKLOG`.
    pub(crate) backlog: Vec<super::event::Event>,
    /// The process dies right after it next sends messages (`CrashAfterNextSend`).
    pub(crate) crash_after_send: bool,
    /// The TCP port its peers connect to (`--listen-peer-urls`), for members started from an
    /// etcd configuration; the destination host's firewall is checked against it.
    pub(crate) peer_port: Option<u16>,
    /// The cluster it belongs to: the one it bootstrapped, or the one it joined.
    pub(crate) cluster_id: u64,
    /// etcd's `publish` of its name and client URLs, for members started from an etcd
    /// configuration: `None` once applied in this run (or for members known by name only).
    pub(crate) publish: Option<Publish>,
    /// The term in which it, as leader, last proposed the cluster version.
    pub(crate) version_proposed_term: u64,
    /// etcd's `adjustTicks`: until this time after a start, fast-forward the election
    /// clock as soon as peers are connected.
    pub(crate) adjust_ticks_until: Option<SimTime>,
    /// etcd's `isMemberBootstrapped` under way: the process listens but neither serves nor
    /// runs Raft yet (it is `paused` meanwhile).
    pub(crate) boot_check: Option<super::world_bootstrap::BootCheck>,
}

/// A publish under way: etcd proposes it once a leader is known and retries after each
/// request timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Publish {
    /// This attempt fails at this time.
    pub(crate) deadline: SimTime,
    /// Proposed in this attempt already.
    pub(crate) proposed: bool,
}

impl Member {
    /// A stopped member built from a validated spec on host `host`.
    pub(crate) fn new(spec: MemberSpec, host: usize) -> Member {
        Member {
            cluster_id: spec.initial_cluster_id(),
            id: spec.identity.as_ref().map_or_else(
                || placeholder_member_id(&spec.name),
                EtcdIdentity::member_id,
            ),
            data_dir: format!("{}.etcd", spec.name),
            spec,
            host,
            node: None,
            server: EtcdServer::default(),
            join: None,
            wiped: false,
            removed: false,
            incarnation: 0,
            last_lead: None,
            last_commit: 0,
            stopping_until: None,
            exit_at: None,
            paused: false,
            backlog: Vec::new(),
            crash_after_send: false,
            peer_port: None,
            publish: None,
            version_proposed_term: 0,
            adjust_ticks_until: None,
            boot_check: None,
        }
    }

    /// The member's name in the world (its key in commands and the trace).
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Is the process running?
    pub fn is_running(&self) -> bool {
        self.node.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etcd_timing_rules() {
        let mut spec = MemberSpec::new("etcd-1", "h", &["etcd-1"]);
        assert_eq!(spec.validate_timings(), Ok(()));
        spec.heartbeat_interval_ms = 800;
        assert_eq!(
            spec.validate_timings(),
            Err(LabError::InvalidConfig(
                "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[800ms]".into()
            ))
        );
        spec.heartbeat_interval_ms = 0;
        assert!(spec.validate_timings().is_err());
        spec.heartbeat_interval_ms = 100;
        spec.election_timeout_ms = 60_000;
        assert!(spec.validate_timings().is_err());
    }

    #[test]
    fn placeholder_ids_are_stable_and_distinct() {
        assert_eq!(
            placeholder_member_id("etcd-1"),
            placeholder_member_id("etcd-1")
        );
        assert_ne!(
            placeholder_member_id("etcd-1"),
            placeholder_member_id("etcd-2")
        );
        assert_ne!(placeholder_member_id(""), 0);
    }

    #[test]
    fn default_spec_maps_to_ten_election_ticks() {
        let cfg = MemberSpec::new("a", "h", &["a", "b", "c"]).raft_config();
        assert_eq!((cfg.election_tick, cfg.heartbeat_tick), (10, 1));
        assert_eq!(cfg.voters.len(), 3);
    }
}
