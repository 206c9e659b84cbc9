//! etcd processes on hosts: starting one from a validated configuration (binding its ports,
//! running it as the member `world_launch_member` finds or creates), signals (`kill`), and
//! keeping processes in step with their members (log lines from the trace, readiness, exits).

use super::go_signal::{GoSignalAction, etcd_signal_action};
use super::{
    Command, EtcdLaunch, LaunchFailure, ListenAddr, OutputStream, ProcessExit, ProcessKind,
    TraceKind, World,
};
use crate::error::LabError;
use crate::time::WallClock;

/// Signal numbers `kill` understands, as on Linux x86-64.
pub mod signal {
    /// SIGINT (Ctrl-C).
    pub const INT: i32 = 2;
    /// SIGKILL.
    pub const KILL: i32 = 9;
    /// SIGTERM, `kill`'s default.
    pub const TERM: i32 = 15;
    /// SIGCONT.
    pub const CONT: i32 = 18;
    /// SIGSTOP.
    pub const STOP: i32 = 19;
}

impl World {
    /// Starts an etcd process on `host` with `argv` (as `ps` shows it), under `pid` if given
    /// and free. Returns its pid, or what etcd printed before exiting.
    pub fn spawn_etcd(
        &mut self,
        host: usize,
        argv: Vec<String>,
        launch: EtcdLaunch,
        unit: Option<String>,
        pid: Option<u32>,
    ) -> Result<u32, LaunchFailure> {
        let wall = WallClock::at(self.now);
        let fatal = |message: String| LaunchFailure {
            stderr: vec![super::etcd_log::fatal(&wall, &message)],
            code: 1,
        };
        if !self.host_up(host) {
            return Err(fatal("host is down".to_owned()));
        }
        self.check_bindings(host, &launch).map_err(fatal)?;
        if let Some(h) = self.hosts.get_mut(host) {
            h.set_wal_dir(&launch.data_dir, launch.wal_dir.as_deref());
            // A disk that refuses them refuses the member's own data-dir next, with the
            // message of the step that failed; here the touch only leaves what etcd leaves.
            let paths = h.data_dir_paths(&launch.data_dir);
            crate::data_dir::touch_backend(&mut h.vfs, &paths).ok();
        }
        let (idx, restarting) = self.member_for_launch(host, &launch).map_err(fatal)?;
        self.sync_processes();
        let forced = if launch.force_new_cluster && restarting {
            self.force_new_cluster(idx).map(Some)
        } else {
            Ok(None)
        };
        let forced = forced
            .and_then(|forced| self.start_launched_member(idx).map(|()| forced))
            .map_err(|e| match e {
                // etcd's own fatal line for a data-dir it cannot use, from the package that
                // prints it (`C | etcdserver: read wal error (wal: crc mismatch) ...`).
                LabError::DataDir(err) => LaunchFailure {
                    stderr: vec![super::etcd_log::capnslog(
                        &wall,
                        'C',
                        err.package(),
                        &err.to_string(),
                    )],
                    code: 1,
                },
                other => fatal(other.to_string()),
            })?;
        if !restarting && launch.new_cluster {
            self.begin_boot_check(idx);
        }
        let lines = self.startup_lines(idx, &launch, restarting, forced.as_ref());
        let processes = match self.hosts.get_mut(host) {
            Some(h) => &mut h.processes,
            None => return Err(fatal("no such host".to_owned())),
        };
        let pid = match pid {
            Some(pid) if processes.get(pid).is_none() => pid,
            _ => processes.allocate_pid().map_err(|e| fatal(e.to_string()))?,
        };
        let kind = ProcessKind::Etcd {
            member: idx,
            launch: Box::new(launch),
            ready: false,
        };
        processes.insert(pid, argv, kind, self.now, unit);
        if let Some(process) = processes.get_mut(pid) {
            for line in lines {
                process.write_line(OutputStream::Stderr, &line);
            }
        }
        Ok(pid)
    }

    /// `bind: address already in use` if another process on the host holds a port.
    fn check_bindings(&self, host: usize, launch: &EtcdLaunch) -> Result<(), String> {
        let wanted: Vec<&ListenAddr> = launch
            .listen_peer
            .iter()
            .chain(&launch.listen_client)
            .collect();
        let held: Vec<ListenAddr> = self
            .hosts
            .get(host)
            .into_iter()
            .flat_map(|h| h.processes.iter())
            .flat_map(|p| match &p.kind {
                ProcessKind::Etcd { launch, .. } => launch
                    .listen_peer
                    .iter()
                    .chain(&launch.listen_client)
                    .copied()
                    .collect::<Vec<_>>(),
            })
            .collect();
        for (i, addr) in wanted.iter().enumerate() {
            let twice = wanted.iter().take(i).any(|a| a.collides_with(addr));
            if twice || held.iter().any(|h| h.collides_with(addr)) {
                return Err(format!("listen tcp {addr}: bind: address already in use"));
            }
        }
        Ok(())
    }

