//! The Watch service as a client on a host reaches it: a stream dialled to one member, its
//! watcher created in the member's [`crate::watch::WatcherHub`] (or refused below the
//! compacted revision with a cancelled response), events handed out one revision at a
//! time, the stream broken when the member's process ends, and closed with
//! `etcdserver: no leader` once the member has had no leader for three election timeouts
//! (etcd's `monitorLeader`, since etcdctl's watches require a leader).

use std::collections::VecDeque;

use super::HostEtcdApi;
use super::cluster::header_of;
use super::kv_convert::{key_value, utf8};
use crate::etcdctl::{
    CallTimeouts, EventType, GrpcCode, MAX_WATCH_STREAMS, RpcError, ServerError,
    WatchCreateRequest, WatchEvent, WatchRecv, WatchResponse, WatchStreamId,
};
use crate::lab::{sleep, wait_for};
use crate::sim::{Connection, World};
use crate::time::{SimDuration, SimTime};
use crate::watch::{Event, EventKind, WatchCreate, WatchError};

/// How long one look at a stream waits for the world before looking again (unit: virtual
/// time): the no-leader clock is read at least this often.
const LOOK: SimDuration = SimDuration::from_millis(200);
/// Most looks one receive makes (unit: looks: a day of them).
const MAX_LOOKS: u32 = 432_000;
/// etcd's `maxNoLeaderCnt`: election timeouts without a leader before streams are closed.
const NO_LEADER_TIMEOUTS: u64 = 3;

/// One open stream.
#[derive(Clone, Debug)]
pub(super) struct Stream {
    conn: Connection,
    incarnation: u64,
    /// The watcher on the member; `None` when the create was answered by a cancellation.
    watcher: Option<i64>,
    queue: VecDeque<WatchResponse>,
}

/// What a look at the world found.
enum Seen {
    Events,
    Gone,
    NoLeader,
}

impl HostEtcdApi {
    /// Dials `endpoint` and creates the watcher.
    pub(super) async fn watch_at(
        &self,
        endpoint: &str,
        create: WatchCreateRequest,
        timeouts: CallTimeouts,
    ) -> Result<(WatchStreamId, WatchResponse), RpcError> {
        if self.streams.borrow().len() >= MAX_WATCH_STREAMS {
            return Err(RpcError::Server(ServerError::new(
                GrpcCode::ResourceExhausted,
                "etcdserver: too many watch streams",
            )));
        }
        let conn = self.dial(endpoint, timeouts).await?;
        let deadline = self
            .lab
            .now()
            .saturating_add(SimDuration::from_micros(timeouts.timeout_micros));
        if conn.peer_port {
            return Err(self.silence_until(deadline).await);
        }
        sleep(&self.lab, self.round_trip(conn.host)).await;
        let request = WatchCreate {
            key: utf8(create.key)?,
            range_end: utf8(create.range_end)?,
            start_revision: u64::try_from(create.start_revision).unwrap_or(0),
            prev_kv: create.prev_kv,
        };
        let (stream, created) = self.create_watcher(conn, request)?;
        let id = self.next_stream.get();
        self.next_stream.set(id.saturating_add(1));
        self.streams.borrow_mut().insert(id, stream);
        Ok((WatchStreamId(id), created))
    }

    /// The member's side of a create: refusals, the watcher, the `Created` answer.
    fn create_watcher(
        &self,
        conn: Connection,
        request: WatchCreate,
    ) -> Result<(Stream, WatchResponse), RpcError> {
        let mut world = self.lab.world_mut();
        let learner = super::learner::is_learner(&world, conn.member);
        let Some(m) = world.members.get_mut(conn.member) else {
            return Err(refused());
        };
        if !m.is_running() {
            return Err(refused());
        }
        if learner {
            return Err(RpcError::Server(ServerError::not_supported_for_learner()));
        }
        if m.node.as_ref().and_then(|n| n.raft().lead()).is_none() {
            return Err(RpcError::Server(ServerError::no_leader()));
        }
        let incarnation = m.incarnation;
        let revision = m.server.store().revision();
        let mut stream = Stream {
            conn,
            incarnation,
            watcher: None,
            queue: VecDeque::new(),
        };
        match m.server.watch_create(request) {
            Ok(id) => stream.watcher = Some(id),
            Err(WatchError::Compacted { compact_revision }) => {
                stream.queue.push_back(WatchResponse {
                    header: header_of(&world, conn, 0),
                    compact_revision: i64::try_from(compact_revision).unwrap_or(i64::MAX),
                    canceled: true,
                    ..WatchResponse::default()
                });
            }
            Err(e @ WatchError::TooMany(_)) => {
                return Err(RpcError::Server(ServerError::new(
                    GrpcCode::ResourceExhausted,
                    &e.to_string(),
                )));
            }
        }
        let created = WatchResponse {
            header: header_of(&world, conn, revision),
            created: true,
            ..WatchResponse::default()
        };
        Ok((stream, created))
    }

