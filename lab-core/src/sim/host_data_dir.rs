//! A host's etcd data-dirs, kept on its virtual disk ([`crate::data_dir`] layout): what
//! members persist, what a starting member reads, and what views of a stopped member show.
//!
//! The files are the truth. A member's open data-dir keeps a decoded copy for readers, used
//! only while the files are exactly as the member left them.

use std::borrow::Cow;

use super::Host;
use crate::data_dir::{
    DataDirError, DataDirPaths, OpenDataDir, WalMetadata, load, read_metadata, wal_exists,
};
use crate::raft::{MemoryStorage, Ready, Snapshot};
use crate::vfs::{Vfs, resolve};

impl Host {
    /// Where the data-dir at `path` keeps its files: `member/wal`, or the `--wal-dir` the
    /// last etcd started with it named.
    pub fn data_dir_paths(&self, path: &str) -> DataDirPaths {
        let abs = resolve("/", path);
        DataDirPaths::new(&abs, self.wal_dirs.get(&abs).map(String::as_str))
    }

    /// Records the `--wal-dir` of an etcd about to start with `data_dir` (`None`: inside it).
    pub fn set_wal_dir(&mut self, data_dir: &str, wal_dir: Option<&str>) {
        let abs = resolve("/", data_dir);
        match wal_dir.filter(|w| !w.is_empty()) {
            Some(w) => {
                self.wal_dirs.insert(abs, resolve("/", w));
            }
            None => {
                self.wal_dirs.remove(&abs);
            }
        }
    }

    /// Whether the data-dir at `path` holds a WAL (etcd's `wal.Exist`): a member starting
    /// there restarts rather than bootstraps.
    pub fn has_data_dir(&self, path: &str) -> bool {
        wal_exists(&self.vfs, &self.data_dir_paths(path))
    }

    /// What is persisted at `path` (snapshot, hard state, log), or `None` if nothing is or it
    /// cannot be read (see [`Host::load_data_dir`] for why).
    pub fn data_dir(&self, path: &str) -> Option<Cow<'_, MemoryStorage>> {
        self.load_data_dir(path).ok().flatten()
    }

    /// What is persisted at `path`, decoded from its files (or the running member's copy
    /// while they are untouched); `None` if it has no WAL.
    pub fn load_data_dir(
        &self,
        path: &str,
    ) -> Result<Option<Cow<'_, MemoryStorage>>, DataDirError> {
        if let Some(cached) = self.data_dirs.get(path).and_then(|d| d.cached(&self.vfs)) {
            return Ok(Some(Cow::Borrowed(cached)));
        }
        let state = load(&self.vfs, &self.data_dir_paths(path))?;
        Ok(state.map(|s| Cow::Owned(s.storage)))
    }

    /// The WAL's metadata at `path` (member id, cluster id), `None` if it has no WAL.
    pub fn data_dir_metadata(&self, path: &str) -> Result<Option<WalMetadata>, DataDirError> {
        read_metadata(&self.vfs, &self.data_dir_paths(path))
    }

    /// Opens the data-dir at `path` for a member starting now, creating it with `metadata`
    /// if it has no WAL yet; returns the Raft storage it holds.
    pub(crate) fn open_data_dir(
        &mut self,
        path: &str,
        metadata: WalMetadata,
    ) -> Result<MemoryStorage, DataDirError> {
        let paths = self.data_dir_paths(path);
        let dir = as_root(&mut self.vfs, |vfs| OpenDataDir::open(vfs, paths, metadata))?;
        let storage = dir.storage().clone();
        self.data_dirs.insert(path.to_owned(), dir);
        Ok(storage)
    }

    /// Writes what `rd` says must be durable into the open data-dir at `path`.
    pub(crate) fn persist(&mut self, path: &str, rd: &Ready) -> Result<(), DataDirError> {
        if rd.hard_state.is_none() && rd.entries.is_empty() && rd.snapshot.is_none() {
            return Ok(());
        }
        let Some(dir) = self.data_dirs.get_mut(path) else {
            return Ok(()); // never opened: no process holds it
        };
        as_root(&mut self.vfs, |vfs| dir.persist(vfs, rd))
    }

    /// Records a snapshot the member at `path` took (a `.snap` file, the backend `db`, a WAL
    /// marker), purging WAL segments and `.snap` files it makes unnecessary.
    pub(crate) fn replace_data_dir(
        &mut self,
        path: &str,
        snapshot: &Snapshot,
    ) -> Result<(), DataDirError> {
        let Some(dir) = self.data_dirs.get_mut(path) else {
            return Ok(());
        };
        as_root(&mut self.vfs, |vfs| dir.save_snapshot(vfs, snapshot))
    }

    /// Deletes the data-dir at `path` (and its `--wal-dir`); returns whether it held a WAL.
    pub(crate) fn remove_data_dir(&mut self, path: &str) -> bool {
        let paths = self.data_dir_paths(path);
        let had = wal_exists(&self.vfs, &paths);
        self.data_dirs.remove(path);
        as_root(&mut self.vfs, |vfs| {
            let _ = vfs.remove(paths.wal_dir(), true);
            let _ = vfs.remove(paths.data_dir(), true);
        });
        had
    }
}

/// Runs `f` as root, as etcd runs: the data-dir's files are root's whatever user last typed a
/// command on the host.
fn as_root<R>(vfs: &mut Vfs, f: impl FnOnce(&mut Vfs) -> R) -> R {
    if vfs.owner == "root" && vfs.group == "root" {
        return f(vfs);
    }
    let owner = std::mem::replace(&mut vfs.owner, "root".to_owned());
    let group = std::mem::replace(&mut vfs.group, "root".to_owned());
    let result = f(vfs);
    vfs.owner = owner;
    vfs.group = group;
    result
}
