//! `chmod` and `chown`, and the mode syntax (`755`, `u+x,go-w`) `mkdir -m` shares.

use super::UtilityContext;
use super::args::{Parsed, Spec};
use super::context::{quote_curly, quote_shell};
use super::users::{group_exists, primary_group, user_exists};

/// Applies mode text `spec` to `current` bits: octal (`0644`) or symbolic clauses
/// (`u+x,go-w`, `a=r`, `+x`). `None` if the text is not a mode.
pub(crate) fn parse_mode(spec: &str, current: u32, is_dir: bool) -> Option<u32> {
    if !spec.is_empty() && spec.len() <= 4 && spec.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return u32::from_str_radix(spec, 8).ok();
    }
    let mut mode = current;
    for clause in spec.split(',') {
        let op_at = clause.find(['+', '-', '='])?;
        let (who_text, rest) = clause.split_at(op_at);
        let who = who_text.chars().try_fold(0u32, |acc, c| {
            Some(
                acc | match c {
                    'u' => 0o4700,
                    'g' => 0o2070,
                    'o' => 0o1007,
                    'a' => 0o7777,
                    _ => return None,
                },
            )
        })?;
        let who = if who == 0 { 0o7777 } else { who };
        let mut chars = rest.chars();
        let op = chars.next()?;
        let perm = chars.try_fold(0u32, |acc, c| {
            Some(
                acc | match c {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || mode & 0o111 != 0 => 0o111,
                    'X' => 0,
                    's' => 0o6000,
                    't' => 0o1000,
                    _ => return None,
                },
            )
        })?;
        let bits = perm & who;
        mode = match op {
            '+' => mode | bits,
            '-' => mode & !bits,
            _ => (mode & !(who & 0o777)) | bits,
        };
    }
    Some(mode & 0o7777)
}

/// `chmod [-R] MODE FILE...`.
pub(crate) fn chmod(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    // `chmod -x f` is a mode, not an option, as GNU chmod treats it.
    let (modes, rest): (Vec<String>, Vec<String>) = args.iter().cloned().partition(|a| {
        a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| "rwxXst".contains(c))
    });
    let spec = Spec {
        cmd: "chmod",
        flags: "Rvfc",
        valued: "",
        long: &[("recursive", 'R', false)],
    };
    let mut p = match spec.parse(&rest, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    if let Some(m) = modes.first() {
        p.operands.insert(0, m.clone());
    }
    let Some((mode, files)) = p.operands.split_first() else {
        return ctx.usage_error("chmod", "missing operand", 1);
    };
    if files.is_empty() {
        return ctx.usage_error(
            "chmod",
            &format!("missing operand after {}", quote_shell(mode)),
            1,
        );
    }
    if parse_mode(mode, 0, false).is_none() {
        return ctx.usage_error("chmod", &format!("invalid mode: {}", quote_curly(mode)), 1);
    }
    each_path("chmod", &p, files, ctx, |ctx, path, m| {
        let new = parse_mode(mode, m.mode, m.is_dir()).unwrap_or(m.mode);
        ctx.fs.set_mode(path, new)
    })
}

/// `chown [-R] OWNER[:[GROUP]] FILE...` and `chown :GROUP FILE...`.
pub(crate) fn chown(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "chown",
        flags: "Rvfch",
        valued: "",
        long: &[("recursive", 'R', false)],
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let Some((owner_spec, files)) = p.operands.split_first() else {
        return ctx.usage_error("chown", "missing operand", 1);
    };
    if files.is_empty() {
        let msg = format!("missing operand after {}", quote_shell(owner_spec));
        return ctx.usage_error("chown", &msg, 1);
    }
    let (user, group) = match owner_spec.split_once([':', '.']) {
        Some((u, g)) => (u, Some(g)),
        None => (owner_spec.as_str(), None),
    };
    if !user.is_empty() && !user_exists(ctx.fs, user) {
        ctx.error(
            "chown",
            &format!("invalid user: {}", quote_curly(owner_spec)),
        );
        return 1;
    }
    let group = match group {
        Some("") if !user.is_empty() => primary_group(ctx.fs, user),
        Some(g) if !g.is_empty() => Some(g.to_string()),
        _ => None,
    };
    if group.as_deref().is_some_and(|g| !group_exists(ctx.fs, g)) {
        ctx.error(
            "chown",
            &format!("invalid group: {}", quote_curly(owner_spec)),
        );
        return 1;
    }
    let owner = (!user.is_empty()).then_some(user);
    each_path("chown", &p, files, ctx, |ctx, path, _| {
        ctx.fs.set_owner(path, owner, group.as_deref())
    })
}

/// Applies `change` to each file (and, with `-R`, everything below it).
fn each_path(
    cmd: &str,
    p: &Parsed,
    files: &[String],
    ctx: &mut UtilityContext<'_>,
    mut change: impl FnMut(
        &mut UtilityContext<'_>,
        &str,
        &crate::vfs::Metadata,
    ) -> Result<(), crate::vfs::FsError>,
) -> i32 {
    let mut status = 0;
    for file in files {
        let top = ctx.path(file);
        let targets = if p.has('R') {
            ctx.fs.walk(&top, true)
        } else {
            ctx.fs.metadata(&top).map(|m| vec![(String::new(), m)])
        };
        let targets = match targets {
            Ok(t) => t,
            Err(e) => {
                ctx.error(cmd, &format!("cannot access {}: {e}", quote_shell(file)));
                status = 1;
                continue;
            }
        };
        for (suffix, meta) in targets {
            if meta.is_symlink() {
                continue;
            }
            if let Err(e) = change(ctx, &format!("{top}{suffix}"), &meta) {
                let what = if cmd == "chmod" {
                    "permissions"
                } else {
                    "ownership"
                };
                let shown = quote_shell(&format!("{file}{suffix}"));
                ctx.error(cmd, &format!("changing {what} of {shown}: {e}"));
                status = 1;
            }
        }
    }
    status
}
