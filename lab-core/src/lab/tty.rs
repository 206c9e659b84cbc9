//! `Tty`: a terminal's line discipline in canonical mode — the typed lines waiting to be
//! read (typeahead), end of file (Ctrl-D), and echo (`stty -echo` for passwords).
//!
//! As in Linux's `n_tty`, a line becomes readable only once Enter is pressed: the lab's
//! input box hands over whole lines, so the queue holds lines, never half of one.

use std::collections::VecDeque;

/// Most typed input a terminal holds before a program (or the shell) reads it (unit:
/// bytes, each line's `\n` counted, an end of file counted as one). Linux's canonical
/// buffer is 4 KiB; the lab allows more because a pasted heredoc is typed ahead too.
pub const MAX_TYPEAHEAD_BYTES: usize = 64 * 1024;

/// One unit of typed input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TtyInput {
    /// A line, with its `\n`.
    Line(String),
    /// Ctrl-D on an empty line: the reader's `read(2)` returns 0.
    Eof,
}

impl TtyInput {
    fn size(&self) -> usize {
        match self {
            TtyInput::Line(line) => line.len(),
            TtyInput::Eof => 1,
        }
    }
}

/// Why typed input was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TtyError {
    #[error(
        "the terminal's input queue is full ({MAX_TYPEAHEAD_BYTES} bytes typed ahead): wait for the running command, or press Ctrl-C"
    )]
    QueueFull,
}

/// The line discipline of one terminal.
#[derive(Debug)]
pub struct Tty {
    queue: VecDeque<TtyInput>,
    queued_bytes: usize,
    echo: bool,
    /// A foreground program is blocked reading the terminal (set by its pending read).
    pub(crate) reading: bool,
    /// Commands get no terminal stdin: as if started with `< /dev/null` (see
    /// [`crate::lab::Lab::set_terminal_stdin`]).
    pub(crate) detached_stdin: bool,
}

impl Default for Tty {
    fn default() -> Self {
        Tty {
            queue: VecDeque::new(),
            queued_bytes: 0,
            echo: true,
            reading: false,
            detached_stdin: false,
        }
    }
}

impl Tty {
    /// Enter after `text` (several lines if it holds `\n`, as a paste does): queues every
    /// line, or none if they do not all fit, and returns what the terminal echoes (nothing
    /// while echo is off).
    pub fn type_line(&mut self, text: &str) -> Result<Option<String>, TtyError> {
        let total = self
            .queued_bytes
            .saturating_add(text.len())
            .saturating_add(1);
        if total > MAX_TYPEAHEAD_BYTES {
            return Err(TtyError::QueueFull);
        }
        for line in text.split('\n') {
            self.push(TtyInput::Line(format!("{line}\n")))?;
        }
        Ok(self.echo.then(|| format!("{text}\n")))
    }

    /// Ctrl-D on an empty line.
    pub fn end_of_input(&mut self) -> Result<(), TtyError> {
        self.push(TtyInput::Eof)
    }

    fn push(&mut self, input: TtyInput) -> Result<(), TtyError> {
        let bytes = self.queued_bytes.saturating_add(input.size());
        if bytes > MAX_TYPEAHEAD_BYTES {
            return Err(TtyError::QueueFull);
        }
        self.queued_bytes = bytes;
        self.queue.push_back(input);
        Ok(())
    }

    /// The oldest typed input, for a reader.
    pub fn read(&mut self) -> Option<TtyInput> {
        let input = self.queue.pop_front()?;
        self.queued_bytes = self.queued_bytes.saturating_sub(input.size());
        Some(input)
    }

    /// Ctrl-C: as `n_tty` does on SIGINT (without `NOFLSH`), what was typed and not read
    /// yet is discarded — it was meant for the line being interrupted.
    pub fn flush(&mut self) {
        self.queue.clear();
        self.queued_bytes = 0;
    }

    /// Is there something a reader would get at once?
    pub fn has_input(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Does typed input echo (`stty echo`)?
    pub fn echo(&self) -> bool {
        self.echo
    }

    /// `stty echo` / `stty -echo`.
    pub fn set_echo(&mut self, on: bool) {
        self.echo = on;
    }

    /// Is a foreground program blocked on the terminal with nothing to read?
    pub fn waits_for_input(&self) -> bool {
        self.reading && !self.has_input()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_in_the_order_typed_and_eof_is_a_mark_of_its_own() {
        let mut tty = Tty::default();
        assert_eq!(tty.type_line("put k v"), Ok(Some("put k v\n".to_owned())));
        tty.end_of_input().expect("room");
        assert_eq!(tty.type_line("ls"), Ok(Some("ls\n".to_owned())));
        assert_eq!(tty.read(), Some(TtyInput::Line("put k v\n".to_owned())));
        assert_eq!(tty.read(), Some(TtyInput::Eof));
        assert_eq!(tty.read(), Some(TtyInput::Line("ls\n".to_owned())));
        assert_eq!(tty.read(), None);
    }

    #[test]
    fn with_echo_off_a_password_is_queued_but_not_shown() {
        let mut tty = Tty::default();
        tty.set_echo(false);
        assert_eq!(tty.type_line("secret"), Ok(None));
        tty.set_echo(true);
        assert_eq!(tty.read(), Some(TtyInput::Line("secret\n".to_owned())));
    }

    #[test]
    fn the_queue_refuses_beyond_its_limit_and_takes_input_again_once_read() {
        let mut tty = Tty::default();
        let line = "x".repeat(MAX_TYPEAHEAD_BYTES - 1);
        tty.type_line(&line).expect("exactly the limit");
        assert_eq!(tty.end_of_input(), Err(TtyError::QueueFull));
        assert_eq!(tty.type_line(""), Err(TtyError::QueueFull));
        assert!(tty.read().is_some());
        assert!(tty.type_line("again").is_ok());
    }

    #[test]
    fn a_pasted_block_is_queued_line_by_line_or_not_at_all() {
        let mut tty = Tty::default();
        assert_eq!(tty.type_line("a\nb"), Ok(Some("a\nb\n".to_owned())));
        assert_eq!(tty.read(), Some(TtyInput::Line("a\n".to_owned())));
        assert_eq!(tty.read(), Some(TtyInput::Line("b\n".to_owned())));
        let big = format!("x\n{}", "y".repeat(MAX_TYPEAHEAD_BYTES));
        assert_eq!(tty.type_line(&big), Err(TtyError::QueueFull));
        assert!(!tty.has_input(), "nothing of a refused paste is kept");
    }

    #[test]
    fn ctrl_c_discards_what_was_typed_ahead() {
        let mut tty = Tty::default();
        tty.type_line("echo no").expect("room");
        tty.end_of_input().expect("room");
        tty.flush();
        assert_eq!(tty.read(), None);
        tty.type_line(&"x".repeat(MAX_TYPEAHEAD_BYTES - 1))
            .expect("the whole queue is free again");
    }

    #[test]
    fn a_reader_waits_only_while_nothing_is_queued() {
        let mut tty = Tty {
            reading: true,
            ..Tty::default()
        };
        assert!(tty.waits_for_input());
        tty.type_line("a").expect("room");
        assert!(!tty.waits_for_input(), "the line is there to be read");
    }
}
