//! Writing etcd processes' log lines as the world runs: a trace event becomes the lines of
//! the member it is about (raft's, rafthttp's, etcdserver's). The startup sequence is
//! `world_startup_lines`'.

use super::etcd_log::{self as log, StopTransfer};
use super::{ClusterEvent, OutputStream, ProcessKind, TraceKind, World};
use crate::raft::StateRole;
use crate::time::WallClock;

impl World {
    /// Writes the lines `kind` gives the process of the member it is about, if that member
    /// has one.
    pub(crate) fn log_event(&mut self, wall: &WallClock, kind: &TraceKind) {
        let Some(name) = trace_member(kind) else {
            return;
        };
        let Ok(idx) = self.member_index(name) else {
            return;
        };
        let mut lines = self.event_lines(wall, idx, kind);
        lines.extend(self.ready_lines_for(wall, idx, kind));
        self.write_member_lines(idx, lines);
    }

    /// Writes `lines` to the stderr of member `idx`'s process, if it has one.
    pub(crate) fn write_member_lines(&mut self, idx: usize, lines: Vec<String>) {
        let Some(host) = self.members.get(idx).map(|m| m.host) else {
            return;
        };
        if let Some(process) = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.processes.etcd_of(idx))
        {
            for line in lines {
                process.write_line(OutputStream::Stderr, &line);
            }
        }
    }

    fn hex_of(&self, name: &str) -> String {
        self.member_index(name)
            .map_or_else(|_| name.to_owned(), |i| format!("{:x}", self.members[i].id))
    }

    pub(crate) fn event_lines(
        &mut self,
        wall: &WallClock,
        idx: usize,
        kind: &TraceKind,
    ) -> Vec<String> {
        let id = self.members[idx].id;
        match kind {
            TraceKind::Voted {
                candidate,
                term,
                granted,
                positions,
                ..
            } => {
                let candidate = u64::from_str_radix(&self.hex_of(candidate), 16).unwrap_or(0);
                let verdict = if *granted {
                    log::Verdict::Cast
                } else {
                    log::Verdict::Rejected
                };
                let text = log::vote_text(false, candidate, *positions, *term, verdict);
                vec![log::raft_line(wall, &format!("{id:x} {text}"))]
            }
            TraceKind::PeerStream { peer, change, .. } => {
                log::peer_stream_lines(wall, &self.hex_of(peer), change)
            }
            TraceKind::PublishTimedOut { .. } => vec![log::publish_error_line(wall)],
            TraceKind::RafthttpError { text, .. } => {
                vec![log::capnslog(wall, 'E', "rafthttp", text)]
            }
            TraceKind::TlsRejected {
                remote,
                error,
                server_name,
                cert,
                ..
            } => {
                let text = format!(
                    "rejected connection from {remote:?} (error {error:?}, ServerName {server_name:?}{cert})"
                );
                vec![log::capnslog(wall, 'I', "embed", &text)]
            }
            TraceKind::TicksFastForwarded {
                ticks,
                election_ticks,
                active_peers,
                ..
            } => vec![log::fast_forward_line(
                wall,
                id,
                *ticks,
                *election_ticks,
                *active_peers,
            )],
            TraceKind::ClusterVersionProposed { version, .. } => {
                vec![log::setting_up_version_line(wall, version)]
            }
            TraceKind::ClusterChanged {
                cluster_id,
                event: ClusterEvent::Removed { id: removed },
                ..
            } if *removed != id => {
                if let Some(state) = self.etcd_logs.get_mut(&idx) {
                    state.peers.remove(removed);
                }
                let mut lines = vec![log::member_removed_line(wall, *removed, *cluster_id)];
                lines.extend(log::removed_peer_lines(wall, &format!("{removed:x}")));
                lines
            }
            TraceKind::ClusterChanged {
                cluster_id,
                event: event @ ClusterEvent::Added { id: added, .. },
                ..
            } if *added != id => {
                let mut lines = cluster_lines(wall, *cluster_id, event);
                let new_peer = self
                    .etcd_logs
                    .get_mut(&idx)
                    .is_some_and(|state| state.start_peer(*added));
                if new_peer {
                    lines.extend(log::starting_peer_lines(wall, *added));
                }
                lines
            }
            TraceKind::ClusterChanged {
                cluster_id, event, ..
            } => cluster_lines(wall, *cluster_id, event),
            TraceKind::StopSignalled { signal, .. } => {
                if let Some(state) = self.etcd_logs.get_mut(&idx) {
                    state.stop_signal = Some(*signal);
                }
                log::graceful_stop_lines(wall, *signal, &self.stop_transfer(idx))
            }
            TraceKind::MemberStopped { .. } => self.stopped_lines(wall, idx),
            other => log::raft_event_lines(wall, id, other, &|n| self.hex_of(n)),
        }
    }

    fn stop_transfer(&self, idx: usize) -> StopTransfer {
        let Some(raft) = self.members[idx].node.as_ref().map(|n| n.raft()) else {
            return StopTransfer::NotLeader;
        };
        if raft.state() != StateRole::Leader {
            return StopTransfer::NotLeader;
        }
        match raft.lead_transferee() {
            Some(to) => StopTransfer::To(format!("{:x}", raft.id()), format!("{to:x}")),
            None => StopTransfer::SingleMember,
        }
    }

    /// A gracefully stopped member closes its peers; a killed one prints nothing.
    fn stopped_lines(&mut self, wall: &WallClock, idx: usize) -> Vec<String> {
        self.peer_streams.reset(idx);
        let graceful = self
            .etcd_logs
            .remove(&idx)
            .is_some_and(|state| state.stop_signal.is_some());
        if !graceful {
            return Vec::new();
        }
        let mut peers: Vec<u64> = self
            .members
            .iter()
            .enumerate()
            .filter(|(i, m)| *i != idx && m.host < usize::MAX && !m.removed)
            .map(|(_, m)| m.id)
            .collect();
        peers.sort();
        let peers: Vec<String> = peers.iter().map(|id| format!("{id:x}")).collect();
        log::stopping_peer_lines(wall, &peers)
    }

    /// The ready lines, once, when the member's own publish is applied.
    fn ready_lines_for(&mut self, wall: &WallClock, idx: usize, kind: &TraceKind) -> Vec<String> {
        let own = self.members[idx].id;
        let TraceKind::ClusterChanged {
            event: ClusterEvent::Published { id, .. },
            cluster_id,
            ..
        } = kind
        else {
            return Vec::new();
        };
        if *id != own {
            return Vec::new();
        }
        let host = self.members[idx].host;
        let Some(process) = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.processes.etcd_of(idx))
        else {
            return Vec::new();
        };
        match &mut process.kind {
            ProcessKind::Etcd { launch, ready, .. } if !*ready => {
                *ready = true;
                log::ready_lines(wall, launch, *cluster_id)
            }
            _ => Vec::new(),
        }
    }
}

