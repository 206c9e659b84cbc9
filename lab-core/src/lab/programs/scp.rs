//! `scp [-r] SRC... DEST`: copies files between hosts over the lab network (ssh on port 22,
//! which CentOS's default firewall zone allows).

use crate::lab::program::{ProgramCtx, absolute};
use crate::sim::ConnectError;
use crate::vfs::{FileType, WriteMode};

/// Most files one `scp -r` copies.
const MAX_FILES: usize = 10_000;

/// One side of a copy: a host and an absolute path.
struct Side {
    host: usize,
    name: Option<String>,
    path: String,
}

pub fn scp(ctx: &mut ProgramCtx<'_>) -> i32 {
    let mut recursive = false;
    let mut operands = Vec::new();
    let mut args = ctx.args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-P" | "-i" | "-o" => {
                args.next();
            }
            flag if flag.starts_with('-') && flag.len() > 1 => recursive |= flag.contains('r'),
            _ => operands.push(arg.clone()),
        }
    }
    let Some((dest, sources)) = operands.split_last() else {
        ctx.eprint("usage: scp [-346BCpqrv] [-c cipher] [-F ssh_config] [-i identity_file]\n           [-l limit] [-o ssh_option] [-P port] [-S program]\n           [[user@]host1:]file1 ... [[user@]host2:]file2\n");
        return 1;
    };
    if sources.is_empty() {
        ctx.eprint("usage: scp [[user@]host1:]file1 ... [[user@]host2:]file2\n");
        return 1;
    }
    let dest = match side(ctx, dest) {
        Ok(side) => side,
        Err(code) => return code,
    };
    let mut status = 0;
    for source in sources {
        let source = match side(ctx, source) {
            Ok(side) => side,
            Err(code) => return code,
        };
        if let Err(message) = copy(ctx, &source, &dest, recursive) {
            ctx.eprint(&format!("{message}\n"));
            status = 1;
        }
    }
    status
}

/// Parses `[user@]host:path` or a local path, and checks the host is reachable by ssh.
fn side(ctx: &mut ProgramCtx<'_>, text: &str) -> Result<Side, i32> {
    let Some((remote, path)) = text.split_once(':').filter(|(h, _)| !h.contains('/')) else {
        return Ok(Side {
            host: ctx.host,
            name: None,
            path: absolute(ctx.cwd, text),
        });
    };
    let name = remote.rsplit('@').next().unwrap_or(remote).to_owned();
    let connected = {
        let world = ctx.lab.world();
        let ip = world.resolve_name(ctx.host, &name);
        ip.map(|ip| (ip, world.connect_ssh(ctx.host, ip)))
    };
    let (ip, result) = match connected {
        Some(found) => found,
        None => {
            ctx.eprint(&format!(
                "ssh: Could not resolve hostname {name}: Name or service not known\nlost connection\n"
            ));
            return Err(1);
        }
    };
    if let Err(err) = result {
        let why = match err {
            ConnectError::Timeout => "Connection timed out",
            ConnectError::NoRoute => "No route to host",
            ConnectError::Refused => "Connection refused",
        };
        let _ = ip;
        ctx.eprint(&format!(
            "ssh: connect to host {name} port 22: {why}\nlost connection\n"
        ));
        return Err(1);
    }
    let host = ctx.lab.host_index(&name).or_else(|| {
        ctx.lab
            .world()
            .hosts()
            .iter()
            .position(|h| Some(h.ip) == ctx.lab.world().resolve_name(ctx.host, &name))
    });
    let home = "/root";
    let path = if path.is_empty() {
        home.to_owned()
    } else {
        absolute(home, path)
    };
    Ok(Side {
        host: host.unwrap_or(ctx.host),
        name: Some(name),
        path,
    })
}

/// Copies `from` to `to` (into it, if it is a directory).
fn copy(ctx: &ProgramCtx<'_>, from: &Side, to: &Side, recursive: bool) -> Result<(), String> {
    let shown = |side: &Side| match &side.name {
        Some(name) => format!("{name}:{}", side.path),
        None => side.path.clone(),
    };
    let files = {
        let world = ctx.lab.world();
        let vfs = &world.hosts().get(from.host).ok_or("no such host")?.vfs;
        let meta = vfs
            .metadata(&from.path)
            .map_err(|e| format!("scp: {}: {e}", shown(from)))?;
        if meta.file_type == FileType::Dir && !recursive {
            return Err(format!("scp: {}: not a regular file", shown(from)));
        }
        let entries = vfs
            .walk(&from.path, true)
            .map_err(|e| format!("scp: {}: {e}", shown(from)))?;
        entries
            .into_iter()
            .take(MAX_FILES)
            .map(|(rel, meta)| {
                let src = if rel.is_empty() {
                    from.path.clone()
                } else {
                    format!("{}/{rel}", from.path)
                };
                let data = vfs.read(&src).map(<[u8]>::to_vec).unwrap_or_default();
                (rel, meta.file_type, meta.mode, data)
            })
            .collect::<Vec<_>>()
    };
    let base = from.path.rsplit('/').next().unwrap_or_default().to_owned();
    let dest_is_dir = ctx
        .lab
        .world()
        .hosts()
        .get(to.host)
        .is_some_and(|h| h.vfs.is_dir(&to.path));
    let root = if dest_is_dir {
        format!("{}/{base}", to.path.trim_end_matches('/'))
    } else {
        to.path.clone()
    };
    ctx.lab
        .with_vfs(to.host, |vfs| {
            for (rel, kind, mode, data) in files {
                let path = if rel.is_empty() {
                    root.clone()
                } else {
                    format!("{root}/{rel}")
                };
                let done = match kind {
                    FileType::Dir => vfs.create_dir(&path, true, mode),
                    FileType::File => vfs
                        .write(&path, &data, WriteMode::Truncate)
                        .and_then(|()| vfs.set_mode(&path, mode)),
                    FileType::Symlink => Ok(()),
                };
                done.map_err(|e| format!("scp: {}: {e}", path))?;
            }
            Ok(())
        })
        .unwrap_or_else(|| Err("scp: no such host".to_owned()))
}
