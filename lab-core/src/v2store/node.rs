//! `Node`: one directory or key of the v2 tree, with the indices etcd keeps for it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::NodeExtern;
use super::path::is_hidden;

/// What a node holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Body {
    /// A key's value.
    Value(String),
    /// A directory's children by name (sorted, as `sorted=true` lists them).
    Dir(BTreeMap<String, Node>),
}

/// A directory or key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Node {
    pub(crate) created_index: u64,
    pub(crate) modified_index: u64,
    pub(crate) body: Body,
}

impl Node {
    pub(crate) fn dir(index: u64) -> Self {
        Self {
            created_index: index,
            modified_index: index,
            body: Body::Dir(BTreeMap::new()),
        }
    }

    pub(crate) fn value(index: u64, value: String) -> Self {
        Self {
            created_index: index,
            modified_index: index,
            body: Body::Value(value),
        }
    }

    pub(crate) fn is_dir(&self) -> bool {
        matches!(self.body, Body::Dir(_))
    }

    pub(crate) fn children(&self) -> Option<&BTreeMap<String, Node>> {
        match &self.body {
            Body::Dir(children) => Some(children),
            Body::Value(_) => None,
        }
    }

    pub(crate) fn children_mut(&mut self) -> Option<&mut BTreeMap<String, Node>> {
        match &mut self.body {
            Body::Dir(children) => Some(children),
            Body::Value(_) => None,
        }
    }

    /// This node and everything below it (unit: nodes).
    pub(crate) fn count(&self) -> usize {
        1 + self
            .children()
            .map_or(0, |c| c.values().map(Node::count).sum())
    }

    /// The node as etcd shows it at `key`: a directory lists its visible children, and
    /// theirs too if `recursive`, always in key order.
    pub(crate) fn to_extern(&self, key: &str, recursive: bool, list: bool) -> NodeExtern {
        let mut out = NodeExtern {
            key: key.to_owned(),
            value: None,
            dir: self.is_dir(),
            nodes: Vec::new(),
            modified_index: self.modified_index,
            created_index: self.created_index,
        };
        match &self.body {
            Body::Value(v) => out.value = Some(v.clone()),
            Body::Dir(children) if list => {
                let prefix = if key == "/" { "" } else { key };
                out.nodes = children
                    .iter()
                    .filter(|(name, _)| !is_hidden(name))
                    .map(|(name, child)| {
                        child.to_extern(&format!("{prefix}/{name}"), recursive, recursive)
                    })
                    .collect();
            }
            Body::Dir(_) => {}
        }
        out
    }
}
