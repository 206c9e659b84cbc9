//! etcd's `isMemberBootstrapped`: before a member of a new cluster (`--initial-cluster-state
//! new`, empty data-dir) starts its Raft node, it asks the other members of
//! `--initial-cluster` for their `/members`, one peer URL at a time (sorted), with a 1 s
//! timeout each. It has already opened its listeners, and serves them only once the check is
//! over. So a peer whose port refuses answers at once and the check asks the next, a serving
//! peer's answer ends the check, but a peer that listens while it is itself still checking
//! answers nothing until it is done or the timeout passes. The answer decides: a member the
//! serving peer's membership already has, published, refuses to bootstrap again (`member X
//! has already been bootstrapped`) once the check is over. Members launched together wait on each other: one timeout per peer, 2 s in
//! a three-member cluster (reference 03: `advertise client URLs` at 10:38:05.073, `starting
//! member` at 10:38:07.094), which delays their first election and the moment they are
//! connected (05's first `member add`, 5.6 s after the launch, finds the cluster unhealthy).
//! Members launched seconds apart do not wait (reference 01: 15 ms).
//!
//! The verdict has one home: `knows_bootstrapped` (a peer's membership has the member's
//! published client URLs) decides for the check, and for the world's `StartMember` of a
//! wiped member, which asks at once (`peers_know_bootstrapped`); both refuse with etcd's
//! `member <hex id> has already been bootstrapped`.
//!
//! Until its check ends the process is frozen: it misses its ticks and what arrives waits, and
//! its log holds only the banner; `starting member` and what follows carry the time the check
//! ended (reference 03: 2 s after `advertise client URLs`).

use rand::Rng;

use super::event::Event;
use super::world_join::host_port;
use super::{Command, ConnectError, Member, ProcessExit, ProcessKind, World, etcd_log};
use crate::time::{SimDuration, SimTime, WallClock};

/// etcd's default bootstrap timeout (`ServerConfig.bootstrapTimeout`), the HTTP client's
/// timeout for each `/members` request (unit: virtual time).
pub const BOOTSTRAP_TIMEOUT: SimDuration = SimDuration::from_secs(1);
/// From `exec` to the first `/members` request: Go's start, flag parsing, opening the
/// listeners; drawn from this range (unit: microseconds of virtual time). Reference 01: three
/// members launched in a row printed their first line up to 6 ms apart, in another order.
/// That spread also sets their Raft clocks apart, as real processes' tickers are, so equal
/// election timeouts do not fire at the same instant.
pub const BOOT_CHECK_DELAY_MICROS: std::ops::RangeInclusive<u64> = 1_000..=6_000;

/// A member's bootstrap check under way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BootCheck {
    /// The other members' peer URLs, sorted, as `getRemotePeerURLs` lists them.
    urls: Vec<String>,
    /// The URL being asked.
    next: usize,
    /// When the request to it times out, once it hangs.
    deadline: Option<SimTime>,
}

/// How a peer URL answers a `/members` request right now.
enum Answer {
    /// Refused, unresolvable, or not a peer listener: the check asks the next URL.
    Next,
    /// Accepted but not served (the peer is checking too, or frozen), or packets vanish.
    Hangs,
    /// A peer served its membership, which ends the check (etcd's
    /// `GetClusterFromRemotePeers` stops at the first answer); `bootstrapped` when that
    /// membership has this member, published.
    Served { bootstrapped: bool },
}

impl World {
    /// Member `idx` was just launched for a new cluster: it checks its peers before running.
    pub(crate) fn begin_boot_check(&mut self, idx: usize) {
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(identity) = member.spec.identity.as_ref() else {
            return;
        };
        let own = member.spec.etcd_name();
        let mut urls: Vec<String> = identity
            .initial_cluster
            .iter()
            .filter(|(name, _)| name != own)
            .flat_map(|(_, urls)| urls.iter().cloned())
            .collect();
        if urls.is_empty() {
            return;
        }
        urls.sort();
        member.paused = true;
        member.boot_check = Some(BootCheck {
            urls,
            ..BootCheck::default()
        });
        let incarnation = member.incarnation;
        let delay = self.rng.random_range(BOOT_CHECK_DELAY_MICROS);
        self.schedule_boot_check(now + SimDuration::from_micros(delay), idx, incarnation);
    }

    fn schedule_boot_check(&mut self, at: SimTime, member: usize, incarnation: u64) {
        let event = Event::BootCheck {
            member,
            incarnation,
        };
        let scheduled = self.queue.push(at, event);
        debug_assert!(scheduled, "event queue full");
    }

    /// Moves member `idx`'s check on as far as the answers allow.
    pub(crate) fn on_boot_check(&mut self, idx: usize, incarnation: u64) {
        // Each pass either ends, waits or moves to the next URL: at most one per URL.
        for _ in 0..=super::MAX_MEMBERS * 8 {
            let now = self.now;
            let Some(member) = self.members.get(idx) else {
                return;
            };
            if member.incarnation != incarnation {
                return;
            }
            let Some(check) = member.boot_check.as_ref() else {
                return;
            };
            let Some(url) = check.urls.get(check.next) else {
                self.finish_boot_check(idx, false);
                return;
            };
            let answer = self.members_answer(member.host, url, member.id);
            let deadline = check.deadline;
            let Some(check) = self.members[idx].boot_check.as_mut() else {
                return;
            };
            match (answer, deadline) {
                (Answer::Served { bootstrapped }, _) => {
                    self.finish_boot_check(idx, bootstrapped);
                    return;
                }
                (Answer::Hangs, Some(at)) if now < at => return,
                (Answer::Hangs, None) => {
                    let at = now + BOOTSTRAP_TIMEOUT;
                    check.deadline = Some(at);
                    self.schedule_boot_check(at, idx, incarnation);
                    return;
                }
                _ => {
                    check.next += 1;
                    check.deadline = None;
                }
            }
        }
    }

