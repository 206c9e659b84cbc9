//! [`EtcdApi`]: how `etcdctl` reaches the simulated cluster, one unary gRPC call at a time,
//! and the errors such a call can end in ([`RpcError`], [`ServerError`], [`GrpcCode`]).
//!
//! The world implements the trait; `etcdctl` owns everything clientv3 does on top of it
//! (endpoint choice, retries, deadlines, the zap warning lines).

use std::fmt;
use std::future::Future;

use super::api_stream::{ExecOutput, WatchRecv, WatchStreamId};
use super::pb_watch::{WatchCreateRequest, WatchResponse};
use super::rpc::{Request, Response};

/// Time limits of one call, in microseconds of virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallTimeouts {
    /// Time left until the command's context deadline: the call must resolve by then,
    /// with [`RpcError::DeadlineExceeded`] if the server has not answered.
    pub timeout_micros: u64,
    /// `--dial-timeout`: the longest a TCP connect may take before the endpoint counts as
    /// unreachable (`i/o timeout`).
    pub dial_timeout_micros: u64,
}

/// The simulated cluster as `etcdctl` sees it. Every method works in virtual time.
pub trait EtcdApi {
    /// One unary RPC to one endpoint exactly as the user typed it (`127.0.0.1:2379`,
    /// `http://10.0.0.5:2379`, `https://…`). The implementation resolves the host, connects
    /// over the simulated network and waits for the answer, at most
    /// `timeouts.timeout_micros`:
    ///
    /// - nothing listens (refused, unknown host): [`RpcError::Unreachable`] at once;
    /// - the host cannot be reached (partition, no route): [`RpcError::Unreachable`] with
    ///   `i/o timeout` after `min(dial_timeout_micros, timeout_micros)`;
    /// - connected but no answer in time: [`RpcError::DeadlineExceeded`] when
    ///   `timeout_micros` has passed (the server may still apply a write);
    /// - the server refuses: [`RpcError::Server`] with etcd's code and text.
    ///
    /// Retries, endpoint rotation and waiting for a connection are the caller's.
    fn call(
        &self,
        endpoint: &str,
        request: Request,
        timeouts: CallTimeouts,
    ) -> impl Future<Output = Result<Response, RpcError>>;

    /// Waits `micros` of virtual time (retry backoff, reconnect backoff).
    fn sleep(&self, micros: u64) -> impl Future<Output = ()>;

    /// Wall-clock time of the simulated host, for the zap `ts` field and `took = …`.
    fn now_unix_micros(&self) -> u64;

    /// Randomness seeded by the lab: the `client-<uuid>` of warning lines, round-robin
    /// start, backoff jitter.
    fn random_u128(&self) -> u128;

    /// One HTTP request to the member at `endpoint` (`http://host:port`), as the v2 client
    /// (`ETCDCTL_API=2`) and its `cluster-health` make them: dial as [`EtcdApi::call`]
    /// does, then the member's answer. The default reaches nothing.
    fn http(
        &self,
        endpoint: &str,
        call: HttpCall,
        timeouts: CallTimeouts,
    ) -> impl Future<Output = Result<HttpReply, RpcError>> {
        let _ = (endpoint, call, timeouts);
        std::future::ready(Err(RpcError::Unreachable {
            reason: "connect: connection refused".to_owned(),
        }))
    }

    /// The token `Authenticate` gave, which every later call of this run carries (gRPC's
    /// `token` metadata); `None` forgets it. The default keeps none.
    fn set_token(&self, token: Option<String>) {
        let _ = token;
    }

    /// Loads the client's TLS files (`--cacert`, `--cert`, `--key`,
    /// `--insecure-skip-tls-verify`) before the first call; the error is Go's text for a
    /// file that cannot be used. The default has no files and accepts anything.
    fn configure_tls(&self, flags: &TlsFlags) -> Result<(), String> {
        let _ = flags;
        Ok(())
    }

    /// Opens a watch stream on `endpoint` (dialled as [`EtcdApi::call`] dials it) with one
    /// watcher, which requires the member to have a leader; the answer is the `Created`
    /// response. The default reaches nothing.
    fn watch(
        &self,
        endpoint: &str,
        create: WatchCreateRequest,
        timeouts: CallTimeouts,
    ) -> impl Future<Output = Result<(WatchStreamId, WatchResponse), RpcError>> {
        let _ = (endpoint, create, timeouts);
        std::future::ready(Err(RpcError::Unreachable {
            reason: "connect: connection refused".to_owned(),
        }))
    }

    /// Waits for the next message on `stream`. The default's streams are broken.
    fn watch_recv(&self, stream: WatchStreamId) -> impl Future<Output = WatchRecv> {
        let _ = stream;
        std::future::ready(WatchRecv::Broken)
    }

    /// Closes `stream`: its watcher is cancelled on the member.
    fn watch_close(&self, stream: WatchStreamId) {
        let _ = stream;
    }

    /// Is etcdctl's stdin the terminal (no pipe, `<` or heredoc)? Then password prompts,
    /// `txn`, `watch -i` and `put KEY` read what is typed, line by line, through
    /// [`EtcdApi::read_terminal_line`]. The default has no terminal.
    fn stdin_is_terminal(&self) -> bool {
        false
    }

    /// The next line typed at the terminal, with its `\n`; `None` at end of file (Ctrl-D).
    /// The default has no terminal.
    fn read_terminal_line(&self) -> impl Future<Output = Option<String>> {
        std::future::ready(None)
    }

