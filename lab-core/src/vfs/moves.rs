//! Moving and copying subtrees of a [`Vfs`] (`rename(2)` and what `cp` does node by node).

use super::node::{Node, NodeKind};
use super::path::is_within;
use super::{FsError, Vfs};

/// How [`Vfs::copy`] treats its source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CopyOptions {
    /// Copy directories with their contents; symlinks are copied as links, not followed.
    pub recursive: bool,
    /// Keep mode, owner and modification time (`cp -p`, `cp -a`) instead of taking the
    /// caller's identity and the current time.
    pub preserve: bool,
}

impl Vfs {
    /// Renames `from` to `to` (both name the links themselves). An existing `to` is replaced
    /// if it is a file and `from` is not a directory, or if both are directories and `to`
    /// is empty.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let (src, node) = self.node(from, false)?;
        let src_is_dir = matches!(node.kind, NodeKind::Dir);
        let dst = self.lookup(to, false)?;
        if src == "/" || dst == "/" {
            return Err(FsError::Busy);
        }
        if dst == src {
            return Ok(());
        }
        if is_within(&dst, &src) {
            return Err(FsError::InvalidArgument);
        }
        self.check_parent_writable(&src)?;
        self.check_parent_writable(&dst)?;
        self.clear_target(&dst, src_is_dir)?;
        let mut moved = vec![src.clone()];
        moved.extend(self.descendants(&src));
        for old in moved {
            if let Some(n) = self.nodes.remove(&old) {
                let suffix = old.get(src.len()..).unwrap_or("");
                self.nodes.insert(format!("{dst}{suffix}"), n);
            }
        }
        self.touch_parent(&src);
        self.touch_parent(&dst);
        Ok(())
    }

    /// Makes room at `dst` for a node that is (`incoming_dir`) or is not a directory.
    fn clear_target(&mut self, dst: &str, incoming_dir: bool) -> Result<(), FsError> {
        let Some(existing) = self.nodes.get(dst) else {
            return Ok(());
        };
        match (matches!(existing.kind, NodeKind::Dir), incoming_dir) {
            (true, false) => Err(FsError::IsADirectory),
            (false, true) => Err(FsError::NotADirectory),
            (true, true) if !self.descendants(dst).is_empty() => Err(FsError::DirectoryNotEmpty),
            _ => {
                self.drop_node(dst);
                Ok(())
            }
        }
    }

    /// Copies `from` to `to`. Without `recursive` the source is followed through symlinks
    /// and must not be a directory. Copying onto an existing directory merges into it;
    /// an existing file is overwritten. Fails part-way if the tree fills up, as `cp` does.
    pub fn copy(&mut self, from: &str, to: &str, opts: CopyOptions) -> Result<(), FsError> {
        let (src, node) = self.node(from, !opts.recursive)?;
        if matches!(node.kind, NodeKind::Dir) && !opts.recursive {
            return Err(FsError::IsADirectory);
        }
        let dst = self.lookup(to, true)?;
        if dst == src {
            return Err(FsError::InvalidArgument);
        }
        if matches!(node.kind, NodeKind::Dir) && is_within(&dst, &src) {
            return Err(FsError::InvalidArgument);
        }
        let mut sources = vec![(String::new(), node.clone())];
        for p in self.descendants(&src) {
            if let Some(n) = self.nodes.get(&p) {
                sources.push((p.get(src.len()..).unwrap_or("").to_string(), n.clone()));
            }
        }
        for (suffix, n) in sources {
            self.copy_node(format!("{dst}{suffix}"), n, opts.preserve)?;
        }
        Ok(())
    }

    fn copy_node(&mut self, dest: String, mut node: Node, preserve: bool) -> Result<(), FsError> {
        let incoming_dir = matches!(node.kind, NodeKind::Dir);
        if let Some(existing) = self.nodes.get(&dest) {
            let existing_dir = matches!(existing.kind, NodeKind::Dir);
            match (existing_dir, incoming_dir) {
                (true, true) => return Ok(()),
                (true, false) => return Err(FsError::IsADirectory),
                (false, true) => return Err(FsError::NotADirectory),
                (false, false) if !preserve => {
                    // Overwriting keeps the destination's inode attributes, as cp does.
                    node.mode = existing.mode;
                    node.owner = existing.owner.clone();
                    node.group = existing.group.clone();
                }
                _ => {}
            }
        } else if !preserve {
            node.owner = self.owner.clone();
            node.group = self.group.clone();
        }
        if !preserve {
            node.mtime = self.now;
        }
        self.put(dest, node)
    }
}
