//! `Process` and `ProcessTable`: what runs on a host, with pids, command lines and output.
//!
//! Only processes with a life of their own in the world live here (etcd members, whatever
//! systemd starts); a shell line's short-lived programs are jobs of the lab. A process's
//! stdout and stderr collect in a bounded buffer until whoever holds its other end (a
//! terminal, a file redirection, the journal) drains it.

use std::collections::{BTreeMap, VecDeque};

use super::{EtcdLaunch, ProcessExit};
use crate::time::SimTime;

/// Most processes on one host (unit: processes), like a small `pid_max`.
pub const MAX_PROCESSES: usize = 512;
/// Most undrained output a process keeps (unit: bytes); older output is dropped first, as a
/// full pipe would block the writer (a simulated process never blocks on its logs).
pub const MAX_PENDING_OUTPUT: usize = 256 * 1024;
/// Most exit statuses remembered per host (unit: exits).
pub const MAX_EXITS: usize = 64;
/// The first pid handed out on a fresh host; lower pids belong to the boot.
pub const FIRST_PID: u32 = 1_000;

/// What a process is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcessKind {
    /// An etcd member.
    Etcd {
        /// Index of its member in the world.
        member: usize,
        /// The configuration it was started with.
        launch: Box<EtcdLaunch>,
        /// It has joined its cluster and serves clients (`sd_notify(READY=1)` under systemd).
        ready: bool,
    },
}

/// Which output stream a chunk was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputStream {
    /// File descriptor 1.
    Stdout,
    /// File descriptor 2.
    Stderr,
}

/// A running process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    /// Its pid on the host.
    pub pid: u32,
    /// Its command line, as `ps` shows it.
    pub argv: Vec<String>,
    /// What it is.
    pub kind: ProcessKind,
    /// When it started.
    pub started_at: SimTime,
    /// The systemd unit that started it, if any.
    pub unit: Option<String>,
    /// Output not yet drained, oldest first.
    output: VecDeque<(OutputStream, String)>,
    output_bytes: usize,
}

impl Process {
    /// Appends a line (with its newline) to the process's output.
    pub fn write_line(&mut self, stream: OutputStream, line: &str) {
        let mut text = String::with_capacity(line.len() + 1);
        text.push_str(line);
        text.push('\n');
        self.output_bytes += text.len();
        self.output.push_back((stream, text));
        while self.output_bytes > MAX_PENDING_OUTPUT {
            let Some((_, dropped)) = self.output.pop_front() else {
                break;
            };
            self.output_bytes -= dropped.len();
        }
    }

    /// Takes the output written since the last call.
    pub fn drain_output(&mut self) -> Vec<(OutputStream, String)> {
        self.output_bytes = 0;
        std::mem::take(&mut self.output).into()
    }
}

/// The processes of one host, by pid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessTable {
    by_pid: BTreeMap<u32, Process>,
    last_pid: u32,
    /// Recent exits, oldest first, bounded by [`MAX_EXITS`].
    exits: VecDeque<(u32, ProcessExit)>,
    /// What processes wrote just before they were forgotten and nobody has read yet (a
    /// removed member's last lines), oldest first, bounded by [`MAX_EXITS`].
    last_words: VecDeque<(u32, Vec<(OutputStream, String)>)>,
}

/// `fork` failed: the host runs [`MAX_PROCESSES`] already.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("fork: Resource temporarily unavailable")]
pub struct ForkFailed;

impl ProcessTable {
    /// The next pid, as the kernel hands them out: increasing, wrapping past 32768.
    pub fn allocate_pid(&mut self) -> Result<u32, ForkFailed> {
        if self.by_pid.len() >= MAX_PROCESSES {
            return Err(ForkFailed);
        }
        let mut pid = self.last_pid.max(FIRST_PID - 1);
        loop {
            pid = if pid >= 32_767 { FIRST_PID } else { pid + 1 };
            if !self.by_pid.contains_key(&pid) {
                self.last_pid = pid;
                return Ok(pid);
            }
        }
    }

    /// Starts tracking a process under a pid from [`allocate_pid`](Self::allocate_pid).
    pub fn insert(
        &mut self,
        pid: u32,
        argv: Vec<String>,
        kind: ProcessKind,
        started_at: SimTime,
        unit: Option<String>,
    ) {
        let process = Process {
            pid,
            argv,
            kind,
            started_at,
            unit,
            output: VecDeque::new(),
            output_bytes: 0,
        };
        self.by_pid.insert(pid, process);
    }

    /// The process with `pid`.
    pub fn get(&self, pid: u32) -> Option<&Process> {
        self.by_pid.get(&pid)
    }

    /// The process with `pid`, to change.
    pub fn get_mut(&mut self, pid: u32) -> Option<&mut Process> {
        self.by_pid.get_mut(&pid)
    }