    /// `stty echo` / `stty -echo` on the terminal (speakeasy turns echo off while a password
    /// is typed). The default has no terminal.
    fn set_terminal_echo(&self, on: bool) {
        let _ = on;
    }

    /// Has etcdctl been sent SIGINT? Only commands that trap it (`lock`, `elect`) ask;
    /// the others are simply stopped. The default is never interrupted.
    fn interrupted(&self) -> bool {
        false
    }

    /// Runs `argv` on etcdctl's host as Go's `exec.Command` does (no shell), with `env`
    /// added to etcdctl's environment. The default has no programs.
    fn exec(&self, argv: &[String], env: &[(String, String)]) -> impl Future<Output = ExecOutput> {
        let _ = (argv, env);
        std::future::ready(ExecOutput::default())
    }

    /// Runs `f` on the file system of the host etcdctl runs on, with etcdctl's working
    /// directory (the `snapshot` commands read and write files there); `None`, the
    /// default, where etcdctl has no file system.
    fn with_files<R>(&self, f: impl FnOnce(&mut crate::vfs::Vfs, &str) -> R) -> Option<R> {
        let _ = f;
        None
    }
}

/// etcdctl's TLS flags, as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsFlags {
    /// `--cacert`.
    pub cacert: String,
    /// `--cert`.
    pub cert: String,
    /// `--key`.
    pub key: String,
    /// `--insecure-skip-tls-verify`.
    pub insecure_skip_verify: bool,
}

/// One HTTP request of the v2 client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpCall {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    pub method: String,
    /// The path, e.g. `/v2/members`.
    pub path: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The request body.
    pub body: String,
}

/// A member's HTTP answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpReply {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: String,
    /// The headers the member set (`X-Etcd-Index`...), by name as Go writes them.
    pub headers: Vec<(String, String)>,
}

impl HttpReply {
    /// The value of header `name` (case-insensitive, as Go's `Header.Get`).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How one call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RpcError {
    /// No connection could be made. `reason` is Go's text after `dial tcp <addr>: `, e.g.
    /// `connect: connection refused`, `connect: no route to host`, `i/o timeout`.
    Unreachable {
        /// Why the dial failed, as Go's `net` package words it.
        reason: String,
    },
    /// Connected, but no answer before the deadline.
    DeadlineExceeded,
    /// The server answered with an error status.
    Server(ServerError),
}

/// gRPC status codes, named as grpc-go prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum GrpcCode {
    Canceled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
    Unauthenticated,
}

impl fmt::Display for GrpcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// An error status from an etcd server: its gRPC code and description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    /// The status code the server chose.
    pub code: GrpcCode,
    /// The description, e.g. `etcdserver: request timed out`.
    pub message: String,
}

impl ServerError {
    /// An error with any code and description.
    pub fn new(code: GrpcCode, message: &str) -> Self {
        Self {
            code,
            message: message.to_owned(),
        }
    }

    /// Whether clientv3 knows the description (rpctypes' table: every `etcdserver: …`
    /// text), in which case its `Error:` line shows the bare description.
    pub fn is_etcd_error(&self) -> bool {
        self.message.starts_with("etcdserver: ")
    }
}

/// etcd's server errors (`rpctypes`), with the codes etcd sends them with.
#[allow(missing_docs)]
impl ServerError {
    pub fn request_timed_out() -> Self {
        Self::new(GrpcCode::Unavailable, "etcdserver: request timed out")
    }
    pub fn leader_changed() -> Self {
        Self::new(GrpcCode::Unavailable, "etcdserver: leader changed")
    }
    pub fn no_leader() -> Self {
        Self::new(GrpcCode::Unavailable, "etcdserver: no leader")
    }
    pub fn unhealthy_cluster() -> Self {
        Self::new(GrpcCode::Unavailable, "etcdserver: unhealthy cluster")
    }
    pub fn not_supported_for_learner() -> Self {
        Self::new(
            GrpcCode::Unavailable,
            "etcdserver: rpc not supported for learner",
        )
    }
    pub fn member_exist() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: member ID already exist",
        )
    }
    pub fn peer_url_exist() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: Peer URLs already exists",
        )
    }
    pub fn member_not_found() -> Self {
        Self::new(GrpcCode::NotFound, "etcdserver: member not found")
    }
    pub fn not_enough_started_members() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: re-configuration failed due to not enough started members",
        )
    }
    pub fn learner_not_ready() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: can only promote a learner member which is in sync with leader",
        )
    }
    pub fn member_not_learner() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: can only promote a learner member",
        )
    }
    pub fn too_many_learners() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: too many learner members in cluster",
        )
    }
    pub fn bad_leader_transferee() -> Self {
        Self::new(
            GrpcCode::FailedPrecondition,
            "etcdserver: bad leader transferee",
        )
    }
    pub fn compacted() -> Self {
        Self::new(
            GrpcCode::OutOfRange,
            "etcdserver: mvcc: required revision has been compacted",
        )
    }
    pub fn future_rev() -> Self {
        Self::new(
            GrpcCode::OutOfRange,
            "etcdserver: mvcc: required revision is a future revision",
        )
    }
    pub fn lease_not_found() -> Self {
        Self::new(GrpcCode::NotFound, "etcdserver: requested lease not found")
    }
    /// What a server whose own request timer fired sends (not an `etcdserver:` error, so
    /// the client shows the whole status).
    pub fn server_context_deadline() -> Self {
        Self::new(GrpcCode::Unknown, "context deadline exceeded")
    }
}
