//! Builtins about functions and their frames: `return`, `local`, `shift`, `declare`/`typeset`
//! (`-f`, `-F`, plain assignments), `unset` (`-f`, `-v`), `command` and `builtin`.

use super::{builtin_or_program, is_builtin, name_value, run, valid_name};
use crate::shell::functions::definition;
use crate::shell::interp::{Flow, Interp};
use crate::shell::io::Io;
use crate::shell::os::{Os, Stream};

/// `return [N]`: ends the function (or sourced file) with N, or with `$?`.
pub(super) fn return_<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    if args.len() > 1 {
        // Bash abandons the rest of the line here.
        io.error(&interp.os, "return: too many arguments");
        interp.shell.last_status = 1;
        return Flow::Abort;
    }
    let status = match args.first() {
        None => interp.shell.last_status,
        Some(n) => match n.parse::<i64>() {
            Ok(n) => i32::try_from(n.rem_euclid(256)).unwrap_or(0),
            Err(_) => {
                let message = format!("return: {n}: numeric argument required");
                io.error(&interp.os, &message);
                2
            }
        },
    };
    if interp.shell.frames.is_empty() && interp.shell.sourcing == 0 {
        let message = "return: can only `return' from a function or sourced script";
        io.error(&interp.os, message);
        return interp.status(2);
    }
    interp.shell.last_status = status;
    Flow::Return
}

/// `local [NAME[=VALUE]]...`; without names it lists the innermost call's locals.
pub(super) fn local<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    if interp.shell.frames.is_empty() {
        io.error(&interp.os, "local: can only be used in a function");
        return interp.status(1);
    }
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if names.is_empty() {
        let listing: String = interp
            .locals()
            .iter()
            .map(|name| match interp.shell.var(name) {
                Some(value) => format!("declare -- {name}=\"{value}\"\n"),
                None => format!("declare -- {name}\n"),
            })
            .collect();
        io.write(&interp.os, Stream::Stdout, listing.as_bytes());
        return interp.status(0);
    }
    assign(interp, "local", &names, false, io)
}

/// NAME[=VALUE] arguments of `local`/`declare`: local inside a function unless `global`.
fn assign<O: Os>(
    interp: &mut Interp<O>,
    builtin: &str,
    names: &[&String],
    global: bool,
    io: &mut Io,
) -> Flow {
    let mut status = 0;
    for arg in names {
        let Some((name, value)) = name_value(interp, builtin, arg, io) else {
            status = 1;
            continue;
        };
        if (global || !interp.make_local(name, value))
            && let Some(value) = value
        {
            interp.shell.set_var(name, value);
        }
    }
    interp.status(status)
}

/// `shift [N]`: drops `$1`..`$N`; status 1 (silently) when there are fewer.
pub(super) fn shift<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let count = match args {
        [] => 1,
        [n] => match n.parse::<i64>() {
            Ok(count) if count >= 0 => usize::try_from(count).unwrap_or(usize::MAX),
            Ok(_) => {
                let message = format!("shift: {n}: shift count out of range");
                io.error(&interp.os, &message);
                return interp.status(1);
            }
            Err(_) => {
                let message = format!("shift: {n}: numeric argument required");
                io.error(&interp.os, &message);
                return interp.status(1);
            }
        },
        _ => {
            io.error(&interp.os, "shift: too many arguments");
            return interp.status(1);
        }
    };
    if count > interp.shell.positional.len() {
        return interp.status(1);
    }
    interp.shell.positional.drain(..count);
    interp.status(0)
}

