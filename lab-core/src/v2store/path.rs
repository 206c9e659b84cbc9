//! Keys as etcd reads them: `path.Clean("/" + key)`, split into components.

use super::{ErrorCode, MAX_DEPTH, MAX_KEY_BYTES, V2Error};

/// `key` cleaned as Go's `path.Clean("/" + key)`: one leading slash, no empty, `.` or `..`
/// components. Refuses keys over [`MAX_KEY_BYTES`] or [`MAX_DEPTH`] components.
pub fn clean_key(key: &str) -> Result<String, V2Error> {
    components(key).map(|parts| join(&parts))
}

/// The components of the cleaned key (empty for the root).
pub(crate) fn components(key: &str) -> Result<Vec<String>, V2Error> {
    if key.len() > MAX_KEY_BYTES {
        let cause = format!("key longer than {MAX_KEY_BYTES} bytes");
        return Err(V2Error::new(ErrorCode::InvalidField, cause, 0));
    }
    let mut parts: Vec<String> = Vec::new();
    for part in key.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name.to_owned()),
        }
    }
    if parts.len() > MAX_DEPTH {
        let cause = format!("key deeper than {MAX_DEPTH} components");
        return Err(V2Error::new(ErrorCode::InvalidField, cause, 0));
    }
    Ok(parts)
}

/// `/a/b` from `["a", "b"]`; `/` for none.
pub(crate) fn join(parts: &[String]) -> String {
    if parts.is_empty() {
        return "/".to_owned();
    }
    parts.iter().fold(String::new(), |mut s, p| {
        s.push('/');
        s.push_str(p);
        s
    })
}

/// Whether a node named `name` is hidden from listings and recursive watches (`_` prefix).
pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('_')
}
