//! An in-memory host for the shell's tests: a file map, a few canned programs, a terminal
//! transcript and background jobs that run to completion when spawned.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::shell::{ExecOutcome, ExecRequest, FileKind, Os, OsError, Shell, Sink, Stream, run};

#[derive(Default)]
pub struct State {
    pub files: BTreeMap<String, (Vec<u8>, FileKind)>,
    pub execs: Vec<ExecRequest>,
    pub stdout: String,
    pub stderr: String,
    pub jobs: Vec<i32>,
    pub interrupted: bool,
}

#[derive(Clone, Default)]
pub struct FakeOs(pub Rc<RefCell<State>>);

pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..100_000 {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future never finished");
}

const PROGRAMS: &[&str] = &[
    "echo-args",
    "fail",
    "ip",
    "grep",
    "awk",
    "cut",
    "hostname",
    "slow",
    "cat",
    "rm",
    "kill",
    "sleep",
    "ls",
];

impl FakeOs {
    pub fn new() -> FakeOs {
        let os = FakeOs::default();
        for dir in [
            "/",
            "/root",
            "/tmp",
            "/etc",
            "/var",
            "/var/lib",
            "/var/lib/etcd",
            "/usr",
            "/usr/bin",
            "/usr/local",
            "/usr/local/bin",
            "/lib",
            "/lib/systemd",
            "/lib/systemd/system",
            "/niub",
            "/niub/etcd_log",
        ] {
            os.add(dir, "", FileKind::Dir);
        }
        for p in PROGRAMS {
            os.add(&format!("/usr/bin/{p}"), "", FileKind::Executable);
        }
        os.add("/usr/local/bin/etcd", "", FileKind::Executable);
        os
    }

    pub fn add(&self, path: &str, content: &str, kind: FileKind) {
        self.0
            .borrow_mut()
            .files
            .insert(path.to_string(), (content.as_bytes().to_vec(), kind));
    }

    pub fn file(&self, path: &str) -> Option<String> {
        self.0
            .borrow()
            .files
            .get(path)
            .map(|(d, _)| String::from_utf8_lossy(d).into_owned())
    }

    pub fn last_exec(&self) -> ExecRequest {
        self.0
            .borrow()
            .execs
            .last()
            .cloned()
            .expect("a program ran")
    }

    pub fn take_output(&self) -> (String, String) {
        let mut s = self.0.borrow_mut();
        (std::mem::take(&mut s.stdout), std::mem::take(&mut s.stderr))
    }

    fn lookup(&self, name: &str, env: &[(String, String)], cwd: &str) -> Option<String> {
        if name.contains('/') {
            return Some(crate::shell::path::resolve(cwd, name));
        }
        let path = env
            .iter()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        path.split(':')
            .map(|d| format!("{d}/{name}"))
            .find(|p| self.file_kind(p) == Some(FileKind::Executable))
    }
}

/// Output a canned program writes for `argv` and `stdin`, and its exit status.
fn program(name: &str, argv: &[String], stdin: &str) -> (String, i32) {
    let args = argv.get(1..).unwrap_or_default();
    let lines = |f: &dyn Fn(&str) -> Option<String>| {
        stdin
            .lines()
            .filter_map(f)
            .map(|l| l + "\n")
            .collect::<String>()
    };
    match name {
        "echo-args" => (args.iter().map(|a| format!("<{a}>")).collect::<String>() + "\n", 0),
        "fail" => (String::new(), 1),
        "ip" => ("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    inet 192.168.122.5/24 brd 192.168.122.255 scope global eth0\n    inet6 fe80::1/64 scope link\n".into(), 0),
        "grep" => {
            let pattern = args.first().cloned().unwrap_or_default().replace("\\b", " ");
            (lines(&|l| l.contains(&pattern).then(|| l.to_string())), 0)
        }
        "awk" => (lines(&|l| l.split_whitespace().nth(1).map(str::to_string)), 0),
        "cut" => (lines(&|l| l.split('/').next().map(str::to_string)), 0),
        "hostname" => ("etcd-1\n".into(), 0),
        "cat" => (stdin.to_string(), 0),
        "etcd" => ("etcd started\n".into(), 0),
        _ => (String::new(), 0),
    }
}

impl Os for FakeOs {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, OsError> {
        match self.0.borrow().files.get(path) {
            Some((_, FileKind::Dir)) => Err(OsError::IsADirectory),
            Some((data, _)) => Ok(data.clone()),
            None => Err(OsError::NotFound),
        }
    }

