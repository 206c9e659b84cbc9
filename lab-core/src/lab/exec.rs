//! Running a program on a host: finding it through `PATH`, telling binaries from scripts,
//! and dispatching to the coreutils or to the lab's own programs.

use super::host_os::HostOs;
use super::program::{ProgramCtx, absolute};
use super::programs;
use super::signal_delivery::{ProcessSignals, run_program};
use super::stdin::TerminalStdin;
use crate::coreutils::{self, UtilityContext};
use crate::shell::{DEFAULT_PATH, ExecOutcome, ExecRequest, Os, Sink, Stream};
use crate::sim::OutputStream;
use crate::time::WallClock;
use crate::vfs::{FileType, program_name};

/// What `argv[0]` names on the host.
enum Target {
    /// A built-in program, by name, at this path.
    Program(String),
    /// A text file to run as a shell script.
    Script { path: String, source: String },
}

/// Runs `req` on `os`'s host, streaming output into `out`.
pub async fn exec(os: &HostOs, req: ExecRequest, out: &mut dyn Sink) -> ExecOutcome {
    let target = match resolve(os, &req) {
        Ok(target) => target,
        Err(outcome) => return outcome,
    };
    let name = match target {
        Target::Program(name) => name,
        Target::Script { path, source } => return ExecOutcome::Script { path, source },
    };
    let args: Vec<String> = req.argv.iter().skip(1).cloned().collect();
    let terminal = (req.stdin_tty && os.lab.has_terminal_stdin(os.host)).then(|| os.terminal());
    if let Some(terminal) = &terminal
        && name == "cat"
        && args.iter().all(|a| a == "-")
    {
        let status = run_program(&os.lab, cat_terminal(terminal, os, out)).await;
        return ExecOutcome::Exited(status);
    }
    if coreutils::UTILITIES.contains(&name.as_str()) {
        return ExecOutcome::Exited(run_utility(os, &name, &args, &req, out));
    }
    let mut write = |stream: OutputStream, data: &[u8]| {
        let stream = match stream {
            OutputStream::Stdout => Stream::Stdout,
            OutputStream::Stderr => Stream::Stderr,
        };
        out.write(stream, data);
    };
    let mut ctx = ProgramCtx {
        lab: os.lab.clone(),
        host: os.host,
        args: &args,
        env: &req.env,
        cwd: &req.cwd,
        stdin: &req.stdin,
        terminal,
        out: &mut write,
        signals: ProcessSignals::current(&os.lab),
    };
    let program = programs::run(&name, &mut ctx, req.argv.clone());
    ExecOutcome::Exited(run_program(&os.lab, program).await)
}

/// `cat` (or `cat -`) on the terminal: each line is written out as soon as Enter is
/// pressed, until Ctrl-D; Ctrl-C stops it with 130 as SIGINT does.
async fn cat_terminal(terminal: &TerminalStdin, os: &HostOs, out: &mut dyn Sink) -> i32 {
    while let Some(line) = terminal.read_line().await {
        out.write(Stream::Stdout, line.as_bytes());
    }
    if os.interrupted() { 130 } else { 0 }
}

/// Finds the program `argv[0]` names, as `execvp` would.
fn resolve(os: &HostOs, req: &ExecRequest) -> Result<Target, ExecOutcome> {
    let argv0 = req.argv.first().ok_or(ExecOutcome::NotFound)?;
    let world = os.lab.world();
    let vfs = &world.hosts().get(os.host).ok_or(ExecOutcome::NotFound)?.vfs;
    let path = if argv0.contains('/') {
        absolute(&req.cwd, argv0)
    } else {
        let path_var = req
            .env
            .iter()
            .rev()
            .find(|(k, _)| k == "PATH")
            .map_or(DEFAULT_PATH, |(_, v)| v.as_str());
        path_var
            .split(':')
            .filter(|dir| !dir.is_empty())
            .map(|dir| absolute(&req.cwd, &format!("{dir}/{argv0}")))
            .find(|candidate| {
                vfs.metadata(candidate)
                    .is_ok_and(|m| m.file_type == FileType::File && m.mode & 0o111 != 0)
            })
            .ok_or(ExecOutcome::NotFound)?
    };
    let meta = vfs.metadata(&path).map_err(|_| ExecOutcome::NotFound)?;
    if meta.file_type == FileType::Dir {
        return Err(ExecOutcome::IsADirectory);
    }
    if meta.mode & 0o111 == 0 {
        return Err(ExecOutcome::PermissionDenied);
    }
    let data = vfs.read(&path).map_err(|_| ExecOutcome::PermissionDenied)?;
    Ok(match program_name(data) {
        Some(name) => Target::Program(name.to_owned()),
        None => Target::Script {
            source: String::from_utf8_lossy(data).into_owned(),
            path,
        },
    })
}

/// Runs one of the coreutils against the host's file system.
fn run_utility(
    os: &HostOs,
    name: &str,
    args: &[String],
    req: &ExecRequest,
    out: &mut dyn Sink,
) -> i32 {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = {
        let mut world = os.lab.world_mut();
        let now = world.now();
        let Some(host) = world.hosts.get_mut(os.host) else {
            return 127;
        };
        let info = host.info();
        host.vfs.set_now(now);
        let mut ctx = UtilityContext {
            fs: &mut host.vfs,
            cwd: &req.cwd,
            env: &req.env,
            stdin: &req.stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            now_unix_micros: WallClock::at(now).unix_micros,
            host: &info,
            user: &req.user,
        };
        coreutils::run_utility(name, args, &mut ctx).unwrap_or(127)
    };
    out.write(Stream::Stdout, &stdout);
    out.write(Stream::Stderr, &stderr);
    status
}
