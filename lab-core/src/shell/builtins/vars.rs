//! Variable builtins: `export`, `set` (positional parameters and a listing) and
//! `read` (from stdin: pipes, `<`, heredocs).

use super::name_value;
use crate::shell::interp::{Flow, Interp};
use crate::shell::io::Io;
use crate::shell::os::{Os, Stream};

pub(super) fn export<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if names.is_empty() {
        let listing: String = interp
            .shell
            .env()
            .iter()
            .map(|(k, v)| format!("declare -x {k}=\"{v}\"\n"))
            .collect();
        io.write(&interp.os, Stream::Stdout, listing.as_bytes());
        return interp.status(0);
    }
    let mut status = 0;
    for arg in names {
        let Some((name, value)) = name_value(interp, "export", arg, io) else {
            status = 1;
            continue;
        };
        if let Some(value) = value {
            interp.shell.set_var(name, value);
        }
        interp.shell.exported.insert(name.to_string());
    }
    interp.status(status)
}

/// `set -- a b` sets `$1 $2`; `set` alone lists variables; options are accepted and ignored.
pub(super) fn set<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    if args.is_empty() {
        let listing: String = interp
            .shell
            .vars
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect();
        io.write(&interp.os, Stream::Stdout, listing.as_bytes());
        return interp.status(0);
    }
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        if first == "--" {
            interp.shell.positional = tail.to_vec();
            return interp.status(0);
        }
        if first == "-o" || first == "+o" {
            rest = tail.get(1..).unwrap_or_default();
        } else if first.starts_with('-') || first.starts_with('+') {
            rest = tail;
        } else {
            interp.shell.positional = rest.to_vec();
            return interp.status(0);
        }
    }
    interp.status(0)
}

/// `read [-r] [-p prompt] NAME...`: one line of stdin, split on IFS, the last name takes the
/// rest. Status 1 at end of input.
pub(super) async fn read<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let mut names = Vec::new();
    let mut silent = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-r" => {}
            "-s" => silent = true,
            "-p" => {
                if let Some(prompt) = rest.next() {
                    io.write(&interp.os, Stream::Stderr, prompt.as_bytes());
                }
            }
            name => names.push(name.to_string()),
        }
    }
    if names.is_empty() {
        names.push("REPLY".to_string());
    }
    let line = if io.stdin_tty && io.stdin.is_empty() {
        read_terminal(&interp.os, silent).await
    } else {
        read_stdin(io)
    };
    let Some(line) = line else {
        return interp.status(1);
    };
    assign_fields(interp, &names, &line);
    interp.status(0)
}

/// One line of a pipe or redirection, consumed from the front; `None` when it is empty.
fn read_stdin(io: &mut Io) -> Option<String> {
    if io.stdin.is_empty() {
        return None;
    }
    let end = io.stdin.iter().position(|&b| b == b'\n');
    let line_end = end.unwrap_or(io.stdin.len());
    let line: Vec<u8> = io.stdin.drain(..line_end).collect();
    if end.is_some() && !io.stdin.is_empty() {
        io.stdin.remove(0);
    }
    Some(String::from_utf8_lossy(&line).into_owned())
}

/// One typed line; `read -s` turns echo off while it is typed and, as bash does, does not
/// print the newline the user did not see. `None` at end of file.
async fn read_terminal<O: Os>(os: &O, silent: bool) -> Option<String> {
    if silent {
        os.set_terminal_echo(false);
    }
    let line = os.read_terminal_line().await;
    if silent {
        os.set_terminal_echo(true);
    }
    let line = line?;
    Some(line.strip_suffix('\n').unwrap_or(&line).to_owned())
}

fn assign_fields<O: Os>(interp: &mut Interp<O>, names: &[String], line: &str) {
    let mut rest = line.trim_start();
    for (i, name) in names.iter().enumerate() {
        let value = if i.saturating_add(1) == names.len() {
            std::mem::take(&mut rest).trim_end()
        } else {
            let (word, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            rest = tail.trim_start();
            word
        };
        interp.shell.set_var(name, value);
    }
}
