//! rafthttp's lines about peers: streams established and lost, a peer becoming active or
//! inactive, failed dials and reads, the prober's health checks, and a stopping member
//! closing its peers.

use super::capnslog;
use crate::sim::{Stream, StreamChange};
use crate::time::WallClock;

/// The lines for one change in how `peer` (hex id) is seen by the logging member.
pub fn peer_stream_lines(at: &WallClock, peer: &str, change: &StreamChange) -> Vec<String> {
    let log = |level: char, msg: String| capnslog(at, level, "rafthttp", &msg);
    match change {
        StreamChange::Activated => vec![log('I', format!("peer {peer} became active"))],
        StreamChange::Established(stream) => vec![log(
            'I',
            format!("established a TCP streaming connection with peer {peer} ({stream})"),
        )],
        StreamChange::Lost(stream) => vec![log(
            'W',
            format!("lost the TCP streaming connection with peer {peer} ({stream})"),
        )],
        StreamChange::Deactivated {
            action,
            stream,
            reason,
        } => vec![
            log(
                'E',
                format!("failed to {action} {peer} on {} ({reason})", stream.kind()),
            ),
            log(
                'I',
                format!("peer {peer} became inactive (message send to peer failed)"),
            ),
        ],
        // Two probers watch each peer (raft messages and snapshots); each reports.
        StreamChange::HealthCheckFailed { error } => {
            let line = log(
                'W',
                format!("health check for peer {peer} could not connect: {error}"),
            );
            vec![line.clone(), line]
        }
    }
}

/// What a member prints for each peer as it stops: its streams, then the peer itself.
pub fn stopping_peer_lines(at: &WallClock, peers: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    for peer in peers {
        let texts = [
            format!("stopping peer {peer}..."),
            format!("stopped streaming with peer {peer} (writer)"),
            format!("stopped streaming with peer {peer} (writer)"),
            format!("stopped HTTP pipelining with peer {peer}"),
            format!(
                "stopped streaming with peer {peer} ({})",
                Stream::MsgAppReader
            ),
            format!(
                "stopped streaming with peer {peer} ({})",
                Stream::MessageReader
            ),
            format!("stopped peer {peer}"),
        ];
        lines.extend(texts.iter().map(|t| capnslog(at, 'I', "rafthttp", t)));
    }
    lines
}

/// What a member prints as it applies another member's removal: it stops that peer, then
/// drops it.
pub fn removed_peer_lines(at: &WallClock, peer: &str) -> Vec<String> {
    let mut lines = stopping_peer_lines(at, &[peer.to_owned()]);
    lines.push(capnslog(
        at,
        'I',
        "rafthttp",
        &format!("removed peer {peer}"),
    ));
    lines
}

/// What etcd prints as its transport starts a peer (`rafthttp.Transport.AddPeer`): at
/// startup for the members it already knows, and when it applies another member's addition
/// it did not know yet.
pub fn starting_peer_lines(at: &WallClock, peer: u64) -> Vec<String> {
    let texts = [
        format!("starting peer {peer:x}..."),
        format!("started HTTP pipelining with peer {peer:x}"),
        format!("started streaming with peer {peer:x} (writer)"),
        format!("started streaming with peer {peer:x} (writer)"),
        format!("started streaming with peer {peer:x} (stream MsgApp v2 reader)"),
        format!("started streaming with peer {peer:x} (stream Message reader)"),
        format!("started peer {peer:x}"),
        format!("added peer {peer:x}"),
    ];
    texts
        .iter()
        .map(|t| capnslog(at, 'I', "rafthttp", t))
        .collect()
}
