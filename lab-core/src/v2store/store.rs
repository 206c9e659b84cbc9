//! `V2Store`: the v2 tree, its index and history; reads and the writes etcd's v2 API offers.

use serde::{Deserialize, Serialize};

use super::history::EventHistory;
use super::node::{Body, Node};
use super::path::{components, join};
use super::{Action, ErrorCode, Event, MAX_NODES, MAX_VALUE_BYTES, NodeExtern, V2Error, V2Request};

/// A member's v2 store. Writes go through Raft as [`V2Request`]s and [`V2Store::apply`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct V2Store {
    root: Node,
    index: u64,
    /// Nodes below the root (unit: nodes; at most [`MAX_NODES`]).
    nodes: usize,
    /// Not in snapshots: a restarted member's watches start from its restart.
    #[serde(skip)]
    history: EventHistory,
}

impl Default for V2Store {
    fn default() -> Self {
        Self::new()
    }
}

impl V2Store {
    /// An empty store at index 0.
    pub fn new() -> Self {
        Self {
            root: Node::dir(0),
            index: 0,
            nodes: 0,
            history: EventHistory::default(),
        }
    }

    /// The store index (`X-Etcd-Index`): the number of writes applied.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// Counts a write to etcd's internal keys (membership, cluster version), which this lab
    /// keeps elsewhere but which move the index as in etcd.
    pub fn bump_index(&mut self) {
        self.index = self.index.saturating_add(1);
    }

