//! `env`, `which`, `id`, `whoami`, `uname` and `hostname`: what the machine and the user are.

use super::UtilityContext;
use super::args::Spec;
use super::users::{group_entry, passwd_entry};
use crate::vfs::join;

/// CentOS 7.9's kernel, as `uname -r` prints it.
const KERNEL_RELEASE: &str = "3.10.0-1160.el7.x86_64";
const KERNEL_VERSION: &str = "#1 SMP Mon Oct 19 16:18:59 UTC 2020";

/// `env [NAME=VALUE]...`: prints the environment (running a command is the shell's job).
pub(crate) fn env(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let mut vars: Vec<(String, String)> = ctx.env.to_vec();
    for a in args {
        let Some((k, v)) = a.split_once('=') else {
            ctx.error("env", &format!("‘{a}’: No such file or directory"));
            return 127;
        };
        vars.retain(|(n, _)| n != k);
        vars.push((k.to_string(), v.to_string()));
    }
    for (k, v) in vars {
        ctx.print(&format!("{k}={v}\n"));
    }
    0
}

/// `which [-a] PROGRAM...`: the first (or every) executable of that name on `PATH`.
pub(crate) fn which(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "which",
        flags: "a",
        valued: "",
        long: &[("all", 'a', false)],
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let path_var = ctx
        .var("PATH")
        .unwrap_or("/usr/local/bin:/usr/bin")
        .to_string();
    let mut status = 0;
    for name in &p.operands {
        let mut found = false;
        for dir in path_var.split(':').filter(|d| !d.is_empty()) {
            let candidate = if name.contains('/') {
                ctx.path(name)
            } else {
                join(&ctx.path(dir), name)
            };
            if ctx
                .fs
                .metadata(&candidate)
                .is_ok_and(|m| m.is_file() && m.mode & 0o111 != 0)
            {
                let shown = if name.contains('/') {
                    name.clone()
                } else {
                    join(dir, name)
                };
                ctx.print(&format!("{shown}\n"));
                found = true;
                if !p.has('a') {
                    break;
                }
            }
        }
        if !found {
            let msg = format!("/usr/bin/which: no {name} in ({path_var})\n");
            ctx.error_raw(&msg);
            status = 1;
        }
    }
    status
}

/// `id [-u|-g|-G] [-n] [USER]`.
pub(crate) fn id(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec::flags("id", "ugGnr");
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let user = p
        .operands
        .first()
        .map_or(ctx.user, String::as_str)
        .to_string();
    let Some(pw) = passwd_entry(ctx.fs, &user) else {
        ctx.error("id", &format!("{user}: no such user"));
        return 1;
    };
    let get = |r: &[String], i: usize| r.get(i).cloned().unwrap_or_default();
    let (name, uid, gid) = (get(&pw, 0), get(&pw, 2), get(&pw, 3));
    let gname = group_entry(ctx.fs, &gid).map_or(gid.clone(), |g| get(&g, 0));
    let text = ctx
        .fs
        .read("/etc/group")
        .map(String::from_utf8_lossy)
        .unwrap_or_default()
        .into_owned();
    let mut groups = vec![(gid.clone(), gname.clone())];
    for line in text.lines() {
        let f: Vec<&str> = line.split(':').collect();
        if let [g, _, n, members] = f.as_slice()
            && *n != gid
            && members.split(',').any(|m| m == name)
        {
            groups.push((n.to_string(), g.to_string()));
        }
    }
    let out = match (p.has('u'), p.has('g'), p.has('G'), p.has('n')) {
        (true, _, _, false) => uid,
        (true, _, _, true) => name,
        (_, true, _, false) => gid,
        (_, true, _, true) => gname,
        (_, _, true, n) => groups
            .iter()
            .map(|(i, g)| if n { g.clone() } else { i.clone() })
            .collect::<Vec<_>>()
            .join(" "),
        _ => {
            let all: Vec<String> = groups.iter().map(|(i, g)| format!("{i}({g})")).collect();
            format!(
                "uid={uid}({name}) gid={gid}({gname}) groups={}",
                all.join(",")
            )
        }
    };
    ctx.print(&format!("{out}\n"));
    0
}

/// `whoami`.
pub(crate) fn whoami(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    if let Some(extra) = args.first() {
        return ctx.usage_error("whoami", &format!("extra operand ‘{extra}’"), 1);
    }
    let user = ctx.user.to_string();
    ctx.print(&format!("{user}\n"));
    0
}

/// `uname [-asnrvmpio]`.
pub(crate) fn uname(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("all", 'a', false),
        ("kernel-name", 's', false),
        ("nodename", 'n', false),
        ("kernel-release", 'r', false),
    ];
    let spec = Spec {
        cmd: "uname",
        flags: "asnrvmpio",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let host = ctx.host.hostname.clone();
    let fields = [
        ('s', "Linux"),
        ('n', host.as_str()),
        ('r', KERNEL_RELEASE),
        ('v', KERNEL_VERSION),
        ('m', "x86_64"),
        ('p', "x86_64"),
        ('i', "x86_64"),
        ('o', "GNU/Linux"),
    ];
    let chosen: Vec<&str> = fields
        .iter()
        .filter(|(c, _)| p.has('a') || p.has(*c) || (p.opts.is_empty() && *c == 's'))
        .map(|(_, v)| *v)
        .collect();
    ctx.print(&format!("{}\n", chosen.join(" ")));
    0
}

/// `hostname [-s|-f|-i|-I]` (setting the name is refused: the host model owns it).
pub(crate) fn hostname(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("short", 's', false),
        ("fqdn", 'f', false),
        ("ip-address", 'i', false),
        ("all-ip-addresses", 'I', false),
    ];
    let spec = Spec {
        cmd: "hostname",
        flags: "sfiIdA",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    if !p.operands.is_empty() {
        ctx.error("hostname", "you must be root to change the host name");
        return 1;
    }
    let name = ctx.host.hostname.clone();
    let non_lo = ctx.host.interfaces.iter().filter(|i| i.name != "lo");
    let out = if p.has('I') {
        non_lo.map(|i| format!("{} ", i.ipv4)).collect::<String>()
    } else if p.has('i') {
        non_lo
            .map(|i| i.ipv4.to_string())
            .next()
            .unwrap_or_else(|| "127.0.0.1".into())
    } else if p.has('s') {
        name.split('.').next().unwrap_or_default().to_string()
    } else {
        name
    };
    ctx.print(&format!("{out}\n"));
    0
}
