//! `Vfs`: the in-memory tree, path lookup through symlinks, capacity accounting, and file
//! reads and writes. Directory operations are in `dirs.rs`, moves and copies in `moves.rs`.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use super::node::{Node, NodeKind};
use super::path::{check_length, join, parent};
use super::{FsError, MAX_FILE_BYTES, MAX_NODES, MAX_SYMLINK_HOPS, MAX_TOTAL_BYTES};
use super::{Metadata, WriteMode};
use crate::SimTime;

/// The bit bucket: writes to it succeed and are discarded, reads are empty.
pub const DEV_NULL: &str = "/dev/null";

/// A host's file system: every node keyed by its physical absolute path (no symlinks on the
/// way), so the parent of every key is a directory key and the whole tree stays reachable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vfs {
    pub(crate) nodes: BTreeMap<String, Node>,
    /// Bytes of file content and symlink targets held, against [`MAX_TOTAL_BYTES`].
    pub(crate) used_bytes: u64,
    /// Unix time (microseconds) of `SimTime::ZERO`.
    epoch_unix_micros: u64,
    /// Unix time (microseconds) stamped on nodes created or modified now.
    pub(crate) now: u64,
    /// Owner and group given to nodes created from now on (the calling process's identity).
    pub(crate) owner: String,
    pub(crate) group: String,
    /// The next [`Node::version`] to hand out.
    next_version: u64,
}

impl Vfs {
    /// An empty tree (just `/`, owned by root) whose clock reads `epoch_unix_secs`, the
    /// Unix time the lab's `SimTime::ZERO` stands for.
    pub fn new(epoch_unix_secs: u64) -> Vfs {
        let epoch = epoch_unix_secs.saturating_mul(1_000_000);
        let mut vfs = Vfs {
            nodes: BTreeMap::new(),
            used_bytes: 0,
            epoch_unix_micros: epoch,
            now: epoch,
            owner: "root".into(),
            group: "root".into(),
            next_version: 1,
        };
        let root = vfs.new_node(NodeKind::Dir, 0o755);
        vfs.nodes.insert("/".into(), root);
        vfs
    }

    /// Sets the clock used for modification times: `now` after the lab's epoch.
    pub fn set_now(&mut self, now: SimTime) {
        self.now = self.epoch_unix_micros.saturating_add(now.as_micros());
    }

    /// The current time as Unix microseconds (what `date` would print).
    pub fn now_unix_micros(&self) -> u64 {
        self.now
    }

    /// Sets the user and group that own nodes created from now on.
    pub fn set_identity(&mut self, owner: &str, group: &str) {
        self.owner = owner.to_string();
        self.group = group.to_string();
    }

    /// Number of nodes, the root included.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Bytes held by file contents and symlink targets.
    pub fn used_bytes(&self) -> u64 {
        self.used_bytes
    }

    pub(crate) fn new_node(&self, kind: NodeKind, mode: u32) -> Node {
        Node {
            kind,
            mode,
            owner: self.owner.clone(),
            group: self.group.clone(),
            mtime: self.now,
            version: 0,
        }
    }

    /// Whether the current identity has `want` (4 read, 2 write, 1 execute) on `node`.
    /// Root may do anything, as on Linux (execute bits aside, which the lab does not check).
    pub(crate) fn may(&self, node: &Node, want: u32) -> bool {
        if self.owner == "root" {
            return true;
        }
        let shift = if node.owner == self.owner {
            6
        } else if node.group == self.group {
            3
        } else {
            0
        };
        (node.mode >> shift) & want == want
    }

    /// `EACCES` unless the current identity may write into the directory holding `phys`.
    pub(crate) fn check_parent_writable(&self, phys: &str) -> Result<(), FsError> {
        match self.nodes.get(parent(phys)) {
            Some(dir) if !self.may(dir, 2) => Err(FsError::PermissionDenied),
            _ => Ok(()),
        }
    }

