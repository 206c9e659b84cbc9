//! etcd's `publish` and cluster version: a started member proposes its name and client URLs
//! once it knows a leader, retrying after each request timeout (a member started alone in a
//! three-member cluster logs `publish error` every few seconds); a new leader proposes the
//! cluster version if none is set. Also turns the membership changes members apply into
//! trace events.

use super::member::Publish;
use super::{ClusterEvent, ClusterRequest, TraceKind, World};
use crate::raft::StateRole;
use crate::time::SimDuration;

/// How long after a start etcd waits for peers before giving up on fast-forwarding
/// (rafthttp's `ConnReadTimeout`).
const ADJUST_TICKS_WINDOW: SimDuration = SimDuration::from_secs(5);

/// The version a lab cluster runs at.
pub const CLUSTER_VERSION: &str = "3.4";

impl World {
    /// A member just started: it publishes in this run, and fast-forwards its election
    /// clock once connected, if etcd runs it.
    pub(crate) fn begin_publish(&mut self, idx: usize) {
        let now = self.now;
        if let Some(member) = self.members.get_mut(idx) {
            member.publish = member.spec.identity.as_ref().map(|_| Publish {
                deadline: now + request_timeout(member.spec.election_timeout_ms),
                proposed: false,
            });
            member.adjust_ticks_until = member
                .spec
                .identity
                .as_ref()
                .map(|_| now + ADJUST_TICKS_WINDOW);
        }
    }

    /// etcd's `adjustTicks`: a lone voter fast-forwards its election clock to one tick
    /// before the timeout; a member of a larger cluster waits (up to 5 s) for more than one
    /// active peer, then fast-forwards to two ticks before, so the first election comes
    /// sooner than a full timeout after a start.
    pub(crate) fn adjust_ticks(&mut self, idx: usize) {
        let now = self.now;
        let active = self.peer_streams.active_peers(idx);
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(until) = member.adjust_ticks_until else {
            return;
        };
        let Some(node) = member.node.as_mut() else {
            return;
        };
        if now > until {
            member.adjust_ticks_until = None;
            return;
        }
        let election_ticks = node.raft().election_tick();
        let voters = node.raft().prs().voters().len();
        let (ticks, active_peers) = if voters == 1 {
            (election_ticks.saturating_sub(1), None)
        } else if active > 1 {
            (election_ticks.saturating_sub(2), Some(active))
        } else {
            return;
        };
        member.adjust_ticks_until = None;
        node.advance_ticks(ticks);
        let member = member.name().to_owned();
        self.record(TraceKind::TicksFastForwarded {
            member,
            ticks,
            election_ticks,
            active_peers,
        });
    }

    /// At each tick: (re)propose the publish, and as leader the cluster version.
    pub(crate) fn step_publish(&mut self, idx: usize) {
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(node) = member.node.as_mut() else {
            return;
        };
        let mut timed_out = false;
        let mut proposed_version = false;
        if let Some(mut publish) = member.publish {
            if now >= publish.deadline {
                timed_out = true;
                let timeout = request_timeout(member.spec.election_timeout_ms);
                publish = Publish {
                    deadline: now + timeout,
                    proposed: false,
                };
            }
            if !publish.proposed && node.raft().lead().is_some() {
                let identity = member.spec.identity.as_ref();
                let request = ClusterRequest::MemberAttrSet {
                    member_id: member.id,
                    name: member.spec.etcd_name().to_owned(),
                    client_urls: identity.map(|i| i.client_urls.clone()).unwrap_or_default(),
                };
                publish.proposed = node.propose(request.encode()).is_ok();
            }
            member.publish = Some(publish);
        }
        let raft = node.raft();
        let leads = raft.state() == StateRole::Leader;
        let term = raft.term();
        if leads
            && member.spec.identity.is_some()
            && member.server.cluster().version().is_none()
            && member.version_proposed_term != term
        {
            member.version_proposed_term = term;
            let request = ClusterRequest::ClusterVersionSet {
                version: CLUSTER_VERSION.to_owned(),
            };
            proposed_version = node.propose(request.encode()).is_ok();
        }
        let name = member.name().to_owned();
        if timed_out {
            self.record(TraceKind::PublishTimedOut {
                member: name.clone(),
            });
        }
        if proposed_version {
            self.record(TraceKind::ClusterVersionProposed {
                member: name,
                version: CLUSTER_VERSION.to_owned(),
            });
        }
    }

    /// Records the membership changes member `idx` applied; its own publish ends the
    /// publish loop.
    pub(crate) fn record_cluster_events(&mut self, idx: usize) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let events = member.server.take_cluster_events();
        if events.is_empty() {
            return;
        }
        let (own, cluster_id, name) = (member.id, member.cluster_id, member.name().to_owned());
        for event in events {
            // Only this run's publish ends the loop: a restart replays the last run's too.
            if matches!(&event, ClusterEvent::Published { id, .. } if *id == own)
                && let Some(m) = self.members.get_mut(idx)
                && m.publish.is_some_and(|p| p.proposed)
            {
                m.publish = None;
            }
            self.record(TraceKind::ClusterChanged {
                member: name.clone(),
                cluster_id,
                event,
            });
        }
    }
}

/// etcd's `ReqTimeout`: 5 s plus two election timeouts.
fn request_timeout(election_timeout_ms: u64) -> SimDuration {
    SimDuration::from_millis(5_000u64.saturating_add(election_timeout_ms.saturating_mul(2)))
}
