//! A synchronous in-memory network of `RawNode`s for unit tests (etcd's `network` in
//! `raft_test.go`): messages are delivered in FIFO order, links can be cut.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{MemoryStorage, Message, NodeId, Raft, RaftConfig, RawNode, Ready};

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
        let nodes = (1..=n)
            .map(|id| {
                let rng = ChaCha8Rng::seed_from_u64(id);
                let node = RawNode::new(&config(id, n), MemoryStorage::new(), rng).unwrap();
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
                node.step(m).unwrap();
            }
        }
        panic!("network did not settle");
    }

    fn collect_readies(&mut self) {
        for (&id, node) in self.nodes.iter_mut() {
            while node.has_ready() {
                let rd = node.ready();
                node.advance(&rd).unwrap();
                self.queue.extend(rd.messages.iter().cloned());
                self.readies.push((id, rd));
            }
        }
    }
}
