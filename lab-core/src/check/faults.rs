//! `Fault`, and the fault builders of a [`Scenario`]: what a seed does to its cluster in a step,
//! and what it undoes later (a thaw, a heal, a restart).
//!
//! Besides single random faults, some are shaped after the situations Raft's rules exist for,
//! so that a broken rule shows within a few hundred steps rather than by luck:
//! - a deposed leader: frozen and cut off while the others elect a new leader, it wakes up
//!   believing it leads, serves the clients still connected to it, proposes what a waking
//!   etcd leader proposes at once (its lessor revokes the leases that expired while it slept)
//!   and sends those appends to a follower that was frozen too (a VM host stall freezes
//!   several guests at once);
//! - a crash at a bare quorum: just enough voters run, and one of them dies right after it
//!   next sends, so whatever it acknowledged but did not persist is needed for the quorum.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Scenario;
use super::cluster::ClusterView;
use crate::SimDuration;
use crate::sim::{Command, World};

/// What the thawed leader proposes: raw bytes, which members apply as a no-op.
const LEASE_REVOKE: &[u8] = b"lease revoke";

/// How long after the deposed leader the frozen follower thaws: past the default link
/// latency (at most 2 ms), so the leader's append is queued.
const BYSTANDER_THAW: SimDuration = SimDuration::from_millis(5);

/// A fault: what to do now, and stages to run after a while (each after its own delay from
/// now).
#[derive(Clone, Debug, Default)]
pub struct Fault {
    pub now: Vec<Command>,
    pub later: Vec<(SimDuration, Vec<Command>)>,
    /// No other fault starts until the last stage ran: the situation this fault builds takes
    /// several election timeouts to unfold, and a random heal or restart on the way would
    /// undo it.
    pub exclusive: bool,
}

impl Fault {
    pub(super) fn now(now: Vec<Command>) -> Fault {
        Fault {
            now,
            ..Fault::default()
        }
    }
}

impl Scenario {
    /// A draw of `lo..=hi` election timeouts.
    fn elections(&self, rng: &mut ChaCha8Rng, lo: u64, hi: u64) -> SimDuration {
        SimDuration::from_millis(rng.random_range(self.election_ms * lo..=self.election_ms * hi))
    }

    /// The leader (`leader_chance` of the time, if there is one), else a random member.
    fn leader_or_any(
        &self,
        rng: &mut ChaCha8Rng,
        view: &ClusterView,
        leader_chance: f64,
    ) -> String {
        match &view.leader {
            Some(l) if rng.random_bool(leader_chance) => l.name.clone(),
            _ => {
                let all: Vec<&str> = view.all().map(|m| m.name.as_str()).collect();
                all.get(rng.random_range(0..all.len().max(1)))
                    .map_or_else(String::new, |n| (*n).to_owned())
            }
        }
    }

    /// Slows everything a member (usually the leader) sends to one to three election timeouts,
    /// for a while: its peers elect someone else while its appends are still on the wire, and
    /// those arrive, stale, after the new leader's.
    pub(super) fn slow_sender(&self, rng: &mut ChaCha8Rng, view: &ClusterView) -> Fault {
        let name = self.leader_or_any(rng, view, 0.8);
        let (mut now, mut later) = (Vec::new(), Vec::new());
        for peer in view.all().filter(|m| m.name != name) {
            let (from, to) = (name.clone(), peer.name.clone());
            now.push(Command::SetLatency {
                from: from.clone(),
                to: to.clone(),
                min_ms: self.election_ms,
                max_ms: self.election_ms * 3,
            });
            later.push(Command::SetLatency {
                from,
                to,
                min_ms: 0,
                max_ms: 2,
            });
        }
        Fault {
            now,
            later: vec![(self.elections(rng, 1, 4), later)],
            exclusive: false,
        }
    }