    /// Sends `sig` to process `pid` on `host`, as `kill` does. Errors are `kill`'s text.
    pub fn signal_process(&mut self, host: usize, pid: u32, sig: i32) -> Result<(), String> {
        let no_such = || format!("({pid}) - No such process");
        let member = match self.hosts.get(host).and_then(|h| h.processes.get(pid)) {
            Some(process) => match &process.kind {
                ProcessKind::Etcd { member, .. } => *member,
            },
            None => return Err(no_such()),
        };
        let name = self.members[member].name().to_owned();
        let stopping = self
            .hosts
            .get(host)
            .is_some_and(|h| h.processes.exit_of(pid).is_some());
        let action = etcd_signal_action(sig);
        let result = match action {
            GoSignalAction::Check | GoSignalAction::Ignore => Ok(()),
            // etcd reads one SIGINT/SIGTERM and stops listening for more: a second one while
            // it shuts down changes nothing.
            _ if stopping && sig != signal::KILL && action != GoSignalAction::Continue => Ok(()),
            GoSignalAction::Stop => self.apply(Command::PauseMember(name)),
            GoSignalAction::Continue => self.apply(Command::ResumeMember(name)),
            GoSignalAction::Die => {
                self.set_exit(host, pid, ProcessExit::Killed(sig));
                self.apply(Command::StopMember(name))
            }
            GoSignalAction::Throw(first_line) => {
                // The goroutine dump after this line is not simulated.
                if let Some(process) = self
                    .hosts
                    .get_mut(host)
                    .and_then(|h| h.processes.get_mut(pid))
                {
                    process.write_line(OutputStream::Stderr, first_line);
                }
                self.set_exit(host, pid, ProcessExit::Exited(2));
                self.apply(Command::StopMember(name))
            }
            GoSignalAction::Graceful => {
                // etcd catches SIGTERM and SIGINT, hands leadership over and stops; then it
                // re-raises the signal, so it dies by it.
                self.set_exit(host, pid, ProcessExit::Killed(sig));
                let member = name.clone();
                self.record(TraceKind::StopSignalled {
                    member,
                    signal: sig,
                });
                self.apply(Command::StopMemberGracefully(name))
            }
        };
        // A stopped process ignores signals other than SIGCONT and SIGKILL, and stopping
        // one twice is not an error for `kill`.
        let _ = result;
        Ok(())
    }

    /// Member `idx` applied its own removal: its process says so and exits with status 0,
    /// as etcd does.
    pub(crate) fn exit_removed_process(&mut self, idx: usize) {
        let wall = WallClock::at(self.now);
        self.exit_process_with(idx, ProcessExit::Exited(0), |kind| {
            // Not ready yet: its publish was still under way, and it gives up.
            let publishing = match kind {
                ProcessKind::Etcd { ready, .. } => !*ready,
            };
            super::etcd_log::permanently_removed_line(&wall, publishing)
        });
    }

    /// Takes what process `pid` on `host` wrote since the last call.
    pub fn drain_process_output(&mut self, host: usize, pid: u32) -> Vec<(OutputStream, String)> {
        let Some(processes) = self.hosts.get_mut(host).map(|h| &mut h.processes) else {
            return Vec::new();
        };
        match processes.get_mut(pid) {
            Some(p) => p.drain_output(),
            None => processes.drain_last_words(pid),
        }
    }

    fn set_exit(&mut self, host: usize, pid: u32, exit: ProcessExit) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.processes.record_exit(pid, exit);
        }
    }

    /// Brings processes in step with their members: log lines for new trace events, the
    /// ready notice once a member knows its leader, and reaping processes whose member
    /// stopped. The lab calls it after every step of the world.
    pub fn sync_processes(&mut self) {
        let from = self.process_cursor;
        self.process_cursor = self.trace.total_recorded();
        if self
            .hosts
            .iter()
            .all(|h| h.processes.iter().next().is_none())
        {
            return;
        }
        let events: Vec<_> = self.trace.since(from).cloned().collect();
        for event in events {
            let wall = WallClock::at(event.at);
            self.log_event(&wall, &event.kind);
        }
        self.reap_stopped();
    }

    fn reap_stopped(&mut self) {
        for host in &mut self.hosts {
            let dead: Vec<u32> = host
                .processes
                .iter()
                .filter(|p| match p.kind {
                    ProcessKind::Etcd { member, .. } => {
                        !self.members.get(member).is_some_and(|m| m.is_running())
                    }
                })
                .map(|p| p.pid)
                .collect();
            for pid in dead {
                host.processes.remove(pid);
                if host.processes.exit_of(pid).is_none() {
                    host.processes
                        .record_exit(pid, ProcessExit::Killed(signal::KILL));
                }
            }
        }
    }
}
