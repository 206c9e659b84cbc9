//! `ls` (`-l -a -A -1 -d -h -R`, several operands). Entries sort as in an en_US.UTF-8 locale
//! (case and leading dots ignored first). Without `-l`/`-1` names are laid out in columns
//! when `COLUMNS` is exported (the shell's sign that stdout is the terminal), else one per
//! line, as GNU ls does when writing to a pipe.

use super::UtilityContext;
use super::args::Spec;
use super::context::quote_shell;
use super::date::{strftime, utc};
use crate::vfs::{FileType, Metadata, join};

/// Six months in microseconds: older (or future) mtimes show the year instead of the time.
const SIX_MONTHS_MICROS: u64 = 15_778_476_000_000;

struct Shown {
    name: String,
    meta: Metadata,
    nlink: usize,
    target: Option<String>,
}

/// `drwxr-xr-x`-style text for a type and permission bits.
pub(crate) fn mode_string(t: FileType, mode: u32) -> String {
    let kind = match t {
        FileType::Dir => 'd',
        FileType::File => '-',
        FileType::Symlink => 'l',
    };
    let bit = |m: u32, c: char| if mode & m != 0 { c } else { '-' };
    let special = |x: u32, s: u32, lower: char, upper: char| match (mode & x != 0, mode & s != 0) {
        (true, true) => lower,
        (false, true) => upper,
        (true, false) => 'x',
        (false, false) => '-',
    };
    [
        kind,
        bit(0o400, 'r'),
        bit(0o200, 'w'),
        special(0o100, 0o4000, 's', 'S'),
        bit(0o040, 'r'),
        bit(0o020, 'w'),
        special(0o010, 0o2000, 's', 'S'),
        bit(0o004, 'r'),
        bit(0o002, 'w'),
        special(0o001, 0o1000, 't', 'T'),
    ]
    .iter()
    .collect()
}

fn human(n: u64) -> String {
    const UNITS: [&str; 5] = ["K", "M", "G", "T", "P"];
    if n < 1024 {
        return n.to_string();
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    let u = UNITS.get(unit).unwrap_or(&"P");
    if v < 10.0 {
        format!("{:.1}{u}", (v * 10.0).ceil() / 10.0)
    } else {
        format!("{}{u}", v.ceil())
    }
}

fn sort_key(name: &str) -> (String, String) {
    (
        name.trim_start_matches('.').to_lowercase(),
        name.to_string(),
    )
}

/// `ls [-l] [-a|-A] [-1] [-d] [-h] [FILE]...`.
pub(crate) fn ls(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("all", 'a', false),
        ("almost-all", 'A', false),
        ("directory", 'd', false),
        ("human-readable", 'h', false),
        ("recursive", 'R', false),
    ];
    let spec = Spec {
        cmd: "ls",
        flags: "laA1dhFrtSR",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 2) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let operands = if p.operands.is_empty() {
        vec![".".to_string()]
    } else {
        p.operands.clone()
    };
    let mut status = 0;
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for op in &operands {
        let path = ctx.path(op);
        let meta = if p.has('l') || p.has('d') {
            ctx.fs.symlink_metadata(&path)
        } else {
            ctx.fs.metadata(&path)
        };
        match meta {
            Err(e) => {
                ctx.error("ls", &format!("cannot access {}: {e}", quote_shell(op)));
                status = 2;
            }
            // `ls -l link` shows the link itself; `ls link/` or `ls link` lists its target.
            Ok(m)
                if !p.has('d')
                    && ctx.fs.is_dir(&path)
                    && (!m.is_symlink() || op.ends_with('/')) =>
            {
                dirs.push(op.clone())
            }
            Ok(m) => files.push(shown(ctx, op, &path, m)),
        }
    }
    files.sort_by_key(|s| sort_key(&s.name));
    dirs.sort_by_key(|d| sort_key(d));
    let headers = operands.len() > 1 || p.has('R');
    let mut first = files.is_empty();
    if !files.is_empty() {
        print_list(ctx, &p, files, false);
    }
    // A stack, so `-R` descends depth-first in listing order as GNU ls does.
    let mut pending: Vec<String> = dirs.into_iter().rev().collect();
    let mut listed = 0usize;
    while let Some(d) = pending.pop() {
        listed += 1;
        if listed > MAX_RECURSIVE_DIRS {
            break;
        }
        if !first {
            ctx.print("\n");
        }
        first = false;
        if headers {
            ctx.print(&format!("{d}:\n"));
        }
        let path = ctx.path(&d);
        let mut entries: Vec<Shown> = Vec::new();
        if p.has('a') {
            for dot in [".", ".."] {
                if let Ok(m) = ctx.fs.metadata(&crate::vfs::resolve(&path, dot)) {
                    entries.push(shown(ctx, dot, &crate::vfs::resolve(&path, dot), m));
                }
            }
        }
        let listing = ctx.fs.read_dir(&path).unwrap_or_default();
        for e in listing {
            if e.name.starts_with('.') && !p.has('a') && !p.has('A') {
                continue;
            }
            let full = join(&path, &e.name);
            entries.push(shown(ctx, &e.name, &full, e.metadata));
        }
        entries.sort_by_key(|s| {
            if s.name == "." || s.name == ".." {
                (String::new(), s.name.clone())
            } else {
                sort_key(&s.name)
            }
        });
        if p.has('R') {
            let below = entries
                .iter()
                .filter(|s| s.name != "." && s.name != ".." && s.meta.file_type == FileType::Dir)
                .map(|s| format!("{}/{}", d.trim_end_matches('/'), s.name));
            let at = pending.len();
            pending.extend(below);
            if let Some(added) = pending.get_mut(at..) {
                added.reverse();
            }
        }
        print_list(ctx, &p, entries, true);
    }
    status
}

