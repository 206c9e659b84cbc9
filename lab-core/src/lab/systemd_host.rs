//! `HostSystemd`: systemd (PID 1) on one host — unit files loaded from the file system,
//! each service's state machine, the journal — and the job that drives it: starting main
//! processes, noticing readiness and exits, restart timers, and answering `systemctl`.

use std::collections::BTreeMap;

use super::Lab;
use super::program::{ProgramCtx, next_round};
use super::programs::etcd;
use super::signal_delivery::ProcessSignals;
use crate::sim::{OutputStream, ProcessExit, ProcessKind, signal};
use crate::systemd::{
    Action, CmdOutput, ExitStatus, JobId, JobReply, Journal, JournalEntry, JournalQuery,
    ServiceUnit, Signal, UnitFile, changed_on_disk_warning, parse_env_file, parse_unit_file,
};
use crate::time::WallClock;
use crate::vfs::program_name;

/// Where unit files are looked for, in systemd's order (`/lib` is `/usr/lib` here).
pub const UNIT_DIRS: [&str; 3] = [
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/lib/systemd/system",
];
/// Where `enable` puts its symlinks.
pub const WANTS_DIR: &str = "/etc/systemd/system/multi-user.target.wants";
/// Most units loaded on one host.
pub const MAX_UNITS: usize = 256;

/// One loaded service.
pub struct LoadedUnit {
    /// Its runtime state (with the unit file it was loaded from).
    pub service: ServiceUnit,
    /// The file's text when loaded, to tell when it changed on disk.
    pub text: String,
    /// Set when systemd refuses the unit (`Loaded: error`).
    pub fatal: Option<String>,
}

/// systemd on one host.
#[derive(Default)]
pub struct HostSystemd {
    /// Loaded units by name (`etcd.service`).
    pub units: BTreeMap<String, LoadedUnit>,
    /// The journal.
    pub journal: Journal,
    /// Answers for waiting `systemctl` requests, by job id.
    pub replies: BTreeMap<JobId, JobReply>,
    /// Restart/timeout timers by unit: when to call `timer_due` (Unix µs).
    pub timers: BTreeMap<String, u64>,
    next_job: JobId,
}

impl HostSystemd {
    /// A fresh job id for a `systemctl` request.
    pub fn next_job(&mut self) -> JobId {
        self.next_job += 1;
        self.next_job
    }
}

impl Lab {
    /// Reads and parses unit `name` from the host's unit directories.
    pub(crate) fn read_unit(
        &self,
        host: usize,
        name: &str,
    ) -> Option<(UnitFile, String, Option<String>, Vec<String>)> {
        let world = self.world();
        let vfs = &world.hosts().get(host)?.vfs;
        UNIT_DIRS.iter().find_map(|dir| {
            let path = format!("{dir}/{name}");
            let data = vfs.read(&path).ok()?;
            let text = String::from_utf8_lossy(data).into_owned();
            let parsed = parse_unit_file(name, &path, &text);
            let fatal = parsed.fatal.map(|f| f.message);
            Some((parsed.unit, text, fatal, parsed.warnings))
        })
    }

    /// Loads (or reloads) unit `name`; returns whether a file for it exists.
    pub(crate) fn load_unit(&self, host: usize, name: &str) -> bool {
        let Some((unit, text, fatal, warnings)) = self.read_unit(host, name) else {
            return false;
        };
        for warning in warnings {
            self.journal(host, "systemd", 1, &warning, None);
        }
        let mut systemd = self.state.systemd.borrow_mut();
        let Some(sd) = systemd.get_mut(host) else {
            return false;
        };
        let full = sd.units.len() >= MAX_UNITS;
        match sd.units.get_mut(name) {
            Some(loaded) => {
                loaded.service.reload_config(unit);
                loaded.text = text;
                loaded.fatal = fatal;
            }
            None if !full => {
                sd.units.insert(
                    name.to_owned(),
                    LoadedUnit {
                        service: ServiceUnit::new(unit),
                        text,
                        fatal,
                    },
                );
            }
            None => return false,
        }
        true
    }

    /// `systemctl daemon-reload`: reloads every loaded unit whose file still exists.
    pub(crate) fn daemon_reload(&self, host: usize) {
        let names: Vec<String> = self
            .state
            .systemd
            .borrow()
            .get(host)
            .map(|sd| sd.units.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            self.load_unit(host, &name);
        }
    }

