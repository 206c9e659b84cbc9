//! Builtins that start other code: `source`/`.`, `bash`/`sh` (`FILE` or `-c`), `sudo`
//! (with its secure_path, so `sudo etcd` misses `/usr/local/bin`), `nohup` and `type`.

use super::{STANDALONE, is_builtin, run};
use crate::shell::functions::{RESERVED_WORDS, definition};
use crate::shell::interp::{Flow, Interp};
use crate::shell::io::{Io, Target};
use crate::shell::os::{FileKind, Os, Stream};
use crate::shell::parse::parse_nested;
use crate::shell::simple::Launcher;

/// The PATH sudo gives commands (CentOS `/etc/sudoers` `secure_path`).
pub(crate) const SUDO_SECURE_PATH: &str = "/sbin:/bin:/usr/sbin:/usr/bin";

pub(super) async fn source<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let Some(file) = args.first() else {
        io.error(&interp.os, "source: filename argument required");
        return interp.status(2);
    };
    let text = match interp.os.read_file(&interp.absolute(file)) {
        Ok(data) => String::from_utf8_lossy(&data).into_owned(),
        Err(e) => {
            io.error(&interp.os, &format!("{file}: {e}"));
            return interp.status(1);
        }
    };
    let depth = interp.shell.depth.saturating_add(1);
    let program = match parse_nested(&text, depth) {
        Ok(p) => p,
        Err(e) => {
            io.error(&interp.os, &format!("{file}: {e}"));
            return interp.status(2);
        }
    };
    interp.shell.depth = depth;
    interp.shell.sourcing = interp.shell.sourcing.saturating_add(1);
    let flow = interp.program(&program, io).await;
    interp.shell.sourcing = interp.shell.sourcing.saturating_sub(1);
    interp.shell.depth = depth.saturating_sub(1);
    if flow == Flow::Return {
        Flow::Normal
    } else {
        flow
    }
}

/// `bash FILE ARGS`, `bash -c 'CMD' [ARG0 ARGS]`; `bash` alone has nothing to read.
pub(super) async fn bash<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let args: Vec<String> = args
        .iter()
        .skip_while(|a| *a != "-c" && a.starts_with('-'))
        .cloned()
        .collect();
    match args.split_first() {
        Some((flag, rest)) if flag == "-c" => {
            let Some((command, rest)) = rest.split_first() else {
                io.error(&interp.os, "-c: option requires an argument");
                return interp.status(2);
            };
            let (arg0, params) = match rest.split_first() {
                Some((a0, p)) => (a0.clone(), p.to_vec()),
                None => ("bash".to_string(), Vec::new()),
            };
            interp.script(&arg0, params, command, io).await
        }
        Some((file, rest)) => match interp.os.read_file(&interp.absolute(file)) {
            Ok(data) => {
                let text = String::from_utf8_lossy(&data).into_owned();
                interp.script(file, rest.to_vec(), &text, io).await
            }
            Err(e) => {
                io.error(&interp.os, &format!("{file}: {e}"));
                interp.status(127)
            }
        },
        None => interp.status(0),
    }
}

/// `sudo [-u USER] [-E] [-i|-s] CMD ARGS`: CMD runs as USER with sudo's secure_path.
pub(super) async fn sudo<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let mut user = "root".to_string();
    let mut rest = args;
    while let Some((flag, tail)) = rest.split_first() {
        match flag.as_str() {
            "-u" => {
                user = tail.first().cloned().unwrap_or_default();
                rest = tail.get(1..).unwrap_or_default();
            }
            "--" => {
                rest = tail;
                break;
            }
            f if f.starts_with('-') => rest = tail,
            _ => break,
        }
    }
    let Some(name) = rest.first().cloned() else {
        io.write(
            &interp.os,
            Stream::Stderr,
            b"usage: sudo [-u user] [-E] command\n",
        );
        return interp.status(1);
    };
    if matches!(name.as_str(), "bash" | "sh") {
        return run(interp, rest.to_vec(), io).await;
    }
    let mut env: Vec<(String, String)> = interp
        .shell
        .env()
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "PATH" | "USER" | "LOGNAME" | "HOME"))
        .collect();
    let home = if user == "root" {
        "/root".to_string()
    } else {
        format!("/home/{user}")
    };
    for (k, v) in [
        ("PATH", SUDO_SECURE_PATH),
        ("USER", &user),
        ("LOGNAME", &user),
        ("HOME", &home),
    ] {
        env.push((k.to_string(), v.to_string()));
    }
    if STANDALONE.contains(&name.as_str()) && !on_path(interp, &name, SUDO_SECURE_PATH) {
        return run(interp, rest.to_vec(), io).await;
    }
    interp
        .external(rest.to_vec(), env, user, Launcher::Sudo, io)
        .await
}

