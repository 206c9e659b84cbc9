//! etcd 3.4's log lines (capnslog, its default logger, and raft's own logger), written by
//! simulated etcd processes to their stderr.
//!
//! The wording follows the lines real etcd 3.4.23 printed in the reference transcripts
//! (`shared/reference/etcd-3.4.23`): a learner grepping the lab's logs for "became leader"
//! finds what they would find on a real machine. One file per topic:
//!
//! | file | lines |
//! |---|---|
//! | `startup` | from `etcd Version` to `ready to serve client requests`, first start and restart |
//! | `election` | raft's vote lines with their `[logterm: .., index: ..]` details, `switched to configuration` |
//! | `rafthttp` | peer streams: active/inactive, lost/established, failed dials, health checks, stopping peers |
//! | `panic` | raft's panic and Go's goroutine trace, as a process dies of it |
//! | `server` | graceful stop, publish timeouts, fatal (`C`) lines, membership changes |

mod election;
mod panic;
mod rafthttp;
mod server;
mod startup;

pub use election::{
    Verdict, higher_term_text, raft_event_text, vote_request_text, vote_response_text, vote_text,
};
pub use panic::raft_panic_lines;
pub use rafthttp::{
    peer_stream_lines, removed_peer_lines, starting_peer_lines, stopping_peer_lines,
};
pub use server::{
    StopTransfer, cluster_id_mismatch_line, fast_forward_line, fatal, graceful_stop_lines,
    member_added_line, member_promoted_line, member_removed_line, member_updated_line,
    permanently_removed_line, publish_error_line, setting_up_version_line, version_set_lines,
};
pub use startup::{
    RestartState, StartupFacts, bootstrap_lines, ready_lines, startup_banner, startup_head,
    startup_tail,
};

use super::TraceKind;
use crate::time::WallClock;

/// capnslog's deprecation banner, printed twice at startup in etcd 3.4.
pub const CAPNSLOG_WARNING: &str =
    "[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead";

/// A capnslog line: `2026-11-22 10:17:01.573831 I | etcdmain: etcd Version: 3.4.23`. Every
/// capnslog line the lab prints goes through here.
pub fn capnslog(at: &WallClock, level: char, package: &str, message: &str) -> String {
    format!("{} {level} | {package}: {message}", at.capnslog())
}

/// A raft logger line: `raft2026/11/22 10:17:02 INFO: a3b35… became leader at term 2`.
pub fn raft_line(at: &WallClock, message: &str) -> String {
    format!("raft{} INFO: {message}", at.raft_log())
}

/// The raft logger's lines for a trace event about member `id`, if raft logs any; `hex` gives
/// another member's id from its name. A candidate's own vote is logged with its candidacy,
/// as raft's `poll` does right after `becomeCandidate`.
pub fn raft_event_lines(
    at: &WallClock,
    id: u64,
    kind: &TraceKind,
    hex: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let texts = match kind {
        TraceKind::BecameFollower { term, .. } => {
            vec![format!("{id:x} became follower at term {term}")]
        }
        TraceKind::BecameCandidate { term, .. } => vec![
            format!("{id:x} became candidate at term {term}"),
            format!("{id:x} {}", vote_response_text(false, id, *term, true)),
        ],
        TraceKind::BecameLeader { term, .. } => {
            vec![format!("{id:x} became leader at term {term}")]
        }
        TraceKind::LeaderChanged {
            leader,
            term,
            previous,
            ..
        } => vec![leader_change_text(
            id,
            previous.as_deref(),
            leader.as_deref(),
            *term,
            hex,
        )],
        TraceKind::RaftInfo { text, .. } => raft_info_texts(id, text),
        _ => Vec::new(),
    };
    texts.iter().map(|t| raft_line(at, t)).collect()
}

/// raft's `node.run` line when the leader it knows changes; ids of 0 stand for "none".
fn leader_change_text(
    id: u64,
    previous: Option<&str>,
    leader: Option<&str>,
    term: u64,
    hex: &dyn Fn(&str) -> String,
) -> String {
    let previous = previous.map_or_else(|| "0".to_owned(), hex);
    match leader {
        Some(leader) if previous == "0" => {
            format!(
                "raft.node: {id:x} elected leader {} at term {term}",
                hex(leader)
            )
        }
        Some(leader) => format!(
            "raft.node: {id:x} changed leader from {previous} to {} at term {term}",
            hex(leader)
        ),
        None => format!("raft.node: {id:x} lost leader {previous} at term {term}"),
    }
}

fn raft_info_texts(id: u64, text: &str) -> Vec<String> {
    let mut texts = vec![format!("{id:x} {text}")];
    if let Some(term) = text
        .strip_prefix("became pre-candidate at term ")
        .and_then(|t| t.parse::<u64>().ok())
    {
        texts.push(format!(
            "{id:x} {}",
            vote_response_text(true, id, term, true)
        ));
    }
    texts
}

#[cfg(test)]
mod tests;
