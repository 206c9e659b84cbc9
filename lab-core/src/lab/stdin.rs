//! `TerminalStdin`: a program's stdin when it is the terminal (no pipe, `<` or heredoc) —
//! typed lines read as they come, Ctrl-D as end of file, and echo switched off for
//! passwords.
//!
//! A read waits the way a program waits on the world: its future stays pending, and the lab
//! polls it again after the next step, by which time a line may have been typed.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Lab;
use super::tty::TtyInput;

/// Most bytes one read-to-end takes from the terminal (unit: bytes): the value of
/// `etcdctl put KEY` typed until Ctrl-D.
pub const MAX_TERMINAL_READ_BYTES: usize = 1 << 20;

/// The terminal of host `host`, as a program's stdin.
#[derive(Clone)]
pub struct TerminalStdin {
    lab: Lab,
    host: usize,
    /// A background job's view. bash gives such a job no terminal to read: a real one
    /// reading it would be stopped by SIGTTIN until `fg`, which the lab does not model, so
    /// it gets end of file at once instead.
    detached: bool,
}

impl TerminalStdin {
    /// The terminal of `host`; `detached` for a background job.
    pub fn new(lab: Lab, host: usize, detached: bool) -> TerminalStdin {
        TerminalStdin {
            lab,
            host,
            detached,
        }
    }

    /// The next typed line with its `\n`, or `None` at end of file (Ctrl-D, a background
    /// job, or Ctrl-C, after which the program is being stopped anyway).
    pub fn read_line(&self) -> ReadLine {
        ReadLine {
            stdin: self.clone(),
            pending: false,
        }
    }

    /// Every line typed until Ctrl-D, at most [`MAX_TERMINAL_READ_BYTES`] (a longer input
    /// is cut there, as a reader with a full buffer stops).
    pub async fn read_to_end(&self) -> Vec<u8> {
        let mut data = Vec::new();
        while let Some(line) = self.read_line().await {
            let room = MAX_TERMINAL_READ_BYTES.saturating_sub(data.len());
            data.extend(line.bytes().take(room));
            if data.len() >= MAX_TERMINAL_READ_BYTES {
                break;
            }
        }
        data
    }

    /// `stty echo` / `stty -echo` on the terminal.
    pub fn set_echo(&self, on: bool) {
        if self.detached {
            return;
        }
        if let Some(t) = self.lab.state.terminals.borrow_mut().get_mut(self.host) {
            t.tty.set_echo(on);
        }
    }

    fn set_reading(&self, reading: bool) {
        if let Some(t) = self.lab.state.terminals.borrow_mut().get_mut(self.host) {
            t.tty.reading = reading;
        }
    }
}

/// See [`TerminalStdin::read_line`].
pub struct ReadLine {
    stdin: TerminalStdin,
    /// This read marked the terminal as read from, and must unmark it when it ends.
    pending: bool,
}

impl Future for ReadLine {
    type Output = Option<String>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<String>> {
        let stdin = &self.stdin;
        let no_input = stdin.detached || !stdin.lab.has_terminal_stdin(stdin.host);
        if no_input || stdin.lab.terminal_interrupted(stdin.host) {
            return Poll::Ready(None);
        }
        let input = {
            let mut terminals = stdin.lab.state.terminals.borrow_mut();
            let Some(terminal) = terminals.get_mut(stdin.host) else {
                return Poll::Ready(None);
            };
            let input = terminal.tty.read();
            terminal.tty.reading = input.is_none();
            input
        };
        self.pending = input.is_none();
        match input {
            None => Poll::Pending,
            Some(TtyInput::Line(line)) => Poll::Ready(Some(line)),
            Some(TtyInput::Eof) => Poll::Ready(None),
        }
    }
}

impl Drop for ReadLine {
    /// A read abandoned while waiting (the program stopped by Ctrl-C) no longer blocks.
    fn drop(&mut self) {
        if self.pending {
            self.stdin.set_reading(false);
        }
    }
}