    /// The physical path `path` names. Symlinks along the way are followed, the last one only
    /// if `follow_last`. The returned path's parent always exists and is a directory; the path
    /// itself may not exist.
    pub(crate) fn lookup(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        check_length(path)?;
        let mut pending = components(path);
        let mut cur = String::from("/");
        let mut hops = 0usize;
        while let Some(comp) = pending.pop() {
            if comp == ".." {
                cur = parent(&cur).to_string();
                continue;
            }
            let candidate = join(&cur, &comp);
            check_length(&candidate)?;
            let last = pending.is_empty();
            match self.nodes.get(&candidate).map(|n| &n.kind) {
                None if last => return Ok(candidate),
                None => return Err(FsError::NotFound),
                Some(NodeKind::Symlink(target)) if !last || follow_last => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(FsError::TooManySymlinks);
                    }
                    if target.starts_with('/') {
                        cur = "/".into();
                    }
                    pending.extend(components(target));
                }
                Some(NodeKind::Dir) => cur = candidate,
                Some(_) if last => return Ok(candidate),
                Some(_) => return Err(FsError::NotADirectory),
            }
        }
        Ok(cur)
    }

    /// The node `path` names, following symlinks (also the last one if `follow_last`).
    pub(crate) fn node(&self, path: &str, follow_last: bool) -> Result<(String, &Node), FsError> {
        let phys = self.lookup(path, follow_last)?;
        match self.nodes.get(&phys) {
            Some(n) => Ok((phys, n)),
            None => Err(FsError::NotFound),
        }
    }

    /// Metadata of what `path` names, symlinks followed.
    pub fn metadata(&self, path: &str) -> Result<Metadata, FsError> {
        self.node(path, true).map(|(_, n)| n.metadata())
    }

    /// Metadata of `path` itself: a symlink is reported as a symlink.
    pub fn symlink_metadata(&self, path: &str) -> Result<Metadata, FsError> {
        self.node(path, false).map(|(_, n)| n.metadata())
    }

    /// The target text of the symlink at `path` (`readlink`).
    pub fn read_link(&self, path: &str) -> Result<&str, FsError> {
        match self.node(path, false)?.1.kind {
            NodeKind::Symlink(ref t) => Ok(t),
            _ => Err(FsError::InvalidArgument),
        }
    }

    /// Whether `path` names anything (symlinks followed; a dangling link does not exist).
    pub fn exists(&self, path: &str) -> bool {
        self.node(path, true).is_ok()
    }

    /// Whether `path` names a directory (symlinks followed).
    pub fn is_dir(&self, path: &str) -> bool {
        self.metadata(path).is_ok_and(|m| m.is_dir())
    }

    /// Whether `path` names a regular file (symlinks followed).
    pub fn is_file(&self, path: &str) -> bool {
        self.metadata(path).is_ok_and(|m| m.is_file())
    }

    /// The content of the regular file at `path`.
    pub fn read(&self, path: &str) -> Result<&[u8], FsError> {
        let node = self.node(path, true)?.1;
        if !self.may(node, 4) {
            return Err(FsError::PermissionDenied);
        }
        match &node.kind {
            NodeKind::File(data) => Ok(data),
            NodeKind::Dir => Err(FsError::IsADirectory),
            NodeKind::Symlink(_) => Err(FsError::TooManySymlinks),
        }
    }

    /// Writes `data` to the file at `path`, creating it (mode 0644) if absent; the parent
    /// directory must exist. Writes to an existing [`DEV_NULL`] are discarded.
    pub fn write(&mut self, path: &str, data: &[u8], mode: WriteMode) -> Result<(), FsError> {
        let phys = self.lookup(path, true)?;
        if phys == DEV_NULL && self.nodes.contains_key(DEV_NULL) {
            return Ok(());
        }
        let existing = match self.nodes.get(&phys) {
            Some(Node {
                kind: NodeKind::File(_),
                ..
            }) => true,
            Some(_) => return Err(FsError::IsADirectory),
            None => false,
        };
        if existing && mode == WriteMode::Append {
            return self.append_at(&phys, data).map(|_| ());
        }
        let kind = NodeKind::File(Arc::new(data.to_vec()));
        match self.nodes.get(&phys) {
            Some(n) => {
                let node = Node {
                    kind,
                    mtime: self.now,
                    ..n.clone()
                };
                self.put(phys, node)
            }
            None => self.put(phys, self.new_node(kind, 0o644)),
        }
    }

    /// Appends `data` to the regular file at physical path `phys`, in place unless a clone of
    /// the tree shares its bytes: O(`data.len()`) amortised, not O(file). Returns the file's
    /// new [`Vfs::version_at`].
    pub(crate) fn append_at(&mut self, phys: &str, data: &[u8]) -> Result<u64, FsError> {
        let node = self.nodes.get(phys).ok_or(FsError::NotFound)?;
        if !self.may(node, 2) {
            return Err(FsError::PermissionDenied);
        }
        let len = match &node.kind {
            NodeKind::File(bytes) => bytes.len() as u64,
            NodeKind::Dir => return Err(FsError::IsADirectory),
            NodeKind::Symlink(_) => return Err(FsError::InvalidArgument),
        };
        let added = data.len() as u64;
        if len.saturating_add(added) > MAX_FILE_BYTES {
            return Err(FsError::FileTooLarge);
        }
        let used = self.used_bytes.saturating_add(added);
        if used > MAX_TOTAL_BYTES {
            return Err(FsError::NoSpace);
        }
        let (now, version) = (self.now, self.take_version());
        if let Some(node) = self.nodes.get_mut(phys)
            && let NodeKind::File(bytes) = &mut node.kind
        {
            Arc::make_mut(bytes).extend_from_slice(data);
            node.mtime = now;
            node.version = version;
        }
        self.used_bytes = used;
        Ok(version)
    }

    /// [`Vfs::append_at`] if the file at `phys` still has change number `expected` (a
    /// process's open file that nobody replaced), in one lookup; `Ok(None)` if it is gone or
    /// was replaced, and nothing is written.
    pub(crate) fn append_if_version(
        &mut self,
        phys: &str,
        expected: u64,
        data: &[u8],
    ) -> Result<Option<u64>, FsError> {
        let added = data.len() as u64;
        let used = self.used_bytes.saturating_add(added);
        let (now, version, root) = (self.now, self.next_version, self.owner == "root");
        let Some(node) = self.nodes.get_mut(phys).filter(|n| n.version == expected) else {
            return Ok(None);
        };
        let NodeKind::File(bytes) = &mut node.kind else {
            return Ok(None);
        };
        if !root {
            return self.append_at(phys, data).map(Some);
        }
        if (bytes.len() as u64).saturating_add(added) > MAX_FILE_BYTES {
            return Err(FsError::FileTooLarge);
        }
        if used > MAX_TOTAL_BYTES {
            return Err(FsError::NoSpace);
        }
        Arc::make_mut(bytes).extend_from_slice(data);
        node.mtime = now;
        node.version = version;
        self.used_bytes = used;
        self.next_version = version.saturating_add(1);
        Ok(Some(version))
    }

    /// The change number of the node at physical path `phys` (see `Node::version`).
    pub(crate) fn version_at(&self, phys: &str) -> Option<u64> {
        self.nodes.get(phys).map(|n| n.version)
    }

    /// Physical paths and change numbers of the nodes strictly below directory `phys`, in
    /// key order.
    pub(crate) fn versions_below(&self, phys: &str) -> Vec<(&str, u64)> {
        let prefix = if phys == "/" {
            "/".to_owned()
        } else {
            format!("{phys}/")
        };
        let from = (Bound::Included(prefix.as_str()), Bound::Unbounded);
        self.nodes
            .range::<str, _>(from)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| k.as_str() != "/")
            .map(|(k, n)| (k.as_str(), n.version))
            .collect()
    }

    fn take_version(&mut self) -> u64 {
        let version = self.next_version;
        self.next_version = self.next_version.saturating_add(1);
        version
    }

    /// Inserts or replaces the node at physical `phys`, enforcing every capacity limit.
    pub(crate) fn put(&mut self, phys: String, mut node: Node) -> Result<(), FsError> {
        if node.charge() > MAX_FILE_BYTES {
            return Err(FsError::FileTooLarge);
        }
        match self.nodes.get(&phys) {
            None => self.check_parent_writable(&phys)?,
            Some(existing) if !self.may(existing, 2) => return Err(FsError::PermissionDenied),
            Some(_) => {}
        }
        let old = self.nodes.get(&phys).map_or(0, Node::charge);
        let used = self
            .used_bytes
            .saturating_sub(old)
            .saturating_add(node.charge());
        let fresh = !self.nodes.contains_key(&phys);
        if used > MAX_TOTAL_BYTES || (fresh && self.nodes.len() >= MAX_NODES) {
            return Err(FsError::NoSpace);
        }
        self.used_bytes = used;
        node.version = self.take_version();
        if fresh {
            self.touch_parent(&phys);
        }
        self.nodes.insert(phys, node);
        Ok(())
    }

    /// A new, removed or renamed entry changes its directory's mtime, as on Linux (its
    /// change number stays: the directory's content is its entries, tracked by theirs).
    pub(crate) fn touch_parent(&mut self, phys: &str) {
        let parent = match phys.rsplit_once('/') {
            Some(("", _)) => "/",
            Some((parent, _)) => parent,
            None => return,
        };
        let now = self.now;
        if let Some(dir) = self.nodes.get_mut(parent) {
            dir.mtime = now;
        }
    }

    /// Sets the permission bits of what `path` names (symlinks followed).
    pub fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        let (phys, node) = self.node(path, true)?;
        if self.owner != "root" && node.owner != self.owner {
            return Err(FsError::NotPermitted);
        }
        if let Some(n) = self.nodes.get_mut(&phys) {
            n.mode = mode & 0o7777;
        }
        Ok(())
    }

    /// Sets owner and/or group of what `path` names (symlinks followed).
    pub fn set_owner(
        &mut self,
        path: &str,
        owner: Option<&str>,
        group: Option<&str>,
    ) -> Result<(), FsError> {
        let phys = self.node(path, true)?.0;
        if self.owner != "root" {
            return Err(FsError::NotPermitted);
        }
        if let Some(n) = self.nodes.get_mut(&phys) {
            if let Some(o) = owner {
                n.owner = o.to_string();
            }
            if let Some(g) = group {
                n.group = g.to_string();
            }
        }
        Ok(())
    }

    /// Sets the modification time (Unix microseconds) of what `path` names (`touch`).
    pub fn set_mtime(&mut self, path: &str, mtime_unix_micros: u64) -> Result<(), FsError> {
        let phys = self.node(path, true)?.0;
        if let Some(n) = self.nodes.get_mut(&phys) {
            n.mtime = mtime_unix_micros;
        }
        Ok(())
    }
}

/// The meaningful components of `path`, last first (a stack to pop), `.` and empty ones dropped.
fn components(path: &str) -> Vec<String> {
    path.split('/')
        .rev()
        .filter(|c| !c.is_empty() && *c != ".")
        .map(str::to_string)
        .collect()
}
