//! Handling a member's `Ready` the way etcd's raft loop does: persist, apply (conf changes
//! included), advance, send; then snapshot and compact every `--snapshot-count` applied
//! entries as etcd's server does; and tracing what Raft reported.

use super::member::SNAPSHOT_CATCH_UP_ENTRIES;
use super::{TraceKind, World};
use crate::raft::{ConfChange, Entry, RaftEvent, Ready};

/// `Ready`s handled per member per event. One normally suffices; more are needed only when
/// committed entries exceed the per-`Ready` size cap, and the rest wait for the next event.
const MAX_READY_ROUNDS: usize = 16;

impl World {
    /// Handles member `idx`'s pending `Ready`s.
    pub(crate) fn process_ready(&mut self, idx: usize) {
        for _ in 0..MAX_READY_ROUNDS {
            self.record_raft_events(idx);
            let Some(member) = self.members.get_mut(idx) else {
                return;
            };
            let Some(node) = member.node.as_mut().filter(|n| n.has_ready()) else {
                return;
            };
            let mut rd = node.ready();
            // 1. Persist: nothing in `rd` may be acted on before its state is durable.
            let persisted = match self.hosts.get_mut(member.host) {
                Some(host) => host.persist(&member.data_dir, &rd),
                None => Ok(()),
            };
            // 2. Apply committed entries: membership changes now; data once MVCC exists.
            //    Read states need a state machine to read from, so they are dropped for now.
            let result = persisted.and_then(|()| {
                apply_conf_changes(node, &rd.committed_entries);
                // 3. Acknowledge.
                node.advance(&rd)
            });
            if let Err(err) = result {
                let member = member.name().to_owned();
                let error = err.to_string();
                self.record(TraceKind::RaftError { member, error });
                return;
            }
            self.record_ready(idx, &rd);
            // 4. Send.
            for msg in std::mem::take(&mut rd.messages) {
                self.send(idx, msg);
            }
            self.maybe_snapshot(idx);
        }
        self.record_raft_events(idx);
    }

    /// etcd's `triggerSnapshot`: after `--snapshot-count` entries applied since the last
    /// snapshot, take one and compact all but `SNAPSHOT_CATCH_UP_ENTRIES` of the log.
    fn maybe_snapshot(&mut self, idx: usize) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(node) = member.node.as_mut() else {
            return;
        };
        let log = node.raft().raft_log();
        let (applied, snap_index) = (log.applied(), log.storage().snapshot().metadata.index);
        if applied.saturating_sub(snap_index) <= member.spec.effective_snapshot_count() {
            return;
        }
        // The state machine (MVCC) does not exist yet, so the snapshot carries no data.
        let result = node.create_snapshot(Vec::new()).and_then(|_| {
            let compact_to = applied.saturating_sub(SNAPSHOT_CATCH_UP_ENTRIES);
            if compact_to >= node.raft().raft_log().first_index() {
                node.compact(compact_to)?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                let storage = node.raft().raft_log().storage().clone();
                if let Some(host) = self.hosts.get_mut(member.host) {
                    host.replace_data_dir(&member.data_dir, storage);
                }
            }
            Err(err) => {
                let member = member.name().to_owned();
                let error = err.to_string();
                self.record(TraceKind::RaftError { member, error });
            }
        }
    }

    /// Traces what the node reported: elections and votes as their own kinds, the rest as
    /// etcd-worded log lines.
    fn record_raft_events(&mut self, idx: usize) {
        let Some(node) = self.members.get_mut(idx).and_then(|m| m.node.as_mut()) else {
            return;
        };
        let events = node.take_events();
        let member = self.members[idx].name().to_owned();
        for event in events {
            let member = member.clone();
            let kind = match event {
                RaftEvent::BecameFollower { term, .. } => {
                    TraceKind::BecameFollower { member, term }
                }
                RaftEvent::BecameCandidate { term } => TraceKind::BecameCandidate { member, term },
                RaftEvent::BecameLeader { term } => TraceKind::BecameLeader { member, term },
                RaftEvent::Voted {
                    candidate,
                    term,
                    granted,
                    pre_vote: false,
                } => TraceKind::Voted {
                    voter: member,
                    candidate: self.name_of(candidate),
                    term,
                    granted,
                },
                RaftEvent::InternalError(err) => TraceKind::RaftError {
                    member,
                    error: err.to_string(),
                },
                other => TraceKind::RaftInfo {
                    member,
                    text: other.to_string(),
                },
            };
            self.record(kind);
        }
    }

    /// Traces leader and commit changes visible in `rd`.
    fn record_ready(&mut self, idx: usize, rd: &Ready) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let name = member.name().to_owned();
        let term = member.node.as_ref().map_or(0, |n| n.raft().term());
        let new_lead = rd
            .soft_state
            .map(|ss| ss.lead)
            .filter(|&lead| lead != member.last_lead);
        if let Some(lead) = new_lead {
            member.last_lead = lead;
        }
        let new_commit = rd
            .hard_state
            .map(|hs| hs.commit_index)
            .filter(|&c| c > member.last_commit);
        if let Some(commit) = new_commit {
            member.last_commit = commit;
        }
        if let Some(lead) = new_lead {
            let leader = lead.map(|id| self.name_of(id));
            let member = name.clone();
            self.record(TraceKind::LeaderChanged {
                member,
                leader,
                term,
            });
        }
        if let Some(commit_index) = new_commit {
            let member = name;
            self.record(TraceKind::CommitAdvanced {
                member,
                commit_index,
            });
        }
    }
}

/// Applies the membership changes among `ents`, as etcd's `applyConfChange` does. A payload
/// that does not decode was never proposed by us; it is skipped, like any bad entry.
fn apply_conf_changes(node: &mut crate::raft::RawNode, ents: &[Entry]) {
    for ent in ents.iter().filter(|e| e.is_conf_change()) {
        if let Ok(cc) = ConfChange::decode(&ent.data) {
            // Errors here (node id 0) cannot come from a decoded change.
            let _ = node.apply_conf_change(&cc);
        }
    }
}