    /// Appends a journal record.
    pub(crate) fn journal(
        &self,
        host: usize,
        identifier: &str,
        pid: u32,
        message: &str,
        unit: Option<&str>,
    ) {
        let now = WallClock::at(self.now()).unix_micros;
        let hostname = self
            .world()
            .hosts()
            .get(host)
            .map(|h| h.name.clone())
            .unwrap_or_default();
        if let Some(sd) = self.state.systemd.borrow_mut().get_mut(host) {
            sd.journal.push(JournalEntry {
                realtime_us: now,
                hostname,
                identifier: identifier.to_owned(),
                pid,
                message: message.to_owned(),
                unit: unit.map(str::to_owned),
            });
        }
    }

    /// Sends a request to unit `name` and carries out what its state machine answers.
    pub(crate) fn unit_request(
        &self,
        host: usize,
        name: &str,
        request: impl FnOnce(&mut ServiceUnit, u64, Vec<(String, String)>) -> Vec<Action>,
    ) {
        let env = self.unit_environment(host, name);
        let now = WallClock::at(self.now()).unix_micros;
        let actions = {
            let mut systemd = self.state.systemd.borrow_mut();
            let Some(loaded) = systemd.get_mut(host).and_then(|sd| sd.units.get_mut(name)) else {
                return;
            };
            request(&mut loaded.service, now, env)
        };
        self.perform(host, name, actions);
    }

    /// `Environment=` then each `EnvironmentFile=` (a missing optional one is skipped).
    fn unit_environment(&self, host: usize, name: &str) -> Vec<(String, String)> {
        let unit = {
            let systemd = self.state.systemd.borrow();
            match systemd.get(host).and_then(|sd| sd.units.get(name)) {
                Some(loaded) => loaded.service.unit().clone(),
                None => return Vec::new(),
            }
        };
        let files: Vec<Vec<(String, String)>> = unit
            .environment_files
            .iter()
            .filter_map(|file| {
                let text = self.read_file(host, &file.path).ok()?;
                Some(parse_env_file(&file.path, &text).vars)
            })
            .collect();
        unit.merged_environment(&files)
    }

    /// Carries out a unit's actions, feeding back what they cause (a spawned pid, an
    /// immediate exit) until nothing is left.
    fn perform(&self, host: usize, name: &str, actions: Vec<Action>) {
        let mut queue: std::collections::VecDeque<Action> = actions.into();
        let mut budget = 64;
        while let Some(action) = queue.pop_front() {
            budget -= 1;
            if budget == 0 {
                return;
            }
            let now = WallClock::at(self.now()).unix_micros;
            let more = match action {
                Action::Log(line) => {
                    self.journal(host, "systemd", 1, &line, Some(name));
                    Vec::new()
                }
                Action::Reply { job, reply } => {
                    if let Some(sd) = self.state.systemd.borrow_mut().get_mut(host) {
                        sd.replies.insert(job, reply);
                    }
                    Vec::new()
                }
                Action::ArmTimer { at_us } => {
                    if let Some(sd) = self.state.systemd.borrow_mut().get_mut(host) {
                        sd.timers.insert(name.to_owned(), at_us);
                    }
                    Vec::new()
                }
                Action::Kill { pid, signal: sig } => {
                    let sig = match sig {
                        Signal::Term => signal::TERM,
                        Signal::Kill => signal::KILL,
                    };
                    // The same path as `kill`: a unit's process is no job, so only the
                    // world's process gets it.
                    let _ = self.signal(host, pid, sig);
                    Vec::new()
                }
                Action::Spawn {
                    argv,
                    env,
                    working_directory,
                    ..
                } => {
                    let (pid, exit) = self.spawn_main(host, name, argv, env, working_directory);
                    let mut more = self.with_unit(host, name, |s| s.spawned(now, pid));
                    if let Some(status) = exit {
                        more.extend(
                            self.with_unit(host, name, |s| s.process_exited(now, pid, status)),
                        );
                    }
                    more
                }
            };
            queue.extend(more);
        }
    }

    fn with_unit(
        &self,
        host: usize,
        name: &str,
        f: impl FnOnce(&mut ServiceUnit) -> Vec<Action>,
    ) -> Vec<Action> {
        let mut systemd = self.state.systemd.borrow_mut();
        systemd
            .get_mut(host)
            .and_then(|sd| sd.units.get_mut(name))
            .map(|loaded| f(&mut loaded.service))
            .unwrap_or_default()
    }

