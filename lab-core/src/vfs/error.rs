//! `FsError`: the errno values the virtual file system can return, displayed as Linux's
//! `strerror` text so utilities can print `cat: x: No such file or directory` verbatim.

use thiserror::Error;

/// Why a file system operation failed; `Display` is glibc's `strerror` message for the errno.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Error)]
pub enum FsError {
    /// `ENOENT`.
    #[error("No such file or directory")]
    NotFound,
    /// `ENOTDIR`: a path component (or the target) is not a directory.
    #[error("Not a directory")]
    NotADirectory,
    /// `EISDIR`.
    #[error("Is a directory")]
    IsADirectory,
    /// `EEXIST`.
    #[error("File exists")]
    AlreadyExists,
    /// `ENOTEMPTY`.
    #[error("Directory not empty")]
    DirectoryNotEmpty,
    /// `ELOOP`: more than [`super::MAX_SYMLINK_HOPS`] symlinks on one lookup.
    #[error("Too many levels of symbolic links")]
    TooManySymlinks,
    /// `EFBIG`: a file would exceed [`super::MAX_FILE_BYTES`].
    #[error("File too large")]
    FileTooLarge,
    /// `ENOSPC`: the tree would exceed [`super::MAX_TOTAL_BYTES`] or [`super::MAX_NODES`].
    #[error("No space left on device")]
    NoSpace,
    /// `EINVAL`, e.g. moving a directory into itself.
    #[error("Invalid argument")]
    InvalidArgument,
    /// `ENAMETOOLONG`: over [`super::MAX_PATH_BYTES`] or [`super::MAX_NAME_BYTES`].
    #[error("File name too long")]
    NameTooLong,
    /// `EACCES`.
    #[error("Permission denied")]
    PermissionDenied,
    /// `EPERM`: only the owner (or root) may change a node's mode, only root its owner.
    #[error("Operation not permitted")]
    NotPermitted,
    /// `EBUSY`: the root directory cannot be removed or replaced.
    #[error("Device or resource busy")]
    Busy,
}