/// The lines a member prints when it applies a membership change.
fn cluster_lines(wall: &WallClock, cluster: u64, event: &ClusterEvent) -> Vec<String> {
    match event {
        ClusterEvent::Added { id, peer_urls, .. } => {
            vec![log::member_added_line(wall, *id, peer_urls, cluster)]
        }
        ClusterEvent::Removed { id } => vec![log::member_removed_line(wall, *id, cluster)],
        ClusterEvent::Updated { id, peer_urls } => {
            vec![log::member_updated_line(wall, *id, peer_urls, cluster)]
        }
        ClusterEvent::Promoted { id } => vec![log::member_promoted_line(wall, *id, cluster)],
        ClusterEvent::VersionSet { version } => log::version_set_lines(wall, version),
        ClusterEvent::Published { .. } => Vec::new(),
    }
}

/// The member a trace event is about, for the kinds etcd logs.
fn trace_member(kind: &TraceKind) -> Option<&str> {
    match kind {
        TraceKind::BecameFollower { member, .. }
        | TraceKind::BecameCandidate { member, .. }
        | TraceKind::BecameLeader { member, .. }
        | TraceKind::LeaderChanged { member, .. }
        | TraceKind::RaftInfo { member, .. }
        | TraceKind::PeerStream { member, .. }
        | TraceKind::RafthttpError { member, .. }
        | TraceKind::TlsRejected { member, .. }
        | TraceKind::StopSignalled { member, .. }
        | TraceKind::PublishTimedOut { member }
        | TraceKind::ClusterVersionProposed { member, .. }
        | TraceKind::TicksFastForwarded { member, .. }
        | TraceKind::ClusterChanged { member, .. }
        | TraceKind::MemberStopped { member } => Some(member),
        TraceKind::Voted { voter, .. } => Some(voter),
        _ => None,
    }
}
