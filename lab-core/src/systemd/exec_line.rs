//! `ExecStart=` command lines: the `-@:+!` prefixes, systemd's word splitting (quotes and C
//! escapes) and, at start time, `$VAR` / `${VAR}` substitution from the unit's environment.

use thiserror::Error;

/// Most words in one command line (the kernel's own limit is far higher; no unit needs more).
pub const MAX_EXEC_WORDS: usize = 4_096;
/// Most bytes in one command line after expansion, like a conservative `ARG_MAX`.
pub const MAX_EXEC_BYTES: usize = 128 * 1024;

/// A bad command line. The text is systemd 219's warning after `[file:line] `.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExecLineError {
    #[error("Executable path is not absolute, ignoring: {0}")]
    NotAbsolute(String),
    #[error("Unbalanced quoting, ignoring: \"{0}\"")]
    UnbalancedQuoting(String),
    #[error("Command line too long, ignoring: {0}")]
    TooLong(String),
}

/// One parsed `ExecStart=`-style command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecCommand {
    /// The executable, an absolute path.
    pub path: String,
    /// The words of the command, `argv[0]` first, before `$VAR` expansion.
    pub argv: Vec<String>,
    /// `-`: a failing exit status counts as success.
    pub ignore_failure: bool,
    /// `:`: no `$VAR` expansion.
    pub no_env_expand: bool,
    /// `+` or `!`: run with full privileges / without the `User=` switch.
    pub privileged: bool,
}

impl ExecCommand {
    /// Parses the value of an `ExecStart=` line (already joined across `\` continuations).
    pub fn parse(value: &str) -> Result<Self, ExecLineError> {
        if value.len() > MAX_EXEC_BYTES {
            return Err(ExecLineError::TooLong(value.chars().take(64).collect()));
        }
        let mut command = Self {
            path: String::new(),
            argv: Vec::new(),
            ignore_failure: false,
            no_env_expand: false,
            privileged: false,
        };
        let mut argv0_override = false;
        let mut rest = value.trim_start();
        while let Some(prefix) = rest.chars().next().filter(|c| "-@:+!".contains(*c)) {
            match prefix {
                '-' => command.ignore_failure = true,
                '@' => argv0_override = true,
                ':' => command.no_env_expand = true,
                _ => command.privileged = true,
            }
            rest = rest.get(1..).unwrap_or("");
        }
        let mut words =
            split_words(rest).ok_or_else(|| ExecLineError::UnbalancedQuoting(value.to_string()))?;
        if words.len() > MAX_EXEC_WORDS {
            return Err(ExecLineError::TooLong(value.chars().take(64).collect()));
        }
        let path = if words.is_empty() {
            String::new()
        } else {
            words.remove(0)
        };
        if !path.starts_with('/') {
            return Err(ExecLineError::NotAbsolute(path));
        }
        if !argv0_override || words.is_empty() {
            words.insert(0, path.clone());
        }
        command.path = path;
        command.argv = words;
        Ok(command)
    }

    /// The argv to execute: `$VAR` / `${VAR}` expanded from `env` unless `:` was given.
    pub fn expanded_argv(&self, env: &[(String, String)]) -> Result<Vec<String>, ExecLineError> {
        if self.no_env_expand {
            return Ok(self.argv.clone());
        }
        expand_argv(&self.argv, env)
    }

    /// The command as `systemctl status` shows it: words joined by spaces.
    pub fn command_line(&self) -> String {
        self.argv.join(" ")
    }
}

/// Splits a command line into words: whitespace separates; `"…"` and `'…'` group (and may
/// abut other text); backslash escapes are C escapes. `None` on an unterminated quote.
pub(super) fn split_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Some(words);
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        while let Some(c) = chars.next() {
            match (quote, c) {
                (None, c) if c.is_whitespace() => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (_, '\\') => word.push(unescape(&mut chars)?),
                (_, c) => word.push(c),
            }
        }
        if quote.is_some() {
            return None;
        }
        words.push(word);
    }
}

/// The character a C escape stands for; the backslash has been consumed.
fn unescape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<char> {
    let c = chars.next()?;
    Some(match c {
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\u{b}',
        's' => ' ',
        'x' => {
            let hex: String = (0..2)
                .filter_map(|_| chars.next_if(char::is_ascii_hexdigit))
                .collect();
            u32::from_str_radix(&hex, 16)
                .ok()
                .and_then(char::from_u32)?
        }
        other => other,
    })
}

/// Expands `$VAR` (a whole word: split on whitespace, unset or empty gives no word) and
/// `${VAR}` (inline, unset gives nothing); `$$` is a literal `$`.
pub fn expand_argv(
    words: &[String],
    env: &[(String, String)],
) -> Result<Vec<String>, ExecLineError> {
    let lookup = |name: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut out = Vec::new();
    let mut bytes: usize = 0;
    for word in words {
        let whole = word.strip_prefix('$').filter(|name| is_env_name(name));
        let produced: Vec<String> = match whole {
            Some(name) => lookup(name)
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            None => vec![expand_inline(word, &lookup)],
        };
        for word in produced {
            bytes = bytes.saturating_add(word.len()).saturating_add(1);
            if bytes > MAX_EXEC_BYTES || out.len() >= MAX_EXEC_WORDS {
                return Err(ExecLineError::TooLong(
                    words.join(" ").chars().take(64).collect(),
                ));
            }
            out.push(word);
        }
    }
    Ok(out)
}

fn expand_inline<'a>(word: &str, lookup: &impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some((name, tail)) = after.strip_prefix('{').and_then(|s| s.split_once('}')) {
            out.push_str(lookup(name).unwrap_or(""));
            rest = tail;
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A valid environment variable name: letters, digits and `_`, not starting with a digit.
pub(crate) fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