/// `declare`/`typeset`: `-f [NAME]` prints definitions, `-F [NAME]` names; otherwise
/// NAME[=VALUE] (local inside a function unless `-g`; `-x` exports). Alone: variables, then
/// functions.
pub(super) fn declare<O: Os>(
    interp: &mut Interp<O>,
    builtin: &str,
    args: &[String],
    io: &mut Io,
) -> Flow {
    let (flags, names): (Vec<&String>, Vec<&String>) = args
        .iter()
        .partition(|a| a.starts_with('-') || a.starts_with('+'));
    let has = |c: char| flags.iter().any(|f| f.starts_with('-') && f.contains(c));
    if has('f') || has('F') {
        return functions(interp, &names, has('F'), io);
    }
    if names.is_empty() {
        let mut listing: String = interp
            .shell
            .vars
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect();
        for (name, def) in interp.shell.functions.iter() {
            listing.push_str(&definition(name, def));
            listing.push('\n');
        }
        io.write(&interp.os, Stream::Stdout, listing.as_bytes());
        return interp.status(0);
    }
    let flow = assign(interp, builtin, &names, has('g'), io);
    if has('x') {
        for arg in &names {
            let name = arg.split_once('=').map_or(arg.as_str(), |(n, _)| n);
            if valid_name(name) {
                interp.shell.exported.insert(name.to_string());
            }
        }
    }
    flow
}

/// `declare -f`/`-F`: all functions, or the NAMEs (status 1, silently, if one is missing).
fn functions<O: Os>(
    interp: &mut Interp<O>,
    names: &[&String],
    only_names: bool,
    io: &mut Io,
) -> Flow {
    let mut out = String::new();
    let mut status = 0;
    if names.is_empty() {
        for (name, def) in interp.shell.functions.iter() {
            if only_names {
                out.push_str(&format!("declare -f {name}\n"));
            } else {
                out.push_str(&definition(name, def));
                out.push('\n');
            }
        }
    }
    for name in names {
        match interp.shell.functions.get(name) {
            Some(_) if only_names => out.push_str(&format!("{name}\n")),
            Some(def) => {
                out.push_str(&definition(name, &def));
                out.push('\n');
            }
            None => status = 1,
        }
    }
    io.write(&interp.os, Stream::Stdout, out.as_bytes());
    interp.status(status)
}

/// `unset [-f|-v] NAME...`: without a flag a variable, or else the function of that name.
pub(super) fn unset<O: Os>(interp: &mut Interp<O>, args: &[String]) -> Flow {
    let functions = args.iter().any(|a| a == "-f");
    let variables = args.iter().any(|a| a == "-v");
    for name in args.iter().filter(|a| !a.starts_with('-')) {
        if functions {
            interp.shell.functions.remove(name);
        } else if variables || interp.shell.var(name).is_some() {
            interp.shell.unset(name);
        } else {
            interp.shell.functions.remove(name);
        }
    }
    interp.status(0)
}

/// `command [-v] NAME ARGS`: runs a builtin or program, never a function; `-v` tells what
/// NAME would run (a path for programs), status 1 when nothing.
pub(super) async fn command<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let (describe, rest) = match args.split_first() {
        Some((flag, rest)) if flag == "-v" => (true, rest),
        _ => (false, args),
    };
    let Some(name) = rest.first() else {
        return interp.status(if describe { 1 } else { 0 });
    };
    if describe {
        let path = interp.shell.var("PATH").unwrap_or_default().to_string();
        let found =
            if super::launch::shell_builtin(name) || interp.shell.functions.get(name).is_some() {
                Some(name.clone())
            } else {
                super::launch::find_on_path(interp, name, &path)
            };
        return match found {
            Some(line) => {
                io.write(&interp.os, Stream::Stdout, format!("{line}\n").as_bytes());
                interp.status(0)
            }
            None => interp.status(1),
        };
    }
    builtin_or_program(interp, rest.to_vec(), io).await
}

/// `builtin NAME ARGS`: the builtin even when a function has its name.
pub(super) async fn builtin<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    match args.first() {
        None => interp.status(0),
        Some(name) if is_builtin(name) => run(interp, args.to_vec(), io).await,
        Some(name) => {
            io.error(&interp.os, &format!("builtin: {name}: not a shell builtin"));
            interp.status(1)
        }
    }
}
