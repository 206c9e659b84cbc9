//! Auth calls through Raft: a member proposes an [`AuthProposal`] tagged with a world-unique
//! id, every member applies it to its auth store, and the proposing member keeps the answer
//! in its `AuthResults` until the caller takes it. Like etcd's `Propose`, a call made while
//! the member knows no leader waits (until the server's `ReqTimeout`) for one to appear.

use super::world_client::req_timeout;
use super::{Command, MAX_WAITERS, World};
use crate::auth::{AuthError, AuthProposal, AuthRequest, AuthResponse};
use crate::error::LabError;
use crate::time::SimTime;

impl World {
    /// Proposes `request`, asked by `caller`, through member `idx`; returns the id its
    /// answer will carry.
    pub fn propose_auth(
        &mut self,
        idx: usize,
        caller: Option<String>,
        request: AuthRequest,
    ) -> Result<u64, LabError> {
        self.propose_with_id(idx, |id| {
            AuthProposal {
                id,
                caller,
                request,
            }
            .encode()
        })
    }

    /// Proposes the payload `encode` makes from a new world-unique request id through
    /// member `idx`; returns the id.
    pub(crate) fn propose_with_id(
        &mut self,
        idx: usize,
        encode: impl FnOnce(u64) -> Vec<u8>,
    ) -> Result<u64, LabError> {
        let name = self
            .members
            .get(idx)
            .map(|m| m.name().to_owned())
            .ok_or_else(|| LabError::UnknownMember(idx.to_string()))?;
        self.next_request_id = self.next_request_id.saturating_add(1);
        let id = self.next_request_id;
        let data = encode(id);
        if let Some(member) = self
            .members
            .get_mut(idx)
            .filter(|m| m.node.as_ref().is_some_and(|n| n.raft().lead().is_none()))
        {
            // etcd's raft node takes no proposal while it knows no leader (`propc` is nil).
            let server = &mut member.server;
            if server.blocked_proposals.len() >= MAX_WAITERS {
                return Err(LabError::TooManyRequests);
            }
            let deadline = self.now + req_timeout(member.spec.election_timeout_ms);
            server.blocked_proposals.push_back((deadline, data));
            return Ok(id);
        }
        self.apply(Command::Propose { member: name, data })?;
        Ok(id)
    }

    /// When member `idx`'s server gives up on a request made now (etcd's `ReqTimeout`).
    pub fn request_deadline(&self, idx: usize) -> SimTime {
        let election = self
            .members
            .get(idx)
            .map_or(1_000, |m| m.spec.election_timeout_ms);
        self.now + req_timeout(election)
    }

    /// Proposes the auth calls that waited for a leader, once member `idx` knows one;
    /// those past their deadline are dropped (their callers have stopped waiting).
    pub(crate) fn release_blocked_proposals(&mut self, idx: usize) {
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(node) = member.node.as_mut().filter(|n| n.raft().lead().is_some()) else {
            return;
        };
        while let Some((deadline, data)) = member.server.blocked_proposals.pop_front() {
            if deadline > now {
                // A refusal now (a full log) leaves the caller to time out, as a lost
                // proposal does in etcd.
                node.propose(data).ok();
            }
        }
    }

    /// The answer to auth call `id` if member `idx` has applied it.
    pub fn auth_result(&self, idx: usize, id: u64) -> Option<Result<AuthResponse, AuthError>> {
        self.members.get(idx)?.server.auth_results.get(id).cloned()
    }

    /// Forgets the answer to auth call `id` once its caller has it.
    pub fn take_auth_result(&mut self, idx: usize, id: u64) {
        if let Some(m) = self.members.get_mut(idx) {
            m.server.auth_results.take(id);
        }
    }
}
