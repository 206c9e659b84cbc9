//! Directory operations on [`Vfs`]: `mkdir`, `unlink`/`rmdir`, listing and `symlink`.

use super::node::NodeKind;
use super::path::check_length;
use super::{DirEntry, FsError, MAX_PATH_BYTES, Vfs};

impl Vfs {
    /// Creates the directory `path` with permission bits `mode`. With `parents`, missing
    /// ancestors are created too and an existing directory is not an error (`mkdir -p`).
    pub fn create_dir(&mut self, path: &str, parents: bool, mode: u32) -> Result<(), FsError> {
        if parents {
            return self.create_dir_all(path, mode);
        }
        let phys = self.lookup(path, false)?;
        if self.nodes.contains_key(&phys) {
            return Err(FsError::AlreadyExists);
        }
        self.put(phys, self.new_node(NodeKind::Dir, mode & 0o7777))
    }

    fn create_dir_all(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        check_length(path)?;
        let mut prefix = String::new();
        for comp in path.split('/').filter(|c| !c.is_empty()) {
            prefix.push('/');
            prefix.push_str(comp);
            match self.metadata(&prefix) {
                Ok(m) if m.is_dir() => continue,
                Ok(_) => return Err(FsError::AlreadyExists),
                Err(FsError::NotFound) => {}
                Err(e) => return Err(e),
            }
            // Ancestors get u+wx as `mkdir -p` gives them; the leaf gets `mode`.
            let m = if prefix.len() == path.trim_end_matches('/').len() {
                mode
            } else {
                0o755
            };
            self.create_dir(&prefix, false, m)?;
        }
        Ok(())
    }

    /// Removes `path` itself (a symlink, not its target). A non-empty directory needs
    /// `recursive`; an empty one goes either way (`rmdir`).
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        let (phys, node) = self.node(path, false)?;
        if phys == "/" {
            return Err(FsError::Busy);
        }
        self.check_parent_writable(&phys)?;
        if matches!(node.kind, NodeKind::Dir) {
            let below = self.descendants(&phys);
            if !below.is_empty() && !recursive {
                return Err(FsError::DirectoryNotEmpty);
            }
            for p in below {
                self.drop_node(&p);
            }
        }
        self.drop_node(&phys);
        self.touch_parent(&phys);
        Ok(())
    }

    pub(crate) fn drop_node(&mut self, phys: &str) {
        if let Some(n) = self.nodes.remove(phys) {
            self.used_bytes = self.used_bytes.saturating_sub(n.charge());
        }
    }

    /// Physical paths strictly below the directory `phys`, in key order.
    pub(crate) fn descendants(&self, phys: &str) -> Vec<String> {
        let prefix = if phys == "/" {
            "/".to_string()
        } else {
            format!("{phys}/")
        };
        self.nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| k.as_str() != "/")
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The entries of the directory `path` (symlinks to directories followed), sorted by
    /// name in byte order; `.` and `..` are not included.
    pub fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let (phys, node) = self.node(path, true)?;
        if !matches!(node.kind, NodeKind::Dir) {
            return Err(FsError::NotADirectory);
        }
        let prefix = if phys == "/" {
            "/".to_string()
        } else {
            format!("{phys}/")
        };
        let mut out: Vec<DirEntry> = self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, n)| {
                let name = k.get(prefix.len()..)?;
                (!name.is_empty() && !name.contains('/')).then(|| DirEntry {
                    name: name.to_string(),
                    metadata: n.metadata(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Creates a symlink at `link_path` whose text is `target` (which need not exist).
    pub fn symlink(&mut self, target: &str, link_path: &str) -> Result<(), FsError> {
        if target.is_empty() {
            return Err(FsError::NotFound);
        }
        if target.len() > MAX_PATH_BYTES {
            return Err(FsError::NameTooLong);
        }
        let phys = self.lookup(link_path, false)?;
        if self.nodes.contains_key(&phys) {
            return Err(FsError::AlreadyExists);
        }
        let node = self.new_node(NodeKind::Symlink(target.to_string()), 0o777);
        self.put(phys, node)
    }
}

impl Vfs {
    /// `path` and everything below it as (suffix relative to `path`, metadata) pairs, parents
    /// before children; the top is `""`. Symlinks below the top are listed, not followed;
    /// the top is followed if `follow_top`.
    pub fn walk(
        &self,
        path: &str,
        follow_top: bool,
    ) -> Result<Vec<(String, super::Metadata)>, FsError> {
        let (phys, node) = self.node(path, follow_top)?;
        let mut out = vec![(String::new(), node.metadata())];
        if matches!(node.kind, NodeKind::Dir) {
            for p in self.descendants(&phys) {
                if let Some(n) = self.nodes.get(&p) {
                    out.push((p.get(phys.len()..).unwrap_or("").to_string(), n.metadata()));
                }
            }
        }
        Ok(out)
    }
}
