//! Turning the world into etcd processes' log lines: the trace events each member's process
//! logs, the facts only logs need (vote requests sent, higher terms seen, vote answers
//! counted), rafthttp's per-tick view of peers and the publish retries, and the startup
//! sequence. Formatting is `etcd_log`'s; this file decides what happened and when.

use std::collections::BTreeSet;

use super::etcd_log as log;
use super::{ProcessKind, Reach, TraceKind, World};
use crate::raft::{Message, MessageType, RawNode, StateRole};

/// What one member's log lines depend on beyond the trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MemberLog {
    pub(crate) restarted: bool,
    pub(crate) stop_signal: Option<i32>,
    /// The members whose rafthttp peer the process has started: adding a known peer again
    /// prints nothing (rafthttp's `AddPeer` returns early), a new one prints its start.
    pub(crate) peers: BTreeSet<u64>,
}

impl MemberLog {
    /// The state of a process just started (`restarted`: from an existing data-dir).
    pub(crate) fn started(restarted: bool) -> MemberLog {
        MemberLog {
            restarted,
            ..MemberLog::default()
        }
    }

    /// Notes that the process started its peer `id`; `false` when it already had it.
    pub(crate) fn start_peer(&mut self, id: u64) -> bool {
        self.peers.insert(id)
    }
}

/// A message's and its receiver's state just before the receiver steps it.
pub(crate) struct StepObservation {
    from: u64,
    msg_type: MessageType,
    msg_term: u64,
    reject: bool,
    term: u64,
    state: StateRole,
}

impl StepObservation {
    /// Notes what raft's lines about `msg` will need once `node` has stepped it.
    pub(crate) fn before(node: &RawNode, msg: &Message) -> StepObservation {
        StepObservation {
            from: msg.from,
            msg_type: msg.msg_type,
            msg_term: msg.term,
            reject: msg.reject,
            term: node.raft().term(),
            state: node.raft().state(),
        }
    }
}

impl World {
    /// Traces raft's lines about a stepped message that raft itself does not report: a
    /// higher term seen, and a candidate counting an answer (raft's `Step` and `poll`).
    pub(crate) fn record_step_observation(&mut self, idx: usize, seen: StepObservation) {
        let Some(node) = self.members.get(idx).and_then(|m| m.node.as_ref()) else {
            return;
        };
        let term = node.raft().term();
        let text = if term > seen.term && term == seen.msg_term {
            log::higher_term_text(seen.term, seen.msg_type, seen.from, seen.msg_term)
        } else {
            let pre_vote = match (seen.state, seen.msg_type) {
                (StateRole::Candidate, MessageType::MsgVoteResp) if seen.msg_term == seen.term => {
                    false
                }
                (StateRole::PreCandidate, MessageType::MsgPreVoteResp) => true,
                _ => return,
            };
            log::vote_response_text(pre_vote, seen.from, seen.term, !seen.reject)
        };
        let member = self.members[idx].name().to_owned();
        self.record(TraceKind::RaftInfo { member, text });
    }

    /// Traces `sent MsgVote request to X` for each vote request among `messages`.
    pub(crate) fn record_vote_requests(&mut self, idx: usize, messages: &[Message]) {
        let Some(node) = self.members.get(idx).and_then(|m| m.node.as_ref()) else {
            return;
        };
        let term = node.raft().term();
        let texts: Vec<String> = messages
            .iter()
            .filter(|m| matches!(m.msg_type, MessageType::MsgVote | MessageType::MsgPreVote))
            .map(|m| {
                let pre_vote = m.msg_type == MessageType::MsgPreVote;
                log::vote_request_text(pre_vote, m.log_term, m.index, m.to, term)
            })
            .collect();
        for text in texts {
            let member = self.members[idx].name().to_owned();
            self.record(TraceKind::RaftInfo { member, text });
        }
    }

    /// On each tick of member `idx` with an etcd process: rafthttp redials and probes its
    /// peers, at the URLs its own membership lists for them.
    pub(crate) fn step_etcd_log(&mut self, idx: usize) {
        if self.etcd_process_of(idx).is_none() {
            return;
        }
        let name = self.members[idx].name().to_owned();
        let own_id = self.members[idx].id;
        for peer_id in self.peer_ids_of(idx) {
            let out = self.dial_stream(idx, peer_id, true);
            // A peer the world has no member for (another cluster's URL) has no view to keep.
            let Some(peer) = self.running_member_of(idx, peer_id).or_else(|| {
                self.member_index_by_id(peer_id)
                    .filter(|&p| self.members[p].cluster_id == self.members[idx].cluster_id)
            }) else {
                continue;
            };
            let back = match self.members.get(peer) {
                Some(p) if p.is_running() && !p.paused => self.dial_stream(peer, own_id, false),
                _ => Reach::Reset(String::new()),
            };
            let changes = self.peer_streams.step(idx, peer, self.now, &out, &back);
            for change in changes {
                let (member, peer) = (name.clone(), self.members[peer].name().to_owned());
                self.record(TraceKind::PeerStream {
                    member,
                    peer,
                    change,
                });
            }
        }
        self.adjust_ticks(idx);
    }

    /// The host of member `idx`'s etcd process and whether it serves clients yet.
    fn etcd_process_of(&self, idx: usize) -> Option<(usize, bool)> {
        let host = self.members.get(idx)?.host;
        self.hosts
            .get(host)?
            .processes
            .iter()
            .find_map(|p| match &p.kind {
                ProcessKind::Etcd { member, ready, .. } if *member == idx => Some((host, *ready)),
                _ => None,
            })
    }

    /// The other members of `idx`'s cluster, as its Raft configuration lists them.
    fn peer_ids_of(&self, idx: usize) -> Vec<u64> {
        let Some(node) = self.members.get(idx).and_then(|m| m.node.as_ref()) else {
            return Vec::new();
        };
        let own = node.raft().id();
        let prs = node.raft().prs();
        prs.voters()
            .iter()
            .chain(prs.learners())
            .copied()
            .filter(|&id| id != own)
            .collect()
    }
}