    /// Starts a unit's main process: its pid, and its exit status if it died at once.
    fn spawn_main(
        &self,
        host: usize,
        unit: &str,
        argv: Vec<String>,
        env: Vec<(String, String)>,
        working_directory: Option<String>,
    ) -> (u32, Option<ExitStatus>) {
        let pid = self.allocate_pid();
        let program = argv.first().and_then(|path| {
            let world = self.world();
            let data = world.hosts().get(host)?.vfs.read(path).ok()?;
            program_name(data).map(str::to_owned)
        });
        if program.as_deref() != Some("etcd") {
            let what = argv.first().cloned().unwrap_or_default();
            self.journal(
                host,
                "systemd",
                1,
                &format!("Failed at step EXEC spawning {what}: No such file or directory"),
                Some(unit),
            );
            return (pid, Some(ExitStatus::Exited(203)));
        }
        let args: Vec<String> = argv.iter().skip(1).cloned().collect();
        let cwd = working_directory.unwrap_or_else(|| "/".to_owned());
        let mut printed: Vec<(OutputStream, Vec<u8>)> = Vec::new();
        let mut out = |stream: OutputStream, data: &[u8]| printed.push((stream, data.to_vec()));
        let mut ctx = ProgramCtx {
            lab: self.clone(),
            host,
            args: &args,
            env: &env,
            cwd: &cwd,
            stdin: &[],
            // A unit's stdin is /dev/null (systemd's `StandardInput=null`).
            terminal: None,
            out: &mut out,
            signals: ProcessSignals::detached(self),
        };
        let launched = etcd::launch(&mut ctx, argv.clone(), Some(unit.to_owned()), Some(pid));
        drop(ctx);
        for (_, data) in printed {
            for line in String::from_utf8_lossy(&data).lines() {
                self.journal(host, "etcd", pid, line, Some(unit));
            }
        }
        match launched {
            Ok(_) => (pid, None),
            Err(code) => (
                pid,
                Some(ExitStatus::Exited(u8::try_from(code).unwrap_or(255))),
            ),
        }
    }

    /// One pass of PID 1 on `host`: journal the main processes' output, report readiness
    /// and exits to their units, fire due timers.
    pub(crate) fn systemd_pass(&self, host: usize) {
        let names: Vec<(String, Option<u32>)> = self
            .state
            .systemd
            .borrow()
            .get(host)
            .map(|sd| {
                sd.units
                    .iter()
                    .map(|(n, u)| (n.clone(), u.service.main_pid()))
                    .collect()
            })
            .unwrap_or_default();
        let now = WallClock::at(self.now()).unix_micros;
        for (name, pid) in names {
            if let Some(pid) = pid {
                self.watch_main(host, &name, pid, now);
            }
            let due = self
                .state
                .systemd
                .borrow()
                .get(host)
                .and_then(|sd| sd.timers.get(&name).copied())
                .is_some_and(|at| at <= now);
            if due {
                if let Some(sd) = self.state.systemd.borrow_mut().get_mut(host) {
                    sd.timers.remove(&name);
                }
                let actions = self.with_unit(host, &name, |s| s.timer_due(now));
                self.perform(host, &name, actions);
            }
        }
    }

    fn watch_main(&self, host: usize, name: &str, pid: u32, now: u64) {
        let output = self.world_mut().drain_process_output(host, pid);
        for (_, text) in output {
            for line in text.lines() {
                self.journal(host, "etcd", pid, line, Some(name));
            }
        }
        let (alive, ready, exit) = {
            let world = self.world();
            let processes = world.hosts().get(host).map(|h| &h.processes);
            let process = processes.and_then(|p| p.get(pid));
            let ready =
                process.is_some_and(|p| matches!(p.kind, ProcessKind::Etcd { ready: true, .. }));
            (
                process.is_some(),
                ready,
                processes.and_then(|p| p.exit_of(pid)),
            )
        };
        let actions = if !alive {
            let status = match exit {
                Some(ProcessExit::Exited(code)) => {
                    ExitStatus::Exited(u8::try_from(code).unwrap_or(255))
                }
                Some(ProcessExit::Killed(sig)) => {
                    ExitStatus::Killed(u8::try_from(sig).unwrap_or(9))
                }
                None => ExitStatus::Killed(9),
            };
            self.with_unit(host, name, |s| s.process_exited(now, pid, status))
        } else if ready {
            self.with_unit(host, name, |s| s.notify_ready(now, pid))
        } else {
            Vec::new()
        };
        self.perform(host, name, actions);
    }

