//! `cp` and `mv`: copying and moving sources to a destination file or into a directory.

use super::UtilityContext;
use super::args::{Parsed, Spec};
use super::context::quote_shell;
use crate::vfs::{CopyOptions, FsError, file_name, join};

/// Resolves `SRC... DEST` into (source operand, destination operand) pairs, or prints
/// GNU's operand error and returns `Err(1)`.
fn plan(cmd: &str, p: &Parsed, ctx: &mut UtilityContext<'_>) -> Result<Vec<(String, String)>, i32> {
    let (dest, sources) = match p.operands.split_last() {
        None => return Err(ctx.usage_error(cmd, "missing file operand", 1)),
        Some((d, [])) => {
            let msg = format!("missing destination file operand after {}", quote_shell(d));
            return Err(ctx.usage_error(cmd, &msg, 1));
        }
        Some((d, s)) => (d, s),
    };
    let into_dir = ctx.fs.is_dir(&ctx.path(dest));
    if sources.len() > 1 && !into_dir {
        ctx.error(
            cmd,
            &format!("target {}: Not a directory", quote_shell(dest)),
        );
        return Err(1);
    }
    Ok(sources
        .iter()
        .map(|s| {
            let to = if into_dir {
                join(dest, file_name(&ctx.path(s)))
            } else {
                dest.clone()
            };
            (s.clone(), to)
        })
        .collect())
}

/// `cp [-r|-R] [-a] [-p] [-f] [-v] SOURCE... DEST`.
pub(crate) fn cp(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("recursive", 'r', false),
        ("archive", 'a', false),
        ("force", 'f', false),
    ];
    let spec = Spec {
        cmd: "cp",
        flags: "rRapfvdPLi",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let Ok(pairs) = plan("cp", &p, ctx) else {
        return 1;
    };
    let recursive = p.has('r') || p.has('R') || p.has('a');
    let opts = CopyOptions {
        recursive,
        preserve: p.has('a') || p.has('p'),
    };
    let mut status = 0;
    for (from, to) in pairs {
        if let Err(msg) = copy_one(ctx, &from, &to, opts) {
            ctx.error("cp", &msg);
            status = 1;
        } else if p.has('v') {
            ctx.print(&format!("{} -> {}\n", quote_shell(&from), quote_shell(&to)));
        }
    }
    status
}

fn copy_one(
    ctx: &mut UtilityContext<'_>,
    from: &str,
    to: &str,
    opts: CopyOptions,
) -> Result<(), String> {
    let (src, dst) = (ctx.path(from), ctx.path(to));
    let meta = ctx
        .fs
        .metadata(&src)
        .map_err(|e| format!("cannot stat {}: {e}", quote_shell(from)))?;
    if meta.is_dir() && !opts.recursive {
        return Err(format!(
            "-r not specified; omitting directory {}",
            quote_shell(from)
        ));
    }
    match ctx.fs.copy(&src, &dst, opts) {
        Ok(()) => Ok(()),
        Err(FsError::InvalidArgument) if meta.is_dir() => Err(format!(
            "cannot copy a directory, {}, into itself, {}",
            quote_shell(from),
            quote_shell(to)
        )),
        Err(FsError::InvalidArgument) => Err(format!(
            "{} and {} are the same file",
            quote_shell(from),
            quote_shell(to)
        )),
        Err(FsError::IsADirectory) => Err(format!(
            "cannot overwrite directory {} with non-directory",
            quote_shell(to)
        )),
        Err(e) => {
            let what = if meta.is_dir() {
                "directory"
            } else {
                "regular file"
            };
            Err(format!("cannot create {what} {}: {e}", quote_shell(to)))
        }
    }
}

/// `mv [-f] [-v] SOURCE... DEST`.
pub(crate) fn mv(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[("force", 'f', false), ("verbose", 'v', false)];
    let spec = Spec {
        cmd: "mv",
        flags: "fivn",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let Ok(pairs) = plan("mv", &p, ctx) else {
        return 1;
    };
    let mut status = 0;
    for (from, to) in pairs {
        if let Err(msg) = move_one(ctx, &from, &to) {
            ctx.error("mv", &msg);
            status = 1;
        } else if p.has('v') {
            ctx.print(&format!(
                "renamed {} -> {}\n",
                quote_shell(&from),
                quote_shell(&to)
            ));
        }
    }
    status
}

fn move_one(ctx: &mut UtilityContext<'_>, from: &str, to: &str) -> Result<(), String> {
    let (src, dst) = (ctx.path(from), ctx.path(to));
    let meta = ctx
        .fs
        .symlink_metadata(&src)
        .map_err(|e| format!("cannot stat {}: {e}", quote_shell(from)))?;
    let (qf, qt) = (quote_shell(from), quote_shell(to));
    match ctx.fs.rename(&src, &dst) {
        Ok(()) => Ok(()),
        Err(FsError::InvalidArgument) => Err(format!(
            "cannot move {qf} to a subdirectory of itself, {qt}"
        )),
        Err(FsError::IsADirectory) => Err(format!(
            "cannot overwrite directory {qt} with non-directory"
        )),
        Err(FsError::NotADirectory) if meta.is_dir() => Err(format!(
            "cannot overwrite non-directory {qt} with directory {qf}"
        )),
        Err(e) => Err(format!("cannot move {qf} to {qt}: {e}")),
    }
}
