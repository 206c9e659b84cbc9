//! The boundary between the shell and the simulated host: files, programs, processes and
//! the terminal. The shell knows nothing about the world; everything it cannot do by itself
//! (reading a file, running `etcd`, waiting for a background job) goes through [`Os`].

use std::future::Future;
use std::pin::Pin;

/// An output stream of a running command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Where a running command's output goes; the shell implements it to route fds through
/// redirections, pipes and the terminal.
pub trait Sink {
    fn write(&mut self, stream: Stream, data: &[u8]);
}

/// A program to run. PATH lookup is the Os's job: `argv[0]` is what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecRequest {
    /// `argv[0]` as typed: `"etcd"`, `"./start.sh"`, `"/usr/local/bin/etcd"`.
    pub argv: Vec<String>,
    /// The exported environment, `PATH` included (sudo replaces it with its secure path).
    pub env: Vec<(String, String)>,
    /// Absolute working directory.
    pub cwd: String,
    /// The user the program runs as (`sudo -u etcd` changes it).
    pub user: String,
    /// Everything the program may read on stdin (pipes, `<`, heredocs); empty otherwise.
    pub stdin: Vec<u8>,
    /// stdin is the terminal: the program reads typed lines through the Os as they come.
    pub stdin_tty: bool,
}

/// How a program run ended, or why it could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecOutcome {
    Exited(i32),
    NotFound,
    PermissionDenied,
    IsADirectory,
    /// An executable text file: the shell runs it in a child shell with `$0` and `$1..`.
    Script {
        path: String,
        source: String,
    },
}

/// Why a file operation failed; `Display` is the strerror text bash prints.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OsError {
    #[error("No such file or directory")]
    NotFound,
    #[error("Not a directory")]
    NotADirectory,
    #[error("Is a directory")]
    IsADirectory,
    #[error("Permission denied")]
    PermissionDenied,
    #[error("{0}")]
    Other(String),
}

/// What a path names, for `test -f/-d/-x`, `cd` and globbing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
    /// A regular file with an execute bit.
    Executable,
}

/// The host as the shell sees it. Paths are absolute: the shell resolves cwd-relative ones.
pub trait Os: Clone + 'static {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, OsError>;
    /// Creates the file if needed; `append: false` truncates first.
    fn write_file(&self, path: &str, data: &[u8], append: bool) -> Result<(), OsError>;
    fn file_kind(&self, path: &str) -> Option<FileKind>;
    /// Entry names, sorted.
    fn list_dir(&self, path: &str) -> Result<Vec<String>, OsError>;
    /// Runs a program; may take virtual time, and streams output into `out` while it runs.
    fn exec<'a>(
        &'a self,
        req: ExecRequest,
        out: &'a mut dyn Sink,
    ) -> impl Future<Output = ExecOutcome> + 'a;
    /// Starts a background job (`&`); returns its PID.
    fn spawn(&self, job: Pin<Box<dyn Future<Output = i32>>>) -> u32;
    /// Resolves to the job's exit status once it has ended; `None` for an unknown PID.
    fn wait_pid(&self, pid: u32) -> impl Future<Output = Option<i32>>;
    /// Ctrl-C was pressed: the shell aborts the line with status 130.
    fn interrupted(&self) -> bool;
    /// The same OS as a background job (`cmd &`) sees it. bash puts such a job in a process
    /// group of its own, so Ctrl-C at the terminal (which signals the foreground group) does
    /// not reach it: [`Os::interrupted`] stays false for it.
    fn detached(&self) -> Self {
        self.clone()
    }
    /// The terminal, for output that is not redirected.
    fn write_terminal(&self, stream: Stream, data: &[u8]);
    /// The next line typed at the terminal, with its `\n`; `None` at end of file (Ctrl-D,
    /// or a background job, which gets no terminal input). The default has no terminal.
    fn read_terminal_line(&self) -> impl Future<Output = Option<String>> {
        std::future::ready(None)
    }
    /// `stty echo` / `stty -echo` (`read -s`). The default has no terminal.
    fn set_terminal_echo(&self, on: bool) {
        let _ = on;
    }
}
