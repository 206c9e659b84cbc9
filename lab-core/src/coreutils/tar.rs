//! `tar`: create (`c`), extract (`x`) and list (`t`) the lab's archives, with `f FILE`,
//! `-C DIR`, `v`; `z`/`j` are accepted and ignored (the format is never compressed).
//! Both `tar -czvf out.tar.gz dir` and the old `tar czvf out.tar.gz dir` forms work.

use super::UtilityContext;
use super::args::{Parsed, Spec};
use super::date::{strftime, utc};
use super::ls::mode_string;
use crate::vfs::{ArchiveEntry, ArchiveKind, FileType, WriteMode, decode_archive, encode_archive};

const FAILURE: &str = "Exiting with failure status due to previous errors";

/// `tar {c|x|t}[zvf] [FILE] [-C DIR] [MEMBER]...`.
pub(crate) fn tar(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let mut args = args.to_vec();
    if let Some(first) = args.first_mut().filter(|a| !a.starts_with('-')) {
        first.insert(0, '-');
    }
    let long = &[
        ("create", 'c', false),
        ("extract", 'x', false),
        ("list", 't', false),
        ("file", 'f', true),
        ("directory", 'C', true),
        ("verbose", 'v', false),
        ("gzip", 'z', false),
    ];
    let spec = Spec {
        cmd: "tar",
        flags: "cxtzvjpP",
        valued: "fC",
        long,
    };
    let p = match spec.parse(&args, ctx, 2) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let base = ctx.path(p.value('C').unwrap_or("."));
    match (p.has('c'), p.has('x'), p.has('t')) {
        (true, false, false) => create(&p, &base, ctx),
        (false, true, false) | (false, false, true) => extract_or_list(&p, &base, ctx),
        (false, false, false) => ctx.usage_error(
            "tar",
            "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options",
            2,
        ),
        _ => ctx.usage_error(
            "tar",
            "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option",
            2,
        ),
    }
}

fn create(p: &Parsed, base: &str, ctx: &mut UtilityContext<'_>) -> i32 {
    if p.operands.is_empty() {
        ctx.error("tar", "Cowardly refusing to create an empty archive");
        return ctx.usage_error_plain("tar", 2);
    }
    let mut entries = Vec::new();
    let mut failed = false;
    let mut warned = false;
    for op in &p.operands {
        let walked = ctx.fs.walk(&crate::vfs::resolve(base, op), false);
        let Ok(walked) = walked else {
            ctx.error(
                "tar",
                &format!("{op}: Cannot stat: No such file or directory"),
            );
            failed = true;
            continue;
        };
        let member = op.trim_start_matches('/').trim_end_matches('/');
        if op.starts_with('/') && !warned {
            ctx.error("tar", "Removing leading `/' from member names");
            warned = true;
        }
        let top = crate::vfs::resolve(base, op);
        for (suffix, meta) in walked {
            let name = format!("{member}{suffix}");
            let full = format!("{top}{suffix}");
            let kind = match meta.file_type {
                FileType::Dir => ArchiveKind::Dir,
                FileType::File => {
                    ArchiveKind::File(ctx.fs.read(&full).map(<[u8]>::to_vec).unwrap_or_default())
                }
                FileType::Symlink => {
                    ArchiveKind::Symlink(ctx.fs.read_link(&full).unwrap_or_default().to_string())
                }
            };
            if p.has('v') {
                let slash = if meta.is_dir() { "/" } else { "" };
                ctx.print(&format!("{name}{slash}\n"));
            }
            entries.push(ArchiveEntry {
                path: name,
                kind,
                mode: meta.mode,
                owner: meta.owner,
                group: meta.group,
                mtime_unix_micros: meta.mtime_unix_micros,
            });
        }
    }
    let bytes = encode_archive(&entries);
    match p.value('f').unwrap_or("-") {
        "-" => ctx.out(&bytes),
        f => {
            let path = ctx.path(f);
            if let Err(e) = ctx.fs.write(&path, &bytes, WriteMode::Truncate) {
                ctx.error("tar", &format!("{f}: Cannot open: {e}"));
                ctx.error("tar", "Error is not recoverable: exiting now");
                return 2;
            }
        }
    }
    if failed {
        ctx.error("tar", FAILURE);
        return 2;
    }
    0
}

