//! etcd 3.4's log lines (capnslog, its default logger, and raft's own logger), written by
//! simulated etcd processes to their stderr.
//!
//! The wording follows the lines real etcd 3.4.23 printed in the reference transcripts
//! (`shared/reference/etcd-3.4.23`): a learner grepping the lab's logs for "became leader"
//! finds what they would find on a real machine.

use super::{EtcdLaunch, TraceKind};
use crate::time::WallClock;

/// capnslog's deprecation banner, printed twice at startup in etcd 3.4.
pub const CAPNSLOG_WARNING: &str =
    "[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead";

/// A capnslog line: `2026-11-22 10:17:01.573831 I | etcdmain: etcd Version: 3.4.23`.
pub fn capnslog(at: &WallClock, level: char, package: &str, message: &str) -> String {
    format!("{} {level} | {package}: {message}", at.capnslog())
}

/// A raft logger line: `raft2026/11/22 10:17:02 INFO: a3b35… became leader at term 2`.
pub fn raft_line(at: &WallClock, message: &str) -> String {
    format!("raft{} INFO: {message}", at.raft_log())
}

/// The lines etcd prints from start until it begins serving peers.
pub fn startup_lines(
    at: &WallClock,
    launch: &EtcdLaunch,
    member_id: u64,
    cluster_id: u64,
    restarting: bool,
) -> Vec<String> {
    let i = |pkg: &str, msg: &str| capnslog(at, 'I', pkg, msg);
    let mut lines = vec![
        CAPNSLOG_WARNING.to_owned(),
        i("etcdmain", "etcd Version: 3.4.23"),
        i(
            "etcdmain",
            "Git SHA: Not provided (use ./build instead of go build)",
        ),
        i("etcdmain", "Go Version: go1.19.8"),
        i("etcdmain", "Go OS/Arch: linux/amd64"),
        i(
            "etcdmain",
            "setting maximum number of CPUs to 2, total number of available CPUs is 2",
        ),
        CAPNSLOG_WARNING.to_owned(),
        i("embed", &format!("name = {}", launch.name)),
        i("embed", &format!("data dir = {}", launch.data_dir)),
        i("embed", &format!("member dir = {}/member", launch.data_dir)),
        i(
            "embed",
            &format!("heartbeat = {}ms", launch.heartbeat_interval_ms),
        ),
        i(
            "embed",
            &format!("election = {}ms", launch.election_timeout_ms),
        ),
        i(
            "embed",
            &format!("snapshot count = {}", launch.snapshot_count),
        ),
        i(
            "embed",
            &format!(
                "advertise client URLs = {}",
                launch.identity.client_urls.join(",")
            ),
        ),
    ];
    let verb = if restarting { "restarting" } else { "starting" };
    lines.push(i(
        "etcdserver",
        &format!("{verb} member {member_id:x} in cluster {cluster_id:x}"),
    ));
    lines.push(capnslog(
        at,
        'W',
        "auth",
        "simple token is not cryptographically signed",
    ));
    lines.push(i(
        "etcdserver",
        "starting server... [version: 3.4.23, cluster version: to_be_decided]",
    ));
    for addr in &launch.listen_peer {
        lines.push(i("embed", &format!("listening for peers on {addr}")));
    }
    lines
}

/// The lines a member prints once it has joined the cluster and serves clients.
pub fn ready_lines(at: &WallClock, launch: &EtcdLaunch, cluster_id: u64) -> Vec<String> {
    let mut lines = vec![
        capnslog(
            at,
            'I',
            "etcdserver",
            &format!(
                "published {{Name:{} ClientURLs:[{}]}} to cluster {cluster_id:x}",
                launch.name,
                launch.identity.client_urls.join(" ")
            ),
        ),
        capnslog(at, 'I', "embed", "ready to serve client requests"),
    ];
    for addr in &launch.listen_client {
        lines.push(capnslog(
            at,
            'N',
            "embed",
            &format!("serving insecure client requests on {addr}, this is strongly discouraged!"),
        ));
    }
    lines
}

/// The raft logger's line for a trace event about member `id`, if raft logs one; `hex` gives
/// another member's id from its name.
pub fn raft_event_line(
    at: &WallClock,
    id: u64,
    kind: &TraceKind,
    hex: &dyn Fn(&str) -> String,
) -> Option<String> {
    let text = match kind {
        TraceKind::BecameFollower { term, .. } => format!("{id:x} became follower at term {term}"),
        TraceKind::BecameCandidate { term, .. } => {
            format!("{id:x} became candidate at term {term}")
        }
        TraceKind::BecameLeader { term, .. } => format!("{id:x} became leader at term {term}"),
        TraceKind::LeaderChanged {
            leader: Some(leader),
            term,
            ..
        } => format!(
            "raft.node: {id:x} elected leader {} at term {term}",
            hex(leader)
        ),
        TraceKind::LeaderChanged {
            leader: None, term, ..
        } => format!("raft.node: {id:x} lost leader at term {term}"),
        TraceKind::RaftInfo { text, .. } if text.starts_with(char::is_alphabetic) => {
            format!("{id:x} {text}")
        }
        TraceKind::RaftInfo { text, .. } => text.clone(),
        _ => return None,
    };
    Some(raft_line(at, &text))
}
