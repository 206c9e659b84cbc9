//! `etcdctl`: runs [`crate::etcdctl`] in a host's terminal, with [`HostEtcdApi`] reaching the
//! simulated cluster from that host — dialling endpoints over the simulated network, sending
//! KV requests through the world as clients do, and answering cluster and maintenance calls
//! from the state of the member reached.
//!
//! | file | owns |
//! |---|---|
//! | `etcdctl` | the program, the dial, the wait for an answer |
//! | `etcdctl/kv` | Range, Put, DeleteRange, Txn, Compact and Alarm as the world's `KvRequest`s |
//! | `etcdctl/kv_convert` | the gRPC messages as the store's requests and answers, and back |
//! | `etcdctl/lease` | the Lease service's calls as the world's `LeaseRequest`s |
//! | `etcdctl/cluster` | MemberList from the member's local state, the round trip of such calls |
//! | `etcdctl/maintenance` | Status, HashKV, Defragment and the alarm list from the member's local state |
//! | `etcdctl/learner` | the learner gate: which calls a learner refuses |
//! | `etcdctl/key_bucket` | the backend's key bucket: HashKV's CRC-32C and the database size |
//! | `etcdctl/membership` | MemberRemove, MemberPromote and MoveLeader through the world |
//! | `etcdctl/snapshot` | Snapshot: the member's backend as a saved snapshot file |
//! | `etcdctl/auth` | the Auth service, the caller a token names, permission checks |
//! | `etcdctl/watch` | the Watch service: streams, their watchers, no-leader closing |

mod auth;
mod cluster;
mod key_bucket;
mod kv;
mod kv_convert;
mod learner;
mod lease;
mod maintenance;
mod membership;
mod snapshot;
mod watch;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_util::future::{Either, select};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::etcd_http::HttpRequest;
use crate::etcdctl::{
    self, CallTimeouts, EtcdApi, ExecOutput, HttpCall, HttpReply, Invocation, Request, Response,
    RpcError, Stream, TlsFlags, WatchCreateRequest, WatchRecv, WatchResponse, WatchStreamId,
};
use crate::lab::program::ProgramCtx;
use crate::lab::{Lab, TerminalStdin, sleep};
use crate::pki::{self, ClientTls};
use crate::sim::{ConnectError, Connection, OutputStream};
use crate::time::{SimDuration, SimTime, WallClock};
pub(crate) use cluster::header_of;
use membership::Change;
pub(crate) use membership::{V2Change, v2_member_change};

/// The members the member behind `conn` knows, as `member list` shows them (for `curl`).
pub(crate) fn member_list_of(
    world: &crate::sim::World,
    conn: Connection,
) -> Vec<crate::etcdctl::Member> {
    match cluster::member_list(world, conn) {
        Response::MemberList(list) => list.members,
        _ => Vec::new(),
    }
}

/// Whether a linearizable read through the member behind `conn`, sent from host `from`,
/// is answered within `timeout` (the quorum read of etcd's `/health`).
pub(crate) async fn quorum_read(
    lab: &Lab,
    from: usize,
    conn: Connection,
    timeout: SimDuration,
) -> bool {
    let api = HostEtcdApi::new(lab.clone(), from);
    let deadline = lab.now().saturating_add(timeout);
    kv::quorum_get(&api, conn, deadline).await
}

/// A gRPC call `request` made to the member behind `conn` by that member's own grpc-gateway
/// (for `curl` on `/v3/…`), carrying the `Authorization` header's `token`; unanswered by
/// `deadline`, it fails as a client's call does.
pub(crate) async fn gateway_call(
    lab: &Lab,
    conn: Connection,
    token: Option<String>,
    request: Request,
    deadline: SimTime,
) -> Result<Response, RpcError> {
    let api = HostEtcdApi::new(lab.clone(), conn.host);
    api.set_token(token);
    api.serve_on(conn, request, deadline).await
}