    /// GET `key`: a key, or a directory with its children (all levels if `recursive`).
    /// Children come in key order whether or not `sorted` was asked.
    pub fn get(&self, key: &str, recursive: bool) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let node = self.walk(&parts)?;
        let path = join(&parts);
        let mut out = node.to_extern(&path, recursive, true);
        if parts.is_empty() {
            // The root has no key and no indices in etcd's answers.
            (out.key, out.modified_index, out.created_index) = (String::new(), 0, 0);
        }
        Ok(Event {
            action: Action::Get,
            node: out,
            prev_node: None,
            index: self.index,
        })
    }

    /// Applies one write from the Raft log.
    pub fn apply(&mut self, req: &V2Request) -> Result<Event, V2Error> {
        match req {
            V2Request::Set { key, value } => self.put(key, value.as_deref(), Action::Set),
            V2Request::Create { key, value } => self.put(key, value.as_deref(), Action::Create),
            V2Request::Update { key, value } => self.update(key, value),
            V2Request::CompareAndSwap {
                key,
                prev_value,
                prev_index,
                value,
            } => self.compare_and_swap(key, prev_value.as_deref(), *prev_index, value),
            V2Request::CreateInOrder { dir, value } => self.create_in_order(dir, value),
            V2Request::Delete {
                key,
                dir,
                recursive,
            } => self.delete(key, *dir, *recursive),
            V2Request::CompareAndDelete {
                key,
                prev_value,
                prev_index,
            } => self.compare_and_delete(key, prev_value.as_deref(), *prev_index),
        }
    }

    /// The first event at or after `wait_index` on `key` (below it too if `recursive`), or
    /// `None` if there is none yet. `wait_index` 0 means "the next one".
    pub fn watch(
        &self,
        key: &str,
        recursive: bool,
        wait_index: u64,
    ) -> Result<Option<Event>, V2Error> {
        let path = clean(key, self.index)?;
        let from = if wait_index == 0 {
            self.index.saturating_add(1)
        } else {
            wait_index
        };
        self.history.scan(&path, recursive, from, self.index)
    }

    /// PUT: `value` `None` makes a directory. `Action::Set` replaces a key;
    /// `Action::Create` (`prevExist=false`) refuses an existing one.
    fn put(&mut self, key: &str, value: Option<&str>, action: Action) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let path = join(&parts);
        let existing = self.prepare_create(&parts, value)?;
        if let Some(old) = existing {
            if action == Action::Create {
                return Err(self.error(ErrorCode::NodeExist, &path));
            }
            if old.is_dir() {
                return Err(self.error(ErrorCode::NotFile, &path));
            }
        }
        let prev = existing.map(|n| n.to_extern(&path, false, false));
        let next = self.index.saturating_add(1);
        let node = match value {
            Some(v) => Node::value(next, v.to_owned()),
            None => Node::dir(next),
        };
        self.insert(&parts, node, next);
        let node = self.extern_at(&parts);
        Ok(self.record(action, node, prev))
    }

    /// POST: a key named after the new index, zero-padded to 20 digits, in `dir`.
    fn create_in_order(&mut self, dir: &str, value: &str) -> Result<Event, V2Error> {
        let mut parts = components(dir).map_err(|e| self.at_index(e))?;
        let next = self.index.saturating_add(1);
        parts.push(format!("{next:020}"));
        self.put(&join(&parts), Some(value), Action::Create)
    }

    /// PUT `prevExist=true`: the key must exist; its `createdIndex` stays. A directory
    /// may be updated too when no value is given (etcd's `updatedir`, which in etcd only
    /// renews its TTL): its `modifiedIndex` moves.
    fn update(&mut self, key: &str, value: &str) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        match self.walk(&parts) {
            Ok(dir) if dir.is_dir() && value.is_empty() => {
                let prev = dir.to_extern(&join(&parts), false, false);
                let next = self.index.saturating_add(1);
                if let Some(node) = self.node_mut(&parts) {
                    node.modified_index = next;
                }
                let node = self.extern_at(&parts);
                Ok(self.record(Action::Update, node, Some(prev)))
            }
            _ => self.rewrite(key, value, Action::Update, |_, _| Ok(())),
        }
    }

    fn compare_and_swap(
        &mut self,
        key: &str,
        prev_value: Option<&str>,
        prev_index: Option<u64>,
        value: &str,
    ) -> Result<Event, V2Error> {
        self.rewrite(key, value, Action::CompareAndSwap, |node, index| {
            compare(node, prev_value, prev_index, index)
        })
    }

    /// Replaces an existing key's value once `check` passes.
    fn rewrite(
        &mut self,
        key: &str,
        value: &str,
        action: Action,
        check: impl Fn(&Node, u64) -> Result<(), V2Error>,
    ) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let path = join(&parts);
        check_value(value, self.index)?;
        let old = self.walk(&parts)?;
        if old.is_dir() {
            return Err(self.error(ErrorCode::NotFile, &path));
        }
        check(old, self.index)?;
        let prev = old.to_extern(&path, false, false);
        let next = self.index.saturating_add(1);
        if let Some(node) = self.node_mut(&parts) {
            node.body = Body::Value(value.to_owned());
            node.modified_index = next;
        }
        let node = self.extern_at(&parts);
        Ok(self.record(action, node, Some(prev)))
    }

    /// DELETE: a key; a directory needs `dir` (empty) or `recursive`.
    fn delete(&mut self, key: &str, dir: bool, recursive: bool) -> Result<Event, V2Error> {
        self.remove(key, Action::Delete, |node, path, store| {
            if node.is_dir() && !dir && !recursive {
                return Err(store.error(ErrorCode::NotFile, path));
            }
            let empty = node.children().is_none_or(|c| c.is_empty());
            if node.is_dir() && !recursive && !empty {
                return Err(store.error(ErrorCode::DirNotEmpty, path));
            }
            Ok(())
        })
    }

    fn compare_and_delete(
        &mut self,
        key: &str,
        prev_value: Option<&str>,
        prev_index: Option<u64>,
    ) -> Result<Event, V2Error> {
        self.remove(key, Action::CompareAndDelete, |node, path, store| {
            if node.is_dir() {
                return Err(store.error(ErrorCode::NotFile, path));
            }
            compare(node, prev_value, prev_index, store.index)
        })
    }

    fn remove(
        &mut self,
        key: &str,
        action: Action,
        check: impl Fn(&Node, &str, &V2Store) -> Result<(), V2Error>,
    ) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let path = join(&parts);
        let Some((name, parent)) = parts.split_last() else {
            return Err(self.error(ErrorCode::RootReadOnly, "/"));
        };
        let old = self.walk(&parts)?;
        check(old, &path, self)?;
        let prev = old.to_extern(&path, false, false);
        let next = self.index.saturating_add(1);
        let removed = self
            .node_mut(parent)
            .and_then(Node::children_mut)
            .and_then(|c| c.remove(name));
        self.nodes = self.nodes.saturating_sub(removed.map_or(0, |n| n.count()));
        let node = NodeExtern {
            value: None,
            nodes: Vec::new(),
            modified_index: next,
            ..prev.clone()
        };
        Ok(self.record(action, node, Some(prev)))
    }

    /// Checks a create of `parts` can happen: not the root, no key on the way, room for the
    /// new nodes, a value within bounds. Returns the node already there, if any.
    fn prepare_create(
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
    fn insert(&mut self, parts: &[String], node: Node, index: u64) {
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
    fn walk(&self, parts: &[String]) -> Result<&Node, V2Error> {
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

    fn node_mut(&mut self, parts: &[String]) -> Option<&mut Node> {
        parts.iter().try_fold(&mut self.root, |node, part| {
            node.children_mut()?.get_mut(part)
        })
    }

    fn extern_at(&self, parts: &[String]) -> NodeExtern {
        self.walk(parts)
            .map(|n| n.to_extern(&join(parts), false, false))
            .unwrap_or_else(|_| NodeExtern {
                key: join(parts),
                value: None,
                dir: false,
                nodes: Vec::new(),
                modified_index: 0,
                created_index: 0,
            })
    }

    /// Moves the index on and remembers the event for watches.
    fn record(&mut self, action: Action, node: NodeExtern, prev: Option<NodeExtern>) -> Event {
        self.index = self.index.saturating_add(1);
        let event = Event {
            action,
            node,
            prev_node: prev,
            index: self.index,
        };
        self.history.push(event.clone());
        event
    }

    fn error(&self, code: ErrorCode, cause: &str) -> V2Error {
        V2Error::new(code, cause, self.index)
    }

    fn at_index(&self, err: V2Error) -> V2Error {
        V2Error {
            index: self.index,
            ..err
        }
    }
}

fn clean(key: &str, index: u64) -> Result<String, V2Error> {
    super::clean_key(key).map_err(|e| V2Error { index, ..e })
}

fn check_value(value: &str, index: u64) -> Result<(), V2Error> {
    if value.len() > MAX_VALUE_BYTES {
        let cause = format!("value larger than {MAX_VALUE_BYTES} bytes");
        return Err(V2Error::new(ErrorCode::InvalidField, cause, index));
    }
    Ok(())
}

/// etcd's compare for CAS and CAD; the cause lists each failed comparison as
/// `[asked != actual]`.
fn compare(
    node: &Node,
    prev_value: Option<&str>,
    prev_index: Option<u64>,
    index: u64,
) -> Result<(), V2Error> {
    let value = match &node.body {
        Body::Value(v) => v.as_str(),
        Body::Dir(_) => "",
    };
    let value_ok = prev_value.is_none_or(|p| p == value);
    let index_ok = prev_index.is_none_or(|p| p == node.modified_index);
    if value_ok && index_ok {
        return Ok(());
    }
    let cause = match (value_ok, index_ok) {
        (false, false) => format!(
            "[{} != {value}] [{} != {}]",
            prev_value.unwrap_or_default(),
            prev_index.unwrap_or_default(),
            node.modified_index
        ),
        (false, true) => format!("[{} != {value}]", prev_value.unwrap_or_default()),
        _ => format!(
            "[{} != {}]",
            prev_index.unwrap_or_default(),
            node.modified_index
        ),
    };
    Err(V2Error::new(ErrorCode::TestFailed, cause, index))
}
