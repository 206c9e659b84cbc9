//! Each planted bug, switched on, produces exactly the misbehaviour a safety checker must
//! catch; switched off (every other test), the same scenario is correct.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_network::{TestNetwork, broken_promises};
use super::{Entry, Message, MessageType, PlantedBug, StateRole};

fn with_bug(n: u64, bug: PlantedBug) -> TestNetwork {
    TestNetwork::with_config(n, |cfg| cfg.planted_bug = Some(bug))
}

fn vote(from: u64, to: u64, term: u64) -> Message {
    Message::new(MessageType::MsgVote, from, to, term)
}

#[test]
fn double_vote_grants_two_candidates_the_same_term() {
    let mut net = with_bug(3, PlantedBug::DoubleVote);
    let node = net.node(1);
    node.step(vote(2, 1, 1)).unwrap();
    node.step(vote(3, 1, 1)).unwrap();
    let granted: Vec<u64> = node
        .ready()
        .messages
        .iter()
        .filter(|m| !m.reject)
        .map(|m| m.to)
        .collect();
    assert_eq!(granted, vec![2, 3]);
}

#[test]
fn commit_without_quorum_commits_on_an_isolated_leader() {
    let mut net = with_bug(3, PlantedBug::CommitWithoutQuorum);
    net.campaign(1);
    net.isolate(1);
    net.propose(1, b"only mine");
    assert_eq!(net.raft(1).raft_log().commit_index(), 2);
}

#[test]
fn reply_before_persist_acks_entries_it_has_not_written() {
    let mut net = with_bug(3, PlantedBug::ReplyBeforePersist);
    net.campaign(1);
    net.propose(1, b"a");
    assert!(!broken_promises(&net.readies).is_empty());
}

#[test]
fn stale_leader_read_answers_from_a_minority() {
    let mut net = with_bug(3, PlantedBug::StaleLeaderRead);
    net.campaign(1);
    net.isolate(1);
    net.node(1).read_index(b"r".to_vec()).unwrap();
    assert_eq!(net.node(1).ready().read_states.len(), 1);
}

#[test]
fn append_without_term_check_obeys_a_deposed_leader() {
    let mut net = with_bug(3, PlantedBug::AppendWithoutTermCheck);
    let node = net.node(2);
    node.step(vote(3, 2, 2)).unwrap();
    assert_eq!(node.raft().term(), 2);
    let mut app = Message::new(MessageType::MsgApp, 1, 2, 1);
    app.entries = vec![Entry::new(1, 1, b"old".to_vec())];
    node.step(app).unwrap();
    assert_eq!(node.raft().raft_log().last_index(), 1);
    assert_eq!(node.raft().state(), StateRole::Follower);
}
