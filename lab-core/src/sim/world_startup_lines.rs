//! The startup sequence of an etcd process, as etcd 3.4.23 prints it: a first start, a join,
//! or a restart from a data-dir. A restart knows only the members its snapshot holds; the
//! WAL's entries are then replayed and logged as they are applied (each conf change's
//! `switched to configuration` and membership line, a rafthttp peer started for each member
//! it did not know), as recorded in `lab-core/tests/data/restart-reference.md`.

use super::etcd_log::{self as log, RestartState, StartupFacts};
use super::world_etcd_log::MemberLog;
use super::world_force_new::ForcedRestart;
use super::{ClusterEvent, EtcdLaunch, TraceKind, World};
use crate::time::WallClock;

impl World {
    /// The startup lines of member `idx`'s process, just started (`restarted`: from an
    /// existing data-dir). Raft's initial lines are part of them, so the trace events of the
    /// start itself are not logged again.
    pub(crate) fn startup_lines(
        &mut self,
        idx: usize,
        launch: &EtcdLaunch,
        restarted: bool,
        forced: Option<&ForcedRestart>,
    ) -> Vec<String> {
        let start = self.process_cursor;
        self.process_cursor = self.trace.total_recorded();
        self.peer_streams.reset(idx);
        self.etcd_logs.insert(idx, MemberLog::started(restarted));
        let wall = WallClock::at(self.now);
        if self.members[idx].boot_check.is_some() {
            // etcd prints its banner, then checks its peers; the rest waits for the check
            // (see `world_bootstrap`).
            return match launch.banner_printed {
                true => Vec::new(),
                false => log::startup_banner(&wall, launch, false),
            };
        }
        let mut facts = self.startup_facts(idx, launch, restarted);
        if let (Some(forced), Some(state)) = (forced, facts.restart.as_mut()) {
            state.forced = Some(forced.discarded);
        }
        self.note_started_peers(idx, &facts);
        let mut lines = log::startup_head(&wall, launch, &facts);
        lines.extend(log::startup_tail(&wall, launch, &facts));
        if restarted {
            lines.extend(self.replayed_lines(&wall, idx, start));
        }
        lines
    }

    /// The process of member `idx` starts a rafthttp peer for each other member it knows.
    pub(crate) fn note_started_peers(&mut self, idx: usize, facts: &StartupFacts) {
        if let Some(state) = self.etcd_logs.get_mut(&idx) {
            state.peers.extend(facts.peers());
        }
    }

    /// What member `idx` logged applying the entries it replayed as it started (trace
    /// events from `start` on): each conf change's `switched to configuration` before its
    /// membership line, as raft applies it before etcd's store does.
    fn replayed_lines(&mut self, wall: &WallClock, idx: usize, start: u64) -> Vec<String> {
        let name = self.members[idx].name().to_owned();
        let ours = |kind: &&TraceKind| match kind {
            TraceKind::RaftInfo { member, text } => {
                *member == name && text.starts_with("switched to configuration")
            }
            TraceKind::ClusterChanged { member, .. } => *member == name,
            _ => false,
        };
        let events: Vec<TraceKind> = self
            .trace
            .since(start)
            .map(|e| &e.kind)
            .filter(ours)
            .cloned()
            .collect();
        let (mut switches, changes): (Vec<_>, Vec<_>) = events
            .into_iter()
            .partition(|kind| matches!(kind, TraceKind::RaftInfo { .. }));
        switches.reverse();
        let mut lines = Vec::new();
        for kind in &changes {
            let conf_change = !matches!(
                kind,
                TraceKind::ClusterChanged {
                    event: ClusterEvent::VersionSet { .. } | ClusterEvent::Published { .. },
                    ..
                }
            );
            if let Some(switch) = conf_change.then(|| switches.pop()).flatten() {
                lines.extend(self.event_lines(wall, idx, &switch));
            }
            lines.extend(self.event_lines(wall, idx, kind));
        }
        for switch in switches.iter().rev() {
            lines.extend(self.event_lines(wall, idx, switch));
        }
        lines
    }

    /// What member `idx`'s process knows as it starts (`restarted`: from its data-dir, whose
    /// snapshot alone names the members it knows before the replay).
    pub(crate) fn startup_facts(
        &self,
        idx: usize,
        launch: &EtcdLaunch,
        restarted: bool,
    ) -> StartupFacts {
        let member = &self.members[idx];
        let node = member.node.as_ref();
        let ids: Vec<u64> = node.map_or_else(Vec::new, |n| {
            if restarted {
                let cs = &n.raft().raft_log().storage().snapshot().metadata.conf_state;
                cs.voters.union(&cs.learners).copied().collect()
            } else {
                let prs = n.raft().prs();
                prs.voters().iter().chain(prs.learners()).copied().collect()
            }
        });
        let mut members: Vec<(u64, String)> = ids
            .iter()
            .map(|&id| (id, self.peer_url_of(idx, id, launch)))
            .collect();
        members.sort();
        let restart = node.filter(|_| restarted).map(|n| {
            let raft = n.raft();
            let log = raft.raft_log();
            RestartState {
                snapshot_index: log.storage().snapshot().metadata.index,
                term: raft.term(),
                commit: log.commit_index(),
                last_index: log.last_index(),
                last_term: log.last_term(),
                forced: None,
            }
        });
        StartupFacts {
            member_id: member.id,
            cluster_id: member.cluster_id,
            members,
            restart,
        }
    }

    /// A member's first peer URL as the starting member knows it: from its own membership
    /// store (a restart, a join), else from its `--initial-cluster` (a bootstrap, where the
    /// others may not have started yet), else from the member's own flags.
    fn peer_url_of(&self, idx: usize, id: u64, launch: &EtcdLaunch) -> String {
        let stored = self.members[idx]
            .server
            .cluster()
            .member(id)
            .and_then(|m| m.peer_urls.first().cloned());
        let initial = || {
            let identity = &launch.identity;
            let ids = identity.initial_ids();
            let at = ids.iter().position(|&i| i == id)?;
            identity.initial_cluster.get(at)?.1.first().cloned()
        };
        let own = || {
            let member = &self.members[self.member_index_by_id(id)?];
            member.spec.identity.as_ref()?.peer_urls.first().cloned()
        };
        stored.or_else(initial).or_else(own).unwrap_or_default()
    }
}
