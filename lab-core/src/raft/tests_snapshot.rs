//! Snapshot stories: a follower that missed entries the leader has since compacted catches up
//! from a snapshot, and a node restarts from a compacted data-dir.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::test_network::{TestNetwork, config};
use super::{ProgressState, RaftEvent, RawNode};

/// Leader 1 holds entries 1..=11, snapshotted and compacted through 11; node 3 missed 2..=11.
fn leader_compacted_past_node_3() -> TestNetwork {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.isolate(3);
    for i in 0..10u8 {
        net.propose(1, &[i]);
    }
    let snap = net.node(1).create_snapshot(b"state@11".to_vec()).unwrap();
    assert_eq!((snap.metadata.index, snap.metadata.term), (11, 1));
    net.node(1).compact(11).unwrap();
    assert_eq!(net.raft(1).raft_log().first_index(), 12);
    net
}

#[test]
fn a_follower_behind_the_compaction_point_catches_up_from_a_snapshot() {
    let mut net = leader_compacted_past_node_3();
    net.heal();
    net.tick_all();
    let events = net.node(1).take_events();
    assert!(events.contains(&RaftEvent::SnapshotSent {
        to: 3,
        index: 11,
        term: 1
    }));
    let log = net.raft(3).raft_log();
    assert_eq!(
        (log.first_index(), log.last_index(), log.commit_index()),
        (12, 11, 11)
    );
    assert_eq!(log.storage().snapshot().data, b"state@11".to_vec());
    assert_eq!(log.applied(), 11, "the snapshot counts as applied");

    // Replication resumes with plain appends after the snapshot.
    net.propose(1, b"after");
    assert_eq!(net.raft(3).raft_log().last_index(), 12);
    let pr = net.raft(1).prs().get(3).unwrap();
    assert_eq!((pr.state, pr.matched), (ProgressState::Replicate, 12));
}

#[test]
fn a_failed_snapshot_sends_the_follower_back_to_probing() {
    let mut net = leader_compacted_past_node_3();
    // Node 3 rejects an append at 11 (its log ends at 1); the leader must go back to 2,
    // which is compacted, so it sends the snapshot, and the snapshot is lost.
    net.node(1).step(rejection(3, 1, 11, 1)).unwrap();
    net.settle();
    assert_eq!(
        net.raft(1).prs().get(3).unwrap().state,
        ProgressState::Snapshot
    );
    net.node(1).report_snapshot(3, true);
    let pr = net.raft(1).prs().get(3).unwrap();
    assert_eq!((pr.state, pr.probe_sent), (ProgressState::Probe, true));
}

fn rejection(from: u64, to: u64, index: u64, hint: u64) -> super::Message {
    let mut m = super::Message::new(super::MessageType::MsgAppResp, from, to, 1);
    m.reject = true;
    m.index = index;
    m.reject_hint = hint;
    m
}

#[test]
fn a_node_restarts_from_a_compacted_data_dir() {
    let mut net = leader_compacted_past_node_3();
    net.heal();
    net.tick_all();
    let storage = net.raft(3).raft_log().storage().clone();
    let node = RawNode::new(&config(3, 3), storage, ChaCha8Rng::seed_from_u64(5)).unwrap();
    let log = node.raft().raft_log();
    assert_eq!(
        (log.first_index(), log.last_index(), log.applied()),
        (12, 11, 11)
    );
    assert_eq!(
        node.raft().prs().voters().len(),
        3,
        "membership from the snapshot"
    );
}

#[test]
fn entries_kept_for_slow_followers_are_not_applied_twice_after_a_restart() {
    let mut net = leader_compacted_past_node_3();
    net.propose(1, b"12");
    net.node(1).create_snapshot(b"state@12".to_vec()).unwrap();
    // Like etcd, keep a few entries before the snapshot for followers slightly behind.
    let storage = net.raft(1).raft_log().storage().clone();
    assert_eq!(
        (storage.first_index(), storage.snapshot().metadata.index),
        (12, 12)
    );
    let node = RawNode::new(&config(1, 3), storage, ChaCha8Rng::seed_from_u64(6)).unwrap();
    assert_eq!(
        node.raft().raft_log().applied(),
        12,
        "the snapshot covers entry 12"
    );
    assert!(!node.has_ready() || node.clone().ready().committed_entries.is_empty());
}