/// Most directories one `ls -R` lists (unit: directories).
const MAX_RECURSIVE_DIRS: usize = 10_000;

fn shown(ctx: &UtilityContext<'_>, name: &str, path: &str, meta: Metadata) -> Shown {
    let nlink = if meta.is_dir() {
        2 + ctx
            .fs
            .read_dir(path)
            .map_or(0, |v| v.iter().filter(|e| e.metadata.is_dir()).count())
    } else {
        1
    };
    let target = meta
        .is_symlink()
        .then(|| ctx.fs.read_link(path).unwrap_or_default().to_string());
    Shown {
        name: name.to_string(),
        meta,
        nlink,
        target,
    }
}

fn size_of(s: &Shown) -> u64 {
    if s.meta.is_dir() { 4096 } else { s.meta.len }
}

fn print_list(
    ctx: &mut UtilityContext<'_>,
    p: &super::args::Parsed,
    items: Vec<Shown>,
    total: bool,
) {
    if p.has('l') {
        if total {
            let blocks: u64 = items
                .iter()
                .map(|s| {
                    if s.meta.is_symlink() {
                        0
                    } else {
                        size_of(s).div_ceil(4096) * 4
                    }
                })
                .sum();
            ctx.print(&format!(
                "total {}\n",
                if p.has('h') {
                    human(blocks * 1024)
                } else {
                    blocks.to_string()
                }
            ));
        }
        let size_text = |s: &Shown| {
            if p.has('h') {
                human(size_of(s))
            } else {
                size_of(s).to_string()
            }
        };
        let w_link = items
            .iter()
            .map(|s| s.nlink.to_string().len())
            .max()
            .unwrap_or(1);
        let w_owner = items.iter().map(|s| s.meta.owner.len()).max().unwrap_or(1);
        let w_group = items.iter().map(|s| s.meta.group.len()).max().unwrap_or(1);
        let w_size = items.iter().map(|s| size_text(s).len()).max().unwrap_or(1);
        for s in &items {
            let recent = ctx.now_unix_micros.abs_diff(s.meta.mtime_unix_micros) < SIX_MONTHS_MICROS;
            let when = strftime(
                &utc(s.meta.mtime_unix_micros),
                if recent { "%b %e %H:%M" } else { "%b %e  %Y" },
            )
            .unwrap_or_default();
            let arrow = s
                .target
                .as_ref()
                .map(|t| format!(" -> {t}"))
                .unwrap_or_default();
            let line = format!(
                "{} {:>w_link$} {:<w_owner$} {:<w_group$} {:>w_size$} {when} {}{arrow}\n",
                mode_string(s.meta.file_type, s.meta.mode),
                s.nlink,
                s.meta.owner,
                s.meta.group,
                size_text(s),
                s.name
            );
            ctx.print(&line);
        }
        return;
    }
    let names: Vec<&str> = items.iter().map(|s| s.name.as_str()).collect();
    let width = ctx
        .var("COLUMNS")
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|_| !p.has('1'));
    match width {
        Some(w) => ctx.print(&columns(&names, w)),
        None => names.iter().for_each(|n| ctx.print(&format!("{n}\n"))),
    }
}

/// GNU's vertical column layout: the most columns whose widths (name + 2) fit `width`.
fn columns(names: &[&str], width: usize) -> String {
    if names.is_empty() {
        return String::new();
    }
    let n = names.len();
    let (rows, widths) = (1..=n)
        .rev()
        .map(|cols| {
            let rows = n.div_ceil(cols);
            let widths: Vec<usize> = names
                .chunks(rows)
                .map(|c| c.iter().map(|s| s.chars().count() + 2).max().unwrap_or(0))
                .collect();
            (rows, widths)
        })
        .find(|(_, w)| w.iter().sum::<usize>() <= width + 2 || w.len() == 1)
        .unwrap_or((n, vec![0]));
    let mut out = String::new();
    for r in 0..rows {
        let row: Vec<(usize, &str)> = widths
            .iter()
            .enumerate()
            .filter_map(|(c, w)| names.get(c * rows + r).map(|s| (*w, *s)))
            .collect();
        for (i, (w, name)) in row.iter().enumerate() {
            if i + 1 == row.len() {
                out.push_str(name);
            } else {
                out.push_str(&format!("{name:<w$}"));
            }
        }
        out.push('\n');
    }
    out
}
