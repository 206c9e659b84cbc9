//! A command's file descriptors: where fd 1 and fd 2 go (terminal, file, pipe buffer,
//! `/dev/null`) and what fd 0 is (the terminal, or what a pipe or redirection still holds). [`Route`] is the [`Sink`] programs write into.

use super::limits::MAX_EXPANSION_BYTES;
use super::os::{Os, Sink, Stream};

/// Where an output fd points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The terminal's stdout or stderr (after `>&2`, fd 1 points at the terminal's stderr).
    Terminal(Stream),
    Null,
    /// An open file: writes append as they arrive (truncation happened at open).
    File(String),
    /// A pipe or command substitution buffer: [`Io::captured`].
    Capture,
}

/// The fds of the command being run.
#[derive(Clone, Debug)]
pub(crate) struct Io {
    pub out: Target,
    pub err: Target,
    /// What fd 0 still has to give; `read` consumes it from the front.
    pub stdin: Vec<u8>,
    /// fd 0 is the terminal (no pipe, `<` or heredoc): programs read what is typed.
    pub stdin_tty: bool,
    /// Output sent to [`Target::Capture`], at most [`MAX_EXPANSION_BYTES`].
    pub captured: Vec<u8>,
}

impl Io {
    pub fn terminal() -> Io {
        Io {
            out: Target::Terminal(Stream::Stdout),
            err: Target::Terminal(Stream::Stderr),
            stdin: Vec::new(),
            stdin_tty: true,
            captured: Vec::new(),
        }
    }

    /// Fds for a pipe stage or substitution: stdout captured, stderr unchanged.
    pub fn capture(&self, stdin: Vec<u8>) -> Io {
        Io {
            out: Target::Capture,
            err: match &self.err {
                Target::Capture => Target::Terminal(Stream::Stderr),
                other => other.clone(),
            },
            stdin,
            stdin_tty: false,
            captured: Vec::new(),
        }
    }

    /// A copy for a command with its own redirections; [`Io::absorb`] returns what it used.
    pub fn derive(&mut self) -> Io {
        Io {
            out: self.out.clone(),
            err: self.err.clone(),
            stdin: std::mem::take(&mut self.stdin),
            stdin_tty: self.stdin_tty,
            captured: Vec::new(),
        }
    }

    /// Takes back a derived copy's captured output and, unless it was redirected, its stdin.
    pub fn absorb(&mut self, child: Io, stdin_redirected: bool) {
        if !stdin_redirected {
            self.stdin = child.stdin;
        }
        self.push_captured(&child.captured);
    }

    fn push_captured(&mut self, data: &[u8]) {
        let room = MAX_EXPANSION_BYTES.saturating_sub(self.captured.len());
        self.captured.extend(data.iter().take(room));
    }

    pub fn route<'a, O: Os>(&'a mut self, os: &'a O) -> Route<'a, O> {
        Route { io: self, os }
    }

    pub fn write<O: Os>(&mut self, os: &O, stream: Stream, data: &[u8]) {
        self.route(os).write(stream, data);
    }

    /// `bash: ...` on stderr.
    pub fn error<O: Os>(&mut self, os: &O, message: &str) {
        self.write(os, Stream::Stderr, format!("bash: {message}\n").as_bytes());
    }
}

/// The [`Sink`] a running command writes through.
pub(crate) struct Route<'a, O: Os> {
    io: &'a mut Io,
    os: &'a O,
}

impl<O: Os> Sink for Route<'_, O> {
    fn write(&mut self, stream: Stream, data: &[u8]) {
        let target = match stream {
            Stream::Stdout => &self.io.out,
            Stream::Stderr => &self.io.err,
        };
        match target {
            Target::Terminal(s) => self.os.write_terminal(*s, data),
            Target::Null => {}
            // A failing write (disk gone, directory removed) is lost, as with a real fd.
            Target::File(path) => {
                let _ = self.os.write_file(path, data, true);
            }
            Target::Capture => self.io.push_captured(data),
        }
    }
}
