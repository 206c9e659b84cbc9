//! Leases in the world: each tick the leader's lessor is promoted (a follower's demoted)
//! and expired leases are revoked through a Raft proposal, as etcd's leader does; lease
//! calls that need no consensus are answered by the leader's lessor (etcd forwards
//! keep-alives and time-to-live queries to the leader), `lease list` by the member reached.

use super::{ClientError, World};
use crate::lease::{IdGenerator, LeaseRequest, min_ttl_secs};
use crate::mvcc::{InternalRaftRequest, KvRequest, KvResponse};
use crate::raft::StateRole;
use crate::time::{SimDuration, WallClock};

/// Most revocations the leader proposes per tick (etcd's `leaseRevokeRate` is 1000 per
/// second; a tick is a heartbeat, 100 ms by default). Unit: proposals.
const MAX_REVOKES_PER_TICK: usize = 100;

impl World {
    /// The member's id generator and minimum TTL, set once per process from its id, its
    /// start time and its election timeout (etcd builds both when the server starts).
    pub(crate) fn ensure_lease_setup(&mut self, idx: usize) {
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        if member.server.ids != IdGenerator::default() {
            return;
        }
        let millis = WallClock::at(now).unix_micros / 1_000;
        member.server.ids = IdGenerator::new(member.id, millis);
        let min_ttl = min_ttl_secs(member.spec.election_timeout_ms);
        member.server.lessor_mut().set_min_ttl(min_ttl);
    }

    /// One tick of member `idx`'s lessor: follow leadership, revoke what expired.
    pub(crate) fn step_lessor(&mut self, idx: usize) {
        self.ensure_lease_setup(idx);
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(node) = member.node.as_ref() else {
            return;
        };
        let leader = node.raft().state() == StateRole::Leader;
        let extend = SimDuration::from_millis(member.spec.election_timeout_ms);
        member.server.follow_leadership(leader, now, extend);
        let expired = member
            .server
            .lessor_mut()
            .take_expired(now, MAX_REVOKES_PER_TICK);
        for id in expired {
            self.propose_revoke(idx, id);
        }
    }

    /// Proposes the revocation of an expired lease; nobody waits for its answer.
    fn propose_revoke(&mut self, idx: usize, id: i64) {
        let rid = self.next_request_id();
        let request = KvRequest::Lease(LeaseRequest::Revoke { id });
        let Ok(data) = (InternalRaftRequest { id: rid, request }).encode() else {
            return;
        };
        if let Some(member) = self.members.get_mut(idx) {
            member.server.ids.next_id();
            if let Some(node) = member.node.as_mut() {
                // A refused proposal is retried after `REVOKE_RETRY`, as etcd retries.
                let _ = node.propose(data);
            }
        }
    }

    /// A grant gets its id from the serving member's generator (etcd's `LeaseGrant`).
    pub(crate) fn assign_lease_id(&mut self, idx: usize, request: KvRequest) -> KvRequest {
        self.ensure_lease_setup(idx);
        let Some(member) = self.members.get_mut(idx) else {
            return request;
        };
        match request {
            KvRequest::Lease(LeaseRequest::Grant { id: 0, ttl }) => {
                let id = member.server.ids.next_lease_id();
                KvRequest::Lease(LeaseRequest::Grant { id, ttl })
            }
            other => other,
        }
    }

    /// A lease call answered without Raft, by the leader's lessor for keep-alive and
    /// time-to-live, by member `idx`'s for the list.
    pub(crate) fn serve_lease_call(
        &mut self,
        idx: usize,
        request: &LeaseRequest,
    ) -> Result<KvResponse, ClientError> {
        let target = match request {
            LeaseRequest::Leases => Some(idx),
            _ => self.leader_of(idx),
        };
        // Without a leader etcd's forwarding waits until its request timeout.
        let target = target.ok_or(ClientError::Timeout)?;
        let now = self.now;
        let member = self.members.get_mut(target).ok_or(ClientError::Timeout)?;
        member
            .server
            .serve_lease(request, now)
            .map(KvResponse::Lease)
            .map_err(ClientError::Lease)
    }

    /// The index of the running member member `idx` believes leads.
    fn leader_of(&self, idx: usize) -> Option<usize> {
        let lead = self.members.get(idx)?.node.as_ref()?.raft().lead()?;
        self.members
            .iter()
            .position(|m| m.id == lead && m.is_running())
    }
}
