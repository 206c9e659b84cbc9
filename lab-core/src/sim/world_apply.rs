//! `World::apply`: carries out user commands. Each handler checks everything that can fail
//! before it changes anything, so a refused command leaves the world exactly as it was.

use std::net::Ipv4Addr;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::EtcdServer;
use super::event::Event;
use super::world_bootstrap;
use super::world_client::MAX_REQUEST_BYTES;
use super::{Command, Host, MAX_HOSTS, MAX_MEMBERS, Member, MemberSpec, TraceKind, World};
use crate::data_dir::WalMetadata;
use crate::error::LabError;
use crate::raft::{MAX_VOTERS, MemoryStorage, RawNode};

/// Longest host or member name (unit: characters).
const MAX_NAME_CHARS: usize = 64;

impl World {
    /// Carries out `cmd`, or refuses it and changes nothing.
    pub fn apply(&mut self, cmd: Command) -> Result<(), LabError> {
        match cmd {
            Command::AddHost { name, ip } => self.add_host(name, ip),
            Command::AddMember(spec) => self.add_member(spec),
            Command::StartMember(name) => self.start_member(&name),
            Command::StopMember(name) => self.stop_member(&name),
            Command::StopMemberGracefully(name) => self.stop_member_gracefully(&name),
            Command::MoveLeader { transferee } => self.move_leader(&transferee),
            Command::CutLink { a, b } => self.set_links(&a, &b, true, true),
            Command::CutLinkOneWay { from, to } => self.set_links(&from, &to, true, false),
            Command::HealLink { a, b } => self.set_links(&a, &b, false, true),
            Command::HealAll => {
                self.network.heal_all();
                self.record(TraceKind::AllLinksHealed);
                Ok(())
            }
            Command::ResetNetwork => {
                self.network.reset();
                self.record(TraceKind::NetworkReset);
                Ok(())
            }
            Command::Propose { member, data } => self.propose(&member, data),
            Command::ClientRequest {
                id,
                client,
                member,
                request,
            } => self.client_request(id, &client, &member, request),
            Command::SetLatency {
                from,
                to,
                min_ms,
                max_ms,
            } => self.set_latency(&from, &to, min_ms, max_ms),
            Command::SetLoss { from, to, percent } => self.set_loss(&from, &to, percent),
            Command::SetDuplication { from, to, percent } => {
                self.set_duplication(&from, &to, percent)
            }
            Command::CrashHost(host) => self.crash_host(&host),
            Command::PauseMember(name) => self.pause_member(&name),
            Command::ResumeMember(name) => self.resume_member(&name),
            Command::CrashAfterNextSend(name) => self.crash_after_next_send(&name),
            Command::BootHost(host) => self.boot_host(&host),
            Command::WipeDataDir(member) => self.wipe_data_dir(&member),
            Command::MemberAdd { via, spec, learner } => self.member_add(&via, spec, learner),
            Command::MemberPromote { via, name } => self.member_promote(&via, &name),
            Command::MemberRemove { via, name } => self.member_remove(&via, &name),
        }
    }

    fn add_host(&mut self, name: String, ip: Ipv4Addr) -> Result<(), LabError> {
        check_name(&name)?;
        if self.hosts.len() >= MAX_HOSTS {
            return Err(LabError::TooManyHosts(MAX_HOSTS));
        }
        if self.hosts.iter().any(|h| h.name == name) {
            return Err(LabError::DuplicateHost(name));
        }
        if let Some(other) = self.hosts.iter().find(|h| h.ip == ip) {
            let host = other.name.clone();
            return Err(LabError::DuplicateIp { ip, host });
        }
        self.record(TraceKind::HostAdded {
            host: name.clone(),
            ip,
        });
        self.hosts.push(Host::new(name, ip));
        Ok(())
    }

    fn add_member(&mut self, spec: MemberSpec) -> Result<(), LabError> {
        let member = self.configure_member(spec)?;
        self.push_member(member);
        Ok(())
    }

    /// A stopped member built from `spec`, once everything about it checks out.
    pub(crate) fn configure_member(&self, spec: MemberSpec) -> Result<Member, LabError> {
        self.check_member_spec(&spec)?;
        let host = self
            .hosts
            .iter()
            .position(|h| h.name == spec.host)
            .ok_or_else(|| LabError::UnknownHost(spec.host.clone()))?;
        let member = Member::new(spec, host);
        if let Some(other) = self.members.iter().find(|m| m.id == member.id) {
            return Err(LabError::DuplicateMemberId {
                id: member.id,
                name: member.name().to_owned(),
                other: other.name().to_owned(),
            });
        }
        Ok(member)
    }

    pub(crate) fn push_member(&mut self, member: Member) {
        self.record(TraceKind::MemberAdded {
            member: member.name().to_owned(),
            id: member.id,
            host: member.spec.host.clone(),
        });
        self.members.push(member);
    }

    pub(crate) fn check_member_spec(&self, spec: &MemberSpec) -> Result<(), LabError> {
        check_name(&spec.name)?;
        if self.members.len() >= MAX_MEMBERS {
            return Err(LabError::TooManyMembers(MAX_MEMBERS));
        }
        if self.members.iter().any(|m| m.name() == spec.name) {
            return Err(LabError::DuplicateMember(spec.name.clone()));
        }
        let etcd_name = spec.etcd_name();
        if !spec.initial_cluster.iter().any(|n| n == etcd_name) {
            return Err(LabError::InvalidConfig(format!(
                "couldn't find local name {etcd_name:?} in the initial cluster configuration"
            )));
        }
        if spec.initial_cluster.len() > MAX_VOTERS {
            return Err(LabError::InvalidConfig(format!(
                "initial cluster has more than {MAX_VOTERS} members"
            )));
        }
        spec.validate_timings()?;
        spec.raft_config().validate()?;
        Ok(())
    }

