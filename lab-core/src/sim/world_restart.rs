//! How an etcd process that restarts into trouble ends, as etcd 3.4.23 does (recorded in
//! `lab-core/tests/data/restart-reference.md`):
//!
//! - a member removed from its cluster that comes back with its old data-dir starts as
//!   usual; only its peers' refusal (rafthttp answers 410 Gone) tells it, and it exits 0
//!   with `the member has been permanently removed from the cluster`;
//! - a member whose log was lost (a wiped data-dir started with `existing` under its old id)
//!   hears a leader commit past its empty log: raft panics, `tocommit(N) is out of range
//!   [lastIndex(0)]`, and Go's runtime exits 2 after its goroutine trace.

use super::{Command, OutputStream, ProcessExit, ProcessKind, World};
use crate::error::LabError;
use crate::time::WallClock;

/// Go's exit status after an unrecovered panic.
pub const PANIC_EXIT_STATUS: i32 = 2;

impl World {
    /// Starts member `idx` for an etcd process. Unlike [`Command::StartMember`], a member
    /// whose removal its cluster committed starts too: etcd cannot know from its own
    /// data-dir, and finds out from its peers.
    pub(crate) fn start_launched_member(&mut self, idx: usize) -> Result<(), LabError> {
        let name = self.members[idx].name().to_owned();
        // A process brings its own data-dir: a wiped member's launch either restarts from
        // data put back, or bootstraps anew and its boot check asks the peers
        // (`world_bootstrap`), with etcd's timing, rather than `StartMember` at once.
        let wiped = std::mem::replace(&mut self.members[idx].wiped, false);
        let removed = std::mem::replace(&mut self.members[idx].removed, false);
        let started = self.apply(Command::StartMember(name));
        self.members[idx].removed = removed;
        if started.is_err() {
            self.members[idx].wiped = wiped;
        }
        started?;
        if removed {
            // Its first stream dial meets a member that knows; the answer comes at once.
            let id = self.members[idx].id;
            let knows = self
                .members
                .iter()
                .position(|m| m.is_running() && m.id != id && self.host_up(m.host));
            if let Some(to) = knows {
                self.refuse_removed(to, idx);
            }
        }
        Ok(())
    }

    /// Member `to` refused a message from `sender` because the cluster removed it: the
    /// sender's etcd process learns it is removed (rafthttp's 410 Gone) and exits at its
    /// next tick; the first time, `to` logs the refusal of both its streams.
    pub(crate) fn on_rejected_as_removed(&mut self, to: usize, sender: u64) {
        let Some(idx) = self.member_index_by_id(sender) else {
            return;
        };
        let host = self.members[idx].host;
        let has_process = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.processes.etcd_of(idx))
            .is_some();
        let member = &self.members[idx];
        if has_process && member.is_running() && member.exit_at.is_none() {
            self.refuse_removed(to, idx);
        }
    }

    /// Member `to` refuses removed member `idx`'s streams: `idx` exits at its next tick.
    fn refuse_removed(&mut self, to: usize, idx: usize) {
        let sender = self.members[idx].id;
        self.members[idx].exit_at = Some(self.now);
        let wall = WallClock::at(self.now);
        let Some(to_host) = self.members.get(to).map(|m| m.host) else {
            return;
        };
        let line = super::etcd_log::capnslog(
            &wall,
            'W',
            "rafthttp",
            &format!("rejected the stream from peer {sender:x} since it was removed"),
        );
        if let Some(process) = self
            .hosts
            .get_mut(to_host)
            .and_then(|h| h.processes.etcd_of(to))
        {
            process.write_line(OutputStream::Stderr, &line);
            process.write_line(OutputStream::Stderr, &line);
        }
    }

    /// Raft panicked in member `idx` (`error` is its message): its etcd process prints the
    /// panic and Go's trace and exits 2; the member stops. Members without a process keep
    /// running (the `lab check` harness reports the panic as a violation).
    pub(crate) fn exit_on_raft_panic(&mut self, idx: usize, error: &str) {
        // What raft logged before it panicked reaches the process first.
        self.record_raft_events(idx);
        self.sync_processes();
        let wall = WallClock::at(self.now);
        self.exit_process_with(idx, ProcessExit::Exited(PANIC_EXIT_STATUS), |_| {
            super::etcd_log::raft_panic_lines(&wall, error)
        });
        let name = self.members[idx].name().to_owned();
        let _ = self.apply(Command::StopMember(name));
    }

    /// Member `idx`'s etcd process, if it has one, writes its last lines (from its kind) to
    /// stderr and exits with `exit`.
    pub(crate) fn exit_process_with(
        &mut self,
        idx: usize,
        exit: ProcessExit,
        last_lines: impl FnOnce(&ProcessKind) -> Vec<String>,
    ) {
        let Some(host) = self.members.get(idx).map(|m| m.host) else {
            return;
        };
        let Some(processes) = self.hosts.get_mut(host).map(|h| &mut h.processes) else {
            return;
        };
        let Some(process) = processes.etcd_of(idx) else {
            return;
        };
        for line in last_lines(&process.kind) {
            process.write_line(OutputStream::Stderr, &line);
        }
        let pid = process.pid;
        processes.record_exit(pid, exit);
    }
}