    /// Waits for the next response on stream `id`.
    pub(super) async fn watch_recv_at(&self, id: WatchStreamId) -> WatchRecv {
        let Some(stream) = self.streams.borrow().get(&id.0).cloned() else {
            return WatchRecv::Broken;
        };
        let mut no_leader_since: Option<SimTime> = None;
        for _ in 0..MAX_LOOKS {
            if let Some(r) = self.pop(id) {
                return WatchRecv::Response(r);
            }
            let lab = self.lab.clone();
            let look = |world: &World| look(world, &stream, &lab, &mut no_leader_since);
            match wait_for(&self.lab, LOOK, look).await {
                Some(Seen::Events) => self.drain(id),
                Some(Seen::Gone) => return WatchRecv::Broken,
                Some(Seen::NoLeader) => return WatchRecv::Closed(ServerError::no_leader()),
                None => {}
            }
        }
        WatchRecv::Broken
    }

    fn pop(&self, id: WatchStreamId) -> Option<WatchResponse> {
        self.streams.borrow_mut().get_mut(&id.0)?.queue.pop_front()
    }

    /// Moves the watcher's events into the stream's queue, one response per revision.
    fn drain(&self, id: WatchStreamId) {
        let mut streams = self.streams.borrow_mut();
        let Some(stream) = streams.get_mut(&id.0) else {
            return;
        };
        let mut world = self.lab.world_mut();
        let batches = stream
            .watcher
            .and_then(|w| {
                world
                    .members
                    .get_mut(stream.conn.member)?
                    .server
                    .watchers_mut()
                    .take(w)
            })
            .unwrap_or_default();
        for batch in batches {
            let revision = batch.first().map_or(0, Event::revision);
            stream.queue.push_back(WatchResponse {
                header: header_of(&world, stream.conn, revision),
                events: batch.into_iter().map(event).collect(),
                ..WatchResponse::default()
            });
        }
    }

    /// Closes stream `id`, cancelling its watcher if its member still runs the same process.
    pub(super) fn watch_close_at(&self, id: WatchStreamId) {
        let Some(stream) = self.streams.borrow_mut().remove(&id.0) else {
            return;
        };
        let mut world = self.lab.world_mut();
        if let (Some(m), Some(w)) = (world.members.get_mut(stream.conn.member), stream.watcher)
            && m.incarnation == stream.incarnation
        {
            m.server.watchers_mut().cancel(w);
        }
    }

    /// Cancels every watcher this client still has (the process is ending).
    pub(super) fn close_all_streams(&self) {
        let ids: Vec<u64> = self.streams.borrow().keys().copied().collect();
        ids.into_iter()
            .for_each(|id| self.watch_close_at(WatchStreamId(id)));
    }
}

/// Whether the stream has something to say.
fn look(
    world: &World,
    stream: &Stream,
    lab: &crate::lab::Lab,
    no_leader_since: &mut Option<SimTime>,
) -> Option<Seen> {
    let m = world.members.get(stream.conn.member)?;
    if !m.is_running() || m.incarnation != stream.incarnation {
        return Some(Seen::Gone);
    }
    let watcher = stream.watcher?;
    match m.server.watchers().has_pending(watcher) {
        None => return Some(Seen::Gone),
        Some(true) => return Some(Seen::Events),
        Some(false) => {}
    }
    let leaderless = m.node.as_ref().and_then(|n| n.raft().lead()).is_none();
    if !leaderless || m.paused {
        *no_leader_since = None;
        return None;
    }
    let now = lab.now();
    let since = *no_leader_since.get_or_insert(now);
    let limit = SimDuration::from_millis(
        m.spec
            .election_timeout_ms
            .saturating_mul(NO_LEADER_TIMEOUTS),
    );
    (now.saturating_duration_since(since) >= limit).then_some(Seen::NoLeader)
}

/// The store's event as the wire's.
fn event(e: Event) -> WatchEvent {
    WatchEvent {
        kind: match e.kind {
            EventKind::Put => EventType::Put,
            EventKind::Delete => EventType::Delete,
        },
        kv: key_value(e.kv),
        prev_kv: e.prev_kv.map(key_value),
    }
}

fn refused() -> RpcError {
    RpcError::Unreachable {
        reason: "connect: connection refused".to_owned(),
    }
}

impl HostEtcdApi {
    /// Runs a command on this client's host for etcdctl (`watch … -- cmd`, `lock NAME cmd`).
    pub(super) async fn exec_at(
        &self,
        argv: Vec<String>,
        env: Vec<(String, String)>,
    ) -> crate::etcdctl::ExecOutput {
        let os = crate::lab::HostOs {
            lab: self.lab.clone(),
            host: self.host,
            detached: true,
        };
        match crate::shell::run_argv(os, &argv, &env, &self.cwd).await {
            Some((status, stdout)) => crate::etcdctl::ExecOutput {
                status: Some(status),
                stdout,
                stderr: Vec::new(),
            },
            None => crate::etcdctl::ExecOutput::default(),
        }
    }
}