    /// Forgets a process that exited; what it wrote last stays readable through
    /// [`drain_last_words`](Self::drain_last_words).
    pub fn remove(&mut self, pid: u32) -> Option<Process> {
        let mut process = self.by_pid.remove(&pid)?;
        let output = process.drain_output();
        if !output.is_empty() {
            if self.last_words.len() >= MAX_EXITS {
                self.last_words.pop_front();
            }
            self.last_words.push_back((pid, output));
        }
        Some(process)
    }

    /// What process `pid` wrote before it was forgotten and was not read yet.
    pub fn drain_last_words(&mut self, pid: u32) -> Vec<(OutputStream, String)> {
        match self.last_words.iter().position(|(p, _)| *p == pid) {
            Some(i) => self
                .last_words
                .remove(i)
                .map(|(_, out)| out)
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// The etcd process of member `member`, if running here.
    pub fn etcd_of(&mut self, member: usize) -> Option<&mut Process> {
        self.by_pid
            .values_mut()
            .find(|p| matches!(p.kind, ProcessKind::Etcd { member: m, .. } if m == member))
    }

    /// Records how `pid` ended, for whoever waits for it; keeps the last
    /// [`MAX_EXITS`] exits.
    pub fn record_exit(&mut self, pid: u32, exit: ProcessExit) {
        if self.exits.len() >= MAX_EXITS {
            self.exits.pop_front();
        }
        self.exits.push_back((pid, exit));
    }

    /// How `pid` ended, if it did recently.
    pub fn exit_of(&self, pid: u32) -> Option<ProcessExit> {
        self.exits
            .iter()
            .rev()
            .find(|(p, _)| *p == pid)
            .map(|&(_, exit)| exit)
    }

    /// Every process, by pid.
    pub fn iter(&self) -> impl Iterator<Item = &Process> {
        self.by_pid.values()
    }

    /// Kills everything (the host lost power).
    pub fn clear(&mut self) {
        self.by_pid.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::EtcdIdentity;

    fn etcd_kind() -> ProcessKind {
        ProcessKind::Etcd {
            member: 0,
            launch: Box::new(EtcdLaunch {
                name: "a".into(),
                data_dir: "/var/lib/etcd".into(),
                wal_dir: None,
                listen_peer: vec![],
                listen_client: vec![],
                identity: EtcdIdentity {
                    token: "t".into(),
                    peer_urls: vec![],
                    client_urls: vec![],
                    initial_cluster: vec![],
                },
                new_cluster: true,
                force_new_cluster: false,
                heartbeat_interval_ms: 100,
                election_timeout_ms: 1_000,
                snapshot_count: 100_000,
                quota_backend_bytes: 0,
                pre_vote: false,
                enable_v2: false,
                discovery: None,
                banner_printed: false,
                tls: None,
            }),
            ready: false,
        }
    }

    #[test]
    fn a_process_last_lines_outlive_it_until_read() {
        let mut table = ProcessTable::default();
        let pid = table.allocate_pid().expect("room");
        table.insert(pid, vec!["etcd".into()], etcd_kind(), SimTime::ZERO, None);
        if let Some(p) = table.get_mut(pid) {
            p.write_line(
                OutputStream::Stderr,
                "the member has been permanently removed",
            );
        }
        assert!(table.remove(pid).is_some());
        let last = table.drain_last_words(pid);
        assert_eq!(last.len(), 1, "{last:?}");
        assert!(table.drain_last_words(pid).is_empty(), "read once");
    }

    #[test]
    fn pids_increase_and_skip_those_in_use() {
        let mut table = ProcessTable::default();
        let a = table.allocate_pid().expect("room");
        table.insert(a, vec!["etcd".into()], etcd_kind(), SimTime::ZERO, None);
        let b = table.allocate_pid().expect("room");
        assert_eq!((a, b), (FIRST_PID, FIRST_PID + 1));
        table.last_pid = 32_767;
        assert_eq!(
            table.allocate_pid(),
            Ok(FIRST_PID + 1),
            "wraps, skipping {a}"
        );
    }

    #[test]
    fn output_is_drained_once_and_bounded() {
        let mut table = ProcessTable::default();
        table.insert(7, vec![], etcd_kind(), SimTime::ZERO, None);
        let p = table.get_mut(7).expect("there");
        p.write_line(OutputStream::Stderr, "hello");
        assert_eq!(
            p.drain_output(),
            vec![(OutputStream::Stderr, "hello\n".to_owned())]
        );
        assert!(p.drain_output().is_empty());
        let line = "x".repeat(1_000);
        for _ in 0..1_000 {
            p.write_line(OutputStream::Stdout, &line);
        }
        let kept: usize = p.drain_output().iter().map(|(_, t)| t.len()).sum();
        assert!(kept <= MAX_PENDING_OUTPUT && kept > MAX_PENDING_OUTPUT - 2_000);
    }
}
