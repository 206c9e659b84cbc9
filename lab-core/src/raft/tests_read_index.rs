//! ReadIndex stories: a leader confirms it still leads before answering, a follower asks its
//! leader, and a leader cut off from the majority cannot answer at all.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_network::TestNetwork;
use super::{NodeId, ReadState};

fn read_states(net: &TestNetwork, node: NodeId) -> Vec<ReadState> {
    net.readies
        .iter()
        .filter(|(id, _)| *id == node)
        .flat_map(|(_, rd)| rd.read_states.clone())
        .collect()
}

fn read(index: u64, ctx: &[u8]) -> ReadState {
    ReadState {
        index,
        request_ctx: ctx.to_vec(),
    }
}

#[test]
fn a_leader_answers_after_a_heartbeat_round() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.propose(1, b"x");
    net.node(1).read_index(b"r1".to_vec()).unwrap();
    net.node(1).read_index(b"r2".to_vec()).unwrap();
    assert_eq!(
        net.raft(1).read_only().pending_len(),
        2,
        "not before the round"
    );
    net.settle();
    // The answers to the second round of heartbeats confirm both reads, in order.
    assert_eq!(read_states(&net, 1), vec![read(2, b"r1"), read(2, b"r2")]);
}

#[test]
fn a_follower_gets_the_index_from_its_leader() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.propose(1, b"x");
    net.node(2).read_index(b"f".to_vec()).unwrap();
    net.settle();
    assert_eq!(read_states(&net, 2), vec![read(2, b"f")]);
}

#[test]
fn an_isolated_leader_cannot_confirm_a_read() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.isolate(1);
    net.node(1).read_index(b"stale?".to_vec()).unwrap();
    net.settle();
    net.tick_node(1, 5);
    assert!(read_states(&net, 1).is_empty());
    assert_eq!(net.raft(1).read_only().pending_len(), 1);
}

#[test]
fn a_single_voter_answers_at_once() {
    let mut net = TestNetwork::new(1);
    net.campaign(1);
    net.node(1).read_index(b"solo".to_vec()).unwrap();
    net.settle();
    assert_eq!(read_states(&net, 1), vec![read(1, b"solo")]);
}

#[test]
fn without_a_leader_the_read_is_dropped() {
    let mut net = TestNetwork::new(3);
    net.node(2).read_index(b"lost".to_vec()).unwrap();
    net.settle();
    assert!(read_states(&net, 2).is_empty());
}
