//! `useradd` and `groupadd` (shadow-utils, CentOS defaults), and the `/etc/passwd` and
//! `/etc/group` lookups `chown` and `id` share.

use super::UtilityContext;
use super::args::Spec;
use crate::vfs::{Vfs, WriteMode};

const PASSWD: &str = "/etc/passwd";
const GROUP: &str = "/etc/group";
/// Highest id for system accounts (`SYS_UID_MAX`); system ids are allocated downwards.
const SYS_ID_MAX: u32 = 999;
/// Lowest id for regular accounts (`UID_MIN`).
const ID_MIN: u32 = 1000;

/// One line of `/etc/passwd` or `/etc/group` split on `:`.
fn records(fs: &Vfs, file: &str) -> Vec<Vec<String>> {
    let text = fs
        .read(file)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split(':').map(str::to_string).collect())
        .collect()
}

fn field(rec: &[String], i: usize) -> &str {
    rec.get(i).map_or("", String::as_str)
}

/// The passwd record of `user` (by name or numeric uid).
pub(crate) fn passwd_entry(fs: &Vfs, user: &str) -> Option<Vec<String>> {
    records(fs, PASSWD)
        .into_iter()
        .find(|r| field(r, 0) == user || field(r, 2) == user)
}

/// The group record of `group` (by name or numeric gid).
pub(crate) fn group_entry(fs: &Vfs, group: &str) -> Option<Vec<String>> {
    records(fs, GROUP)
        .into_iter()
        .find(|r| field(r, 0) == group || field(r, 2) == group)
}

/// Whether `user` names an account.
pub(crate) fn user_exists(fs: &Vfs, user: &str) -> bool {
    passwd_entry(fs, user).is_some() || user.parse::<u32>().is_ok()
}

/// Whether `group` names a group.
pub(crate) fn group_exists(fs: &Vfs, group: &str) -> bool {
    group_entry(fs, group).is_some() || group.parse::<u32>().is_ok()
}

/// The name of `user`'s login group.
pub(crate) fn primary_group(fs: &Vfs, user: &str) -> Option<String> {
    let gid = field(&passwd_entry(fs, user)?, 3).to_string();
    Some(group_entry(fs, &gid).map_or(gid, |g| field(&g, 0).to_string()))
}

/// The first free id: downwards from 999 for system accounts, else above the highest used.
fn free_id(fs: &Vfs, file: &str, system: bool) -> u32 {
    let used: Vec<u32> = records(fs, file)
        .iter()
        .filter_map(|r| field(r, 2).parse().ok())
        .collect();
    if system {
        (1..=SYS_ID_MAX)
            .rev()
            .find(|id| !used.contains(id))
            .unwrap_or(SYS_ID_MAX)
    } else {
        used.iter()
            .filter(|&&id| (ID_MIN..60_000).contains(&id))
            .max()
            .map_or(ID_MIN, |m| m + 1)
    }
}

fn valid_name(name: &str) -> bool {
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c);
    name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(ok)
}

/// Refuses non-root callers as shadow-utils does; `Err(status)` if refused.
fn require_root(cmd: &str, file: &str, ctx: &mut UtilityContext<'_>) -> Result<(), i32> {
    if ctx.user == "root" {
        return Ok(());
    }
    ctx.error(cmd, "Permission denied.");
    ctx.error(cmd, &format!("cannot lock {file}; try again later."));
    Err(1)
}

fn append_line(ctx: &mut UtilityContext<'_>, file: &str, line: &str) -> Result<(), i32> {
    ctx.fs
        .write(file, format!("{line}\n").as_bytes(), WriteMode::Append)
        .map_err(|e| {
            ctx.error("useradd", &format!("cannot open {file}: {e}"));
            10
        })
}

