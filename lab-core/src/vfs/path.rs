//! Path text: joining a path onto a working directory and normalising it, lexically
//! (`..` pops the previous component without looking at symlinks, as `cd` does in bash).

use super::{FsError, MAX_NAME_BYTES, MAX_PATH_BYTES};

/// `path` made absolute against `cwd` and normalised: `.`, `..`, repeated and trailing
/// slashes removed; `..` at the root stays at the root. Never fails: an empty `path`
/// means `cwd`, a relative `cwd` is taken from `/`.
pub fn resolve(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { cwd };
    for comp in start.split('/').chain(path.split('/')) {
        match comp {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut out = String::with_capacity(path.len() + cwd.len() + 1);
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    out
}

/// The parent of an absolute normalised path (`/` for `/` itself).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => path.get(..i).unwrap_or("/"),
    }
}

/// The last component of an absolute normalised path (`/` for the root).
pub fn file_name(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) if path.len() > 1 => path.get(i + 1..).unwrap_or(""),
        _ => "/",
    }
}

/// `dir` joined with `name` (one component).
pub fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Refuses paths longer than `PATH_MAX` or with a component longer than `NAME_MAX`.
pub(crate) fn check_length(path: &str) -> Result<(), FsError> {
    if path.len() > MAX_PATH_BYTES || path.split('/').any(|c| c.len() > MAX_NAME_BYTES) {
        return Err(FsError::NameTooLong);
    }
    Ok(())
}

/// Whether `path` is `ancestor` or lies below it.
pub(crate) fn is_within(path: &str, ancestor: &str) -> bool {
    ancestor == "/"
        || path == ancestor
        || (path.starts_with(ancestor) && path.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_land_under_the_working_directory() {
        assert_eq!(resolve("/var/lib", "etcd"), "/var/lib/etcd");
        assert_eq!(resolve("/var/lib", "../log/./x/"), "/var/log/x");
        assert_eq!(resolve("/", "..//../etc//hosts"), "/etc/hosts");
        assert_eq!(resolve("/root", "/"), "/");
        assert_eq!(resolve("/root", ""), "/root");
    }

    #[test]
    fn parent_and_name_split_a_path() {
        assert_eq!(parent("/etc/hosts"), "/etc");
        assert_eq!(parent("/etc"), "/");
        assert_eq!(file_name("/etc/hosts"), "hosts");
        assert_eq!(file_name("/"), "/");
        assert!(is_within("/a/b", "/a") && !is_within("/ab", "/a"));
    }
}