    fn write_file(&self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        let parent = path
            .rsplit_once('/')
            .map(|(p, _)| if p.is_empty() { "/" } else { p })
            .unwrap_or("/");
        if self.file_kind(parent) != Some(FileKind::Dir) {
            return Err(OsError::NotFound);
        }
        let mut state = self.0.borrow_mut();
        let entry = state
            .files
            .entry(path.to_string())
            .or_insert((Vec::new(), FileKind::File));
        if !append {
            entry.0.clear();
        }
        entry.0.extend_from_slice(data);
        Ok(())
    }

    fn file_kind(&self, path: &str) -> Option<FileKind> {
        self.0.borrow().files.get(path).map(|(_, k)| *k)
    }

    fn list_dir(&self, path: &str) -> Result<Vec<String>, OsError> {
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        Ok(self
            .0
            .borrow()
            .files
            .keys()
            .filter_map(|k| {
                k.strip_prefix(&prefix)
                    .filter(|rest| !rest.is_empty() && !rest.contains('/'))
                    .map(str::to_string)
            })
            .collect())
    }

    async fn exec<'a>(&'a self, req: ExecRequest, out: &'a mut dyn Sink) -> ExecOutcome {
        self.0.borrow_mut().execs.push(req.clone());
        let name = req.argv.first().cloned().unwrap_or_default();
        let Some(path) = self.lookup(&name, &req.env, &req.cwd) else {
            return ExecOutcome::NotFound;
        };
        match self.file_kind(&path) {
            None => return ExecOutcome::NotFound,
            Some(FileKind::Dir) => return ExecOutcome::IsADirectory,
            Some(FileKind::File) => return ExecOutcome::PermissionDenied,
            Some(FileKind::Executable) => {}
        }
        let content = self.file(&path).unwrap_or_default();
        if content.starts_with("#!") {
            return ExecOutcome::Script {
                path,
                source: content,
            };
        }
        let base = path.rsplit('/').next().unwrap_or_default().to_string();
        if base == "slow" {
            for _ in 0..3 {
                out.write(Stream::Stdout, b"tick\n");
                Pending::default().await;
            }
        }
        if base == "rm" {
            let mut state = self.0.borrow_mut();
            for arg in req.argv.iter().skip(1).filter(|a| !a.starts_with('-')) {
                let target = crate::shell::path::resolve(&req.cwd, arg);
                state
                    .files
                    .retain(|k, _| k != &target && !k.starts_with(&format!("{target}/")));
            }
        }
        let (text, status) = program(&base, &req.argv, &String::from_utf8_lossy(&req.stdin));
        out.write(Stream::Stdout, text.as_bytes());
        if base == "etcd" {
            out.write(Stream::Stderr, b"etcd log line\n");
        }
        ExecOutcome::Exited(status)
    }

    fn spawn(&self, job: Pin<Box<dyn Future<Output = i32>>>) -> u32 {
        let status = block_on(job);
        let mut state = self.0.borrow_mut();
        state.jobs.push(status);
        u32::try_from(state.jobs.len()).unwrap_or(0) + 4000
    }

    fn wait_pid(&self, pid: u32) -> impl Future<Output = Option<i32>> {
        let status = pid
            .checked_sub(4001)
            .and_then(|i| self.0.borrow().jobs.get(i as usize).copied());
        async move { status }
    }

    fn interrupted(&self) -> bool {
        self.0.borrow().interrupted
    }

    fn write_terminal(&self, stream: Stream, data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        let mut state = self.0.borrow_mut();
        match stream {
            Stream::Stdout => state.stdout.push_str(&text),
            Stream::Stderr => state.stderr.push_str(&text),
        }
    }
}

/// Returns `Pending` once, as a program waiting for virtual time would.
#[derive(Default)]
struct Pending(bool);

impl Future for Pending {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

/// A root shell on `etcd-1` in `/root`, and the host it runs on.
pub fn host() -> (Shell, FakeOs) {
    (Shell::new("root", "/root", "etcd-1"), FakeOs::new())
}

/// Runs `source`, returning the new shell and what reached the terminal (stdout, stderr).
pub fn sh(shell: Shell, os: &FakeOs, source: &str) -> (Shell, String, String) {
    let shell = block_on(run(shell, source.to_string(), os.clone()));
    let (out, err) = os.take_output();
    (shell, out, err)
}