    /// How `url`'s `/members` answers a request from `host` now, for member `own`.
    fn members_answer(&self, host: usize, url: &str, own: u64) -> Answer {
        let Some((name, port)) = host_port(url) else {
            return Answer::Next;
        };
        let Some(ip) = self.resolve_name(host, name) else {
            return Answer::Next;
        };
        match self.connect(host, ip, port) {
            Ok(c) => match self.members.get(c.member) {
                Some(m) if m.paused => Answer::Hangs,
                Some(m) if c.peer_port => Answer::Served {
                    bootstrapped: knows_bootstrapped(m, own),
                },
                _ => Answer::Next,
            },
            Err(ConnectError::Refused | ConnectError::NoRoute) => Answer::Next,
            Err(ConnectError::Timeout) => Answer::Hangs,
        }
    }

    /// The check is over: a member its peers already know refuses to start; any other
    /// runs, prints the rest of its startup lines, and whoever waited on it hears its answer.
    fn finish_boot_check(&mut self, idx: usize, bootstrapped: bool) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        member.boot_check = None;
        member.paused = false;
        if bootstrapped {
            self.refuse_bootstrap(idx);
        } else {
            self.run_after_check(idx);
        }
        let waiting: Vec<(usize, u64)> = self
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.boot_check.is_some())
            .map(|(i, m)| (i, m.incarnation))
            .collect();
        for (member, incarnation) in waiting {
            self.schedule_boot_check(self.now, member, incarnation);
        }
    }

    /// Member `idx` passed its check: its Raft node and server start now.
    fn run_after_check(&mut self, idx: usize) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        // Its Raft ticker starts now: the ticks scheduled since the launch are dropped.
        member.incarnation += 1;
        let tick = Event::Tick {
            member: idx,
            incarnation: member.incarnation,
        };
        let scheduled = self
            .queue
            .push(self.now + member.spec.heartbeat_interval(), tick);
        debug_assert!(scheduled, "event queue full");
        let backlog = std::mem::take(&mut member.backlog);
        for event in backlog {
            self.network.redeliver();
            let scheduled = self.queue.push(self.now, event);
            debug_assert!(scheduled, "event queue full");
        }
        self.write_bootstrap_lines(idx);
        // Its server starts now: the publish and `adjustTicks` windows open now.
        self.begin_publish(idx);
    }

    /// The startup lines held back by the check, stamped with the time it ended.
    fn write_bootstrap_lines(&mut self, idx: usize) {
        let Some(host) = self.members.get(idx).map(|m| m.host) else {
            return;
        };
        let launch = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.processes.etcd_of(idx))
            .map(|p| match &p.kind {
                ProcessKind::Etcd { launch, .. } => launch.as_ref().clone(),
            });
        let Some(launch) = launch else {
            return;
        };
        let facts = self.startup_facts(idx, &launch, false);
        self.note_started_peers(idx, &facts);
        let lines = etcd_log::bootstrap_lines(&WallClock::at(self.now), &launch, &facts);
        self.write_member_lines(idx, lines);
    }

    /// etcd's `member X has already been bootstrapped`: a second bootstrap with a fresh log
    /// and term would break the promises the member made, so the process exits before it
    /// writes a WAL (the lab drops the one it opened at launch).
    fn refuse_bootstrap(&mut self, idx: usize) {
        let Some(member) = self.members.get(idx) else {
            return;
        };
        let (host, name, path) = (
            member.host,
            member.name().to_owned(),
            member.data_dir.clone(),
        );
        let message = already_bootstrapped(member.id);
        let wall = WallClock::at(self.now);
        self.exit_process_with(idx, ProcessExit::Exited(1), |_| {
            vec![etcd_log::fatal(&wall, &message)]
        });
        let _ = self.apply(Command::StopMember(name));
        if let Some(h) = self.hosts.get_mut(host) {
            h.remove_data_dir(&path);
        }
    }
}

impl World {
    /// The peers' verdict asked at once, for a member started without a process (the
    /// world's `StartMember`, which has no network to wait on): whether a running peer
    /// knows member `idx` bootstrapped. A member without a command line publishes no
    /// client URLs, so for it a peer's membership listing it is enough.
    pub(crate) fn peers_know_bootstrapped(&self, idx: usize) -> bool {
        let Some(member) = self.members.get(idx) else {
            return false;
        };
        let (own, publishes_urls) = (member.id, member.spec.identity.is_some());
        self.members.iter().enumerate().any(|(i, peer)| {
            i != idx
                && peer.is_running()
                && !peer.paused
                && if publishes_urls {
                    knows_bootstrapped(peer, own)
                } else {
                    peer.server.cluster().member(own).is_some()
                }
        })
    }
}

/// Whether `peer`'s membership shows member `own` bootstrapped: etcd's
/// `isMemberBootstrapped` looks for the client URLs it published (its name is known from
/// `--initial-cluster` before it ever ran).
fn knows_bootstrapped(peer: &Member, own: u64) -> bool {
    peer.server
        .cluster()
        .member(own)
        .is_some_and(|k| !k.client_urls.is_empty())
}

/// etcd's fatal message for a member its peers already know (`etcdmain: member
/// b0ffc7df6d556089 has already been bootstrapped`, reference `restart-reference.md`).
pub(crate) fn already_bootstrapped(id: u64) -> String {
    format!("member {id:x} has already been bootstrapped")
}

#[cfg(test)]
#[path = "world_bootstrap_tests.rs"]
mod tests;
