//! Path arithmetic: cwd-relative paths made absolute, `.` and `..` folded, as `cd` and
//! every file access need before asking the Os.

/// `path` resolved against `cwd` (absolute) with `.`, `..` and repeated `/` removed: the
/// file system's own rule, so the shell and the host agree on every path.
pub(crate) fn resolve(cwd: &str, path: &str) -> String {
    crate::vfs::resolve(cwd, path)
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_paths_fold_dots_against_the_working_directory() {
        assert_eq!(resolve("/var/lib", "etcd"), "/var/lib/etcd");
        assert_eq!(resolve("/var/lib", "../log/./x"), "/var/log/x");
        assert_eq!(resolve("/", ".."), "/");
        assert_eq!(resolve("/root", "/etc//etcd/"), "/etc/etcd");
    }
}