/// Runs `etcdctl` with the process's arguments, environment and stdin. The signals the
/// real one catches ([`etcdctl::caught_signals`]) reach the command; any other ends it.
pub async fn run(ctx: &mut ProgramCtx<'_>) -> i32 {
    let signalled = Rc::new(Cell::new(false));
    let api = HostEtcdApi::new(ctx.lab.clone(), ctx.host)
        .in_dir(ctx.cwd)
        .with_signal(signalled.clone())
        .with_terminal(ctx.terminal.clone());
    let invocation = Invocation {
        args: ctx.args,
        env: ctx.env,
        stdin: ctx.stdin,
    };
    let caught = etcdctl::caught_signals(&invocation);
    ctx.signals.catch(caught.signals);
    if etcdctl::waits_for_events(&invocation) {
        ctx.lab.set_waiting(ctx.host);
    }
    let out = &mut *ctx.out;
    let mut sink = |stream: Stream, data: &[u8]| {
        let stream = match stream {
            Stream::Stdout => OutputStream::Stdout,
            Stream::Stderr => OutputStream::Stderr,
        };
        out(stream, data);
    };
    let command = Box::pin(etcdctl::run(invocation, &api, &mut sink));
    let signals = ctx.signals.clone();
    let signal = Box::pin(async move { signals.caught().await });
    match select(command, signal).await {
        Either::Left((status, _)) => status,
        // `lock` and `elect` unlock or resign, and exit by themselves.
        Either::Right((_, command)) if caught.finishes => {
            signalled.set(true);
            command.await
        }
        Either::Right((_, _)) => caught.status,
    }
}

/// The cluster as a client on one host reaches it.
pub struct HostEtcdApi {
    lab: Lab,
    host: usize,
    /// The working directory, for the files `snapshot` reads and writes.
    cwd: String,
    /// The client's randomness (uuids, jitter): seeded from the lab's request counter and
    /// the virtual time, so a run replays exactly without drawing from the world's RNG.
    rng: RefCell<ChaCha8Rng>,
    /// The token `Authenticate` gave this run, sent with every later call.
    token: RefCell<Option<String>>,
    /// `--cacert`/`--cert`/`--key` loaded; `None` until etcdctl configures TLS or when no
    /// flag asks for it (then only `https://` endpoints speak TLS, trusting no lab CA).
    tls: RefCell<Option<ClientTls>>,
    /// The open watch streams, by number.
    streams: RefCell<BTreeMap<u64, watch::Stream>>,
    next_stream: Cell<u64>,
    /// A signal reached a command that catches it and finishes by itself.
    signalled: Rc<Cell<bool>>,
    /// stdin, when it is the terminal.
    terminal: Option<TerminalStdin>,
}

impl Drop for HostEtcdApi {
    fn drop(&mut self) {
        // A watch ends with its process: the member forgets the watchers.
        self.close_all_streams();
    }
}

impl HostEtcdApi {
    /// A client on host `host` of `lab`.
    pub fn new(lab: Lab, host: usize) -> HostEtcdApi {
        let seed = lab.next_client_request_id() ^ lab.now().as_micros().rotate_left(32);
        HostEtcdApi {
            lab,
            host,
            cwd: "/".to_owned(),
            rng: RefCell::new(ChaCha8Rng::seed_from_u64(seed)),
            token: RefCell::new(None),
            tls: RefCell::new(None),
            streams: RefCell::new(BTreeMap::new()),
            next_stream: Cell::new(0),
            signalled: Rc::new(Cell::new(false)),
            terminal: None,
        }
    }

    /// The same client, reading `terminal` as its stdin.
    pub fn with_terminal(mut self, terminal: Option<TerminalStdin>) -> HostEtcdApi {
        self.terminal = terminal;
        self
    }

    /// The same client, told of a caught signal through `signalled`.
    pub fn with_signal(mut self, signalled: Rc<Cell<bool>>) -> HostEtcdApi {
        self.signalled = signalled;
        self
    }

    /// The same client, working in directory `cwd`.
    pub fn in_dir(mut self, cwd: &str) -> HostEtcdApi {
        cwd.clone_into(&mut self.cwd);
        self
    }

    /// Dials `endpoint`, then serves `request` at the member reached.
    async fn call_at(
        &self,
        endpoint: &str,
        request: Request,
        timeouts: CallTimeouts,
    ) -> Result<Response, RpcError> {
        let deadline = self
            .lab
            .now()
            .saturating_add(SimDuration::from_micros(timeouts.timeout_micros));
        let conn = self.dial(endpoint, timeouts).await?;
        if conn.peer_port {
            // The peer port speaks Raft's HTTP, not gRPC: the call never gets an answer.
            return Err(self.silence_until(deadline).await);
        }
        self.serve_on(conn, request, deadline).await
    }