    /// Is unit `name` loaded on `host`?
    pub(crate) fn unit_loaded(&self, host: usize, name: &str) -> bool {
        self.state
            .systemd
            .borrow()
            .get(host)
            .is_some_and(|sd| sd.units.contains_key(name))
    }

    /// The loaded unit file of `name`.
    pub(crate) fn unit_file(&self, host: usize, name: &str) -> Option<UnitFile> {
        let systemd = self.state.systemd.borrow();
        let loaded = systemd.get(host)?.units.get(name)?;
        Some(loaded.service.unit().clone())
    }

    /// systemd's warning when the unit file changed since it was loaded.
    pub(crate) fn changed_on_disk(&self, host: usize, name: &str) -> Option<String> {
        let loaded_text = {
            let systemd = self.state.systemd.borrow();
            systemd.get(host)?.units.get(name)?.text.clone()
        };
        let (_, text, _, _) = self.read_unit(host, name)?;
        (text != loaded_text).then(|| changed_on_disk_warning(name))
    }

    /// Is `name` enabled (linked from `multi-user.target.wants`)?
    pub(crate) fn unit_enabled(&self, host: usize, name: &str) -> bool {
        let world = self.world();
        world.hosts().get(host).is_some_and(|h| {
            h.vfs
                .symlink_metadata(&format!("{WANTS_DIR}/{name}"))
                .is_ok()
        })
    }

    /// A fresh id for a `systemctl` job on `host`.
    pub(crate) fn next_systemd_job(&self, host: usize) -> JobId {
        self.state
            .systemd
            .borrow_mut()
            .get_mut(host)
            .map_or(0, HostSystemd::next_job)
    }

    /// The answer to job `job`, once systemd has given it.
    pub(crate) fn take_systemd_reply(&self, host: usize, job: JobId) -> Option<JobReply> {
        self.state
            .systemd
            .borrow_mut()
            .get_mut(host)?
            .replies
            .remove(&job)
    }

    /// Runs `f` on the host's file system.
    pub(crate) fn with_vfs<R>(
        &self,
        host: usize,
        f: impl FnOnce(&mut crate::vfs::Vfs) -> R,
    ) -> Option<R> {
        let mut world = self.world_mut();
        let now = world.now();
        let h = world.hosts.get_mut(host)?;
        h.vfs.set_now(now);
        Some(f(&mut h.vfs))
    }

    /// The host's name.
    pub fn host_name(&self, host: usize) -> String {
        self.world()
            .hosts()
            .get(host)
            .map(|h| h.name.clone())
            .unwrap_or_default()
    }

    /// `journalctl`'s output for `query`.
    pub(crate) fn render_journal(&self, host: usize, query: &JournalQuery) -> CmdOutput {
        let systemd = self.state.systemd.borrow();
        match systemd.get(host) {
            Some(sd) => query.render(&sd.journal),
            None => CmdOutput::default(),
        }
    }

    /// Records in the journal so far.
    pub(crate) fn journal_len(&self, host: usize) -> usize {
        self.state
            .systemd
            .borrow()
            .get(host)
            .map_or(0, |sd| sd.journal.entries().count())
    }

    /// Lines recorded after the first `seen` (for `units` if any), and the new count.
    pub(crate) fn journal_since(
        &self,
        host: usize,
        seen: usize,
        units: &[String],
    ) -> (Vec<String>, usize) {
        let systemd = self.state.systemd.borrow();
        let Some(sd) = systemd.get(host) else {
            return (Vec::new(), seen);
        };
        let total = sd.journal.entries().count();
        let lines = sd
            .journal
            .entries()
            .skip(seen)
            .filter(|e| units.is_empty() || e.unit.as_ref().is_some_and(|u| units.contains(u)))
            .map(JournalEntry::short_line)
            .collect();
        (lines, total)
    }

    /// Starts PID 1's job on `host`: it runs a pass after every step of the world.
    pub(crate) fn start_systemd(&self, host: usize) {
        let lab = self.clone();
        let _ = self.spawn(Box::pin(async move {
            loop {
                lab.systemd_pass(host);
                let wake = lab
                    .state
                    .systemd
                    .borrow()
                    .get(host)
                    .and_then(|sd| sd.timers.values().min().copied());
                if let Some(at) = wake {
                    let at = crate::time::SimTime::from_micros(
                        at.saturating_sub(crate::time::LAB_EPOCH_UNIX_SECS * 1_000_000),
                    );
                    lab.wake_at(at);
                }
                next_round().await;
            }
        }));
    }
}
