//! One inode of the virtual tree and the metadata views handed out to callers.

use std::sync::Arc;

/// What a node is, with its payload. File bytes sit behind an `Arc` so cloning a `Vfs`
/// (the world checkpoints hosts) copies pointers, not contents; a `Vec` inside, so appending
/// to a file nobody else shares grows it in place (`Arc::make_mut`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Dir,
    File(Arc<Vec<u8>>),
    Symlink(String),
}

/// An inode: kind plus the attributes `ls -l` shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    /// Permission bits only (`0o7777`); the type lives in `kind`.
    pub(crate) mode: u32,
    pub(crate) owner: String,
    pub(crate) group: String,
    /// Modification time, microseconds since the Unix epoch.
    pub(crate) mtime: u64,
    /// Change number, unique in its tree: set afresh whenever the node is created, replaced
    /// or its content written (Linux's `i_version`); kept by renames. Lets a process that
    /// holds the file open tell whether someone else replaced or rewrote it.
    pub(crate) version: u64,
}

impl Node {
    /// Bytes the node charges against the tree's capacity.
    pub(crate) fn charge(&self) -> u64 {
        match &self.kind {
            NodeKind::Dir => 0,
            NodeKind::File(d) => d.len() as u64,
            NodeKind::Symlink(t) => t.len() as u64,
        }
    }

    pub(crate) fn metadata(&self) -> Metadata {
        let file_type = match self.kind {
            NodeKind::Dir => FileType::Dir,
            NodeKind::File(_) => FileType::File,
            NodeKind::Symlink(_) => FileType::Symlink,
        };
        Metadata {
            file_type,
            mode: self.mode,
            owner: self.owner.clone(),
            group: self.group.clone(),
            len: self.charge(),
            mtime_unix_micros: self.mtime,
        }
    }
}

/// The three kinds of node the lab models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileType {
    /// A directory.
    Dir,
    /// A regular file.
    File,
    /// A symbolic link (only seen through `symlink_metadata`).
    Symlink,
}

/// What `stat(2)` would report, in the units `ls -l` needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    /// Directory, regular file or symlink.
    pub file_type: FileType,
    /// Permission bits (`0o7777`).
    pub mode: u32,
    /// Owning user name.
    pub owner: String,
    /// Owning group name.
    pub group: String,
    /// Size in bytes: file length, symlink target length, 0 for directories.
    pub len: u64,
    /// Last modification, microseconds since the Unix epoch.
    pub mtime_unix_micros: u64,
}

impl Metadata {
    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.file_type == FileType::Dir
    }

    /// Whether this is a regular file.
    pub fn is_file(&self) -> bool {
        self.file_type == FileType::File
    }

    /// Whether this is a symlink.
    pub fn is_symlink(&self) -> bool {
        self.file_type == FileType::Symlink
    }
}

/// One entry of [`super::Vfs::read_dir`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name within its directory (no slashes).
    pub name: String,
    /// The entry's own metadata (symlinks not followed).
    pub metadata: Metadata,
}

/// How [`super::Vfs::write`] treats existing content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// Replace the content (`>`).
    Truncate,
    /// Add after the content (`>>`).
    Append,
}
