//! Builtins: commands bash runs itself (function ones in `func.rs`). Dispatch lives here with the one-liners; larger
//! ones have their own files.

mod cd;
mod echo;
mod func;
mod jobs;
pub(crate) use jobs::{finished, job_line, job_marker, job_state};
mod launch;
mod test;
mod vars;

use super::interp::{Boxed, Flow, Interp};
use super::io::Io;
use super::os::{Os, Stream};
use super::simple;

const BUILTINS: &[&str] = &[
    ":", ".", "[", "bash", "break", "builtin", "cd", "command", "continue", "declare", "echo",
    "exit", "export", "false", "jobs", "kill", "local", "nohup", "printf", "pwd", "read", "return",
    "set", "sh", "shift", "source", "sudo", "test", "true", "type", "typeset", "unset", "wait",
];

/// `sudo`/`nohup` run these themselves when the Os has no program of that name.
pub(crate) const STANDALONE: &[&str] = &["echo", "printf", "true", "false", "test", "[", "pwd"];

/// `bash`, `sh`, `sudo`, `nohup` and `kill` are programs in real life; the shell handles
/// them because they start shells, scripts or refer to its jobs.
pub(crate) fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

/// `NAME=VALUE` or `NAME` split, or `None` once `builtin: `ARG': not a valid identifier` is
/// printed.
pub(super) fn name_value<'a, O: Os>(
    interp: &Interp<O>,
    builtin: &str,
    arg: &'a str,
    io: &mut Io,
) -> Option<(&'a str, Option<&'a str>)> {
    let (name, value) = match arg.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (arg, None),
    };
    if valid_name(name) {
        Some((name, value))
    } else {
        let message = format!("{builtin}: `{arg}': not a valid identifier");
        io.error(&interp.os, &message);
        None
    }
}

/// A builtin, else a program (never a function): `command`, `nohup`.
pub(super) async fn builtin_or_program<O: Os>(
    interp: &mut Interp<O>,
    argv: Vec<String>,
    io: &mut Io,
) -> Flow {
    if is_builtin(argv.first().map(String::as_str).unwrap_or_default()) {
        return run(interp, argv, io).await;
    }
    let env = interp.shell.env();
    let user = interp.shell.user.clone();
    interp
        .external(argv, env, user, simple::Launcher::Bash, io)
        .await
}

/// A variable name: a letter or `_`, then letters, digits and `_`.
pub(super) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(crate) fn run<'a, O: Os>(
    interp: &'a mut Interp<O>,
    argv: Vec<String>,
    io: &'a mut Io,
) -> Boxed<'a, Flow> {
    Box::pin(async move {
        let args = argv.get(1..).unwrap_or_default();
        match argv.first().map(String::as_str).unwrap_or_default() {
            ":" | "true" => interp.status(0),
            "false" => interp.status(1),
            "cd" => cd::cd(interp, args, io),
            "pwd" => {
                let line = format!("{}\n", interp.shell.cwd);
                io.write(&interp.os, Stream::Stdout, line.as_bytes());
                interp.status(0)
            }
            "echo" => echo::echo(interp, args, io),
            "printf" => echo::printf(interp, args, io),
            "test" => test::test(interp, args, false, io),
            "[" => test::test(interp, args, true, io),
            "export" => vars::export(interp, args, io),
            "unset" => func::unset(interp, args),
            "return" => func::return_(interp, args, io),
            "local" => func::local(interp, args, io),
            "shift" => func::shift(interp, args, io),
            "declare" | "typeset" => {
                let name = argv.first().cloned().unwrap_or_default();
                func::declare(interp, &name, args, io)
            }
            "command" => func::command(interp, args, io).await,
            "builtin" => func::builtin(interp, args, io).await,
            "set" => vars::set(interp, args, io),
            "read" => vars::read(interp, args, io).await,
            "exit" => exit(interp, args, io),
            "break" | "continue" => loop_control(interp, &argv, io),
            "type" => launch::type_(interp, args, io),
            "source" | "." => launch::source(interp, args, io).await,
            "bash" | "sh" => launch::bash(interp, args, io).await,
            "sudo" => launch::sudo(interp, args, io).await,
            "nohup" => launch::nohup(interp, args, io).await,
            "jobs" => jobs::jobs(interp, args, io).await,
            "wait" => jobs::wait(interp, args, io).await,
            "kill" => jobs::kill(interp, argv.clone(), io).await,
            other => {
                io.error(&interp.os, &format!("{other}: command not found"));
                interp.status(127)
            }
        }
    })
}

fn exit<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let status = match args.first() {
        None => interp.shell.last_status,
        Some(n) => match n.parse::<i64>() {
            Ok(n) => i32::try_from(n.rem_euclid(256)).unwrap_or(0),
            Err(_) => {
                io.error(&interp.os, &format!("exit: {n}: numeric argument required"));
                2
            }
        },
    };
    if interp.shell.depth == 0 {
        io.write(&interp.os, Stream::Stderr, b"logout\n");
    }
    interp.shell.exited = Some(status);
    interp.shell.last_status = status;
    Flow::Exit
}

fn loop_control<O: Os>(interp: &mut Interp<O>, argv: &[String], io: &mut Io) -> Flow {
    let levels = match argv.get(1).map(|n| n.parse::<u32>()) {
        None => Ok(1),
        Some(Ok(n)) if n > 0 => Ok(n),
        Some(_) => Err(()),
    };
    let name = argv.first().map(String::as_str).unwrap_or_default();
    if interp.loop_depth == 0 {
        let message = format!("{name}: only meaningful in a `for', `while', or `until' loop");
        io.error(&interp.os, &message);
        return interp.status(0);
    }
    match levels {
        Ok(n) => {
            interp.shell.last_status = 0;
            if name == "break" {
                Flow::Break(n)
            } else {
                Flow::Continue(n)
            }
        }
        Err(()) => {
            io.error(&interp.os, &format!("{name}: loop count out of range"));
            interp.status(1)
        }
    }
}
