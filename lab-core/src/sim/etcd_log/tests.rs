//! Each line format against the text real etcd 3.4.23 printed in the reference transcripts.

use super::*;
use crate::raft::{ConfState, MessageType, VotePositions};
use crate::sim::{Stream, StreamChange};
use crate::time::{SimTime, WallClock};

/// 2026-11-22 10:17:01.573831, the first etcdmain line of the reference's etcd1.
fn at() -> WallClock {
    WallClock::at(SimTime::from_micros(1_573_831))
}

#[test]
fn a_candidate_logs_its_own_vote_and_each_request_like_raft() {
    let id = 0xa3b3534325d6dc15;
    let kind = TraceKind::BecameCandidate {
        member: "etcd1".into(),
        term: 2,
    };
    let lines = raft_event_lines(&at(), id, &kind, &|n| n.to_owned());
    assert_eq!(
        lines,
        [
            "raft2026/11/22 10:17:01 INFO: a3b3534325d6dc15 became candidate at term 2",
            "raft2026/11/22 10:17:01 INFO: a3b3534325d6dc15 received MsgVoteResp from a3b3534325d6dc15 at term 2",
        ]
    );
    assert_eq!(
        vote_request_text(false, 1, 3, 0x2a51f264ed200d47, 2),
        "[logterm: 1, index: 3] sent MsgVote request to 2a51f264ed200d47 at term 2"
    );
}

#[test]
fn a_voter_logs_the_higher_term_then_its_vote_with_both_positions() {
    assert_eq!(
        higher_term_text(1, MessageType::MsgVote, 0xa3b3534325d6dc15, 2),
        "[term: 1] received a MsgVote message with higher term from a3b3534325d6dc15 [term: 2]"
    );
    let positions = VotePositions {
        voter: (1, 3),
        vote: 0,
        candidate: (1, 3),
    };
    assert_eq!(
        vote_text(false, 0xa3b3534325d6dc15, positions, 2, Verdict::Cast),
        "[logterm: 1, index: 3, vote: 0] cast MsgVote for a3b3534325d6dc15 [logterm: 1, index: 3] at term 2"
    );
}

#[test]
fn configurations_are_listed_in_decimal_like_raft_3_4() {
    let cs = ConfState {
        voters: [3049484937995488583, 11795863396876213269].into(),
        learners: Default::default(),
    };
    assert_eq!(
        election::conf_change_text(&cs),
        "switched to configuration voters=(3049484937995488583 11795863396876213269)"
    );
}

#[test]
fn the_old_leader_is_named_when_it_is_lost() {
    let kind = TraceKind::LeaderChanged {
        member: "etcd1".into(),
        leader: None,
        term: 3,
        previous: Some("c7f85f563d9b5b00".into()),
    };
    let lines = raft_event_lines(&at(), 0x158d2c9442d7483e, &kind, &|n| n.to_owned());
    assert_eq!(
        lines,
        [
            "raft2026/11/22 10:17:01 INFO: raft.node: 158d2c9442d7483e lost leader c7f85f563d9b5b00 at term 3"
        ]
    );
}

#[test]
fn a_killed_peer_reads_as_in_the_reference() {
    let peer = "c7f85f563d9b5b00";
    let lost = peer_stream_lines(&at(), peer, &StreamChange::Lost(Stream::MessageReader));
    assert_eq!(
        lost,
        [
            "2026-11-22 10:17:01.573831 W | rafthttp: lost the TCP streaming connection with peer c7f85f563d9b5b00 (stream Message reader)"
        ]
    );
    let change = StreamChange::Deactivated {
        action: "read".into(),
        stream: Stream::MessageReader,
        reason: "unexpected EOF".into(),
    };
    assert_eq!(
        peer_stream_lines(&at(), peer, &change),
        [
            "2026-11-22 10:17:01.573831 E | rafthttp: failed to read c7f85f563d9b5b00 on stream Message (unexpected EOF)",
            "2026-11-22 10:17:01.573831 I | rafthttp: peer c7f85f563d9b5b00 became inactive (message send to peer failed)",
        ]
    );
    let probe = StreamChange::HealthCheckFailed {
        error: "dial tcp 127.0.0.1:23380: connect: connection refused".into(),
    };
    let lines = peer_stream_lines(&at(), "e4a02ceb6009da9f", &probe);
    assert_eq!(lines.len(), 2, "two probers per peer");
    assert_eq!(
        lines[0],
        "2026-11-22 10:17:01.573831 W | rafthttp: health check for peer e4a02ceb6009da9f could not connect: dial tcp 127.0.0.1:23380: connect: connection refused"
    );
}

#[test]
fn sigterm_on_a_follower_and_on_a_leader() {
    assert_eq!(
        graceful_stop_lines(&at(), 15, &StopTransfer::NotLeader),
        [
            "2026-11-22 10:17:01.573831 N | pkg/osutil: received terminated signal, shutting down...",
            "2026-11-22 10:17:01.573831 I | etcdserver: skipped leadership transfer for stopping non-leader member",
        ]
    );
    let to = StopTransfer::To("a3b3534325d6dc15".into(), "2bbabdd22fc3c813".into());
    assert_eq!(
        graceful_stop_lines(&at(), 15, &to)[1],
        "2026-11-22 10:17:01.573831 I | etcdserver: a3b3534325d6dc15 starts leadership transfer from a3b3534325d6dc15 to 2bbabdd22fc3c813"
    );
    let stop = stopping_peer_lines(&at(), &["2a51f264ed200d47".into()]);
    assert_eq!(
        stop.first().map(String::as_str),
        Some("2026-11-22 10:17:01.573831 I | rafthttp: stopping peer 2a51f264ed200d47...")
    );
    assert_eq!(
        stop.last().map(String::as_str),
        Some("2026-11-22 10:17:01.573831 I | rafthttp: stopped peer 2a51f264ed200d47")
    );
}

#[test]
fn failures_and_membership_lines() {
    assert_eq!(
        publish_error_line(&at()),
        "2026-11-22 10:17:01.573831 E | etcdserver: publish error: etcdserver: request timed out"
    );
    assert_eq!(
        fatal(&at(), "member etcd1 has already been bootstrapped"),
        "2026-11-22 10:17:01.573831 C | etcdmain: member etcd1 has already been bootstrapped"
    );
    assert_eq!(
        member_removed_line(&at(), 0x80dbc500c75cda70, 0x2e67c5e19f4a4c),
        "2026-11-22 10:17:01.573831 I | etcdserver/membership: removed member 80dbc500c75cda70 from cluster 2e67c5e19f4a4c"
    );
    assert_eq!(
        member_added_line(
            &at(),
            0x2a51f264ed200d47,
            &["http://127.0.0.1:22380".into()],
            0x3709dcd1912cdc05
        ),
        "2026-11-22 10:17:01.573831 I | etcdserver/membership: added member 2a51f264ed200d47 [http://127.0.0.1:22380] to cluster 3709dcd1912cdc05"
    );
    assert_eq!(
        permanently_removed_line(&at(), false)[0],
        "2026-11-22 10:17:01.573831 E | etcdserver: the member has been permanently removed from the cluster"
    );
}
