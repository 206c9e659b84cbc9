//! Handling a member's `Ready` the way etcd's raft loop does: persist, apply (snapshot, conf
//! changes and requests, answering waiting clients), advance, send; then snapshot and compact
//! every `--snapshot-count` applied entries as etcd's server does; and tracing what Raft
//! reported.

use super::etcd_server::AppliedRequest;
use super::member::SNAPSHOT_CATCH_UP_ENTRIES;
use super::wait::{WaitKind, Waiter};
use super::world_client::client_error;
use super::{ClientError, Member, TraceKind, World};
use crate::mvcc::KvResponse;
use crate::raft::{ConfChange, ConfChangeType, RaftEvent, Ready};
use crate::time::SimTime;

/// `Ready`s handled per member per event. One normally suffices; more are needed only when
/// committed entries exceed the per-`Ready` size cap, and the rest wait for the next event.
const MAX_READY_ROUNDS: usize = 16;

impl World {
    /// Handles member `idx`'s pending `Ready`s.
    pub(crate) fn process_ready(&mut self, idx: usize) {
        if self
            .members
            .get(idx)
            .is_some_and(|m| !m.server.blocked.is_empty())
        {
            self.release_blocked_writes(idx);
        }
        if self
            .members
            .get(idx)
            .is_some_and(|m| !m.server.blocked_proposals.is_empty())
        {
            self.release_blocked_proposals(idx);
        }
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
                Some(host) => {
                    host.vfs.set_now(self.now);
                    host.persist(&member.data_dir, &rd)
                        .map_err(|e| e.to_string())
                }
                None => Ok(()),
            };
            // 2. Apply the snapshot and committed entries, 3. acknowledge.
            let result = persisted.and_then(|()| apply_ready(member, &rd, self.now));
            let (answers, conf_changes) = match result {
                Ok(applied) => applied,
                Err(error) => {
                    let member = member.name().to_owned();
                    self.record(TraceKind::RaftError { member, error });
                    return;
                }
            };
            self.record_vote_requests(idx, &rd.messages);
            self.record_ready(idx, &rd);
            self.record_cluster_events(idx);
            // 4. Send, and answer the clients whose requests are now applied.
            let sent = !rd.messages.is_empty();
            let mut messages = std::mem::take(&mut rd.messages);
            for msg in messages.drain(..) {
                self.send(idx, msg);
            }
            if let Some(node) = self.members.get_mut(idx).and_then(|m| m.node.as_mut()) {
                node.recycle_messages(messages);
            }
            if sent && self.maybe_crash_after_send(idx) {
                return;
            }
            for (waiter, result) in answers {
                self.reply_to_client(idx, &waiter, result);
            }
            let membership_changed = !conf_changes.is_empty();
            if membership_changed {
                self.on_conf_changes_applied(idx, &conf_changes);
            }
            self.maybe_snapshot(idx, membership_changed);
        }
        self.record_raft_events(idx);
    }

    /// etcd's `triggerSnapshot`: after `--snapshot-count` entries applied since the last
    /// snapshot, take one and compact all but `SNAPSHOT_CATCH_UP_ENTRIES` of the log.
    ///
    /// Also right after a membership change once the log has been compacted: a member that
    /// joins needs a snapshot whose configuration lists it (Raft refuses one that does not),
    /// as etcd's leader sends the current state in its merged snapshot messages.
    fn maybe_snapshot(&mut self, idx: usize, membership_changed: bool) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(node) = member.node.as_mut() else {
            return;
        };
        let log = node.raft().raft_log();
        let (applied, snap_index) = (log.applied(), log.storage().snapshot().metadata.index);
        let due = applied.saturating_sub(snap_index) > member.spec.effective_snapshot_count();
        let compacted = snap_index > 0 && applied > snap_index;
        let needed_by_newcomer = membership_changed && compacted;
        if !(due || needed_by_newcomer) {
            return;
        }
        // etcd commits the store first (`s.KV().Commit()`), writing the consistent index.
        member.server.commit_store();
        let data = match member.server.snapshot_data() {
            Ok(data) => data,
            Err(err) => {
                let (member, error) = (member.name().to_owned(), err.to_string());
                self.record(TraceKind::RaftError { member, error });
                return;
            }
        };
        let result = node.create_snapshot(data).and_then(|_| {
            let compact_to = applied.saturating_sub(SNAPSHOT_CATCH_UP_ENTRIES);
            if compact_to >= node.raft().raft_log().first_index() {
                node.compact(compact_to)?;
            }
            Ok(())
        });
        let result = result.map_err(|e| e.to_string()).and_then(|()| {
            let snapshot = node.raft().raft_log().storage().snapshot();
            match self.hosts.get_mut(member.host) {
                Some(host) => {
                    host.vfs.set_now(self.now);
                    host.replace_data_dir(&member.data_dir, snapshot)
                        .map_err(|e| e.to_string())
                }
                None => Ok(()),
            }
        });
        if let Err(error) = result {
            let member = member.name().to_owned();
            self.record(TraceKind::RaftError { member, error });
        }
    }

    /// Traces what the node reported: elections and votes as their own kinds, the rest as
    /// etcd-worded log lines.
    pub(crate) fn record_raft_events(&mut self, idx: usize) {
        let Some(node) = self.members.get_mut(idx).and_then(|m| m.node.as_mut()) else {
            return;
        };
        let events = node.take_events();
        if events.is_empty() {
            return; // the common case: no name to copy
        }
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
                    positions,
                } => TraceKind::Voted {
                    voter: member,
                    candidate: self.name_of(candidate),
                    term,
                    granted,
                    positions,
                },
                RaftEvent::InternalError(err) => TraceKind::RaftError {
                    member,
                    error: err.to_string(),
                },
                other => TraceKind::RaftInfo {
                    member,
                    text: super::etcd_log::raft_event_text(&other),
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
        let term = member.node.as_ref().map_or(0, |n| n.raft().term());
        let new_lead = rd
            .soft_state
            .map(|ss| ss.lead)
            .filter(|&lead| lead != member.last_lead);
        let previous_lead = new_lead.map(|_| member.last_lead);
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
        if new_lead.is_none() && new_commit.is_none() {
            return;
        }
        let name = member.name().to_owned();
        if let Some(lead) = new_lead {
            let leader = lead.map(|id| self.name_of(id));
            let previous = previous_lead.flatten().map(|id| self.name_of(id));
            let member = name.clone();
            self.record(TraceKind::LeaderChanged {
                member,
                leader,
                term,
                previous,
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

/// Applies what `rd` hands over to member's state machine, as etcd's `applyAll`: the
/// snapshot (replacing the store), then each committed entry not applied yet (conf changes
/// to Raft, requests to the store), then `advance`; then notes read indexes. Returns the
/// clients to answer now and the membership changes applied.
fn apply_ready(
    member: &mut Member,
    rd: &Ready,
    now: SimTime,
) -> Result<(Vec<Answer>, Vec<ConfChange>), String> {
    let Some(node) = member.node.as_mut() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let server = &mut member.server;
    if let Some(snap) = &rd.snapshot {
        server.apply_snapshot(snap).map_err(|e| e.to_string())?;
    }
    let (mut applied, mut conf_changes) = (Vec::new(), Vec::new());
    for ent in &rd.committed_entries {
        if !server.should_apply(ent) {
            continue;
        }
        if ent.is_conf_change() {
            // A payload that does not decode was never proposed by us; it is skipped, like
            // any bad entry. Errors (node id 0) cannot come from a decoded change.
            if let Ok(cc) = ConfChange::decode(&ent.data) {
                // etcd hands Raft a refused change with no node (`cc.NodeID = raft.None`):
                // the configuration stays, but is switched to again all the same.
                let refused = server.check_conf_change(&cc).is_err();
                let raft_cc = if refused {
                    ConfChange::new(ConfChangeType::UpdateNode, cc.node_id)
                } else {
                    cc.clone()
                };
                if node.apply_conf_change(&raft_cc).is_ok() && !refused {
                    conf_changes.push(cc);
                }
            }
        }
        applied.extend(server.apply_entry(ent, now));
    }
    node.advance(rd).map_err(|e| e.to_string())?;
    let mut answers = Vec::new();
    for AppliedRequest { id, result } in applied {
        if let Some(waiter) = server.wait.trigger(id) {
            answers.push((waiter, result.map_err(client_error)));
        }
    }
    for rs in &rd.read_states {
        if let Ok(ctx) = <[u8; 8]>::try_from(rs.request_ctx.as_slice()) {
            server
                .wait
                .set_read_index(u64::from_be_bytes(ctx), rs.index);
        }
    }
    for waiter in server.wait.take_ready_reads(server.applied_index()) {
        if let WaitKind::Read { request, .. } = &waiter.kind {
            let response = server.store().read(request).map_err(client_error);
            answers.push((waiter, response));
        }
    }
    Ok((answers, conf_changes))
}

/// A client to answer and what to tell it.
type Answer = (Waiter, Result<KvResponse, ClientError>);
