//! `Node`: one directory or key of the v2 tree, with the indices etcd keeps for it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::NodeExtern;
use super::path::is_hidden;
use super::ttl::{remaining_secs, rfc3339_nano};

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
    /// When it expires (unit: Unix nanoseconds); `None` for a permanent node. Absent from
    /// stores saved before TTLs were modelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expire_at: Option<i64>,
}

impl Node {
    pub(crate) fn dir(index: u64) -> Self {
        Self {
            created_index: index,
            modified_index: index,
            body: Body::Dir(BTreeMap::new()),
            expire_at: None,
        }
    }

    pub(crate) fn value(index: u64, value: String) -> Self {
        Self {
            created_index: index,
            modified_index: index,
            body: Body::Value(value),
            expire_at: None,
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

    /// Whether this node or one below it has a TTL (etcd's `HasTTLKeys`, which asks its
    /// TTL heap).
    pub(crate) fn has_ttl(&self) -> bool {
        self.expire_at.is_some()
            || self
                .children()
                .is_some_and(|c| c.values().any(Node::has_ttl))
    }

    /// Pushes the expiration and path (below `parts`) of every node at or below this one
    /// that is due at `cutoff`. Recursion is bounded by [`super::MAX_DEPTH`].
    pub(crate) fn collect_due(
        &self,
        parts: &mut Vec<String>,
        cutoff: i64,
        out: &mut Vec<(i64, Vec<String>)>,
    ) {
        if let Some(at) = self.expire_at
            && at <= cutoff
        {
            out.push((at, parts.clone()));
        }
        for (name, child) in self.children().into_iter().flatten() {
            parts.push(name.clone());
            child.collect_due(parts, cutoff, out);
            parts.pop();
        }
    }

    /// The node as etcd shows it at `key` when the store's clock reads `now` (Unix
    /// nanoseconds): a directory lists its visible children, and theirs too if
    /// `recursive`, always in key order.
    pub(crate) fn to_extern(&self, key: &str, recursive: bool, list: bool, now: i64) -> NodeExtern {
        let mut out = NodeExtern {
            key: key.to_owned(),
            value: None,
            dir: self.is_dir(),
            expiration: self.expire_at.map(rfc3339_nano),
            ttl: self.expire_at.map_or(0, |at| remaining_secs(at, now)),
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
                        let key = format!("{prefix}/{name}");
                        child.to_extern(&key, recursive, recursive, now)
                    })
                    .collect();
            }
            Body::Dir(_) => {}
        }
        out
    }
}
