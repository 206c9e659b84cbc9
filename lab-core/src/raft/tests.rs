//! Protocol tests on a synchronous network, in the spirit of etcd-io/raft's `raft_test.go`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::test_network::{TestNetwork, broken_promises, config};
use super::{
    Entry, MemoryStorage, Message, MessageType, RaftError, RaftLog, RawNode, StateRole, VoteResult,
};

fn vote_request(from: u64, to: u64, term: u64, index: u64, log_term: u64) -> Message {
    let mut m = Message::new(MessageType::MsgVote, from, to, term);
    m.index = index;
    m.log_term = log_term;
    m
}

#[test]
fn single_node_elects_itself_on_timeout() {
    let rng = ChaCha8Rng::seed_from_u64(7);
    let mut node = RawNode::new(&config(1, 1), MemoryStorage::new(), rng).unwrap();
    for _ in 0..20 {
        node.tick();
    }
    assert_eq!(node.raft().state(), StateRole::Leader);
    assert_eq!(node.raft().term(), 1);
    let rd = node.ready();
    assert_eq!(rd.entries, vec![Entry::new(1, 1, Vec::new())]);
    assert_eq!(
        rd.committed_entries.len(),
        1,
        "a lone voter commits at once"
    );
}

#[test]
fn three_nodes_elect_the_campaigner_and_agree_on_commit() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    assert_eq!(net.raft(1).state(), StateRole::Leader);
    for id in 1..=3 {
        let r = net.raft(id);
        assert_eq!((r.term(), r.lead()), (1, Some(1)), "node {id}");
        assert_eq!(
            r.raft_log().commit_index(),
            1,
            "node {id}: the no-op committed"
        );
    }
}

#[test]
fn election_timeout_is_randomized_in_etcd_range() {
    let mut net = TestNetwork::new(3);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        net.node(1).campaign().unwrap();
        let t = net.raft(1).randomized_election_timeout();
        assert!((10..20).contains(&t), "timeout {t} outside [10, 20)");
        seen.insert(t);
    }
    assert!(seen.len() > 5, "timeouts should vary: {seen:?}");
}

#[test]
fn a_leader_emerges_from_ticks_alone() {
    let mut net = TestNetwork::new(3);
    for _ in 0..100 {
        net.tick_all();
    }
    let leaders: Vec<u64> = (1..=3)
        .filter(|&id| net.raft(id).state() == StateRole::Leader)
        .collect();
    assert_eq!(leaders.len(), 1, "exactly one leader: {leaders:?}");
}

#[test]
fn grants_one_vote_per_term() {
    let mut net = TestNetwork::new(3);
    let node = net.node(1);
    node.step(vote_request(2, 1, 1, 0, 0)).unwrap();
    node.step(vote_request(3, 1, 1, 0, 0)).unwrap();
    let rd = node.ready();
    let answers: Vec<(u64, bool)> = rd.messages.iter().map(|m| (m.to, m.reject)).collect();
    assert_eq!(answers, vec![(2, false), (3, true)]);
    assert_eq!(node.raft().vote(), Some(2));
    // The same candidate asking again (a retransmission) gets the same answer.
    node.step(vote_request(2, 1, 1, 0, 0)).unwrap();
    assert!(!node.ready().messages[0].reject);
}

#[test]
fn rejects_a_candidate_with_a_stale_log() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.propose(1, b"x");
    // Node 3 has index 2 at term 1; a candidate whose log ends at (1, 1) is behind.
    let node = net.node(3);
    node.step(vote_request(2, 3, 2, 1, 1)).unwrap();
    let rd = node.ready();
    assert!(rd.messages[0].reject);
    assert_eq!(node.raft().vote(), None);
}

#[test]
fn proposals_replicate_and_followers_learn_the_commit() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.propose(1, b"a");
    net.propose(1, b"b");
    for id in 1..=3 {
        let log = net.raft(id).raft_log();
        assert_eq!((log.last_index(), log.commit_index()), (3, 3), "node {id}");
        assert_eq!(log.slice(3, 4, u64::MAX).unwrap()[0].data, b"b".to_vec());
    }
}

#[test]
fn a_minority_leader_cannot_commit_and_its_entries_are_overwritten() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.isolate(1);
    net.propose(1, b"lost");
    assert_eq!(net.raft(1).raft_log().last_index(), 2);
    assert_eq!(net.raft(1).raft_log().commit_index(), 1);

    net.campaign(2);
    net.propose(2, b"kept");
    net.heal();
    net.tick_all(); // heartbeat from 2 makes 1 step down and catch up
    let log = net.raft(1).raft_log();
    assert_eq!(net.raft(1).state(), StateRole::Follower);
    assert_eq!(log.term(2), Ok(2), "the term-1 entry was truncated");
    assert_eq!(log.slice(3, 4, u64::MAX).unwrap()[0].data, b"kept".to_vec());
    assert_eq!(log.commit_index(), 3);
}

#[test]
fn entries_from_earlier_terms_commit_only_through_the_current_term() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    // Node 2 gets the proposal but its acknowledgement is lost, so node 1 cannot commit it.
    net.cut.insert((1, 3));
    net.cut.insert((2, 1));
    net.propose(1, b"old");
    assert_eq!(net.raft(1).raft_log().commit_index(), 1);
    // Node 2 wins term 2 with node 3's vote; the old entry commits with the term-2 no-op.
    net.campaign(2);
    let log = net.raft(2).raft_log();
    assert_eq!(net.raft(2).state(), StateRole::Leader);
    assert_eq!((log.term(2), log.term(3)), (Ok(1), Ok(2)));
    assert_eq!(log.commit_index(), 3);
    assert_eq!(net.raft(3).raft_log().term(2), Ok(1), "node 3 caught up");
}

