//! `mkdir`, `rmdir`, `rm` and `ln`: creating and deleting names.

use super::UtilityContext;
use super::args::Spec;
use super::context::{quote_curly, quote_shell};
use super::perms::parse_mode;
use crate::vfs::{CopyOptions, FsError, file_name, join};

/// `mkdir [-p] [-m MODE] [-v] DIR...`.
pub(crate) fn mkdir(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("parents", 'p', false),
        ("mode", 'm', true),
        ("verbose", 'v', false),
    ];
    let spec = Spec {
        cmd: "mkdir",
        flags: "pv",
        valued: "m",
        long,
    };
    let p = match spec.parse_operands(args, ctx, 1, "missing operand") {
        Ok(p) => p,
        Err(status) => return status,
    };
    let mode = match p.value('m') {
        None => 0o755,
        Some(m) => match parse_mode(m, 0o777, true) {
            Some(mode) => mode,
            None => {
                ctx.error("mkdir", &format!("invalid mode {}", quote_curly(m)));
                return 1;
            }
        },
    };
    let mut status = 0;
    for op in &p.operands {
        let path = ctx.path(op);
        match ctx.fs.create_dir(&path, p.has('p'), mode) {
            Ok(()) if p.has('v') => {
                ctx.print(&format!("mkdir: created directory {}\n", quote_shell(op)));
            }
            Ok(()) => {}
            Err(e) => {
                ctx.error(
                    "mkdir",
                    &format!("cannot create directory {}: {e}", quote_curly(op)),
                );
                status = 1;
            }
        }
    }
    status
}

/// `rmdir DIR...`: removes empty directories.
pub(crate) fn rmdir(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec::flags("rmdir", "");
    let p = match spec.parse_operands(args, ctx, 1, "missing operand") {
        Ok(p) => p,
        Err(status) => return status,
    };
    let mut status = 0;
    for op in &p.operands {
        let path = ctx.path(op);
        let result = match ctx.fs.symlink_metadata(&path) {
            Ok(m) if !m.is_dir() => Err(FsError::NotADirectory),
            Ok(_) => ctx.fs.remove(&path, false),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            ctx.error(
                "rmdir",
                &format!("failed to remove {}: {e}", quote_shell(op)),
            );
            status = 1;
        }
    }
    status
}

/// `rm [-f] [-r|-R] [-v] FILE...`.
pub(crate) fn rm(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("force", 'f', false),
        ("recursive", 'r', false),
        ("verbose", 'v', false),
        ("dir", 'd', false),
    ];
    let spec = Spec {
        cmd: "rm",
        flags: "frRvid",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let force = p.has('f');
    let recursive = p.has('r') || p.has('R');
    if p.operands.is_empty() {
        return if force {
            0
        } else {
            ctx.usage_error("rm", "missing operand", 1)
        };
    }
    let mut status = 0;
    for op in &p.operands {
        if !remove_one(ctx, op, force, recursive, p.has('v')) {
            status = 1;
        }
    }
    status
}

fn remove_one(
    ctx: &mut UtilityContext<'_>,
    op: &str,
    force: bool,
    rec: bool,
    verbose: bool,
) -> bool {
    let path = ctx.path(op);
    if matches!(file_name(op.trim_end_matches('/')), "." | "..") {
        let msg = format!(
            "refusing to remove '.' or '..' directory: skipping {}",
            quote_shell(op)
        );
        ctx.error("rm", &msg);
        return false;
    }
    if path == "/" && rec {
        ctx.error("rm", "it is dangerous to operate recursively on '/'");
        ctx.error("rm", "use --no-preserve-root to override this failsafe");
        return false;
    }
    let result = match ctx.fs.symlink_metadata(&path) {
        Err(FsError::NotFound) if force => return true,
        Ok(m) if m.is_dir() && !rec => Err(FsError::IsADirectory),
        Ok(m) => ctx.fs.remove(&path, rec).map(|()| m.is_dir()),
        Err(e) => Err(e),
    };
    match result {
        Ok(dir) => {
            if verbose {
                let what = if dir { "removed directory" } else { "removed" };
                ctx.print(&format!("{what} {}\n", quote_shell(op)));
            }
            true
        }
        Err(e) => {
            ctx.error("rm", &format!("cannot remove {}: {e}", quote_shell(op)));
            false
        }
    }
}

/// `ln [-s] [-f] TARGET [LINK_NAME]` and `ln [-s] [-f] TARGET... DIRECTORY`. Hard links are
/// modelled as preserving copies (the lab has no inode sharing).
pub(crate) fn ln(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("symbolic", 's', false),
        ("force", 'f', false),
        ("no-dereference", 'n', false),
    ];
    let spec = Spec {
        cmd: "ln",
        flags: "sfnv",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let (targets, dest): (&[String], Option<&String>) = match p.operands.as_slice() {
        [] => return ctx.usage_error("ln", "missing file operand", 1),
        [one] => (std::slice::from_ref(one), None),
        [targets @ .., last] => (targets, Some(last)),
    };
    let dest_dir = dest.filter(|d| !p.has('n') && ctx.fs.is_dir(&ctx.path(d)));
    if targets.len() > 1 && dest_dir.is_none() {
        let last = dest.map(String::as_str).unwrap_or_default();
        ctx.error(
            "ln",
            &format!("target {}: Not a directory", quote_shell(last)),
        );
        return 1;
    }
    let mut status = 0;
    for target in targets {
        let base = file_name(&ctx.path(target)).to_string();
        let link = match (dest_dir, dest) {
            (Some(d), _) => join(d, &base),
            (None, Some(d)) => d.clone(),
            (None, None) => base,
        };
        if !link_one(ctx, target, &link, p.has('s'), p.has('f')) {
            status = 1;
        }
    }
    status
}

fn link_one(
    ctx: &mut UtilityContext<'_>,
    target: &str,
    link: &str,
    soft: bool,
    force: bool,
) -> bool {
    let link_path = ctx.path(link);
    if force
        && ctx
            .fs
            .symlink_metadata(&link_path)
            .is_ok_and(|m| !m.is_dir())
    {
        let _ = ctx.fs.remove(&link_path, false);
    }
    let result = if soft {
        ctx.fs.symlink(target, &link_path)
    } else {
        let from = ctx.path(target);
        if let Err(e) = ctx.fs.metadata(&from) {
            ctx.error(
                "ln",
                &format!("failed to access {}: {e}", quote_shell(target)),
            );
            return false;
        }
        if ctx.fs.symlink_metadata(&link_path).is_ok() {
            Err(FsError::AlreadyExists)
        } else {
            ctx.fs.copy(
                &from,
                &link_path,
                CopyOptions {
                    recursive: false,
                    preserve: true,
                },
            )
        }
    };
    if let Err(e) = result {
        let kind = if soft { "symbolic" } else { "hard" };
        ctx.error(
            "ln",
            &format!("failed to create {kind} link {}: {e}", quote_shell(link)),
        );
        return false;
    }
    true
}
