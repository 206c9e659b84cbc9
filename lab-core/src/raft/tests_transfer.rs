//! Leadership transfer stories: `etcdctl move-leader` to an up-to-date and to a lagging
//! follower, proposals refused meanwhile, and the abort when the transferee never answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_network::TestNetwork;
use super::{MessageType, RaftError, StateRole};

#[test]
fn leadership_moves_to_an_up_to_date_follower_at_once() {
    let mut net = TestNetwork::with_config(3, |cfg| cfg.check_quorum = true);
    net.campaign(1);
    net.node(1).transfer_leader(3).unwrap();
    net.settle();
    // The leases of nodes 1 and 2 did not block the election: it was asked for.
    assert_eq!(net.raft(3).state(), StateRole::Leader);
    assert_eq!(net.raft(3).term(), 2);
    assert_eq!(net.raft(1).lead(), Some(3));
}

#[test]
fn a_lagging_transferee_is_caught_up_before_it_campaigns() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.isolate(3);
    net.propose(1, b"x");
    net.heal();
    net.node(1).transfer_leader(3).unwrap();
    net.settle();
    assert_eq!(net.raft(3).state(), StateRole::Leader);
    assert_eq!(
        net.raft(3).raft_log().term(2),
        Ok(1),
        "it got the entry first"
    );
}

#[test]
fn proposals_are_dropped_until_an_unfinished_transfer_is_aborted() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.isolate(3);
    net.node(1).transfer_leader(3).unwrap();
    net.settle();
    assert_eq!(net.raft(1).lead_transferee(), Some(3));
    assert_eq!(
        net.node(1).propose(b"y".to_vec()),
        Err(RaftError::ProposalDropped)
    );
    net.tick_node(1, 10); // one election timeout
    assert_eq!(net.raft(1).lead_transferee(), None);
    assert_eq!(net.node(1).propose(b"y".to_vec()), Ok(()));
}

#[test]
fn a_follower_forwards_the_request_to_its_leader() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.node(2).transfer_leader(2).unwrap();
    net.settle();
    assert_eq!(net.raft(2).state(), StateRole::Leader);
    let forwarded = net.readies.iter().any(|(id, rd)| {
        *id == 2
            && rd
                .messages
                .iter()
                .any(|m| m.msg_type == MessageType::MsgTransferLeader && m.to == 1)
    });
    assert!(forwarded);
}

#[test]
fn transfer_to_self_or_a_stranger_is_ignored() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.node(1).transfer_leader(1).unwrap();
    net.node(1).transfer_leader(9).unwrap();
    assert_eq!(net.raft(1).lead_transferee(), None);
    assert_eq!(
        net.node(1).transfer_leader(0),
        Err(RaftError::InvalidNode(0))
    );
}