#[test]
fn a_leader_does_not_count_replicas_of_an_old_term_entry() {
    let mut storage = MemoryStorage::new();
    let ents = [Entry::new(1, 1, Vec::new()), Entry::new(1, 2, Vec::new())];
    storage.append(&ents).unwrap();
    let mut log = RaftLog::new(storage).unwrap();
    assert_eq!(log.maybe_commit(2, 2), Ok(false), "index 2 is from term 1");
    log.append(&[Entry::new(2, 3, Vec::new())]).unwrap();
    assert_eq!(log.maybe_commit(3, 2), Ok(true));
    assert_eq!(log.commit_index(), 3);
}

#[test]
fn follower_rejects_an_append_it_cannot_match_with_a_hint() {
    let mut net = TestNetwork::new(3);
    let node = net.node(2);
    let mut m = Message::new(MessageType::MsgApp, 1, 2, 1);
    m.index = 5;
    m.log_term = 1;
    m.entries = vec![Entry::new(1, 6, Vec::new())];
    node.step(m).unwrap();
    let resp = &node.ready().messages[0];
    assert_eq!(resp.msg_type, MessageType::MsgAppResp);
    assert!(resp.reject);
    assert_eq!((resp.index, resp.reject_hint), (5, 0));
}

#[test]
fn a_follower_forwards_proposals_to_its_leader() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    assert_eq!(net.node(2).propose(b"via-2".to_vec()), Ok(()));
    net.settle();
    for id in 1..=3 {
        let log = net.raft(id).raft_log();
        let last = log.slice(log.last_index(), log.last_index() + 1, u64::MAX);
        assert_eq!(last.unwrap()[0].data, b"via-2", "node {id}");
        assert_eq!(log.commit_index(), log.last_index(), "committed on {id}");
    }
}

#[test]
fn without_a_leader_proposals_are_dropped() {
    let mut net = TestNetwork::new(3);
    assert_eq!(
        net.node(2).propose(b"x".to_vec()),
        Err(RaftError::ProposalDropped),
        "a follower that knows no leader"
    );
    net.isolate(1);
    net.node(1).campaign().unwrap();
    assert_eq!(
        net.node(1).propose(b"x".to_vec()),
        Err(RaftError::ProposalDropped),
        "a candidate"
    );
}

#[test]
fn malformed_messages_are_refused_without_effect() {
    let mut net = TestNetwork::new(3);
    let node = net.node(1);
    let before = format!("{:?}", node.raft());
    let wrong_to = Message::new(MessageType::MsgHeartbeat, 2, 3, 1);
    assert!(matches!(
        node.step(wrong_to),
        Err(RaftError::WrongRecipient { .. })
    ));
    let no_term = Message::new(MessageType::MsgHeartbeat, 2, 1, 0);
    assert!(matches!(
        node.step(no_term),
        Err(RaftError::MissingTerm { .. })
    ));
    let stranger = Message::new(MessageType::MsgAppResp, 9, 1, 1);
    assert_eq!(node.step(stranger), Err(RaftError::StepPeerNotFound));
    let mut gappy = Message::new(MessageType::MsgApp, 2, 1, 1);
    gappy.entries = vec![Entry::new(1, 3, Vec::new())];
    assert!(matches!(
        node.step(gappy),
        Err(RaftError::MalformedEntries { .. })
    ));
    assert_eq!(before, format!("{:?}", node.raft()));
}

#[test]
fn every_promise_travels_with_the_state_it_depends_on() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.propose(1, b"a");
    net.propose(1, b"b");
    assert_eq!(broken_promises(&net.readies), Vec::<String>::new());
}

#[test]
fn a_restarted_node_keeps_term_vote_and_log() {
    let mut net = TestNetwork::new(3);
    net.campaign(1);
    net.propose(1, b"a");
    let storage = net.raft(2).raft_log().storage().clone();
    let rng = ChaCha8Rng::seed_from_u64(99);
    let node = RawNode::new(&config(2, 3), storage, rng).unwrap();
    let r = node.raft();
    assert_eq!(
        (r.term(), r.vote(), r.state()),
        (1, Some(1), StateRole::Follower)
    );
    assert_eq!(r.raft_log().last_index(), 2);
    assert_eq!(r.raft_log().commit_index(), 2);
    assert!(
        node.has_ready(),
        "committed entries are re-applied after a restart"
    );
}

#[test]
fn probing_a_silent_follower_sends_one_append_at_a_time() {
    let mut net = TestNetwork::new(3);
    net.isolate_pair(1, 3);
    net.campaign(1);
    let before = net.readies.len();
    for i in 0..5u8 {
        net.propose(1, &[i]);
    }
    let apps_to_3 = net.readies[before..]
        .iter()
        .flat_map(|(_, rd)| &rd.messages)
        .filter(|m| m.to == 3 && m.msg_type == MessageType::MsgApp)
        .count();
    assert_eq!(apps_to_3, 0, "probe already outstanding since the election");
}

#[test]
fn poll_counts_only_first_answers() {
    let mut net = TestNetwork::new(3);
    net.isolate(1);
    net.campaign(1);
    let raft = net.nodes.get_mut(&1).unwrap();
    let mut resp = Message::new(MessageType::MsgVoteResp, 2, 1, 1);
    resp.reject = true;
    raft.step(resp.clone()).unwrap();
    resp.reject = false;
    raft.step(resp).unwrap();
    assert_eq!(raft.raft().prs().tally_votes().2, VoteResult::Pending);
}