    /// The member behind `conn` serves `request`: the learner gate, the caller's token and
    /// permissions, then the service.
    async fn serve_on(
        &self,
        conn: Connection,
        request: Request,
        deadline: SimTime,
    ) -> Result<Response, RpcError> {
        if learner::refuses(&self.lab.world(), conn, &request) {
            return learner::refusal(self, conn, deadline).await;
        }
        let caller = auth::caller(self, conn)?;
        auth::check(self, conn, caller.as_deref(), &request)?;
        if let Some(answer) = lease::serve(self, conn, &request, deadline).await {
            return answer;
        }
        match request {
            Request::Auth(r) => auth::serve(self, conn, caller, r, deadline).await,
            Request::Authenticate { name, password } => {
                auth::authenticate(self, conn, name, &password, deadline).await
            }
            Request::Range(r) => kv::range(self, conn, r, deadline).await,
            Request::Put(r) => kv::put(self, conn, r, deadline).await,
            Request::DeleteRange(r) => kv::delete_range(self, conn, r, deadline).await,
            Request::Txn(t) => kv::txn(self, conn, t, deadline).await,
            Request::Compact { revision, physical } => {
                kv::compact(self, conn, revision, physical, deadline).await
            }
            Request::Defragment => maintenance::defragment(self, conn, deadline).await,
            Request::MemberList { .. } => {
                cluster::local(self, conn, deadline, cluster::member_list).await
            }
            Request::Status => cluster::local(self, conn, deadline, maintenance::status).await,
            Request::HashKv { revision } => {
                let hash = move |world: &_, conn| maintenance::hash_kv(world, conn, revision);
                cluster::local_with(self, conn, deadline, hash).await
            }
            Request::Alarm {
                action,
                member_id,
                alarm,
            } => kv::alarm(self, conn, (action, member_id, alarm), deadline).await,
            Request::MemberRemove { id } => {
                membership::change(self, conn, Change::Remove, id, deadline).await
            }
            Request::MemberPromote { id } => {
                membership::change(self, conn, Change::Promote, id, deadline).await
            }
            Request::MoveLeader { target_id } => {
                membership::move_leader(self, conn, target_id, deadline).await
            }
            Request::Snapshot => {
                cluster::local_with(self, conn, deadline, snapshot::snapshot).await
            }
            Request::MemberAdd {
                peer_urls,
                is_learner,
            } => membership::add(self, conn, peer_urls, is_learner, deadline).await,
            Request::MemberUpdate { id, peer_urls } => {
                membership::update(self, conn, id, peer_urls, deadline).await
            }
            Request::LeaseGrant { .. }
            | Request::LeaseRevoke { .. }
            | Request::LeaseKeepAlive { .. }
            | Request::LeaseTimeToLive { .. }
            | Request::LeaseLeases => Err(kv::mismatched()),
        }
    }

    /// Opens the TCP connection: refusals at once, an unreachable host after the dial
    /// timeout.
    async fn dial(&self, endpoint: &str, timeouts: CallTimeouts) -> Result<Connection, RpcError> {
        let unreachable = |reason: String| RpcError::Unreachable { reason };
        let (name, port) = split_endpoint(endpoint).map_err(unreachable)?;
        let ip = self
            .lab
            .world()
            .resolve_name(self.host, name)
            .ok_or_else(|| {
                let nameserver = crate::sim::NAMESERVER;
                unreachable(format!("lookup {name} on {nameserver}: no such host"))
            })?;
        let connected = self.lab.world().connect(self.host, ip, port);
        match connected {
            Ok(conn) => self.handshake(endpoint, (name, ip), conn),
            Err(ConnectError::Timeout) => {
                let wait = timeouts.dial_timeout_micros.min(timeouts.timeout_micros);
                sleep(&self.lab, SimDuration::from_micros(wait)).await;
                Err(unreachable(ConnectError::Timeout.to_string()))
            }
            Err(other) => Err(unreachable(other.to_string())),
        }
    }

    /// clientv3's transport credentials for `endpoint`: TLS for `https://` (with the
    /// configured files, or none), or for a bare `host:port` when TLS flags were given.
    fn client_tls_for(&self, endpoint: &str) -> Option<ClientTls> {
        let configured = self.tls.borrow().clone();
        if endpoint.starts_with("https://") || endpoint.starts_with("unixs://") {
            return Some(configured.unwrap_or_default());
        }
        if endpoint.contains("://") {
            return None;
        }
        configured
    }

