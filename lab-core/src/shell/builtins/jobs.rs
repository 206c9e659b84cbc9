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

pub(crate) fn job_line(number: u32, current: bool, state: &str, command: &str) -> String {
    let marker = if current { '+' } else { '-' };
    format!("[{number}]{marker}  {state:<24}{command}")
}

pub(super) async fn jobs<O: Os>(interp: &mut Interp<O>, io: &mut Io) -> Flow {
    let last = interp.shell.jobs.len().saturating_sub(1);
    let mut out = String::new();
    for (i, job) in interp.shell.jobs.iter().enumerate() {
        let state = match finished(&interp.os, job.pid) {
            None => "Running".to_string(),
            Some(code) => job_state(code),
        };
        let suffix = if state == "Running" { " &" } else { "" };
        out.push_str(&job_line(
            job.number,
            i == last,
            &state,
            &format!("{}{suffix}", job.command),
        ));
        out.push('\n');
    }
    io.write(&interp.os, Stream::Stdout, out.as_bytes());
    interp.status(0)
}

/// `%N`, `%%`, `%+` → the job's PID.
fn job_pid<O: Os>(interp: &Interp<O>, spec: &str) -> Option<u32> {
    let rest = spec.strip_prefix('%')?;
    let job = match rest {
        "" | "%" | "+" => interp.shell.jobs.last(),
        n => {
            let number = n.parse::<u32>().ok()?;
            interp.shell.jobs.iter().find(|j| j.number == number)
        }
    };
    job.map(|j| j.pid)
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
