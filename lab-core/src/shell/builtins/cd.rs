//! `cd`: `cd` alone goes home, `cd -` goes back (and prints where), `PWD`/`OLDPWD` follow.

use crate::shell::interp::{Flow, Interp};
use crate::shell::io::Io;
use crate::shell::os::{FileKind, Os, Stream};

pub(super) fn cd<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let (target, announce) = match args.first().map(String::as_str) {
        None => (interp.shell.home(), false),
        Some("-") => match interp.shell.var("OLDPWD") {
            Some(old) => (old.to_string(), true),
            None => {
                io.error(&interp.os, "cd: OLDPWD not set");
                return interp.status(1);
            }
        },
        Some(dir) => (dir.to_string(), false),
    };
    let absolute = interp.absolute(&target);
    match interp.os.file_kind(&absolute) {
        Some(FileKind::Dir) => {}
        Some(_) => {
            io.error(&interp.os, &format!("cd: {target}: Not a directory"));
            return interp.status(1);
        }
        None => {
            io.error(
                &interp.os,
                &format!("cd: {target}: No such file or directory"),
            );
            return interp.status(1);
        }
    }
    let old = std::mem::replace(&mut interp.shell.cwd, absolute.clone());
    interp.shell.set_var("OLDPWD", &old);
    interp.shell.set_var("PWD", &absolute);
    if announce {
        io.write(
            &interp.os,
            Stream::Stdout,
            format!("{absolute}\n").as_bytes(),
        );
    }
    interp.status(0)
}
