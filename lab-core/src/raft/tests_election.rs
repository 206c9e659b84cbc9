//! Pre-vote and check-quorum stories: a node coming back from a partition, a leader cut off
//! from its followers, and the leader lease that protects a healthy leader.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_network::TestNetwork;
use super::{Message, MessageType, RaftEvent, StateRole};

fn pre_vote_cluster() -> TestNetwork {
    TestNetwork::with_config(3, |cfg| cfg.pre_vote = true)
}

fn check_quorum_cluster() -> TestNetwork {
    TestNetwork::with_config(3, |cfg| cfg.check_quorum = true)
}

#[test]
fn with_pre_vote_a_partitioned_node_does_not_inflate_its_term() {
    let mut net = pre_vote_cluster();
    net.campaign(1);
    net.isolate(3);
    net.tick_node(3, 100);
    // It keeps asking whether it could win, but never moves to a new term.
    assert_eq!(net.raft(3).term(), 1);
    assert_eq!(net.raft(3).state(), StateRole::PreCandidate);

    net.heal();
    net.tick_all();
    assert_eq!(
        net.raft(1).state(),
        StateRole::Leader,
        "the leader survived"
    );
    assert_eq!(net.raft(1).term(), 1);
    assert_eq!(net.raft(3).lead(), Some(1), "node 3 rejoined as follower");
}

#[test]
fn without_pre_vote_the_returning_node_deposes_the_leader() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.isolate(3);
    net.tick_node(3, 100);
    let inflated = net.raft(3).term();
    assert!(
        inflated > 2,
        "term {inflated}: each timeout started a real election"
    );

    net.heal();
    net.tick_all();
    assert_ne!(net.raft(1).term(), 1, "the healthy leader was disturbed");
}

#[test]
fn pre_vote_single_node_goes_straight_to_leader() {
    let mut net = TestNetwork::with_config(1, |cfg| cfg.pre_vote = true);
    net.campaign(1);
    assert_eq!(net.raft(1).state(), StateRole::Leader);
    assert_eq!(net.raft(1).term(), 1);
}

#[test]
fn pre_vote_wins_then_a_real_election_follows() {
    let mut net = pre_vote_cluster();
    net.campaign(2);
    assert_eq!(
        (net.raft(2).state(), net.raft(2).term()),
        (StateRole::Leader, 1)
    );
    let pre_votes = net
        .readies
        .iter()
        .flat_map(|(_, rd)| &rd.messages)
        .filter(|m| m.msg_type == MessageType::MsgPreVote)
        .count();
    assert_eq!(pre_votes, 2, "one pre-vote request per peer");
}

#[test]
fn check_quorum_makes_an_isolated_leader_step_down() {
    let mut net = check_quorum_cluster();
    net.campaign(1);
    net.isolate(1);
    // One election timeout to clear the activity flags, another to find nobody answered.
    net.tick_node(1, 20);
    assert_eq!(net.raft(1).state(), StateRole::Follower);
    assert_eq!(
        net.raft(1).term(),
        1,
        "stepping down does not start a new term"
    );
    let events = net.node(1).take_events();
    assert!(events.contains(&RaftEvent::SteppedDown { term: 1 }));
    assert_eq!(
        RaftEvent::SteppedDown { term: 1 }.to_string(),
        "stepped down to follower since quorum is not active"
    );
}

#[test]
fn check_quorum_keeps_a_leader_that_hears_from_a_majority() {
    let mut net = check_quorum_cluster();
    net.campaign(1);
    net.isolate(3);
    for _ in 0..50 {
        net.tick_all();
    }
    assert_eq!(net.raft(1).state(), StateRole::Leader);
}

#[test]
fn the_leader_lease_ignores_votes_while_the_leader_is_alive() {
    let mut net = check_quorum_cluster();
    net.campaign(1);
    let mut vote = Message::new(MessageType::MsgVote, 3, 2, 5);
    vote.index = 10;
    vote.log_term = 4;
    net.node(2).step(vote).unwrap();
    assert_eq!(net.raft(2).term(), 1, "the higher term was not adopted");
    assert!(
        net.node(2).ready().messages.is_empty(),
        "not even a rejection"
    );
}

#[test]
fn a_deposed_leader_learns_the_new_term_from_its_old_followers() {
    let mut net = check_quorum_cluster();
    net.campaign(1);
    net.isolate(1);
    net.campaign(2);
    assert_eq!(net.raft(2).term(), 2);
    // Node 1 still thinks it leads term 1. Its next heartbeat reaches node 3, whose answer at
    // term 2 tells it to step down: with leases, no vote request would ever reach it.
    net.heal();
    net.tick_node(1, 1);
    assert_eq!(net.raft(1).state(), StateRole::Follower);
    assert_eq!(net.raft(1).term(), 2);
}