    /// Starts the process: restore from the data-dir (if any), as etcd replays its WAL, and
    /// tick every heartbeat interval from now on (the first tick one interval from now, like
    /// Go's `time.Ticker` in etcd's raft loop).
    fn start_member(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &self.members[idx];
        if member.is_running() {
            return Err(LabError::MemberAlreadyRunning(name.to_owned()));
        }
        self.check_host_up(member.host)?;
        if member.removed {
            return Err(LabError::MemberRemoved);
        }
        if member.wiped && self.peers_know_bootstrapped(idx) {
            // etcd: a member without a data-dir whose peers already know it refuses to
            // bootstrap again, since a fresh log and term could break the cluster's promises.
            let id = member.id;
            return Err(LabError::InvalidConfig(
                world_bootstrap::already_bootstrapped(id),
            ));
        }
        let metadata = WalMetadata {
            member_id: member.id,
            cluster_id: member.cluster_id,
        };
        let (host, now) = (member.host, self.now);
        let storage = match self.hosts.get_mut(host) {
            Some(h) => {
                h.vfs.set_now(now);
                h.open_data_dir(&self.members[idx].data_dir, metadata)?
            }
            None => MemoryStorage::new(),
        };
        let member = &self.members[idx];
        let last_commit = storage.hard_state().commit_index;
        let fresh =
            storage.is_empty() && storage.hard_state().term == 0 && storage.snapshot().is_empty();
        let mut server = EtcdServer::restore(storage.snapshot())?;
        server.set_quota_bytes(member.spec.quota_backend_bytes);
        // Draw from a copy of the RNG, kept only if the start succeeds.
        let mut rng = self.rng.clone();
        let node_rng = ChaCha8Rng::seed_from_u64(rng.next_u64());
        let mut cfg = member.spec.raft_config();
        // The id the cluster gave it at `member add`, or the one its data-dir names (a
        // restored or adopted data-dir), which the process's flags need not give.
        cfg.id = member.id;
        if let Some(join) = &member.join {
            cfg.voters = join.voters.clone();
            cfg.learners = join.learners.clone();
        }
        cfg.planted_bug = self.planted_bug;
        let mut node = RawNode::new(&cfg, storage, node_rng)?;
        if fresh && member.join.is_none() {
            node.bootstrap(&member.spec.bootstrap_peers())?;
        }
        let first_tick = self.now + member.spec.heartbeat_interval();
        self.rng = rng;

        let member = &mut self.members[idx];
        member.node = Some(node);
        member.server = server;
        member.incarnation += 1;
        member.last_lead = None;
        member.last_commit = last_commit;
        let tick = Event::Tick {
            member: idx,
            incarnation: member.incarnation,
        };
        self.record(TraceKind::MemberStarted {
            member: name.to_owned(),
        });
        let scheduled = self.queue.push(first_tick, tick);
        debug_assert!(scheduled, "event queue full");
        // etcd builds its id generator as the server starts.
        self.ensure_lease_setup(idx);
        self.begin_publish(idx);
        self.process_ready(idx);
        Ok(())
    }

    /// Kills the process. Messages already on the wire still arrive (and are dropped), and
    /// the data-dir stays on the host's disk.
    fn stop_member(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &mut self.members[idx];
        if member.node.take().is_none() {
            return Err(LabError::MemberNotRunning(name.to_owned()));
        }
        // The process's memory goes with it: the store, and the clients it owed answers.
        member.server = EtcdServer::default();
        member.incarnation += 1;
        member.last_lead = None;
        member.stopping_until = None;
        member.exit_at = None;
        // A frozen process can be killed; what waited in its buffers dies with it.
        member.paused = false;
        member.boot_check = None;
        member.backlog.clear();
        member.crash_after_send = false;
        self.record(TraceKind::MemberStopped {
            member: name.to_owned(),
        });
        Ok(())
    }

    /// Cuts (`cut`) or heals `a` → `b`, and `b` → `a` too if `both`.
    fn set_links(&mut self, a: &str, b: &str, cut: bool, both: bool) -> Result<(), LabError> {
        let (ia, ib) = (self.resolve_host(a)?, self.resolve_host(b)?);
        if ia == ib {
            return Err(LabError::SameHost(a.to_owned()));
        }
        let directions: &[(usize, usize)] = if both {
            &[(ia, ib), (ib, ia)]
        } else {
            &[(ia, ib)]
        };
        for &(from, to) in directions {
            let changed = if cut {
                self.network.cut(from, to)
            } else {
                self.network.heal(from, to)
            };
            if changed {
                self.record_link_change(from, to, cut);
            }
        }
        Ok(())
    }

    fn record_link_change(&mut self, from: usize, to: usize, cut: bool) {
        let name = |i: usize| {
            self.hosts
                .get(i)
                .map(|h| h.name.clone())
                .unwrap_or_default()
        };
        let (from, to) = (name(from), name(to));
        self.record(if cut {
            TraceKind::LinkCut { from, to }
        } else {
            TraceKind::LinkHealed { from, to }
        });
    }

    fn propose(&mut self, name: &str, data: Vec<u8>) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        if data.len() > MAX_REQUEST_BYTES {
            return Err(LabError::RequestTooLarge);
        }
        let node = self.members[idx]
            .node
            .as_mut()
            .ok_or_else(|| LabError::MemberNotRunning(name.to_owned()))?;
        node.propose(data)?;
        self.process_ready(idx);
        Ok(())
    }
}

fn check_name(name: &str) -> Result<(), LabError> {
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS {
        return Err(LabError::InvalidName(name.to_owned()));
    }
    Ok(())
}
