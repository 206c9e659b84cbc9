//! What [`super::EtcdApi`]'s long-lived calls exchange: an open watch stream
//! ([`WatchStreamId`]) and what one receive on it gives ([`WatchRecv`]), the end of a
//! command etcdctl runs for `watch … -- cmd` and `lock NAME cmd` ([`ExecOutput`]), and the
//! bounds on both.

use super::api::ServerError;
use super::pb_watch::WatchResponse;

/// Most watch streams one etcdctl run keeps open at once (unit: streams): `watch -i`
/// opens one per line.
pub const MAX_WATCH_STREAMS: usize = 64;

/// An open watch stream, as the implementation numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WatchStreamId(pub u64);

/// One receive on a watch stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchRecv {
    /// A response: the events of one revision, or the watcher's cancellation.
    Response(WatchResponse),
    /// The server closed the stream with an error (`etcdserver: no leader` for a stream
    /// that requires a leader).
    Closed(ServerError),
    /// The transport broke (the member stopped, the network failed): the client redials.
    Broken,
}

/// How a command etcdctl ran ended, and what it printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecOutput {
    /// Its exit status; `None` when it could not be started (`exec: "x": executable file
    /// not found in $PATH`).
    pub status: Option<i32>,
    /// What it wrote to stdout.
    pub stdout: Vec<u8>,
    /// What it wrote to stderr.
    pub stderr: Vec<u8>,
}
