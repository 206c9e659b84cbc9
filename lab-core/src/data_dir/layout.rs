//! Where a data-dir's files live: etcd 3.4's `member/snap`, `member/wal` (or `--wal-dir`)
//! layout, as absolute paths on a host.

use crate::vfs::{join, resolve};

/// Mode of every directory etcd creates in a data-dir (`fileutil.PrivateDirMode`).
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// Mode of the files etcd writes there (`fileutil.PrivateFileMode`).
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// A data-dir and its WAL dir, both absolute and normalised. A relative `--data-dir` is
/// taken from `/`, the working directory of a process systemd starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DataDirPaths {
    data_dir: String,
    wal_dir: String,
}

impl DataDirPaths {
    /// The layout for `--data-dir data_dir` and, if given, `--wal-dir wal_dir`.
    pub fn new(data_dir: &str, wal_dir: Option<&str>) -> DataDirPaths {
        let data_dir = resolve("/", data_dir);
        let wal_dir = match wal_dir.filter(|w| !w.is_empty()) {
            Some(w) => resolve("/", w),
            None => format!("{}/member/wal", data_dir.trim_end_matches('/')),
        };
        DataDirPaths { data_dir, wal_dir }
    }

    /// `--data-dir`.
    pub fn data_dir(&self) -> &str {
        &self.data_dir
    }

    /// `<data-dir>/member`.
    pub fn member_dir(&self) -> String {
        join(&self.data_dir, "member")
    }

    /// `<data-dir>/member/snap`: `.snap` files and the backend `db`.
    pub fn snap_dir(&self) -> String {
        join(&self.member_dir(), "snap")
    }

    /// `<data-dir>/member/snap/db`.
    pub fn db_path(&self) -> String {
        join(&self.snap_dir(), "db")
    }

    /// `<data-dir>/member/wal`, or `--wal-dir`.
    pub fn wal_dir(&self) -> &str {
        &self.wal_dir
    }

    /// Whether the WAL lives outside the data-dir (`--wal-dir`).
    pub fn has_dedicated_wal_dir(&self) -> bool {
        !crate::vfs::is_within(&self.wal_dir, &self.data_dir)
    }
}