/// `useradd [-r] [-m|-M] [-s SHELL] [-d HOME] [-g GROUP] [-u UID] [-c COMMENT] NAME`.
pub(crate) fn useradd(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("system", 'r', false),
        ("shell", 's', true),
        ("home-dir", 'd', true),
    ];
    let spec = Spec {
        cmd: "useradd",
        flags: "rmMN",
        valued: "sdgucG",
        long,
    };
    let p = match spec.parse(args, ctx, 2) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let [name] = p.operands.as_slice() else {
        return ctx.usage_error("useradd", "exactly one user name is required", 2);
    };
    if let Err(s) = require_root("useradd", PASSWD, ctx) {
        return s;
    }
    if !valid_name(name) {
        ctx.error("useradd", &format!("invalid user name '{name}'"));
        return 3;
    }
    if passwd_entry(ctx.fs, name).is_some() {
        ctx.error("useradd", &format!("user '{name}' already exists"));
        return 9;
    }
    let system = p.has('r');
    let uid = p
        .value('u')
        .and_then(|u| u.parse().ok())
        .unwrap_or_else(|| free_id(ctx.fs, PASSWD, system));
    let gid = match p.value('g') {
        Some(g) => match group_entry(ctx.fs, g) {
            Some(rec) => field(&rec, 2).to_string(),
            None => {
                ctx.error("useradd", &format!("group '{g}' does not exist"));
                return 6;
            }
        },
        None if group_entry(ctx.fs, name).is_some() => {
            let msg = format!(
                "group {name} exists - if you want to add this user to that group, use -g."
            );
            ctx.error("useradd", &msg);
            return 9;
        }
        None => {
            let gid = if group_entry(ctx.fs, &uid.to_string()).is_none() {
                uid
            } else {
                free_id(ctx.fs, GROUP, system)
            };
            if let Err(s) = append_line(ctx, GROUP, &format!("{name}:x:{gid}:")) {
                return s;
            }
            gid.to_string()
        }
    };
    let home = p
        .value('d')
        .map_or_else(|| format!("/home/{name}"), str::to_string);
    let shell = p.value('s').unwrap_or("/bin/bash");
    let comment = p.value('c').unwrap_or("");
    if let Err(s) = append_line(
        ctx,
        PASSWD,
        &format!("{name}:x:{uid}:{gid}:{comment}:{home}:{shell}"),
    ) {
        return s;
    }
    let create_home = p.has('m') || (!system && !p.has('M'));
    if create_home && !ctx.fs.exists(&home) && ctx.fs.create_dir(&home, false, 0o700).is_ok() {
        let group = primary_group(ctx.fs, name);
        let _ = ctx.fs.set_owner(&home, Some(name), group.as_deref());
    }
    0
}

/// `groupadd [-r] [-g GID] NAME`.
pub(crate) fn groupadd(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("system", 'r', false),
        ("gid", 'g', true),
        ("force", 'f', false),
    ];
    let spec = Spec {
        cmd: "groupadd",
        flags: "rf",
        valued: "g",
        long,
    };
    let p = match spec.parse(args, ctx, 2) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let [name] = p.operands.as_slice() else {
        return ctx.usage_error("groupadd", "exactly one group name is required", 2);
    };
    if let Err(s) = require_root("groupadd", GROUP, ctx) {
        return s;
    }
    if !valid_name(name) {
        ctx.error("groupadd", &format!("'{name}' is not a valid group name"));
        return 3;
    }
    if group_entry(ctx.fs, name).is_some() {
        if p.has('f') {
            return 0;
        }
        ctx.error("groupadd", &format!("group '{name}' already exists"));
        return 9;
    }
    let gid = p
        .value('g')
        .and_then(|g| g.parse().ok())
        .unwrap_or_else(|| free_id(ctx.fs, GROUP, p.has('r')));
    match ctx.fs.write(
        GROUP,
        format!("{name}:x:{gid}:\n").as_bytes(),
        WriteMode::Append,
    ) {
        Ok(()) => 0,
        Err(e) => {
            ctx.error("groupadd", &format!("cannot open {GROUP}: {e}"));
            10
        }
    }
}
