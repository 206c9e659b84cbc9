//! `Env`: a cluster of `RawNode`s driven one command at a time, printing what happens the way
//! etcd-io/raft's `InteractionEnv` does. The network is a queue the script delivers from
//! explicitly (`deliver-msgs`, `stabilize`), so every interleaving is spelled out.

#![allow(dead_code)]

pub mod describe;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use lab_core::raft::{ConfChange, MemoryStorage, Message, NodeId, RaftConfig, RawNode};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Rounds `stabilize` runs before giving up (a livelock in a script, not in Raft).
const MAX_STABILIZE_ROUNDS: usize = 100;

/// The nodes, the undelivered messages and the transcript.
#[derive(Default)]
pub struct Env {
    pub nodes: BTreeMap<NodeId, RawNode>,
    configs: BTreeMap<NodeId, RaftConfig>,
    queue: Vec<Message>,
    isolated: BTreeSet<NodeId>,
    pub out: String,
}

impl Env {
    pub fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }

    /// Adds `cfgs` as fresh nodes with empty logs.
    pub fn add_nodes(&mut self, cfgs: Vec<RaftConfig>) -> Result<(), String> {
        for cfg in cfgs {
            let rng = ChaCha8Rng::seed_from_u64(cfg.id);
            let node = RawNode::new(&cfg, MemoryStorage::new(), rng).map_err(|e| e.to_string())?;
            self.nodes.insert(cfg.id, node);
            self.configs.insert(cfg.id, cfg.clone());
            self.log_events(cfg.id, 0);
        }
        Ok(())
    }

    pub fn node(&mut self, id: NodeId) -> Result<&mut RawNode, String> {
        self.nodes
            .get_mut(&id)
            .ok_or_else(|| format!("no node {id}"))
    }

    /// Prints what node `id` reported, as etcd's log lines.
    pub fn log_events(&mut self, id: NodeId, indent: usize) {
        let Some(node) = self.nodes.get_mut(&id) else {
            return;
        };
        for event in node.take_events() {
            self.line(indent, &format!("INFO {id:x} {event}"));
        }
    }

    /// Handles one `Ready`: persist (the node's own storage), apply conf changes, advance,
    /// and queue its messages unless either end is isolated.
    pub fn process_ready(&mut self, id: NodeId) -> Result<(), String> {
        let node = self.node(id)?;
        if !node.has_ready() {
            return Ok(());
        }
        let rd = node.ready();
        for ent in rd.committed_entries.iter().filter(|e| e.is_conf_change()) {
            let cc = ConfChange::decode(&ent.data).map_err(|e| e.to_string())?;
            node.apply_conf_change(&cc).map_err(|e| e.to_string())?;
        }
        node.advance(&rd).map_err(|e| e.to_string())?;
        self.line(0, &format!("> {id:x} handling Ready"));
        for text in describe::ready(&rd) {
            self.line(2, &text);
        }
        self.log_events(id, 2);
        for m in rd.messages {
            if !self.isolated.contains(&m.from) && !self.isolated.contains(&m.to) {
                self.queue.push(m);
            }
        }
        Ok(())
    }

    /// Delivers every queued message addressed to `id`, in order.
    pub fn deliver_msgs(&mut self, id: NodeId) -> Result<bool, String> {
        let (mine, rest): (Vec<Message>, Vec<Message>) = std::mem::take(&mut self.queue)
            .into_iter()
            .partition(|m| m.to == id);
        self.queue = rest;
        if mine.is_empty() {
            return Ok(false);
        }
        self.line(0, &format!("> {id:x} receiving messages"));
        for m in mine {
            self.line(2, &describe::message(&m));
            if let Err(err) = self.node(id)?.step(m) {
                self.line(2, &format!("ERROR {err}"));
            }
            self.log_events(id, 2);
        }
        Ok(true)
    }

    /// Processes readies and delivers messages among `ids` until nothing moves.
    pub fn stabilize(&mut self, ids: &[NodeId]) -> Result<(), String> {
        for _ in 0..MAX_STABILIZE_ROUNDS {
            let mut moved = false;
            for &id in ids {
                if self.node(id)?.has_ready() {
                    self.process_ready(id)?;
                    moved = true;
                }
            }
            for &id in ids {
                moved |= self.deliver_msgs(id)?;
            }
            if !moved {
                return Ok(());
            }
        }
        Err("stabilize did not settle".into())
    }

    pub fn tick(&mut self, id: NodeId, ticks: u32) -> Result<(), String> {
        for _ in 0..ticks {
            self.node(id)?.tick();
        }
        self.log_events(id, 0);
        Ok(())
    }

    pub fn config(&self, id: NodeId) -> Result<&RaftConfig, String> {
        self.configs.get(&id).ok_or_else(|| format!("no node {id}"))
    }

    /// Drops every message to or from `id` from now on, and those already queued.
    pub fn isolate(&mut self, id: NodeId) {
        self.isolated.insert(id);
        self.queue.retain(|m| m.from != id && m.to != id);
    }

    pub fn heal(&mut self) {
        self.isolated.clear();
    }

    /// Ids of all nodes, in order.
    pub fn ids(&self) -> Vec<NodeId> {
        self.nodes.keys().copied().collect()
    }
}