    /// The TLS handshake over `conn`; a failure is a dial error as grpc-go words it, and
    /// the member logs the connection it rejected.
    fn handshake(
        &self,
        endpoint: &str,
        dialled: (&str, std::net::Ipv4Addr),
        conn: Connection,
    ) -> Result<Connection, RpcError> {
        let name = dialled.0;
        let client = self.client_tls_for(endpoint);
        let server = self.lab.world().server_tls(&conn);
        let now = (WallClock::at(self.lab.now()).unix_micros / 1_000_000) as i64;
        let Err(failure) = pki::handshake(server.as_ref(), client.as_ref(), name, now) else {
            return Ok(conn);
        };
        let port = 32_768 + self.rng.borrow_mut().random_range(0..28_232u16);
        super::tls_log::reject(&self.lab, self.host, conn, dialled, port, &failure);
        let reason = match failure.client_error().as_str() {
            "" => etcdctl::CONNECTION_CLOSED.to_owned(),
            text => format!("transport: authentication handshake failed: {text}"),
        };
        Err(RpcError::Unreachable { reason })
    }

    /// Waits for a server that never answers: the call ends at its deadline.
    async fn silence_until(&self, deadline: SimTime) -> RpcError {
        sleep(
            &self.lab,
            deadline.saturating_duration_since(self.lab.now()),
        )
        .await;
        RpcError::DeadlineExceeded
    }

    /// One network round trip between this host and `to_host`, at the links' shortest
    /// latency: what a call served from a member's memory costs.
    fn round_trip(&self, to_host: usize) -> SimDuration {
        let world = self.lab.world();
        if to_host == self.host {
            return SimDuration::from_micros(LOOPBACK_ROUND_TRIP_MICROS);
        }
        let net = world.network();
        net.latency(self.host, to_host)
            .min
            .saturating_add(net.latency(to_host, self.host).min)
    }
}

/// A round trip over loopback (unit: microseconds of virtual time).
const LOOPBACK_ROUND_TRIP_MICROS: u64 = 100;

impl EtcdApi for HostEtcdApi {
    fn call(
        &self,
        endpoint: &str,
        request: Request,
        timeouts: CallTimeouts,
    ) -> impl Future<Output = Result<Response, RpcError>> {
        Rewake(Box::pin(self.call_at(endpoint, request, timeouts)))
    }

    fn sleep(&self, micros: u64) -> impl Future<Output = ()> {
        Rewake(Box::pin(sleep(&self.lab, SimDuration::from_micros(micros))))
    }

    fn now_unix_micros(&self) -> u64 {
        WallClock::at(self.lab.now()).unix_micros
    }

    fn random_u128(&self) -> u128 {
        self.rng.borrow_mut().random()
    }

    fn configure_tls(&self, flags: &TlsFlags) -> Result<(), String> {
        let given = !flags.cacert.is_empty() || !flags.cert.is_empty() || !flags.key.is_empty();
        if !given && !flags.insecure_skip_verify {
            return Ok(());
        }
        let tls = super::tls_log::client_tls(&self.lab, self.host, &self.cwd, flags)?;
        *self.tls.borrow_mut() = Some(tls);
        Ok(())
    }

    fn with_files<R>(&self, f: impl FnOnce(&mut crate::vfs::Vfs, &str) -> R) -> Option<R> {
        self.lab.with_vfs(self.host, |vfs| f(vfs, &self.cwd))
    }

    fn watch(
        &self,
        endpoint: &str,
        create: WatchCreateRequest,
        timeouts: CallTimeouts,
    ) -> impl Future<Output = Result<(WatchStreamId, WatchResponse), RpcError>> {
        Rewake(Box::pin(self.watch_at(endpoint, create, timeouts)))
    }

    fn watch_recv(&self, stream: WatchStreamId) -> impl Future<Output = WatchRecv> {
        Rewake(Box::pin(self.watch_recv_at(stream)))
    }

    fn watch_close(&self, stream: WatchStreamId) {
        self.watch_close_at(stream);
    }

    fn interrupted(&self) -> bool {
        self.signalled.get()
    }

