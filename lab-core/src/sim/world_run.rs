//! The event loop: advancing the clock, ticking members, delivering messages. Handling each
//! member's `Ready` lives in `world_ready.rs`.

use super::event::Event;
use super::peer_route::Hop;
use super::{DropReason, TraceKind, World};
use crate::raft::{Message, MessageType};
use crate::time::{SimDuration, SimTime};

/// Longest span one `advance` call covers (unit: virtual time). Keeps a single call, and so
/// a browser frame, bounded; longer runs call `advance` repeatedly.
pub const MAX_ADVANCE: SimDuration = SimDuration::from_secs(3_600);

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
                Event::Deliver { msg, hop } => self.on_deliver(msg, hop),
                Event::BootCheck {
                    member,
                    incarnation,
                } => self.on_boot_check(member, incarnation),
                Event::ClientRequest {
                    id,
                    client_host,
                    member,
                    request,
                } => self.on_client_request(id, client_host, member, request),
                Event::ClientReply {
                    id,
                    client_host,
                    result,
                } => self.on_client_reply(id, client_host, result),
            }
        }
        self.now = until;
    }

    /// When the next event is due, if any: how far the world can be advanced before
    /// anything changes.
    pub fn next_event_at(&self) -> Option<SimTime> {
        self.queue.next_at()
    }

    fn on_tick(&mut self, idx: usize, incarnation: u64) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        if member.incarnation != incarnation {
            return; // a tick of a process that has since stopped
        }
        if member.paused {
            // A frozen process misses its ticks; the clock keeps going for when it thaws.
            self.schedule_next_tick(idx, incarnation);
            return;
        }
        let Some(node) = member.node.as_mut() else {
            return;
        };
        node.tick();
        self.step_etcd_log(idx);
        if self.maybe_finish_graceful_stop(idx) || self.maybe_exit_removed(idx) {
            return;
        }
        self.expire_waiters(idx);
        self.step_lessor(idx);
        self.step_v2_sync(idx);
        self.step_publish(idx);
        self.schedule_next_tick(idx, incarnation);
        self.process_ready(idx);
    }

    /// The member's next tick, one heartbeat interval from now.
    fn schedule_next_tick(&mut self, idx: usize, incarnation: u64) {
        let Some(member) = self.members.get(idx) else {
            return;
        };
        let next = self.now + member.spec.heartbeat_interval();
        let scheduled = self.queue.push(
            next,
            Event::Tick {
                member: idx,
                incarnation,
            },
        );
        debug_assert!(scheduled, "event queue full");
    }

    /// A message reaches the process its route led to, which admits it or not (rafthttp's
    /// checks) before Raft steps it.
    fn on_deliver(&mut self, msg: Message, hop: Hop) {
        self.network.delivered();
        let idx = hop.to;
        if idx >= self.members.len() {
            self.record_drop(&msg, DropReason::UnknownMember);
            return;
        }
        if let Err(reason) = self.admit(hop, &msg) {
            if reason == DropReason::MemberRemoved {
                self.record_drop(&msg, reason);
                self.on_rejected_as_removed(idx, msg.from);
                return;
            }
            self.report_lost_snapshot(hop.from, &msg);
            self.record_drop(&msg, reason);
            return;
        }
        if self.members[idx].paused {
            // Checked first so the common, running case does not move the message (200
            // bytes) into an `Event` and back.
            let _held = self.hold_if_paused(idx, Event::Deliver { msg, hop });
            return;
        }
        if self.members[idx].node.is_none() {
            self.report_lost_snapshot(hop.from, &msg);
            self.record_drop(&msg, DropReason::MemberStopped);
            return;
        }
        let Some(node) = self.members[idx].node.as_mut() else {
            return;
        };
        let observed = super::world_etcd_log::StepObservation::before(node, &msg);
        let mut panicked = None;
        if let Err(err) = node.step(msg) {
            let member = self.members[idx].name().to_owned();
            let error = err.to_string();
            self.record(if err.is_safety_assertion() {
                panicked = Some(error.clone());
                TraceKind::RaftPanic { member, error }
            } else {
                TraceKind::RaftError { member, error }
            });
        }
        self.record_step_observation(idx, observed);
        if let Some(error) = panicked {
            self.exit_on_raft_panic(idx, &error);
        }
        self.process_ready(idx);
    }

    /// Puts member `from_idx`'s message on the wire towards the process its route reaches.
    pub(crate) fn send(&mut self, from_idx: usize, msg: Message) {
        let hop = match self.route_message(from_idx, msg.to) {
            Ok(hop) => hop,
            Err(reason) => {
                self.report_lost_snapshot(from_idx, &msg);
                self.record_drop(&msg, reason);
                return;
            }
        };
        let (from_host, to_host) = (self.members[from_idx].host, self.members[hop.to].host);
        if hop.cluster_id.is_none() && self.firewall_refuses_peer(from_host, to_host, hop.to) {
            self.report_lost_snapshot(from_idx, &msg);
            self.record_drop(&msg, DropReason::Firewall);
            return;
        }
        if !self.host_up(to_host) {
            self.report_lost_snapshot(from_idx, &msg);
            self.record_drop(&msg, DropReason::HostDown);
            return;
        }
        match self
            .network
            .send(self.now, from_host, to_host, &mut self.rng)
        {
            Ok(arrivals) => {
                let (first, mut duplicate) = (arrivals.at(), arrivals.duplicate_at());
                if msg.msg_type == MessageType::MsgProp && duplicate.take().is_some() {
                    // A forwarded proposal is a client's request relayed over etcd's peer
                    // stream (TCP): delivering it twice would apply the request twice.
                    self.network.delivered();
                }
                // A duplicate is a copy, cloned only then; the last arrival takes the original.
                if let Some(second) = duplicate {
                    self.schedule_delivery(first, msg.clone(), hop);
                    self.schedule_delivery(second, msg, hop);
                } else {
                    self.schedule_delivery(first, msg, hop);
                }
            }
            Err(reason) => {
                self.report_lost_snapshot(from_idx, &msg);
                self.record_drop(&msg, reason);
            }
        }
    }

    fn schedule_delivery(&mut self, at: SimTime, msg: Message, hop: Hop) {
        if !self.queue.push(at, Event::Deliver { msg, hop }) {
            self.network.delivered();
        }
    }

    /// A snapshot that never arrives would leave the leader waiting for it forever; etcd's
    /// transport reports the failure (`ReportSnapshot`), and so do we.
    fn report_lost_snapshot(&mut self, from_idx: usize, msg: &Message) {
        if msg.msg_type != MessageType::MsgSnap {
            return;
        }
        if let Some(node) = self.members.get_mut(from_idx).and_then(|m| m.node.as_mut()) {
            node.report_snapshot(msg.to, true);
        }
    }

    pub(crate) fn record_drop(&mut self, msg: &Message, reason: DropReason) {
        let kind = TraceKind::MessageDropped {
            from: self.name_of(msg.from),
            to: self.name_of(msg.to),
            msg_type: msg.msg_type,
            reason,
        };
        self.record(kind);
    }
}
