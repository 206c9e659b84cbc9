//! The tree under [`V2Store`]: finding a node, making room for a new one, putting it in
//! place with the directories on its way, taking a subtree out, and recording each change
//! as an event in the history.

use super::node::Node;
use super::path::join;
use super::store::check_value;
use super::{Action, ErrorCode, Event, MAX_NODES, NodeExtern, V2Error, V2Store};

impl V2Store {
    /// Takes the node at `parts` (shown as `prev`) and all below it out of the tree; its
    /// event shows the key without value, at the next index.
    pub(super) fn detach(&mut self, parts: &[String], action: Action, prev: NodeExtern) -> Event {
        if let Some((name, parent)) = parts.split_last() {
            let removed = self
                .node_mut(parent)
                .and_then(Node::children_mut)
                .and_then(|c| c.remove(name));
            self.nodes = self.nodes.saturating_sub(removed.map_or(0, |n| n.count()));
        }
        let node = NodeExtern {
            key: prev.key.clone(),
            dir: prev.dir,
            modified_index: self.index.saturating_add(1),
            created_index: prev.created_index,
            ..NodeExtern::default()
        };
        self.record(action, node, Some(prev), false)
    }

    /// Checks a create of `parts` can happen: not the root, no key on the way, room for the
    /// new nodes, a value within bounds. Returns the node already there, if any.
    pub(super) fn prepare_create(
        &self,
        parts: &[String],
        value: Option<&str>,
    ) -> Result<Option<&Node>, V2Error> {
        let Some((name, parents)) = parts.split_last() else {
            return Err(self.error(ErrorCode::RootReadOnly, "/"));
        };
        if let Some(v) = value {
            check_value(v, self.index)?;
        }
        let mut node = &self.root;
        let mut missing = 0usize;
        for (i, part) in parents.iter().enumerate() {
            match node.children().and_then(|c| c.get(part)) {
                Some(child) if child.is_dir() => node = child,
                Some(_) => return Err(self.error(ErrorCode::NotDir, &join(&parts[..=i]))),
                None => {
                    missing = parents.len() - i;
                    break;
                }
            }
        }
        let existing = if missing == 0 {
            node.children().and_then(|c| c.get(name))
        } else {
            None
        };
        let added = missing + usize::from(existing.is_none());
        if self.nodes.saturating_add(added) > MAX_NODES {
            let cause = format!("the lab's v2 store holds at most {MAX_NODES} nodes");
            return Err(self.error(ErrorCode::RaftInternal, &cause));
        }
        Ok(existing)
    }

    /// Puts `node` at `parts`, creating missing directories at `index`.
    pub(super) fn insert(&mut self, parts: &[String], node: Node, index: u64) {
        let Some((name, parents)) = parts.split_last() else {
            return;
        };
        let mut added = 0usize;
        let mut dir = &mut self.root;
        for part in parents {
            let Some(children) = dir.children_mut() else {
                return;
            };
            dir = children.entry(part.clone()).or_insert_with(|| {
                added += 1;
                Node::dir(index)
            });
        }
        if let Some(children) = dir.children_mut()
            && children.insert(name.clone(), node).is_none()
        {
            added += 1;
        }
        self.nodes = self.nodes.saturating_add(added);
    }

    /// The node at `parts`, or etcd's error for the first missing or non-directory step.
    pub(super) fn walk(&self, parts: &[String]) -> Result<&Node, V2Error> {
        let mut node = &self.root;
        for (i, part) in parts.iter().enumerate() {
            let Some(children) = node.children() else {
                return Err(self.error(ErrorCode::NotDir, &join(&parts[..i])));
            };
            node = children
                .get(part)
                .ok_or_else(|| self.error(ErrorCode::KeyNotFound, &join(&parts[..=i])))?;
        }
        Ok(node)
    }

    pub(super) fn node_mut(&mut self, parts: &[String]) -> Option<&mut Node> {
        parts.iter().try_fold(&mut self.root, |node, part| {
            node.children_mut()?.get_mut(part)
        })
    }

    pub(super) fn extern_at(&self, parts: &[String]) -> NodeExtern {
        self.walk(parts)
            .map(|n| n.to_extern(&join(parts), false, false, self.clock))
            .unwrap_or_else(|_| NodeExtern {
                key: join(parts),
                ..NodeExtern::default()
            })
    }

    /// Moves the index on and remembers the event for watches (which skip a `refresh`).
    pub(super) fn record(
        &mut self,
        action: Action,
        node: NodeExtern,
        prev: Option<NodeExtern>,
        refresh: bool,
    ) -> Event {
        self.index = self.index.saturating_add(1);
        let event = Event {
            action,
            node,
            prev_node: prev,
            index: self.index,
            refresh,
        };
        self.history.push(event.clone());
        event
    }
}
