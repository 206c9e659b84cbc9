//! `HostOs`: the shell's view of a simulated host — its file system, its programs, its
//! terminal and its jobs — implemented over the lab.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Lab;
use super::stdin::TerminalStdin;
use crate::shell::{ExecOutcome, ExecRequest, FileKind, Os, OsError, Sink, Stream};
use crate::vfs::{FileType, FsError, WriteMode};

/// The operating system of host `host`, as its shell sees it.
#[derive(Clone)]
pub struct HostOs {
    pub(crate) lab: Lab,
    pub(crate) host: usize,
    /// A background job's view: the terminal's Ctrl-C does not reach it.
    pub(crate) detached: bool,
}

/// The shell's error for a file-system error.
pub(crate) fn os_error(err: FsError) -> OsError {
    match err {
        FsError::NotFound => OsError::NotFound,
        FsError::NotADirectory => OsError::NotADirectory,
        FsError::IsADirectory => OsError::IsADirectory,
        FsError::PermissionDenied => OsError::PermissionDenied,
        other => OsError::Other(other.to_string()),
    }
}

impl Os for HostOs {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, OsError> {
        let world = self.lab.world();
        let host = world.hosts().get(self.host).ok_or(OsError::NotFound)?;
        host.vfs.read(path).map(<[u8]>::to_vec).map_err(os_error)
    }

    fn write_file(&self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        let mut world = self.lab.world_mut();
        let now = world.now();
        let host = world.hosts.get_mut(self.host).ok_or(OsError::NotFound)?;
        host.vfs.set_now(now);
        let mode = if append {
            WriteMode::Append
        } else {
            WriteMode::Truncate
        };
        host.vfs.write(path, data, mode).map_err(os_error)
    }

    fn file_kind(&self, path: &str) -> Option<FileKind> {
        let world = self.lab.world();
        let meta = world.hosts().get(self.host)?.vfs.metadata(path).ok()?;
        Some(match meta.file_type {
            FileType::Dir => FileKind::Dir,
            _ if meta.mode & 0o111 != 0 => FileKind::Executable,
            _ => FileKind::File,
        })
    }

    fn list_dir(&self, path: &str) -> Result<Vec<String>, OsError> {
        let world = self.lab.world();
        let host = world.hosts().get(self.host).ok_or(OsError::NotFound)?;
        let entries = host.vfs.read_dir(path).map_err(os_error)?;
        Ok(entries.into_iter().map(|e| e.name).collect())
    }

    fn exec<'a>(
        &'a self,
        req: ExecRequest,
        out: &'a mut dyn Sink,
    ) -> impl Future<Output = ExecOutcome> + 'a {
        super::exec::exec(self, req, out)
    }

    fn spawn(&self, job: Pin<Box<dyn Future<Output = i32>>>) -> u32 {
        match self.lab.spawn(job) {
            Ok(pid) => pid,
            Err(err) => {
                self.write_terminal(Stream::Stderr, format!("bash: {err}\n").as_bytes());
                0
            }
        }
    }

    fn wait_pid(&self, pid: u32) -> impl Future<Output = Option<i32>> {
        WaitPid {
            lab: self.lab.clone(),
            pid,
        }
    }

    fn interrupted(&self) -> bool {
        !self.detached && self.lab.terminal_interrupted(self.host)
    }

    fn detached(&self) -> Self {
        HostOs {
            detached: true,
            ..self.clone()
        }
    }

    fn write_terminal(&self, stream: Stream, data: &[u8]) {
        self.lab.write_terminal(self.host, stream, data);
    }

    fn read_terminal_line(&self) -> impl Future<Output = Option<String>> {
        self.terminal().read_line()
    }

    fn set_terminal_echo(&self, on: bool) {
        self.terminal().set_echo(on);
    }
}

impl HostOs {
    /// The host's terminal as stdin, as this view (foreground or background) reads it.
    pub(crate) fn terminal(&self) -> TerminalStdin {
        TerminalStdin::new(self.lab.clone(), self.host, self.detached)
    }
}

/// Resolves when job `pid` has finished: its status, or `None` for no such job.
struct WaitPid {
    lab: Lab,
    pid: u32,
}

impl Future for WaitPid {
    type Output = Option<i32>;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<i32>> {
        if self.lab.is_running(self.pid) {
            Poll::Pending
        } else {
            Poll::Ready(self.lab.status_of(self.pid))
        }
    }
}
