//! The virtual file system of a simulated Linux host: an in-memory tree of directories,
//! regular files and symlinks, with Linux's errors and limits.
//!
//! Operations take absolute paths; [`resolve`] turns what a user typed into one. Symlinks are
//! followed as the kernel does (`..` after a link goes to the link target's parent).
//! Executables are [program files](program_file) whose bytes name a built-in program, and
//! `tar` archives use the lab's own [format](encode_archive).
//!
//! Time: a `Vfs` is created with the Unix time (seconds) that `SimTime::ZERO` stands for;
//! [`Vfs::set_now`] then moves its clock with the world, and every node it creates or
//! modifies is stamped with that clock, in Unix microseconds.
//!
//! ```
//! use lab_core::vfs::{Vfs, WriteMode, resolve};
//!
//! let mut fs = Vfs::linux_host("etcd1");
//! let path = resolve("/etc/etcd", "etcd.conf");
//! fs.write(&path, b"ETCD_NAME=\"etcd1\"\n", WriteMode::Truncate).expect("/etc/etcd exists");
//! assert_eq!(fs.read("/etc/etcd/etcd.conf").map(|d| d.len()), Ok(18));
//! assert_eq!(fs.read("/nope").map(|_| ()).unwrap_err().to_string(), "No such file or directory");
//! ```

mod archive;
mod dirs;
mod error;
mod host;
mod moves;
mod node;
mod path;
mod program;
mod tree;

#[cfg(test)]
mod tests;

pub use archive::{
    ArchiveEntry, ArchiveError, ArchiveKind, MAX_ARCHIVE_ENTRIES, decode_archive, encode_archive,
};
pub use error::FsError;
pub use host::{DEFAULT_EPOCH_UNIX_SECS, EXTERNAL_PROGRAMS};
pub use moves::CopyOptions;
pub use node::{DirEntry, FileType, Metadata, WriteMode};
pub(crate) use path::is_within;
pub use path::{file_name, join, parent, resolve};
pub use program::{program_file, program_name};
pub use tree::{DEV_NULL, Vfs};

/// Largest regular file, in bytes (4 MiB).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Largest total of file contents and symlink targets on one host, in bytes (64 MiB).
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Most nodes (directories, files, symlinks, the root included) on one host.
pub const MAX_NODES: usize = 100_000;
/// Longest path, in bytes (Linux's `PATH_MAX`).
pub const MAX_PATH_BYTES: usize = 4_096;
/// Longest single path component, in bytes (Linux's `NAME_MAX`).
pub const MAX_NAME_BYTES: usize = 255;
/// Most symlinks followed in one lookup (Linux's `MAXSYMLINKS`).
pub const MAX_SYMLINK_HOPS: usize = 40;
