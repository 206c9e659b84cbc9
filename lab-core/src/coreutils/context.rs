//! Helpers every utility uses on its [`UtilityContext`]: capped output, GNU-style error
//! lines, GNU's quoting of file names, and reading operands (`-` meaning stdin).

use super::{MAX_OUTPUT_BYTES, UtilityContext};
use crate::vfs::{FsError, resolve};

impl UtilityContext<'_> {
    /// Appends to stdout, dropping whatever would pass [`MAX_OUTPUT_BYTES`].
    pub(crate) fn out(&mut self, bytes: &[u8]) {
        push_capped(self.stdout, bytes);
    }

    /// Appends `text` to stdout.
    pub(crate) fn print(&mut self, text: &str) {
        self.out(text.as_bytes());
    }

    /// Whether stdout is full (loops stop producing).
    pub(crate) fn out_full(&self) -> bool {
        self.stdout.len() >= MAX_OUTPUT_BYTES
    }

    /// Writes `cmd: msg` and a newline to stderr.
    pub(crate) fn error(&mut self, cmd: &str, msg: &str) {
        push_capped(self.stderr, format!("{cmd}: {msg}\n").as_bytes());
    }

    /// Appends `text` to stderr as is.
    pub(crate) fn error_raw(&mut self, text: &str) {
        push_capped(self.stderr, text.as_bytes());
    }

    /// GNU's usage-error epilogue after `msg`; returns `status`.
    pub(crate) fn usage_error(&mut self, cmd: &str, msg: &str, status: i32) -> i32 {
        self.error(cmd, msg);
        self.usage_error_plain(cmd, status)
    }

    /// Only GNU's `Try 'cmd --help'` line; returns `status`.
    pub(crate) fn usage_error_plain(&mut self, cmd: &str, status: i32) -> i32 {
        push_capped(
            self.stderr,
            format!("Try '{cmd} --help' for more information.\n").as_bytes(),
        );
        status
    }

    /// `operand` resolved against the working directory.
    pub(crate) fn path(&self, operand: &str) -> String {
        resolve(self.cwd, operand)
    }

    /// The content of `operand` (`-` is stdin); on failure prints `cmd: operand: error`.
    pub(crate) fn read_operand(&mut self, cmd: &str, operand: &str) -> Option<Vec<u8>> {
        self.read_operand_or(operand, |name, e| format!("{cmd}: {name}: {e}"))
    }

    /// Like [`Self::read_operand`] with the error line built by `msg(operand, error)`.
    pub(crate) fn read_operand_or(
        &mut self,
        operand: &str,
        msg: impl Fn(&str, FsError) -> String,
    ) -> Option<Vec<u8>> {
        if operand == "-" {
            return Some(self.stdin.to_vec());
        }
        match self.fs.read(&self.path(operand)) {
            Ok(d) => Some(d.to_vec()),
            Err(e) => {
                push_capped(self.stderr, format!("{}\n", msg(operand, e)).as_bytes());
                None
            }
        }
    }

    /// Value of exported variable `name`.
    pub(crate) fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn push_capped(buf: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_OUTPUT_BYTES.saturating_sub(buf.len());
    buf.extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or_default());
}

/// GNU's `quoteaf`: a file name in shell single quotes, as in `rm: cannot remove 'x'`.
pub(crate) fn quote_shell(name: &str) -> String {
    format!("'{}'", name.replace('\'', "'\\''"))
}

/// GNU's `quote` in a UTF-8 locale: `‘x’`, as in `mkdir: cannot create directory ‘x’`.
pub(crate) fn quote_curly(name: &str) -> String {
    format!("\u{2018}{name}\u{2019}")
}

/// Splits bytes into lines without their `\n` (a final unterminated line counts).
pub(crate) fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.is_empty() || data.ends_with(b"\n") {
        v.pop();
    }
    v
}
