//! Membership stories: a learner joins and is promoted, the leader removes itself, and a
//! second change is refused while the first is unapplied.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_network::TestNetwork;
use super::{ConfChange, ConfChangeType, EntryType, NodeId, RaftConfig, RaftEvent, StateRole};

fn change(change_type: ConfChangeType, id: NodeId) -> ConfChange {
    ConfChange::new(change_type, id)
}

/// A three-node cluster led by 1, with node 4 added as a learner and caught up.
fn cluster_with_learner() -> TestNetwork {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    let add = change(ConfChangeType::AddLearnerNode, 4);
    net.node(1).propose_conf_change(&add).unwrap();
    net.settle();
    let mut cfg = RaftConfig::new(4, [1, 2, 3]);
    cfg.learners.insert(4);
    net.add_node(&cfg);
    net.tick_all();
    net
}

#[test]
fn a_learner_gets_the_log_but_no_say() {
    let mut net = cluster_with_learner();
    assert!(net.raft(1).prs().learners().contains(&4));
    net.propose(1, b"x");
    assert_eq!(
        net.raft(4).raft_log().last_index(),
        3,
        "replicated to the learner"
    );

    // Leader plus learner are two of four nodes, but only one of three voters.
    net.isolate(2);
    net.isolate(3);
    net.propose(1, b"y");
    assert_eq!(
        net.raft(1).raft_log().commit_index(),
        3,
        "no quorum without voters"
    );
    net.tick_node(4, 100);
    assert_eq!(
        net.raft(4).state(),
        StateRole::Follower,
        "learners never campaign"
    );
}

#[test]
fn promoting_a_learner_makes_it_a_voter_everywhere() {
    let mut net = cluster_with_learner();
    net.node(1)
        .propose_conf_change(&change(ConfChangeType::AddNode, 4))
        .unwrap();
    net.settle();
    for id in 1..=4 {
        let prs = net.raft(id).prs();
        assert!(prs.voters().contains(&4), "node {id}");
        assert!(prs.learners().is_empty(), "node {id}");
    }
    assert!(net.raft(4).promotable());
}

#[test]
fn a_removed_leader_steps_down_and_never_campaigns_again() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.node(1)
        .propose_conf_change(&change(ConfChangeType::RemoveNode, 1))
        .unwrap();
    net.settle();
    assert_eq!(net.raft(1).state(), StateRole::Follower);
    assert!(!net.raft(1).promotable());
    for _ in 0..100 {
        net.tick_all();
    }
    assert_ne!(net.raft(1).state(), StateRole::Leader);
    assert_eq!(net.raft(1).term(), 1, "it never campaigned");
    let leaders: Vec<u64> = [2, 3]
        .into_iter()
        .filter(|&id| net.raft(id).state() == StateRole::Leader)
        .collect();
    assert_eq!(
        leaders.len(),
        1,
        "the two remaining voters elected one of them"
    );
}

#[test]
fn only_one_conf_change_may_be_pending() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    let node = net.node(1);
    node.propose_conf_change(&change(ConfChangeType::AddLearnerNode, 4))
        .unwrap();
    node.propose_conf_change(&change(ConfChangeType::AddLearnerNode, 5))
        .unwrap();
    let events = node.take_events();
    assert!(events.contains(&RaftEvent::ConfChangeIgnored {
        pending: 2,
        applied: 1
    }));
    net.settle();
    let third = net.raft(1).raft_log().slice(3, 4, u64::MAX).unwrap();
    assert_eq!(
        third[0].entry_type,
        EntryType::EntryNormal,
        "replaced by a no-op"
    );
    assert_eq!(net.raft(1).prs().learners().len(), 1);
}

#[test]
fn removing_a_follower_shrinks_the_quorum() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.node(1)
        .propose_conf_change(&change(ConfChangeType::RemoveNode, 3))
        .unwrap();
    net.settle();
    net.isolate(2);
    net.propose(1, b"x");
    // Two voters: the leader alone is not a majority.
    assert_eq!(net.raft(1).raft_log().commit_index(), 2);
    net.heal();
    net.tick_all();
    assert_eq!(net.raft(1).raft_log().commit_index(), 3);
}