    /// Freezes a member (usually the leader) for one to four election timeouts; half the time
    /// it is also cut off from its peers until it thaws, so it wakes up believing it leads,
    /// with requests from clients waiting for it.
    pub(super) fn pause(&self, rng: &mut ChaCha8Rng, view: &ClusterView) -> Fault {
        let name = self.leader_or_any(rng, view, 0.7);
        let mut now = vec![Command::PauseMember(name.clone())];
        let mut later = vec![Command::ResumeMember(name.clone())];
        if rng.random_bool(0.5) {
            for peer in view.all().filter(|m| m.name != name) {
                now.push(cut(&name, &peer.name));
                if rng.random_bool(0.5) {
                    later.push(heal(&name, &peer.name));
                }
            }
        }
        Fault {
            now,
            later: vec![(self.elections(rng, 1, 4), later)],
            exclusive: false,
        }
    }

    /// The deposed leader (see the module comment). Stages: the leader freezes, cut off from
    /// its peers (clients still reach it); three to six election timeouts later it thaws and
    /// proposes; one to two election timeouts after that everything heals. Half the time a
    /// follower the others can do without freezes with it, the thawed leader's link to it
    /// heals first, and it thaws just after the leader's proposal reached it, finding the old
    /// leader's append queued behind the new leader's (and then tells the old leader of the
    /// new term, which ends its reign early: hence only half the time).
    pub(super) fn deposed_leader(&self, rng: &mut ChaCha8Rng, view: &ClusterView) -> Fault {
        let Some(leader) = view.leader.as_ref().map(|l| l.name.clone()) else {
            return self.pause(rng, view);
        };
        let bystander = self
            .spare_follower(rng, view)
            .filter(|_| rng.random_bool(0.5));
        let mut now = vec![Command::PauseMember(leader.clone())];
        let mut thaw = vec![Command::ResumeMember(leader.clone())];
        let mut heal_all = Vec::new();
        for peer in view.all().filter(|m| m.name != leader) {
            now.push(cut(&leader, &peer.name));
            if Some(&peer.name) == bystander.as_ref() {
                thaw.push(heal(&leader, &peer.name));
            } else {
                heal_all.push(heal(&leader, &peer.name));
            }
        }
        // After the heal, so the append reaches the frozen follower.
        thaw.push(Command::Propose {
            member: leader,
            data: LEASE_REVOKE.to_vec(),
        });
        let first = self.elections(rng, 3, 6);
        let second = first + self.elections(rng, 1, 2);
        let mut later = vec![(first, thaw), (second, heal_all)];
        if let Some(f) = bystander {
            now.push(Command::PauseMember(f.clone()));
            later.push((first + BYSTANDER_THAW, vec![Command::ResumeMember(f)]));
        }
        Fault {
            now,
            later,
            exclusive: true,
        }
    }

    /// A running follower whose absence, with the leader's, still leaves a quorum of running
    /// voters: the others can elect a new leader without it. A learner is preferred.
    fn spare_follower(&self, rng: &mut ChaCha8Rng, view: &ClusterView) -> Option<String> {
        let running = view.running_voters();
        let spare: Vec<&str> = view
            .running_followers()
            .filter(|m| !view.is_voter(m.id) || running.saturating_sub(2) >= view.quorum())
            .map(|m| m.name.as_str())
            .collect();
        let learner = spare
            .iter()
            .find(|n| view.learners.iter().any(|l| l.name == **n));
        learner
            .or_else(|| spare.get(rng.random_range(0..spare.len().max(1))))
            .map(|n| (*n).to_owned())
    }

    /// A crash at a bare quorum (see the module comment): voters beyond a quorum stop, then a
    /// running follower dies right after its next send; all restart one to three election
    /// timeouts later.
    pub(super) fn crash_at_quorum(&self, rng: &mut ChaCha8Rng, view: &ClusterView) -> Fault {
        let Some(leader) = view.leader.as_ref() else {
            return Fault::default();
        };
        let mut followers: Vec<&str> = view
            .voters
            .iter()
            .filter(|m| m.running && m.id != leader.id)
            .map(|m| m.name.as_str())
            .collect();
        if followers.is_empty() {
            return Fault::default();
        }
        let victim = followers.swap_remove(rng.random_range(0..followers.len()));
        let extra = view.running_voters().saturating_sub(view.quorum());
        let mut now = Vec::new();
        let mut restart = Vec::new();
        for name in followers.into_iter().take(extra) {
            now.push(Command::StopMember(name.to_owned()));
            restart.push(Command::StartMember(name.to_owned()));
        }
        now.push(Command::CrashAfterNextSend(victim.to_owned()));
        restart.push(Command::StartMember(victim.to_owned()));
        Fault {
            now,
            later: vec![(self.elections(rng, 1, 3), restart)],
            exclusive: true,
        }
    }

