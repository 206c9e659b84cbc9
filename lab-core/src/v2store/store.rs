//! `V2Store`: the v2 tree, its index and history; reads and the writes etcd's v2 API offers.

use serde::{Deserialize, Serialize};

use super::history::EventHistory;
use super::node::{Body, Node};
use super::path::{components, join};
use super::ttl::MIN_EXPIRE_UNIX_NANOS;
use super::{Action, ErrorCode, Event, MAX_VALUE_BYTES, TtlOptions, V2Error, V2Request};

/// A member's v2 store. Writes go through Raft as [`V2Request`]s and [`V2Store::apply`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct V2Store {
    pub(super) root: Node,
    pub(super) index: u64,
    /// Nodes below the root (unit: nodes; at most [`super::MAX_NODES`]).
    pub(super) nodes: usize,
    /// Not in snapshots: a restarted member's watches start from its restart.
    #[serde(skip)]
    pub(super) history: EventHistory,
    /// The clock of the write being applied (unit: Unix nanoseconds), for the `ttl` its
    /// answer shows (etcd's `store.clock`); set by [`V2Store::apply`].
    #[serde(skip)]
    pub(super) clock: i64,
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
            clock: 0,
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

    /// GET `key` at `now` (Unix nanoseconds, for the `ttl`s shown): a key, or a directory
    /// with its children (all levels if `recursive`). Children come in key order whether
    /// or not `sorted` was asked.
    pub fn get(&self, key: &str, recursive: bool, now: i64) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let node = self.walk(&parts)?;
        let path = join(&parts);
        let mut out = node.to_extern(&path, recursive, true, now);
        if parts.is_empty() {
            // The root has no key and no indices in etcd's answers.
            (out.key, out.modified_index, out.created_index) = (String::new(), 0, 0);
        }
        Ok(Event {
            action: Action::Get,
            node: out,
            prev_node: None,
            index: self.index,
            refresh: false,
        })
    }

    /// Applies one write from the Raft log on a member whose clock reads `now` (Unix
    /// nanoseconds). A `Sync` answers the root as a GET would: nobody waits for it.
    pub fn apply(&mut self, req: &V2Request, now: i64) -> Result<Event, V2Error> {
        self.clock = now;
        match req {
            V2Request::Set { key, value, ttl } => self.set(key, value.as_deref(), *ttl),
            V2Request::Create { key, value, ttl } => {
                self.put(key, value.as_deref(), Action::Create, *ttl)
            }
            V2Request::Update { key, value, ttl } => self.update(key, value, *ttl),
            V2Request::CompareAndSwap {
                key,
                prev_value,
                prev_index,
                value,
                ttl,
            } => self.compare_and_swap(key, (prev_value.as_deref(), *prev_index), value, *ttl),
            V2Request::CreateInOrder { dir, value, ttl } => self.create_in_order(dir, value, *ttl),
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
            V2Request::Sync { time } => {
                self.delete_expired(*time);
                self.get("/", false, now)
            }
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

    /// PUT without conditions; `refresh` keeps the key's value (it must exist) and tells no
    /// watcher.
    fn set(&mut self, key: &str, value: Option<&str>, ttl: TtlOptions) -> Result<Event, V2Error> {
        if !ttl.refresh {
            return self.put(key, value, Action::Set, ttl);
        }
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let kept = match &self.walk(&parts)?.body {
            Body::Value(v) => Some(v.clone()),
            Body::Dir(_) => value.map(str::to_owned),
        };
        self.put(key, kept.as_deref(), Action::Set, ttl)
    }

    /// PUT: `value` `None` makes a directory. `Action::Set` replaces a key;
    /// `Action::Create` (`prevExist=false`) refuses an existing one. An expiration before
    /// 2000 makes a permanent node, as etcd's `internalCreate` does.
    fn put(
        &mut self,
        key: &str,
        value: Option<&str>,
        action: Action,
        ttl: TtlOptions,
    ) -> Result<Event, V2Error> {
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
        let prev = existing.map(|n| n.to_extern(&path, false, false, self.clock));
        let next = self.index.saturating_add(1);
        let mut node = match value {
            Some(v) => Node::value(next, v.to_owned()),
            None => Node::dir(next),
        };
        node.expire_at = ttl.expiration.filter(|&at| at >= MIN_EXPIRE_UNIX_NANOS);
        self.insert(&parts, node, next);
        let node = self.extern_at(&parts);
        // Only a set renews; a create with `refresh` is an ordinary create in etcd.
        let refresh = ttl.refresh && action == Action::Set;
        Ok(self.record(action, node, prev, refresh))
    }

    /// POST: a key named after the new index, zero-padded to 20 digits, in `dir`.
    fn create_in_order(
        &mut self,
        dir: &str,
        value: &str,
        ttl: TtlOptions,
    ) -> Result<Event, V2Error> {
        let mut parts = components(dir).map_err(|e| self.at_index(e))?;
        let next = self.index.saturating_add(1);
        parts.push(format!("{next:020}"));
        self.put(&join(&parts), Some(value), Action::Create, ttl)
    }

    /// PUT `prevExist=true`: the key must exist; its `createdIndex` stays. A directory
    /// may be updated too when no value is given (etcd's `updatedir`, which renews its
    /// TTL): its `modifiedIndex` moves. Either way the TTL becomes the request's: none
    /// makes the node permanent, as etcd's `UpdateTTL` does.
    fn update(&mut self, key: &str, value: &str, ttl: TtlOptions) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        match self.walk(&parts) {
            Ok(dir) if dir.is_dir() && value.is_empty() => {
                let prev = dir.to_extern(&join(&parts), false, false, self.clock);
                let next = self.index.saturating_add(1);
                if let Some(node) = self.node_mut(&parts) {
                    node.modified_index = next;
                    node.expire_at = ttl.expiration;
                }
                let node = self.extern_at(&parts);
                Ok(self.record(Action::Update, node, Some(prev), ttl.refresh))
            }
            _ => self.rewrite(key, value, (Action::Update, ttl), |_, _| Ok(())),
        }
    }

    fn compare_and_swap(
        &mut self,
        key: &str,
        (prev_value, prev_index): (Option<&str>, Option<u64>),
        value: &str,
        ttl: TtlOptions,
    ) -> Result<Event, V2Error> {
        let action = (Action::CompareAndSwap, ttl);
        self.rewrite(key, value, action, |node, index| {
            compare(node, prev_value, prev_index, index)
        })
    }

    /// Replaces an existing key's value (its own, on a refresh) and TTL once `check`
    /// passes.
    fn rewrite(
        &mut self,
        key: &str,
        value: &str,
        (action, ttl): (Action, TtlOptions),
        check: impl Fn(&Node, u64) -> Result<(), V2Error>,
    ) -> Result<Event, V2Error> {
        let parts = components(key).map_err(|e| self.at_index(e))?;
        let path = join(&parts);
        check_value(value, self.index)?;
        let old = self.walk(&parts)?;
        let Body::Value(old_value) = &old.body else {
            return Err(self.error(ErrorCode::NotFile, &path));
        };
        check(old, self.index)?;
        let value = if ttl.refresh {
            old_value.clone()
        } else {
            value.to_owned()
        };
        let prev = old.to_extern(&path, false, false, self.clock);
        let next = self.index.saturating_add(1);
        if let Some(node) = self.node_mut(&parts) {
            node.body = Body::Value(value);
            node.modified_index = next;
            node.expire_at = ttl.expiration;
        }
        let node = self.extern_at(&parts);
        Ok(self.record(action, node, Some(prev), ttl.refresh))
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
        if parts.is_empty() {
            return Err(self.error(ErrorCode::RootReadOnly, "/"));
        }
        let old = self.walk(&parts)?;
        check(old, &path, self)?;
        let prev = old.to_extern(&path, false, false, self.clock);
        Ok(self.detach(&parts, action, prev))
    }

    pub(super) fn error(&self, code: ErrorCode, cause: &str) -> V2Error {
        V2Error::new(code, cause, self.index)
    }

    pub(super) fn at_index(&self, err: V2Error) -> V2Error {
        V2Error {
            index: self.index,
            ..err
        }
    }
}

fn clean(key: &str, index: u64) -> Result<String, V2Error> {
    super::clean_key(key).map_err(|e| V2Error { index, ..e })
}

pub(super) fn check_value(value: &str, index: u64) -> Result<(), V2Error> {
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
