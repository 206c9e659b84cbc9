//! Job control builtins: `jobs`, `wait`, and `kill` (whose `%N` job specs become PIDs
//! before the Os's `kill` program runs).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::shell::interp::{Flow, Interp};
use crate::shell::io::Io;
use crate::shell::os::{Os, Stream};
use crate::shell::simple::Launcher;

/// A job's status if it has already ended: `wait_pid` polled once, without waiting.
pub(crate) fn finished<O: Os>(os: &O, pid: u32) -> Option<i32> {
    let mut future = pin!(os.wait_pid(pid));
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(Some(status)) => Some(status),
        Poll::Ready(None) => Some(0),
        Poll::Pending => None,
    }
}

/// A finished job's state as bash's `jobs` and its notices print it: `Done`, `Exit N`, or
/// the signal's description for a job the lab ended by a signal (status 128 + N).
pub(crate) fn job_state(code: i32) -> String {
    let signal = match code {
        0 => return "Done".to_owned(),
        129 => "Hangup",
        130 => "Interrupt",
        131 => "Quit",
        134 => "Aborted",
        137 => "Killed",
        143 => "Terminated",
        _ => return format!("Exit {code}"),
    };
    signal.to_owned()
}

/// The mark bash puts after a job's number: `+` for the current (newest) job, `-` for the
/// previous one, a space for the others.
pub(crate) fn job_marker(index: usize, count: usize) -> char {
    match count.saturating_sub(index) {
        1 => '+',
        2 => '-',
        _ => ' ',
    }
}

/// One job as `jobs` prints it (`jobs -l` adds the PID after the mark).
pub(crate) fn job_line(
    number: u32,
    marker: char,
    pid: Option<u32>,
    state: &str,
    command: &str,
) -> String {
    let pid = pid.map(|pid| format!("{pid}")).unwrap_or_default();
    format!("[{number}]{marker} {pid} {state:<24}{command}")
}

/// What `jobs` was asked to show: `-l` adds PIDs, `-p` prints only them, `-r`/`-s` keep
/// running/stopped jobs (the lab never stops a job, so `-s` shows none).
#[derive(Default)]
struct JobsOptions {
    long: bool,
    pids_only: bool,
    running_only: bool,
    stopped_only: bool,
}

const JOBS_USAGE: &[u8] = b"jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n";

/// `jobs [-lnprs] [jobspec ...]`, as bash prints it.
pub(super) async fn jobs<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let mut options = JobsOptions::default();
    let mut specs = Vec::new();
    for arg in args {
        match arg
            .strip_prefix('-')
            .filter(|flags| !flags.is_empty() && specs.is_empty())
        {
            Some(flags) => {
                for flag in flags.chars() {
                    match flag {
                        'l' => options.long = true,
                        'p' => options.pids_only = true,
                        'r' => options.running_only = true,
                        's' => options.stopped_only = true,
                        // Every change is reported before the next prompt already.
                        'n' => {}
                        _ => {
                            io.error(&interp.os, &format!("jobs: -{flag}: invalid option"));
                            io.write(&interp.os, Stream::Stderr, JOBS_USAGE);
                            return interp.status(2);
                        }
                    }
                }
            }
            None => specs.push(arg.clone()),
        }
    }
    let mut out = String::new();
    let mut status = 0;
    let count = interp.shell.jobs.len();
    let chosen: Vec<usize> = if specs.is_empty() {
        (0..count).collect()
    } else {
        let mut chosen = Vec::new();
        for spec in &specs {
            match job_index(interp, spec) {
                Some(i) => chosen.push(i),
                None => {
                    io.error(&interp.os, &format!("jobs: {spec}: no such job"));
                    status = 1;
                }
            }
        }
        chosen
    };
    for i in chosen {
        let Some(job) = interp.shell.jobs.get(i) else {
            continue;
        };
        let state = match finished(&interp.os, job.pid) {
            None => "Running".to_string(),
            Some(code) => job_state(code),
        };
        let running = state == "Running";
        if options.stopped_only || (options.running_only && !running) {
            continue;
        }
        if options.pids_only {
            out.push_str(&format!("{}\n", job.pid));
            continue;
        }
        let suffix = if running { " &" } else { "" };
        let marker = job_marker(i, count);
        let command = format!("{}{suffix}", job.command);
        let pid = options.long.then_some(job.pid);
        out.push_str(&job_line(job.number, marker, pid, &state, &command));
        out.push('\n');
    }
    io.write(&interp.os, Stream::Stdout, out.as_bytes());
    interp.status(status)
}

/// The index in the job table of `%N`, `%%`, `%+`, `%-` or a bare job number.
fn job_index<O: Os>(interp: &Interp<O>, spec: &str) -> Option<usize> {
    let jobs = &interp.shell.jobs;
    let rest = spec.strip_prefix('%').unwrap_or(spec);
    match rest {
        "" | "%" | "+" => jobs.len().checked_sub(1),
        "-" => jobs.len().checked_sub(2).or(jobs.len().checked_sub(1)),
        n => {
            let number = n.parse::<u32>().ok()?;
            jobs.iter().position(|j| j.number == number)
        }
    }
}

/// `%N`, `%%`, `%+`, `%-` → the job's PID.
fn job_pid<O: Os>(interp: &Interp<O>, spec: &str) -> Option<u32> {
    spec.strip_prefix('%')?;
    let i = job_index(interp, spec)?;
    interp.shell.jobs.get(i).map(|j| j.pid)
}

pub(super) async fn wait<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let mut pids = Vec::new();
    for arg in args {
        match job_pid(interp, arg).or_else(|| arg.parse().ok()) {
            Some(pid) => pids.push(pid),
            None => {
                io.error(
                    &interp.os,
                    &format!("wait: `{arg}': not a pid or valid job spec"),
                );
                return interp.status(2);
            }
        }
    }
    if args.is_empty() {
        pids = interp.shell.jobs.iter().map(|j| j.pid).collect();
    }
    let mut status = 0;
    for pid in pids {
        status = interp.os.wait_pid(pid).await.unwrap_or(127);
        if args.is_empty() {
            status = 0;
        }
        interp.shell.jobs.retain(|j| j.pid != pid);
        if interp.os.interrupted() {
            return interp.status(130);
        }
    }
    interp.status(status)
}

pub(super) async fn kill<O: Os>(
    interp: &mut Interp<O>,
    mut argv: Vec<String>,
    io: &mut Io,
) -> Flow {
    for arg in argv.iter_mut().skip(1) {
        if arg.starts_with('%') {
            match job_pid(interp, arg) {
                Some(pid) => *arg = pid.to_string(),
                None => {
                    io.error(&interp.os, &format!("kill: {arg}: no such job"));
                    return interp.status(1);
                }
            }
        }
    }
    let env = interp.shell.env();
    let user = interp.shell.user.clone();
    interp.external(argv, env, user, Launcher::Bash, io).await
}