fn extract_or_list(p: &Parsed, base: &str, ctx: &mut UtilityContext<'_>) -> i32 {
    let file = p.value('f').unwrap_or("-");
    let Some(data) = ctx.read_operand_or(file, |n, e| format!("tar: {n}: Cannot open: {e}")) else {
        ctx.error("tar", "Error is not recoverable: exiting now");
        return 2;
    };
    let entries = match decode_archive(&data) {
        Ok(e) => e,
        Err(e) => {
            ctx.error("tar", &e.to_string());
            ctx.error("tar", FAILURE);
            return 2;
        }
    };
    if p.has('x') && !ctx.fs.is_dir(base) {
        let shown = p.value('C').unwrap_or(".");
        ctx.error(
            "tar",
            &format!("{shown}: Cannot open: No such file or directory"),
        );
        ctx.error("tar", "Error is not recoverable: exiting now");
        return 2;
    }
    let wanted = |name: &str| {
        p.operands.is_empty()
            || p.operands.iter().any(|o| {
                name == o.trim_end_matches('/')
                    || name.starts_with(&format!("{}/", o.trim_end_matches('/')))
            })
    };
    let mut status = 0;
    for e in entries.into_iter().filter(|e| wanted(&e.path)) {
        let slash = if e.kind == ArchiveKind::Dir { "/" } else { "" };
        if p.has('t') && p.has('v') {
            ctx.print(&long_line(&e));
        } else if p.has('v') || p.has('t') {
            ctx.print(&format!("{}{slash}\n", e.path));
        }
        if p.has('x') && !extract_one(ctx, base, &e) {
            status = 2;
        }
    }
    if status != 0 {
        ctx.error("tar", FAILURE);
    }
    status
}

fn long_line(e: &ArchiveEntry) -> String {
    let (t, size, name) = match &e.kind {
        ArchiveKind::Dir => (FileType::Dir, 0, format!("{}/", e.path)),
        ArchiveKind::File(d) => (FileType::File, d.len(), e.path.clone()),
        ArchiveKind::Symlink(target) => (FileType::Symlink, 0, format!("{} -> {target}", e.path)),
    };
    let when = strftime(&utc(e.mtime_unix_micros), "%Y-%m-%d %H:%M").unwrap_or_default();
    let owner = format!("{}/{}", e.owner, e.group);
    format!(
        "{} {owner} {size:>9} {when} {name}\n",
        mode_string(t, e.mode)
    )
}

fn extract_one(ctx: &mut UtilityContext<'_>, base: &str, e: &ArchiveEntry) -> bool {
    let dest = crate::vfs::resolve(base, &e.path);
    if let Some(parent) = dest
        .rsplit_once('/')
        .map(|(p, _)| if p.is_empty() { "/" } else { p })
    {
        let _ = ctx.fs.create_dir(parent, true, 0o755);
    }
    let result = match &e.kind {
        ArchiveKind::Dir => ctx.fs.create_dir(&dest, true, e.mode),
        ArchiveKind::File(d) => ctx.fs.write(&dest, d, WriteMode::Truncate),
        ArchiveKind::Symlink(t) => {
            let _ = ctx.fs.remove(&dest, false);
            ctx.fs.symlink(t, &dest)
        }
    };
    if let Err(err) = result {
        ctx.error("tar", &format!("{}: Cannot open: {err}", e.path));
        return false;
    }
    if !matches!(e.kind, ArchiveKind::Symlink(_)) {
        let _ = ctx.fs.set_mode(&dest, e.mode);
        let _ = ctx.fs.set_mtime(&dest, e.mtime_unix_micros);
        if ctx.user == "root" {
            let _ = ctx.fs.set_owner(&dest, Some(&e.owner), Some(&e.group));
        }
    }
    true
}
