//! [`Shell`]: everything a bash session remembers between lines — variables and which are
//! exported, the working directory, `$?`, positional parameters, background jobs and
//! functions.

use std::collections::{BTreeMap, BTreeSet};

use super::functions::{Frame, Functions};

/// The `PATH` a login shell starts with on CentOS.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A background job started with `&`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The `%N` number.
    pub number: u32,
    pub pid: u32,
    /// The pipeline as typed, for `jobs`.
    pub command: String,
}

/// One host terminal's bash session.
#[derive(Clone, Debug)]
pub struct Shell {
    pub(crate) vars: BTreeMap<String, String>,
    pub(crate) exported: BTreeSet<String>,
    pub(crate) cwd: String,
    pub(crate) user: String,
    pub(crate) hostname: String,
    pub(crate) last_status: i32,
    /// `$0`.
    pub(crate) arg0: String,
    /// `$1`, `$2`, ...
    pub(crate) positional: Vec<String>,
    /// `$$`.
    pub(crate) pid: u32,
    /// `$!`.
    pub(crate) last_background: Option<u32>,
    pub(crate) jobs: Vec<Job>,
    /// Set by `exit`: the status the session ended with.
    pub(crate) exited: Option<i32>,
    /// Nesting of scripts and subshells this session runs inside (0 = the terminal).
    pub(crate) depth: usize,
    /// Defined functions.
    pub(crate) functions: Functions,
    /// One per function call running, innermost last.
    pub(crate) frames: Vec<Frame>,
    /// `source`/`.` files running (`return` ends one).
    pub(crate) sourcing: usize,
}

impl Shell {
    /// A login shell: `HOME`, `USER`, `HOSTNAME`, `PWD`, `PATH` and `SHELL` exported, in `home`.
    pub fn new(user: &str, home: &str, hostname: &str) -> Shell {
        let mut shell = Shell {
            vars: BTreeMap::new(),
            exported: BTreeSet::new(),
            cwd: home.to_string(),
            user: user.to_string(),
            hostname: hostname.to_string(),
            last_status: 0,
            arg0: "-bash".to_string(),
            positional: Vec::new(),
            pid: 1000,
            last_background: None,
            jobs: Vec::new(),
            exited: None,
            depth: 0,
            functions: Functions::default(),
            frames: Vec::new(),
            sourcing: 0,
        };
        for (name, value) in [
            ("PATH", DEFAULT_PATH),
            ("HOME", home),
            ("USER", user),
            ("LOGNAME", user),
            ("HOSTNAME", hostname),
            ("PWD", home),
            ("SHELL", "/bin/bash"),
        ] {
            shell.set_var(name, value);
            shell.exported.insert(name.to_string());
        }
        shell
    }

    /// CentOS style: `[root@etcd-1 ~]# `, `[etcd@etcd-1 etcd]$ `.
    pub fn prompt(&self) -> String {
        let short_host = self.hostname.split('.').next().unwrap_or_default();
        let dir = if Some(self.cwd.as_str()) == self.var("HOME") {
            "~"
        } else if self.cwd == "/" {
            "/"
        } else {
            self.cwd.rsplit('/').next().unwrap_or_default()
        };
        let sigil = if self.user == "root" { '#' } else { '$' };
        format!("[{}@{short_host} {dir}]{sigil} ", self.user)
    }

    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// `$?`.
    pub fn last_status(&self) -> i32 {
        self.last_status
    }

    /// `Some(status)` once `exit` ran: the terminal closes the session.
    pub fn exited(&self) -> Option<i32> {
        self.exited
    }

    /// Sets `$$` (the Os knows the shell's PID; 1000 until then).
    pub fn set_pid(&mut self, pid: u32) {
        self.pid = pid;
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn set_var(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_string(), value.to_string());
    }

    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    pub(crate) fn unset(&mut self, name: &str) {
        self.vars.remove(name);
        self.exported.remove(name);
    }

    /// The exported environment programs receive.
    pub(crate) fn env(&self) -> Vec<(String, String)> {
        self.exported
            .iter()
            .filter_map(|name| Some((name.clone(), self.vars.get(name)?.clone())))
            .collect()
    }

    pub(crate) fn home(&self) -> String {
        self.var("HOME").unwrap_or("/").to_string()
    }

    /// A new `bash` process: it inherits only the exported variables.
    pub(crate) fn child(&self, arg0: &str, args: Vec<String>) -> Shell {
        let mut child = self.clone();
        child.vars.retain(|name, _| self.exported.contains(name));
        child.arg0 = arg0.to_string();
        child.positional = args;
        child.jobs.clear();
        child.last_background = None;
        child.last_status = 0;
        child.depth = self.depth.saturating_add(1);
        // Functions are not exported (the lab has no `export -f`).
        child.functions = Functions::default();
        child.frames.clear();
        child.sourcing = 0;
        child
    }

    /// A `( ... )` or `$( ... )` copy: everything is inherited, nothing flows back.
    pub(crate) fn subshell(&self) -> Shell {
        let mut sub = self.clone();
        sub.jobs.clear();
        sub.depth = self.depth.saturating_add(1);
        sub
    }

    /// A `$( ... )` or pipeline-stage copy: like [`Shell::subshell`], but bash lets `jobs`
    /// there still list the parent's jobs, so `kill $(jobs -p)` and `jobs -p | wc -l`
    /// work as tutorials use them.
    pub(crate) fn subshell_listing_jobs(&self) -> Shell {
        let mut sub = self.subshell();
        sub.jobs = self.jobs.clone();
        sub
    }
}