    fn stdin_is_terminal(&self) -> bool {
        self.terminal.is_some()
    }

    fn read_terminal_line(&self) -> impl Future<Output = Option<String>> {
        let read = self.terminal.as_ref().map(TerminalStdin::read_line);
        async move {
            match read {
                Some(read) => read.await,
                None => None,
            }
        }
    }

    fn set_terminal_echo(&self, on: bool) {
        if let Some(terminal) = &self.terminal {
            terminal.set_echo(on);
        }
    }

    fn exec(&self, argv: &[String], env: &[(String, String)]) -> impl Future<Output = ExecOutput> {
        Rewake(Box::pin(self.exec_at(argv.to_vec(), env.to_vec())))
    }

    fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
    }

    fn http(
        &self,
        endpoint: &str,
        call: HttpCall,
        timeouts: CallTimeouts,
    ) -> impl Future<Output = Result<HttpReply, RpcError>> {
        Rewake(Box::pin(self.http_at(endpoint, call, timeouts)))
    }
}

impl HostEtcdApi {
    /// Dials `endpoint`, then the member's HTTP handler answers `call` after a round trip.
    async fn http_at(
        &self,
        endpoint: &str,
        call: HttpCall,
        timeouts: CallTimeouts,
    ) -> Result<HttpReply, RpcError> {
        let conn = self.dial(endpoint, timeouts).await?;
        sleep(&self.lab, self.round_trip(conn.host)).await;
        let request = HttpRequest {
            method: call.method,
            path: call.path,
            content_type: call.content_type,
            authorization: None,
            body: call.body,
        };
        let answer = super::etcd_http::serve(&self.lab, self.host, conn, &request).await;
        Ok(HttpReply {
            status: answer.status,
            body: answer.body,
            headers: answer
                .headers
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v))
                .collect(),
        })
    }
}

/// A future that asks to be polled again whenever it is pending. The lab's waits use no
/// wakers (every job is polled after every step), but etcdctl runs calls side by side in
/// combinators that poll only the children that woke, such as `FuturesUnordered`.
struct Rewake<F>(Pin<Box<F>>);

impl<F: Future> Future for Rewake<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polled = self.0.as_mut().poll(cx);
        if polled.is_pending() {
            cx.waker().wake_by_ref();
        }
        polled
    }
}

/// `127.0.0.1:2379`, `http://host:2379`, `https://[::1]:2379` → host and port, or the
/// reason Go's dialer gives for an address it cannot use.
fn split_endpoint(endpoint: &str) -> Result<(&str, u16), String> {
    let address = endpoint
        .strip_prefix("http://")
        .or_else(|| endpoint.strip_prefix("https://"))
        .or_else(|| endpoint.strip_prefix("unix://"))
        .unwrap_or(endpoint);
    let address = address.trim_end_matches('/');
    let Some((host, port)) = address.rsplit_once(':') else {
        return Err(format!("address {address}: missing port in address"));
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = port
        .parse::<u16>()
        .map_err(|_| format!("lookup tcp/{port}: unknown port"))?;
    if host.parse::<std::net::Ipv6Addr>().is_ok() {
        return Err("connect: network is unreachable".to_owned());
    }
    let host = if host.is_empty() { "localhost" } else { host };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_split_as_clientv3_dials_them() {
        assert_eq!(split_endpoint("127.0.0.1:2379"), Ok(("127.0.0.1", 2379)));
        assert_eq!(split_endpoint("http://node1:22379"), Ok(("node1", 22379)));
        assert_eq!(
            split_endpoint("https://10.0.0.5:2379/"),
            Ok(("10.0.0.5", 2379))
        );
        assert_eq!(split_endpoint(":2379"), Ok(("localhost", 2379)));
    }

    #[test]
    fn bad_endpoints_are_refused_with_the_dialer_reason() {
        assert_eq!(
            split_endpoint("127.0.0.1"),
            Err("address 127.0.0.1: missing port in address".to_owned())
        );
        assert_eq!(
            split_endpoint("127.0.0.1:http2"),
            Err("lookup tcp/http2: unknown port".to_owned())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_typed_endpoint_is_split_or_refused_without_panicking(endpoint in ".{0,40}") {
            if let Ok((host, _port)) = split_endpoint(&endpoint) {
                proptest::prop_assert!(!host.is_empty());
            }
        }
    }
}
