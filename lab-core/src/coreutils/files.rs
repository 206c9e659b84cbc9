//! `cat`, `tee`, `touch`, `basename` and `dirname`.

use super::UtilityContext;
use super::args::Spec;
use super::context::quote_shell;
use crate::vfs::{FsError, WriteMode};

/// `cat [-n] [FILE]...`: concatenates files (`-` or none: stdin).
pub(crate) fn cat(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "cat",
        flags: "n",
        valued: "",
        long: &[("number", 'n', false)],
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let operands = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands
    };
    let mut status = 0;
    let mut line_no = 0u64;
    for op in &operands {
        let Some(data) = ctx.read_operand("cat", op) else {
            status = 1;
            continue;
        };
        if p.opts.is_empty() {
            ctx.out(&data);
            continue;
        }
        for chunk in data.split_inclusive(|&b| b == b'\n') {
            line_no = line_no.saturating_add(1);
            ctx.print(&format!("{line_no:>6}\t"));
            ctx.out(chunk);
        }
    }
    status
}

/// `tee [-a] [FILE]...`: copies stdin to stdout and to each file.
pub(crate) fn tee(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "tee",
        flags: "a",
        valued: "",
        long: &[("append", 'a', false)],
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let mode = if p.has('a') {
        WriteMode::Append
    } else {
        WriteMode::Truncate
    };
    let input = ctx.stdin.to_vec();
    ctx.out(&input);
    let mut status = 0;
    for op in &p.operands {
        let path = ctx.path(op);
        if let Err(e) = ctx.fs.write(&path, &input, mode) {
            ctx.error("tee", &format!("{op}: {e}"));
            status = 1;
        }
    }
    status
}

/// `touch FILE...`: creates missing files, updates modification times.
pub(crate) fn touch(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "touch",
        flags: "c",
        valued: "",
        long: &[("no-create", 'c', false)],
    };
    let p = match spec.parse_operands(args, ctx, 1, "missing file operand") {
        Ok(p) => p,
        Err(status) => return status,
    };
    let mut status = 0;
    for op in &p.operands {
        let path = ctx.path(op);
        let result = match ctx.fs.metadata(&path) {
            Ok(_) => ctx.fs.set_mtime(&path, ctx.now_unix_micros),
            Err(FsError::NotFound) if p.has('c') => Ok(()),
            Err(FsError::NotFound) => ctx.fs.write(&path, b"", WriteMode::Append),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            ctx.error("touch", &format!("cannot touch {}: {e}", quote_shell(op)));
            status = 1;
        }
    }
    status
}

/// `basename NAME [SUFFIX]`.
pub(crate) fn basename(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec::flags("basename", "");
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let (name, suffix) = match p.operands.as_slice() {
        [] => return ctx.usage_error("basename", "missing operand", 1),
        [n] => (n, ""),
        [n, s] => (n, s.as_str()),
        [_, _, extra, ..] => {
            return ctx.usage_error(
                "basename",
                &format!("extra operand {}", quote_shell(extra)),
                1,
            );
        }
    };
    let trimmed = name.trim_end_matches('/');
    let mut base = match trimmed.rsplit_once('/') {
        _ if trimmed.is_empty() && !name.is_empty() => "/",
        Some((_, b)) => b,
        None => trimmed,
    };
    if !suffix.is_empty() && base != suffix {
        base = base.strip_suffix(suffix).unwrap_or(base);
    }
    ctx.print(&format!("{base}\n"));
    0
}

/// `dirname NAME...`.
pub(crate) fn dirname(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec::flags("dirname", "");
    let p = match spec.parse_operands(args, ctx, 1, "missing operand") {
        Ok(p) => p,
        Err(status) => return status,
    };
    for name in &p.operands {
        let trimmed = name.trim_end_matches('/');
        let dir = match trimmed.rsplit_once('/') {
            _ if trimmed.is_empty() && name.starts_with('/') => "/",
            Some((d, _)) => match d.trim_end_matches('/') {
                "" => "/",
                d => d,
            },
            None => ".",
        };
        ctx.print(&format!("{dir}\n"));
    }
    0
}