    /// Splits the members in two: either one member (often the leader) against the rest, or a
    /// random split. Clients keep reaching everyone, so a cut-off leader still gets requests.
    pub(super) fn partition(&self, rng: &mut ChaCha8Rng, view: &ClusterView) -> Fault {
        let names: Vec<&str> = view.all().map(|m| m.name.as_str()).collect();
        let leader = view.leader.as_ref().map(|m| m.name.as_str());
        let side: Vec<bool> = match (rng.random_bool(0.6), leader) {
            (true, Some(leader)) => names.iter().map(|n| *n == leader).collect(),
            _ => names.iter().map(|_| rng.random_bool(0.5)).collect(),
        };
        let mut cmds = vec![Command::HealAll];
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate().skip(i + 1) {
                if side.get(i) != side.get(j) {
                    cmds.push(cut(a, b));
                }
            }
        }
        Fault::now(cmds)
    }

    /// One random fault on random members, or nothing.
    pub(super) fn single_fault(&self, rng: &mut ChaCha8Rng, world: &World) -> Fault {
        let members = world.members();
        if members.len() < 2 {
            return Fault::default();
        }
        let pick = |rng: &mut ChaCha8Rng| members[rng.random_range(0..members.len())].name.clone();
        // Two different members, for link faults (a host has no link to itself).
        let pair = |rng: &mut ChaCha8Rng| {
            let a = rng.random_range(0..members.len());
            let b = (a + rng.random_range(1..members.len())) % members.len();
            (members[a].name.clone(), members[b].name.clone())
        };
        let cmd = match rng.random_range(0..100) {
            0..=5 => Command::StopMember(pick(rng)),
            6..=7 => Command::StopMemberGracefully(pick(rng)),
            8..=16 => Command::StartMember(pick(rng)),
            17..=21 => {
                let (a, b) = pair(rng);
                Command::CutLink { a, b }
            }
            22..=25 => {
                let (from, to) = pair(rng);
                Command::CutLinkOneWay { from, to }
            }
            26..=30 => {
                let (a, b) = pair(rng);
                Command::HealLink { a, b }
            }
            31..=33 => Command::HealAll,
            34..=35 => {
                let (from, to) = pair(rng);
                // Up to three election timeouts: messages from a deposed leader arrive late.
                let min_ms = rng.random_range(0..=self.election_ms);
                let max_ms = min_ms + rng.random_range(0..=self.election_ms * 2);
                Command::SetLatency {
                    from,
                    to,
                    min_ms,
                    max_ms,
                }
            }
            36..=37 => {
                let (from, to) = pair(rng);
                let percent = [0, 5, 20, 50][rng.random_range(0..4)];
                Command::SetLoss { from, to, percent }
            }
            38 => {
                let (from, to) = pair(rng);
                let percent = [0, 10, 30][rng.random_range(0..3)];
                Command::SetDuplication { from, to, percent }
            }
            39 => Command::MoveLeader {
                transferee: pick(rng),
            },
            _ => return Fault::default(),
        };
        Fault::now(vec![cmd])
    }
}

fn cut(a: &str, b: &str) -> Command {
    Command::CutLink {
        a: a.to_owned(),
        b: b.to_owned(),
    }
}

fn heal(a: &str, b: &str) -> Command {
    Command::HealLink {
        a: a.to_owned(),
        b: b.to_owned(),
    }
}

#[cfg(test)]
#[path = "faults_tests.rs"]
mod tests;
