//! Clients in the world: `Command::ClientRequest` sends a request from the client's host to
//! a member's host; the member serves it as etcd's server does and the answer travels back.
//!
//! Writes are proposed to Raft through the receiving member (Raft forwards them to the
//! leader) and answered once that member has applied the entry, found through its `wait`
//! registry by request id. Linearizable reads use ReadIndex and are answered once the
//! member's `applied_index` reaches the read index; serializable reads read local state at
//! once. Request ids inside the cluster (`InternalRaftRequest::id`, ReadIndex contexts) come
//! from one world-wide counter, so they are unique across members and restarts, as etcd's
//! time-and-member-based id generator makes them.

use super::client::ClientReply;
use super::event::Event;
use super::wait::{WaitKind, Waiter};
use super::{ClientError, DropReason, TraceKind, World};
use crate::error::LabError;
use crate::mvcc::{InternalRaftRequest, KvRequest, KvResponse, MvccError};
use crate::raft::RaftError;
use crate::time::SimDuration;

/// etcd's default `--max-request-bytes` (1.5 MiB): key plus values of one request.
pub(crate) const MAX_REQUEST_BYTES: usize = 1_572_864;

/// etcd's `ReqTimeout`: 5 s plus two election timeouts.
pub(crate) fn req_timeout(election_timeout_ms: u64) -> SimDuration {
    SimDuration::from_millis(5_000 + 2 * election_timeout_ms)
}

impl World {
    /// Validates and sends a client request; see [`Command::ClientRequest`](super::Command).
    pub(crate) fn client_request(
        &mut self,
        id: u64,
        client: &str,
        member: &str,
        request: KvRequest,
    ) -> Result<(), LabError> {
        let client_host = self.resolve_host(client)?;
        let idx = self.member_index(member)?;
        request.validate()?;
        if request.wire_bytes() > MAX_REQUEST_BYTES {
            return Err(LabError::RequestTooLarge);
        }
        self.check_host_up(client_host)?;
        let member_host = self.members[idx].host;
        if !self.members[idx].is_running() && self.host_up(member_host) {
            // Nothing listens on the port: the connection is refused at once.
            let result = Err(ClientError::ConnectionRefused);
            let at = self.now;
            self.client_replies.push(ClientReply { id, at, result });
            return Ok(());
        }
        // A powered-off host answers nothing: the request is lost (traced) and the client
        // waits, as etcdctl does until "context deadline exceeded".
        let event = Event::ClientRequest {
            id,
            client_host,
            member: idx,
            request,
        };
        self.send_client_event(client_host, member_host, id, event);
        Ok(())
    }

    /// Drains the replies clients have received, oldest first.
    pub fn take_client_replies(&mut self) -> Vec<ClientReply> {
        self.client_replies.take()
    }

    /// Replies discarded because the queue held [`MAX_CLIENT_REPLIES`](super::MAX_CLIENT_REPLIES)
    /// undrained ones.
    pub fn client_replies_overflowed(&self) -> u64 {
        self.client_replies.overflowed()
    }

    /// Sends a client request or reply from host `from` to host `to` over the network.
    fn send_client_event(&mut self, from: usize, to: usize, id: u64, event: Event) {
        if !self.host_up(from) || !self.host_up(to) {
            self.record_client_drop(from, to, id, DropReason::HostDown);
            return;
        }
        match self.network.send(self.now, from, to, &mut self.rng) {
            Ok(arrivals) => {
                // Clients speak TCP: a duplicated segment never reaches the application twice.
                if let Some(&at) = arrivals.first() {
                    for _ in 1..arrivals.len() {
                        self.network.delivered();
                    }
                    if !self.queue.push(at, event) {
                        self.network.delivered();
                    }
                }
            }
            Err(reason) => self.record_client_drop(from, to, id, reason),
        }
    }

    fn record_client_drop(&mut self, from: usize, to: usize, id: u64, reason: DropReason) {
        let (from, to) = (self.host_name(from), self.host_name(to));
        self.record(TraceKind::ClientMessageDropped {
            from,
            to,
            id,
            reason,
        });
    }

    /// Sends member `idx`'s answer to the client.
    pub(crate) fn reply_to_client(
        &mut self,
        idx: usize,
        waiter: &Waiter,
        result: Result<KvResponse, ClientError>,
    ) {
        let Some(member_host) = self.members.get(idx).map(|m| m.host) else {
            return;
        };
        let (id, client_host) = (waiter.client_request, waiter.client_host);
        let event = Event::ClientReply {
            id,
            client_host,
            result,
        };
        self.send_client_event(member_host, client_host, id, event);
    }

    /// A reply arrives at the client's host.
    pub(crate) fn on_client_reply(
        &mut self,
        id: u64,
        client_host: usize,
        result: Result<KvResponse, ClientError>,
    ) {
        self.network.delivered();
        if !self.host_up(client_host) {
            return; // the client died with its host
        }
        let at = self.now;
        self.client_replies.push(ClientReply { id, at, result });
    }

