//! `World`: everything that exists in one lab, and read-only views of it.
//!
//! The world owns the virtual clock, the event queue, the seeded RNG, hosts, the network,
//! members and the trace. It is `Clone`, so a checkpoint is a clone, and deterministic: the
//! same seed and the same commands at the same virtual times produce the same trace.
//! Changes happen only through `apply` (in `world_apply.rs`) and `advance` (in `world_run.rs`).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::client::ClientReplies;
use super::event::EventQueue;
use super::{EtcdServer, Host, Member, MemberView, Network, Role, Trace, TraceKind};
use crate::error::LabError;
use crate::raft::{ConfState, Entry, PlantedBug};
use crate::time::SimTime;

/// A simulated lab: hosts, network, etcd members, clock and trace.
#[derive(Clone, Debug)]
pub struct World {
    pub(crate) now: SimTime,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) queue: EventQueue,
    pub(crate) hosts: Vec<Host>,
    pub(crate) members: Vec<Member>,
    pub(crate) network: Network,
    pub(crate) trace: Trace,
    /// A deliberate Raft bug every member started from now on runs with (`lab check
    /// --plant NAME`); `None` in every real lab.
    pub(crate) planted_bug: Option<PlantedBug>,
    /// Replies delivered to clients, until the caller drains them.
    pub(crate) client_replies: ClientReplies,
    /// Last id handed out for a Raft request or ReadIndex context; world-wide, so ids are
    /// unique across members and restarts.
    pub(crate) next_request_id: u64,
    /// The first trace event etcd processes have not yet turned into log lines.
    pub(crate) process_cursor: u64,
    /// How each member's etcd sees its peers over rafthttp (for its log lines).
    pub(crate) peer_streams: super::PeerStreams,
    /// Each member's peer URLs, resolved (where its raft messages go).
    pub(crate) peer_routes: super::peer_route::PeerRoutes,
    /// Per member: what its etcd process's log lines depend on.
    pub(crate) etcd_logs: std::collections::BTreeMap<usize, super::world_etcd_log::MemberLog>,
    /// The lab's DNS records beyond the hosts' names.
    pub(crate) dns: super::DnsZone,
}

impl World {
    /// An empty world at time zero whose randomness all derives from `seed`.
    pub fn new(seed: u64) -> World {
        World {
            now: SimTime::ZERO,
            rng: ChaCha8Rng::seed_from_u64(seed),
            queue: EventQueue::default(),
            hosts: Vec::new(),
            members: Vec::new(),
            network: Network::default(),
            trace: Trace::default(),
            planted_bug: None,
            client_replies: ClientReplies::default(),
            next_request_id: 0,
            process_cursor: 0,
            peer_streams: super::PeerStreams::default(),
            peer_routes: super::peer_route::PeerRoutes::default(),
            etcd_logs: std::collections::BTreeMap::new(),
            dns: super::DnsZone::default(),
        }
    }

    /// Plants `bug` in every member started after this call (a restart picks it up too), to
    /// prove a safety checker notices. Only for validating checkers.
    pub fn set_planted_bug(&mut self, bug: Option<PlantedBug>) {
        self.planted_bug = bug;
    }

    /// The current virtual time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// What happened so far (the most recent part).
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The hosts, in the order they were added.
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    /// The lab's DNS zone (SRV records).
    pub fn dns(&self) -> &super::DnsZone {
        &self.dns
    }

