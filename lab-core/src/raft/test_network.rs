//! A synchronous in-memory network of `RawNode`s for unit tests (etcd's `network` in
//! `raft_test.go`): messages are delivered in FIFO order, links can be cut.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{
    ConfChange, MemoryStorage, Message, NodeId, Raft, RaftConfig, RaftError, RawNode, Ready,
};

/// Nodes 1..=n wired together.
pub(crate) struct TestNetwork {
    pub(crate) nodes: BTreeMap<NodeId, RawNode>,
    /// Directed links that drop everything.
    pub(crate) cut: BTreeSet<(NodeId, NodeId)>,
    /// Every `Ready` each node produced, for checking the persistence contract.
    pub(crate) readies: Vec<(NodeId, Ready)>,
    queue: VecDeque<Message>,
}

pub(crate) fn config(id: NodeId, n: u64) -> RaftConfig {
    RaftConfig::new(id, 1..=n)
}

impl TestNetwork {
    pub(crate) fn new(n: u64) -> TestNetwork {
        TestNetwork::with_config(n, |_| {})
    }

    /// Nodes 1..=n, each config adjusted by `adjust` (to turn on pre-vote, check-quorum, ...).
    pub(crate) fn with_config(n: u64, adjust: impl Fn(&mut RaftConfig)) -> TestNetwork {
        let nodes = (1..=n)
            .map(|id| {
                let rng = ChaCha8Rng::seed_from_u64(id);
                let mut cfg = config(id, n);
                adjust(&mut cfg);
                let node = RawNode::new(&cfg, MemoryStorage::new(), rng).unwrap();
                (id, node)
            })
            .collect();
        TestNetwork {
            nodes,
            cut: BTreeSet::new(),
            readies: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    /// Starts a brand-new node `id` with `cfg` (a member about to be added).
    pub(crate) fn add_node(&mut self, cfg: &RaftConfig) {
        let rng = ChaCha8Rng::seed_from_u64(cfg.id);
        let node = RawNode::new(cfg, MemoryStorage::new(), rng).unwrap();
        self.nodes.insert(cfg.id, node);
    }

    /// `n` ticks on node `id` alone, then deliver until quiet.
    pub(crate) fn tick_node(&mut self, id: NodeId, n: u32) {
        for _ in 0..n {
            self.node(id).tick();
            self.settle();
        }
    }

    pub(crate) fn raft(&self, id: NodeId) -> &Raft {
        self.nodes[&id].raft()
    }

    pub(crate) fn node(&mut self, id: NodeId) -> &mut RawNode {
        self.nodes.get_mut(&id).unwrap()
    }

    /// Cuts both directions between `a` and `b`.
    pub(crate) fn isolate_pair(&mut self, a: NodeId, b: NodeId) {
        self.cut.insert((a, b));
        self.cut.insert((b, a));
    }

    /// Cuts `id` off from everyone.
    pub(crate) fn isolate(&mut self, id: NodeId) {
        let ids: Vec<NodeId> = self.nodes.keys().copied().collect();
        for other in ids {
            self.isolate_pair(id, other);
        }
    }

    pub(crate) fn heal(&mut self) {
        self.cut.clear();
    }

    /// Lets `id` campaign and delivers until quiet.
    pub(crate) fn campaign(&mut self, id: NodeId) {
        self.node(id).campaign().unwrap();
        self.settle();
    }

    pub(crate) fn propose(&mut self, id: NodeId, data: &[u8]) {
        self.node(id).propose(data.to_vec()).unwrap();
        self.settle();
    }

    /// One tick on every node, then deliver until quiet.
    pub(crate) fn tick_all(&mut self) {
        for node in self.nodes.values_mut() {
            node.tick();
        }
        self.settle();
    }

    /// Handles every node's `Ready` and delivers messages until nothing moves.
    pub(crate) fn settle(&mut self) {
        for _ in 0..10_000 {
            self.collect_readies();
            let Some(m) = self.queue.pop_front() else {
                return;
            };
            if self.cut.contains(&(m.from, m.to)) {
                continue;
            }
            if let Some(node) = self.nodes.get_mut(&m.to) {
                match node.step(m) {
                    // A removed node still answers; its answers are refused, harmlessly.
                    Ok(()) | Err(RaftError::StepPeerNotFound) => {}
                    Err(err) => panic!("step failed: {err}"),
                }
            }
        }
        panic!("network did not settle");
    }

    fn collect_readies(&mut self) {
        for (&id, node) in self.nodes.iter_mut() {
            while node.has_ready() {
                let rd = node.ready();
                for ent in rd.committed_entries.iter().filter(|e| e.is_conf_change()) {
                    node.apply_conf_change(&ConfChange::decode(&ent.data).unwrap())
                        .unwrap();
                }
                node.advance(&rd).unwrap();
                self.queue.extend(rd.messages.iter().cloned());
                self.readies.push((id, rd));
            }
        }
    }
}

/// Replies sent before the state they promise was in the same or an earlier `Ready`'s persist
/// set: a granted vote without its hard state, an append ack beyond the persisted log.
pub(crate) fn broken_promises(readies: &[(NodeId, Ready)]) -> Vec<String> {
    use super::MessageType;
    let mut persisted_last = BTreeMap::new();
    let mut broken = Vec::new();
    for (id, rd) in readies {
        if let Some(snap) = &rd.snapshot {
            persisted_last.insert(*id, snap.metadata.index);
        }
        if let Some(last) = rd.entries.last() {
            persisted_last.insert(*id, last.index);
        }
        for m in &rd.messages {
            let vote_ok = rd.hard_state.is_some_and(|hs| hs.vote == Some(m.to));
            if m.msg_type == MessageType::MsgVoteResp && !m.reject && !vote_ok {
                broken.push(format!("node {id} granted a vote to {} unpersisted", m.to));
            }
            let last = persisted_last.get(id).copied().unwrap_or(0);
            if m.msg_type == MessageType::MsgAppResp && !m.reject && m.index > last {
                broken.push(format!("node {id} acked {} but persisted {last}", m.index));
            }
        }
    }
    broken
}
