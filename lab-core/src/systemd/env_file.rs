//! systemd's `EnvironmentFile=` format: `KEY=VALUE` lines, `"…"` and `'…'` quoting, `#`/`;`
//! comment lines, blank lines, `\` continuations and leading whitespace. Invalid names are
//! dropped with systemd's warning; lines without `=` are dropped silently, as systemd does.

use super::exec_line::is_env_name;

/// Largest environment file read, in bytes (systemd reads far less in practice).
pub const MAX_ENV_FILE_BYTES: usize = 1024 * 1024;
/// Most assignments kept from one file.
pub const MAX_ENV_FILE_ENTRIES: usize = 4_096;

/// The assignments of an environment file, in file order, and the warnings systemd logs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvFileParse {
    pub vars: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    PreKey,
    Key,
    PreValue,
    Value,
    ValueEscape,
    SingleQuote,
    DoubleQuote,
    DoubleQuoteEscape,
    Comment,
    CommentEscape,
}

/// Parses the contents of the environment file at `path` (the path only names warnings).
pub fn parse_env_file(path: &str, text: &str) -> EnvFileParse {
    let mut parser = Parser {
        path,
        out: EnvFileParse::default(),
        key: String::new(),
        value: String::new(),
        line: 1,
        key_line: 1,
        trailing_ws: 0,
    };
    let full_len = text.len();
    let text = truncate(text);
    let mut state = State::PreKey;
    for c in text.chars() {
        state = parser.step(state, c);
        if c == '\n' {
            parser.line = parser.line.saturating_add(1);
        }
    }
    if matches!(
        state,
        State::Value
            | State::ValueEscape
            | State::PreValue
            | State::SingleQuote
            | State::DoubleQuote
            | State::DoubleQuoteEscape
    ) {
        parser.push();
    }
    if text.len() < full_len {
        parser.out.warnings.push(format!(
            "{path}: file larger than {MAX_ENV_FILE_BYTES} bytes, rest ignored."
        ));
    }
    parser.out
}

fn truncate(text: &str) -> &str {
    let mut end = text.len().min(MAX_ENV_FILE_BYTES);
    while !text.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    text.get(..end).unwrap_or("")
}

struct Parser<'a> {
    path: &'a str,
    out: EnvFileParse,
    key: String,
    value: String,
    line: u32,
    key_line: u32,
    /// Bytes of unquoted whitespace at the end of `value`, stripped when the value ends.
    trailing_ws: usize,
}

impl Parser<'_> {
    fn step(&mut self, state: State, c: char) -> State {
        use State::*;
        match (state, c) {
            (PreKey, '#' | ';') => Comment,
            (PreKey, c) if c.is_whitespace() => PreKey,
            (PreKey, c) => {
                self.key.clear();
                self.key.push(c);
                self.key_line = self.line;
                Key
            }
            (Key, '\n') => PreKey,
            (Key, '=') => PreValue,
            (Key, c) => {
                self.key.push(c);
                Key
            }
            (PreValue, '"') => DoubleQuote,
            (PreValue, '\'') => SingleQuote,
            (PreValue | Value, '\n') => self.end_value(),
            (PreValue, c) if c.is_whitespace() => PreValue,
            (PreValue | Value, '\\') => ValueEscape,
            (PreValue | Value, c) => {
                self.trailing_ws = if c.is_whitespace() {
                    self.trailing_ws + c.len_utf8()
                } else {
                    0
                };
                self.value.push(c);
                Value
            }
            (ValueEscape, '\n') => Value,
            (ValueEscape, c) => self.push_literal(c, Value),
            (SingleQuote, '\'') => Value,
            (SingleQuote, c) => self.push_literal(c, SingleQuote),
            (DoubleQuote, '"') => Value,
            (DoubleQuote, '\\') => DoubleQuoteEscape,
            (DoubleQuote, c) => self.push_literal(c, DoubleQuote),
            (DoubleQuoteEscape, '\n') => DoubleQuote,
            (DoubleQuoteEscape, c) => {
                if !"\"\\`$".contains(c) {
                    self.value.push('\\');
                }
                self.push_literal(c, DoubleQuote)
            }
            (Comment, '\\') => CommentEscape,
            (Comment, '\n') => PreKey,
            (Comment | CommentEscape, _) => Comment,
        }
    }

    fn push_literal(&mut self, c: char, next: State) -> State {
        self.trailing_ws = 0;
        self.value.push(c);
        next
    }

    fn end_value(&mut self) -> State {
        self.push();
        State::PreKey
    }

    fn push(&mut self) {
        let keep = self.value.len().saturating_sub(self.trailing_ws);
        self.value.truncate(keep);
        let key = self.key.trim_end().to_string();
        let value = std::mem::take(&mut self.value);
        self.trailing_ws = 0;
        if !is_env_name(&key) {
            let line = self.key_line;
            self.out.warnings.push(format!(
                "{}:{line}: invalid variable name \"{key}\", ignoring.",
                self.path
            ));
        } else if self.out.vars.len() < MAX_ENV_FILE_ENTRIES {
            self.out.vars.push((key, value));
        }
        self.key.clear();
    }
}

#[cfg(test)]
mod tests;
