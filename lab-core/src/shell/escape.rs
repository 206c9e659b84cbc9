//! Backslash escapes shared by `echo -e`, `printf` and `$'...'` quoting.

/// Interprets `\n`, `\t`, ... in `s`; `ansi_c` also unescapes quotes (`$'\''`). The flag
/// is `true` when `\c` asked to stop output there.
pub(crate) fn unescape(s: &str, ansi_c: bool) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('e') => out.push('\u{1b}'),
            Some('\\') => out.push('\\'),
            Some(q @ ('\'' | '"')) if ansi_c => out.push(q),
            Some('c') if !ansi_c => return (out, true),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}
