//! `ProgramCtx`: what a program running on a host gets — its arguments, environment,
//! working directory, stdin (piped bytes, or the terminal), an output sink — and the helpers
//! programs share.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Lab;
use super::signal_delivery::ProcessSignals;
use super::stdin::TerminalStdin;
use crate::sim::OutputStream;

/// A program's view of its process.
pub struct ProgramCtx<'a> {
    /// The lab it runs in.
    pub lab: Lab,
    /// Index of its host in the world.
    pub host: usize,
    /// Arguments without argv\[0\].
    pub args: &'a [String],
    /// Exported environment.
    pub env: &'a [(String, String)],
    /// Working directory (absolute).
    pub cwd: &'a str,
    /// Everything on stdin (pipelines run stage by stage); empty when stdin is the terminal.
    pub stdin: &'a [u8],
    /// stdin is the terminal (no pipe, `<` or heredoc): what is typed, read as it comes.
    pub terminal: Option<TerminalStdin>,
    /// Where output goes, as it is produced.
    pub out: &'a mut dyn FnMut(OutputStream, &[u8]),
    /// The signals its process gets (Ctrl-C, `kill`): what it catches, what arrived.
    pub signals: ProcessSignals,
}

impl ProgramCtx<'_> {
    /// Did a signal the program catches arrive (and is not taken yet)? A program that
    /// catches none never sees one: a signal ends it instead.
    pub fn interrupted(&self) -> bool {
        self.signals.has_caught()
    }

    /// Writes `text` to stdout.
    pub fn print(&mut self, text: &str) {
        (self.out)(OutputStream::Stdout, text.as_bytes());
    }

    /// Writes `text` to stderr.
    pub fn eprint(&mut self, text: &str) {
        (self.out)(OutputStream::Stderr, text.as_bytes());
    }

    /// The value of environment variable `name`.
    pub fn getenv(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `path` made absolute against the working directory, normalised.
    pub fn absolute(&self, path: &str) -> String {
        absolute(self.cwd, path)
    }
}

/// `path` made absolute against `cwd`, with `.`, `..` and repeated `/` resolved (the file
/// system's rule, [`crate::vfs::resolve`]).
pub fn absolute(cwd: &str, path: &str) -> String {
    crate::vfs::resolve(cwd, path)
}

/// Resolves after one round of polling: a job waiting for "anything to change" in the
/// world yields with it, and is polled again after the world's next step.
pub fn next_round() -> NextRound {
    NextRound { yielded: false }
}

/// See [`next_round`].
pub struct NextRound {
    yielded: bool,
}

impl Future for NextRound {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            Poll::Ready(())
        } else {
            self.yielded = true;
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_working_directory() {
        assert_eq!(absolute("/root", "data"), "/root/data");
        assert_eq!(absolute("/root", "/var/lib//etcd/"), "/var/lib/etcd");
        assert_eq!(
            absolute("/home/work/etcd/bin", "../data-dir"),
            "/home/work/etcd/data-dir"
        );
        assert_eq!(absolute("/", "../.."), "/");
    }
}