fn on_path<O: Os>(interp: &Interp<O>, name: &str, path: &str) -> bool {
    path.split(':')
        .any(|dir| interp.os.file_kind(&format!("{dir}/{name}")) == Some(FileKind::Executable))
}

/// `nohup CMD`: output that would reach the terminal goes to `nohup.out` instead.
pub(super) async fn nohup<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    if args.is_empty() {
        io.write(&interp.os, Stream::Stderr, b"nohup: missing operand\n");
        return interp.status(125);
    }
    if matches!(io.out, Target::Terminal(_)) {
        let path = interp.absolute("nohup.out");
        if let Err(e) = interp.os.write_file(&path, b"", true) {
            io.write(
                &interp.os,
                Stream::Stderr,
                format!("nohup: failed to open 'nohup.out': {e}\n").as_bytes(),
            );
            return interp.status(127);
        }
        io.write(
            &interp.os,
            Stream::Stderr,
            b"nohup: ignoring input and appending output to 'nohup.out'\n",
        );
        io.out = Target::File(path);
        if matches!(io.err, Target::Terminal(_)) {
            io.err = io.out.clone();
        }
    } else if matches!(io.err, Target::Terminal(_)) {
        io.write(&interp.os, Stream::Stderr, b"nohup: ignoring input\n");
    }
    // nohup reopens a terminal stdin on /dev/null: the command reads nothing typed.
    io.stdin.clear();
    io.stdin_tty = false;
    super::builtin_or_program(interp, args.to_vec(), io).await
}

/// `type [-t] NAME...`: a function (with its definition), keyword, builtin, or the first
/// executable on PATH.
pub(super) fn type_<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let path = interp.shell.var("PATH").unwrap_or_default().to_string();
    let terse = args.first().is_some_and(|a| a == "-t");
    let mut status = 0;
    for name in args.iter().filter(|a| !a.starts_with('-')) {
        let (kind, line) = if let Some(def) = interp.shell.functions.get(name) {
            let text = definition(name, &def);
            ("function", format!("{name} is a function\n{text}\n"))
        } else if RESERVED_WORDS.contains(&name.as_str()) {
            ("keyword", format!("{name} is a shell keyword\n"))
        } else if shell_builtin(name) {
            ("builtin", format!("{name} is a shell builtin\n"))
        } else if let Some(file) = find_on_path(interp, name, &path) {
            ("file", format!("{name} is {file}\n"))
        } else {
            if !terse {
                io.error(&interp.os, &format!("type: {name}: not found"));
            }
            status = 1;
            continue;
        };
        let line = if terse { format!("{kind}\n") } else { line };
        io.write(&interp.os, Stream::Stdout, line.as_bytes());
    }
    interp.status(status)
}

/// A builtin in real bash too (the lab also runs `bash`, `sudo`, `nohup` itself).
pub(super) fn shell_builtin(name: &str) -> bool {
    is_builtin(name) && !matches!(name, "bash" | "sh" | "sudo" | "nohup")
}

/// The first executable `DIR/name` on `path`.
pub(super) fn find_on_path<O: Os>(interp: &Interp<O>, name: &str, path: &str) -> Option<String> {
    path.split(':')
        .map(|dir| format!("{dir}/{name}"))
        .find(|file| interp.os.file_kind(file) == Some(FileKind::Executable))
}
