//! Stories of a learner typing commands on a fresh CentOS host, including the tutorials'
//! pipelines (each stage's stdout fed to the next stage's stdin, as the shell does).

use std::net::Ipv4Addr;

use super::*;
use crate::vfs::Vfs;

mod dump;
mod files;
mod pipelines;
mod system;
mod text;

pub(super) struct Host {
    fs: Vfs,
    info: HostInfo,
    cwd: String,
    user: String,
    env: Vec<(String, String)>,
}

/// What one command left behind.
pub(super) struct Out {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Host {
    fn new() -> Host {
        let info = HostInfo {
            hostname: "etcd1".into(),
            interfaces: vec![
                Interface {
                    name: "lo".into(),
                    ipv4: Ipv4Addr::LOCALHOST,
                    prefix_len: 8,
                    mac: [0; 6],
                },
                Interface {
                    name: "eth0".into(),
                    ipv4: Ipv4Addr::new(192, 168, 122, 5),
                    prefix_len: 24,
                    mac: [0x52, 0x54, 0, 0x12, 0x34, 0x56],
                },
            ],
        };
        let env = vec![(
            "PATH".into(),
            "/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin".into(),
        )];
        Host {
            fs: Vfs::linux_host("etcd1"),
            info,
            cwd: "/root".into(),
            user: "root".into(),
            env,
        }
    }

    /// Runs `line` (words split on spaces, `'…'`/`"…"` quoting) with `stdin`.
    fn run_with(&mut self, line: &str, stdin: &[u8]) -> Out {
        let words = split_words(line);
        let (name, args) = words.split_first().expect("a command");
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut ctx = UtilityContext {
            fs: &mut self.fs,
            cwd: &self.cwd,
            env: &self.env,
            stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            now_unix_micros: crate::vfs::DEFAULT_EPOCH_UNIX_SECS * 1_000_000,
            host: &self.info,
            user: &self.user,
        };
        let status = run_utility(name, args, &mut ctx).expect("a utility of ours");
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
        Out {
            status,
            stdout: text(stdout),
            stderr: text(stderr),
        }
    }

    fn run(&mut self, line: &str) -> Out {
        self.run_with(line, b"")
    }

    /// Runs `a | b | c`: each stage's stdout is the next one's stdin.
    fn pipe(&mut self, pipeline: &str) -> Out {
        let mut input = Vec::new();
        let mut last = None;
        for stage in pipeline.split(" | ") {
            let out = self.run_with(stage, &input);
            input = out.stdout.clone().into_bytes();
            last = Some(out);
        }
        last.expect("a stage")
    }

    fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!((out.status, out.stderr.as_str()), (0, ""), "{line}");
        out.stdout
    }

    fn write(&mut self, path: &str, text: &str) {
        self.fs
            .write(path, text.as_bytes(), crate::vfs::WriteMode::Truncate)
            .expect("write");
    }
}

fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                started = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if started || !cur.is_empty() {
        words.push(cur);
    }
    words
}
