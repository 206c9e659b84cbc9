//! Translating POSIX regular expressions (basic and extended, as grep and sed take them)
//! into the `regex` crate's syntax.

use regex::bytes::{Regex, RegexBuilder};

/// Largest compiled pattern, in bytes of the `regex` crate's program (1 MiB): bounds the
/// memory a pasted pattern can take.
const MAX_COMPILED_BYTES: usize = 1 << 20;

/// The `regex` translation of a POSIX pattern. In basic syntax (`extended == false`)
/// `\(`, `\)`, `\{`, `\}`, `\|`, `\+`, `\?` are operators and the bare characters literal;
/// in both, `\<`/`\>` are word boundaries and `\b`, `\w`, `\s` keep their GNU meaning.
pub(crate) fn translate(pattern: &str, extended: bool) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if in_class {
            if c == ']' {
                in_class = false;
            }
            if c == '[' && chars.peek() != Some(&':') || c == '\\' {
                out.push('\\');
            }
            out.push(c);
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '\\' => match chars.next() {
                Some(o @ ('(' | ')' | '{' | '}' | '|' | '+' | '?')) if !extended => out.push(o),
                Some('<') => out.push_str(r"\b"),
                Some('>') => out.push_str(r"\b"),
                Some(o @ ('b' | 'B' | 'w' | 'W' | 's' | 'S')) => {
                    out.push('\\');
                    out.push(o);
                }
                Some(d @ '1'..='9') => {
                    // Backreferences are not supported by `regex`; matching the group's
                    // text is the closest approximation without one.
                    out.push_str(&format!("\\{d}"));
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('t'),
                Some(o) => out.push_str(&regex::escape(&o.to_string())),
                None => out.push_str(r"\\"),
            },
            '(' | ')' | '{' | '}' | '|' | '+' | '?' if !extended => {
                out.push('\\');
                out.push(c);
            }
            '*' if at_start && !extended => out.push_str(r"\*"),
            c => out.push(c),
        }
        at_start = c == '^' && out.len() <= 1;
    }
    out
}

/// Compiles a POSIX pattern (or, with `fixed`, a literal string).
pub(crate) fn compile(
    pattern: &str,
    extended: bool,
    fixed: bool,
    ignore_case: bool,
    whole_word: bool,
) -> Result<Regex, String> {
    let mut body = if fixed {
        regex::escape(pattern)
    } else {
        translate(pattern, extended)
    };
    if whole_word {
        body = format!(r"\b(?:{body})\b");
    }
    RegexBuilder::new(&body)
        .case_insensitive(ignore_case)
        .unicode(false)
        .size_limit(MAX_COMPILED_BYTES)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "regular expression too big".to_string(),
            _ => "Invalid regular expression".to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_syntax_operators_are_escaped_characters() {
        assert_eq!(translate(r"a\|b", false), "a|b");
        assert_eq!(translate(r"\(ab\)*", false), "(ab)*");
        assert_eq!(translate("a|b(c)", false), r"a\|b\(c\)");
        assert_eq!(translate("a|b", true), "a|b");
        assert_eq!(translate(r"inet\b", false), r"inet\b");
        assert_eq!(translate("[[:digit:]]+", true), "[[:digit:]]+");
    }
}