    /// The lab's DNS zone, to add records to.
    pub fn dns_mut(&mut self) -> &mut super::DnsZone {
        &mut self.dns
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Number of events waiting in the queue (ticks and messages in flight).
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    /// Every member, in the order they were added.
    pub fn members(&self) -> Vec<MemberView> {
        self.members.iter().map(|m| self.view(m)).collect()
    }

    /// The member called `name`.
    pub fn member(&self, name: &str) -> Option<MemberView> {
        self.members
            .iter()
            .find(|m| m.name() == name)
            .map(|m| self.view(m))
    }

    /// The running leader with the highest term, if any. Two running leaders can exist for a
    /// while (an old one cut off from the rest has not heard of the new term); the higher term
    /// is the real one.
    pub fn leader(&self) -> Option<MemberView> {
        // Only the winner's view is built: callers ask this often (every write, every frame).
        self.members
            .iter()
            .filter_map(|m| {
                let raft = m.node.as_ref()?.raft();
                (Role::from(raft.state()) == Role::Leader).then_some((raft.term(), m))
            })
            .max_by_key(|&(term, _)| term)
            .map(|(_, m)| self.view(m))
    }

    /// The log of the member called `name`: in memory while it runs, on its data-dir while
    /// stopped. A full copy, bounded by `RaftConfig::max_log_entries`.
    pub fn log_entries(&self, name: &str) -> Result<Vec<Entry>, LabError> {
        let member = &self.members[self.member_index(name)?];
        if let Some(node) = &member.node {
            let log = node.raft().raft_log();
            return Ok(log.slice(log.first_index(), log.last_index() + 1, u64::MAX)?);
        }
        let dir = self
            .hosts
            .get(member.host)
            .and_then(|h| h.data_dir(&member.data_dir));
        match dir {
            Some(dir) if !dir.is_empty() => {
                Ok(dir.entries(dir.first_index(), dir.last_index() + 1, u64::MAX)?)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// Index of the latest snapshot the member's log was compacted into (0 if none): entries
    /// up to it are held in the snapshot rather than in [`World::log_entries`].
    pub fn snapshot_index(&self, name: &str) -> Result<u64, LabError> {
        let member = &self.members[self.member_index(name)?];
        if let Some(node) = &member.node {
            return Ok(node.raft().raft_log().snapshot().metadata.index);
        }
        let dir = self
            .hosts
            .get(member.host)
            .and_then(|h| h.data_dir(&member.data_dir));
        Ok(dir.map_or(0, |d| d.snapshot().metadata.index))
    }

    /// Is the link from `from` to `to` (host or member names) delivering?
    pub fn is_link_up(&self, from: &str, to: &str) -> Result<bool, LabError> {
        let (from, to) = (self.resolve_host(from)?, self.resolve_host(to)?);
        Ok(self.network.is_up(from, to))
    }

    /// The member's server: its key-value store, `applied_index` and waiting clients. A
    /// stopped member's is empty (its state is rebuilt from its data-dir when it starts).
    pub fn etcd_server(&self, name: &str) -> Result<&EtcdServer, LabError> {
        Ok(&self.members[self.member_index(name)?].server)
    }

    /// The cluster membership as the member called `name` has applied it (`etcdctl member
    /// list` through that member): voters and learners by id. A stopped member's is what
    /// its data-dir's snapshot holds, or its bootstrap configuration.
    pub fn conf_state(&self, name: &str) -> Result<ConfState, LabError> {
        let member = &self.members[self.member_index(name)?];
        if let Some(node) = &member.node {
            return Ok(node.raft().prs().conf_state());
        }
        let dir = self
            .hosts
            .get(member.host)
            .and_then(|h| h.data_dir(&member.data_dir));
        if let Some(dir) = dir.filter(|d| !d.snapshot().is_empty()) {
            return Ok(dir.conf_state().clone());
        }
        if let Some(join) = &member.join {
            return Ok(join.clone());
        }
        let cfg = member.spec.raft_config();
        Ok(ConfState {
            voters: cfg.voters,
            learners: cfg.learners,
        })
    }

    /// Is the host (or the host of the member) called `name` powered on?
    pub fn is_host_up(&self, name: &str) -> Result<bool, LabError> {
        Ok(self.host_up(self.resolve_host(name)?))
    }

    pub(crate) fn host_up(&self, host: usize) -> bool {
        self.hosts.get(host).is_some_and(|h| h.up)
    }

    /// Refuses to act from a host that is down.
    pub(crate) fn check_host_up(&self, host: usize) -> Result<(), LabError> {
        if self.host_up(host) {
            Ok(())
        } else {
            Err(LabError::HostDown(self.host_name(host)))
        }
    }

    pub(crate) fn host_name(&self, host: usize) -> String {
        self.hosts
            .get(host)
            .map(|h| h.name.clone())
            .unwrap_or_default()
    }

    fn view(&self, m: &Member) -> MemberView {
        let host = self.hosts.get(m.host);
        let mut view = MemberView {
            id: m.id,
            name: m.name().to_owned(),
            host: host.map(|h| h.name.clone()).unwrap_or_default(),
            ip: host.map_or(std::net::Ipv4Addr::UNSPECIFIED, |h| h.ip),
            running: false,
            role: Role::Stopped,
            term: 0,
            vote: None,
            leader: None,
            commit_index: 0,
            last_index: 0,
        };
        if let Some(node) = &m.node {
            let raft = node.raft();
            view.running = true;
            view.role = raft.state().into();
            view.term = raft.term();
            view.vote = raft.vote();
            view.leader = raft.lead();
            view.commit_index = raft.raft_log().commit_index();
            view.last_index = raft.raft_log().last_index();
        } else if let Some(dir) = host.and_then(|h| h.data_dir(&m.data_dir)) {
            view.term = dir.hard_state().term;
            view.vote = dir.hard_state().vote;
            view.commit_index = dir.hard_state().commit_index;
            view.last_index = dir.last_index();
        }
        view
    }

    /// Index of the member called `name`.
    pub(crate) fn member_index(&self, name: &str) -> Result<usize, LabError> {
        self.members
            .iter()
            .position(|m| m.name() == name)
            .ok_or_else(|| LabError::UnknownMember(name.to_owned()))
    }

    /// Index of the member with Raft id `id`.
    pub(crate) fn member_index_by_id(&self, id: u64) -> Option<usize> {
        self.members.iter().position(|m| m.id == id)
    }

    /// Index of the host called `name`, or of the host of the member called `name`.
    pub(crate) fn resolve_host(&self, name: &str) -> Result<usize, LabError> {
        if let Some(i) = self.hosts.iter().position(|h| h.name == name) {
            return Ok(i);
        }
        self.members
            .iter()
            .find(|m| m.name() == name)
            .map(|m| m.host)
            .ok_or_else(|| LabError::UnknownHost(name.to_owned()))
    }

    /// A member's name for the trace; ids without a member print in etcd's hex style.
    pub(crate) fn name_of(&self, id: u64) -> String {
        self.member_index_by_id(id)
            .and_then(|i| self.members.get(i))
            .map_or_else(|| format!("{id:x}"), |m| m.name().to_owned())
    }

    pub(crate) fn record(&mut self, kind: TraceKind) {
        self.trace.record(self.now, kind);
    }
}
