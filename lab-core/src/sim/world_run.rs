//! The event loop: advancing the clock, ticking members, delivering messages, and handling
//! each member's `Ready` the way etcd's raft loop does: persist, apply, advance, send.

use super::event::Event;
use super::{DropReason, TraceKind, World};
use crate::raft::{Message, RaftEvent, Ready};
use crate::time::SimDuration;

/// Longest span one `advance` call covers (unit: virtual time). Keeps a single call, and so
/// a browser frame, bounded; longer runs call `advance` repeatedly.
pub const MAX_ADVANCE: SimDuration = SimDuration::from_secs(3_600);
/// `Ready`s handled per member per event. One normally suffices; more are needed only when
/// committed entries exceed the per-`Ready` size cap, and the rest wait for the next event.
const MAX_READY_ROUNDS: usize = 16;

impl World {
    /// Runs every event due within `d` (at most [`MAX_ADVANCE`]); the clock ends at
    /// `now + d`.
    pub fn advance(&mut self, d: SimDuration) {
        let until = self.now + d.min(MAX_ADVANCE);
        while let Some((at, event)) = self.queue.pop_due(until) {
            debug_assert!(at >= self.now, "event scheduled in the past");
            self.now = at.max(self.now);
            match event {
                Event::Tick {
                    member,
                    incarnation,
                } => self.on_tick(member, incarnation),
                Event::Deliver { msg } => self.on_deliver(msg),
            }
        }
        self.now = until;
    }

    fn on_tick(&mut self, idx: usize, incarnation: u64) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        if member.incarnation != incarnation {
            return; // a tick of a process that has since stopped
        }
        let Some(node) = member.node.as_mut() else {
            return;
        };
        node.tick();
        let next = self.now + member.spec.heartbeat_interval();
        let scheduled = self.queue.push(
            next,
            Event::Tick {
                member: idx,
                incarnation,
            },
        );
        debug_assert!(scheduled, "event queue full");
        self.process_ready(idx);
    }

    fn on_deliver(&mut self, msg: Message) {
        self.network.delivered();
        let Some(idx) = self.member_index_by_id(msg.to) else {
            self.record_drop(&msg, DropReason::UnknownMember);
            return;
        };
        let Some(node) = self.members[idx].node.as_mut() else {
            self.record_drop(&msg, DropReason::MemberStopped);
            return;
        };
        if let Err(err) = node.step(msg) {
            let member = self.members[idx].name().to_owned();
            let error = err.to_string();
            self.record(TraceKind::RaftError { member, error });
        }
        self.process_ready(idx);
    }

    /// Handles member `idx`'s pending `Ready`s.
    pub(crate) fn process_ready(&mut self, idx: usize) {
        self.record_raft_events(idx);
        for _ in 0..MAX_READY_ROUNDS {
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
            // 2. Apply committed entries: the state machine (MVCC) arrives later.
            // 3. Acknowledge.
            let result = persisted.and_then(|()| node.advance(&rd));
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
        }
    }

    fn send(&mut self, from_idx: usize, msg: Message) {
        let Some(to_idx) = self.member_index_by_id(msg.to) else {
            self.record_drop(&msg, DropReason::UnknownMember);
            return;
        };
        let (from_host, to_host) = (self.members[from_idx].host, self.members[to_idx].host);
        match self
            .network
            .send(self.now, from_host, to_host, &mut self.rng)
        {
            Ok(at) => {
                if !self.queue.push(at, Event::Deliver { msg }) {
                    self.network.delivered();
                }
            }
            Err(reason) => self.record_drop(&msg, reason),
        }
    }

    fn record_drop(&mut self, msg: &Message, reason: DropReason) {
        let kind = TraceKind::MessageDropped {
            from: self.name_of(msg.from),
            to: self.name_of(msg.to),
            msg_type: msg.msg_type,
            reason,
        };
        self.record(kind);
    }

    /// Traces role changes and votes the node reported.
    fn record_raft_events(&mut self, idx: usize) {
        let Some(node) = self.members.get_mut(idx).and_then(|m| m.node.as_mut()) else {
            return;
        };
        let events = node.take_events();
        let member = self.members[idx].name().to_owned();
        for event in events {
            let kind = match event {
                RaftEvent::BecameFollower { term, .. } => {
                    let member = member.clone();
                    TraceKind::BecameFollower { member, term }
                }
                RaftEvent::BecameCandidate { term } => {
                    let member = member.clone();
                    TraceKind::BecameCandidate { member, term }
                }
                RaftEvent::BecameLeader { term } => {
                    let member = member.clone();
                    TraceKind::BecameLeader { member, term }
                }
                RaftEvent::Voted {
                    candidate,
                    term,
                    granted,
                } => TraceKind::Voted {
                    voter: member.clone(),
                    candidate: self.name_of(candidate),
                    term,
                    granted,
                },
                RaftEvent::InternalError(err) => TraceKind::RaftError {
                    member: member.clone(),
                    error: err.to_string(),
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