    /// A request arrives at member `idx`'s host.
    pub(crate) fn on_client_request(
        &mut self,
        id: u64,
        client_host: usize,
        idx: usize,
        request: KvRequest,
    ) {
        self.network.delivered();
        let request = match self.hold_if_paused(
            idx,
            Event::ClientRequest {
                id,
                client_host,
                member: idx,
                request,
            },
        ) {
            Some(Event::ClientRequest { request, .. }) => request,
            _ => return,
        };
        let Some(member) = self.members.get(idx) else {
            return;
        };
        let mut waiter = Waiter {
            client_request: id,
            client_host,
            deadline: self.now + req_timeout(member.spec.election_timeout_ms),
            kind: WaitKind::Write,
        };
        if !member.is_running() {
            self.reply_to_client(idx, &waiter, Err(ClientError::ConnectionRefused));
            return;
        }
        let learner = member.node.as_ref().is_some_and(|n| {
            let raft = n.raft();
            raft.prs().learners().contains(&raft.id())
        });
        let result = match request {
            read if read.is_serializable() => {
                Some(member.server.store().read(&read).map_err(client_error))
            }
            // etcd serves learners' clients serializable reads only.
            _ if learner => Some(Err(ClientError::NotSupportedForLearner)),
            KvRequest::Lease(lease) if !lease.is_write() => {
                Some(self.serve_lease_call(idx, &lease))
            }
            read if !read.is_write() => {
                waiter.kind = WaitKind::Read {
                    request: read,
                    read_index: None,
                };
                self.start_read(idx, waiter.clone()).err().map(Err)
            }
            write => {
                let write = self.assign_lease_id(idx, write);
                self.start_write(idx, waiter.clone(), write).err().map(Err)
            }
        };
        if let Some(result) = result {
            self.reply_to_client(idx, &waiter, result);
        }
        self.process_ready(idx);
    }

    /// Registers a linearizable read and asks Raft for a read index (etcd's ReadIndex).
    fn start_read(&mut self, idx: usize, waiter: Waiter) -> Result<(), ClientError> {
        let rid = self.next_request_id();
        let member = &mut self.members[idx];
        let node = member.node.as_mut().ok_or(ClientError::ConnectionRefused)?;
        if !member.server.wait.register(rid, waiter) {
            return Err(ClientError::TooManyRequests);
        }
        if let Err(err) = node.read_index(rid.to_be_bytes().to_vec()) {
            member.server.wait.trigger(rid);
            return Err(raft_client_error(&err));
        }
        Ok(())
    }

    /// Registers a write and proposes it (etcd's `processInternalRaftRequestOnce`).
    fn start_write(
        &mut self,
        idx: usize,
        waiter: Waiter,
        request: KvRequest,
    ) -> Result<(), ClientError> {
        let rid = self.next_request_id();
        let data = InternalRaftRequest { id: rid, request }
            .encode()
            .map_err(client_error)?;
        let member = &mut self.members[idx];
        // etcd's header id comes from the same generator as lease ids.
        member.server.ids.next_id();
        let node = member.node.as_mut().ok_or(ClientError::ConnectionRefused)?;
        if !member.server.wait.register(rid, waiter) {
            return Err(ClientError::TooManyRequests);
        }
        if node.raft().lead().is_none() {
            member.server.blocked.push_back((rid, data));
            return Ok(());
        }
        if let Err(err) = node.propose(data) {
            member.server.wait.trigger(rid);
            return Err(raft_client_error(&err));
        }
        Ok(())
    }

    /// Proposes the writes that waited for a leader, once member `idx` knows one; those whose
    /// client gave up meanwhile are forgotten, never proposed.
    pub(crate) fn release_blocked_writes(&mut self, idx: usize) {
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let Some(node) = member.node.as_mut().filter(|n| n.raft().lead().is_some()) else {
            return;
        };
        let mut failed = Vec::new();
        while let Some((rid, data)) = member.server.blocked.pop_front() {
            if member.server.wait.deadline_of(rid).is_none() {
                continue;
            }
            if let Err(err) = node.propose(data) {
                failed.extend(member.server.wait.trigger(rid).map(|w| (w, err)));
            }
        }
        for (waiter, err) in failed {
            self.reply_to_client(idx, &waiter, Err(raft_client_error(&err)));
        }
    }

    /// Answers `Timeout` to member `idx`'s clients whose `ReqTimeout` passed.
    pub(crate) fn expire_waiters(&mut self, idx: usize) {
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let server = &mut member.server;
        server
            .blocked_proposals
            .retain(|(deadline, _)| *deadline > now);
        let mut never_proposed = Vec::new();
        server.blocked.retain(|(rid, _)| {
            if server.wait.deadline_of(*rid).is_some_and(|d| d <= now) {
                never_proposed.extend(server.wait.trigger(*rid));
                return false;
            }
            true
        });
        for waiter in never_proposed {
            self.reply_to_client(idx, &waiter, Err(ClientError::NoLeaderDeadline));
        }
        let expired = self.members[idx].server.wait.take_expired(now);
        for waiter in expired {
            self.reply_to_client(idx, &waiter, Err(ClientError::Timeout));
        }
    }

    pub(crate) fn next_request_id(&mut self) -> u64 {
        self.next_request_id += 1;
        self.next_request_id
    }
}

/// What a client hears when the store refuses an applied request.
pub(crate) fn client_error(err: MvccError) -> ClientError {
    match err {
        MvccError::NoSpace => ClientError::NoSpace,
        MvccError::Compacted | MvccError::FutureRev => ClientError::OutOfRange(err.to_string()),
        MvccError::Lease(err) => ClientError::Lease(err),
        other => ClientError::InvalidRequest(other.to_string()),
    }
}

fn raft_client_error(err: &RaftError) -> ClientError {
    match err {
        RaftError::LogFull { .. } => ClientError::TooManyRequests,
        _ => ClientError::ProposalDropped,
    }
}
