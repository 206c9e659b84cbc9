//! Shell patterns: `*`, `?` and `[..]` matched against strings (`case`, `${x#pat}`) and
//! against the host's directory listings (pathname expansion).

use glob::{MatchOptions, Pattern};

use super::limits::MAX_GLOB_MATCHES;
use super::os::Os;

/// `case` and `${x%pat}` matching: `*` also matches `/` and leading dots.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    match Pattern::new(pattern) {
        Ok(p) => p.matches_with(text, MatchOptions::new()),
        Err(_) => pattern == text,
    }
}

/// Quotes `text` so it matches only itself inside a pattern.
pub(crate) fn escape(text: &str) -> String {
    Pattern::escape(text)
}

fn has_magic(component: &str) -> bool {
    component.contains(['*', '?', '['])
}

/// Pathname expansion of `pattern` (relative to `cwd` unless absolute): the sorted
/// existing paths it matches, spelled as typed; empty when nothing matches.
pub(crate) fn expand<O: Os>(os: &O, cwd: &str, pattern: &str) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let base = if absolute {
        String::new()
    } else {
        cwd.to_string()
    };
    // (spelling as typed, absolute path)
    let mut found: Vec<(String, String)> = vec![(String::new(), base)];
    let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    for component in &components {
        let separator = |typed: &str| {
            if typed.is_empty() && !absolute {
                ""
            } else {
                "/"
            }
        };
        let mut next = Vec::new();
        for (typed, abs) in &found {
            let sep = separator(typed);
            if has_magic(component) {
                let names = os.list_dir(if abs.is_empty() { "/" } else { abs });
                for name in names.unwrap_or_default() {
                    if name_matches(component, &name) && next.len() < MAX_GLOB_MATCHES {
                        next.push((format!("{typed}{sep}{name}"), format!("{abs}/{name}")));
                    }
                }
            } else {
                next.push((
                    format!("{typed}{sep}{component}"),
                    format!("{abs}/{component}"),
                ));
            }
        }
        found = next
            .into_iter()
            .filter(|(_, abs)| os.file_kind(abs).is_some())
            .collect();
    }
    let mut paths: Vec<String> = found.into_iter().map(|(typed, _)| typed).collect();
    paths.sort();
    if paths == [String::new()] {
        Vec::new()
    } else {
        paths
    }
}

fn name_matches(pattern: &str, name: &str) -> bool {
    let options = MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    Pattern::new(pattern).is_ok_and(|p| p.matches_with(name, options))
}
