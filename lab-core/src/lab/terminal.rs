//! `Terminal`: one host's terminal — its shell between lines, the line running now, what
//! was typed and not read yet, and what it printed.

use std::collections::VecDeque;

use super::tty::Tty;
use crate::shell::{Shell, Stream};

/// Most output a terminal keeps for `take_output` (unit: bytes); older output is dropped,
/// as a terminal's scrollback forgets.
pub const MAX_TERMINAL_BYTES: usize = 1 << 20;

/// A host's terminal.
pub struct Terminal {
    /// The shell, while no line runs (a running line owns it until it finishes).
    pub(crate) shell: Option<Shell>,
    /// Job pid of the line running in the foreground.
    pub(crate) foreground: Option<u32>,
    /// Exit status of the last finished line.
    pub(crate) last_status: i32,
    /// Ctrl-C was pressed during the current line.
    pub(crate) interrupted: bool,
    /// The current line waits on something long-lived (a server in the foreground, a unit
    /// waiting for its cluster).
    pub(crate) waiting: bool,
    /// The line discipline: typed input not read yet, and echo.
    pub(crate) tty: Tty,
    /// Output not yet taken, in order.
    output: VecDeque<(Stream, String)>,
    output_bytes: usize,
}

impl Terminal {
    /// A terminal with a fresh root shell on `hostname`.
    pub fn new(hostname: &str) -> Terminal {
        Terminal {
            shell: Some(Shell::new("root", "/root", hostname)),
            foreground: None,
            last_status: 0,
            interrupted: false,
            waiting: false,
            tty: Tty::default(),
            output: VecDeque::new(),
            output_bytes: 0,
        }
    }

    /// Appends output.
    pub fn write(&mut self, stream: Stream, data: &[u8]) {
        let text = String::from_utf8_lossy(data).into_owned();
        self.output_bytes += text.len();
        self.output.push_back((stream, text));
        while self.output_bytes > MAX_TERMINAL_BYTES {
            let Some((_, old)) = self.output.pop_front() else {
                break;
            };
            self.output_bytes -= old.len();
        }
    }

    /// Takes the output written since the last call, stdout and stderr interleaved.
    pub fn take_output(&mut self) -> Vec<(Stream, String)> {
        self.output_bytes = 0;
        self.output.drain(..).collect()
    }

    /// The prompt to show, or `None` while a line runs.
    pub fn prompt(&self) -> Option<String> {
        self.shell.as_ref().map(Shell::prompt)
    }

    /// Is a line running?
    pub fn is_busy(&self) -> bool {
        self.foreground.is_some()
    }
}
