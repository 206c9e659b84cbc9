//! Commands etcdctl runs for the user (`watch … -- cmd`, `lock NAME cmd`), as Go's
//! `exec.Command(...).Run()` with stdout and stderr shared: their output passed on, their
//! failure in Go's words (`exit status 3`, `exec: "x": executable file not found in $PATH`).

use super::api::EtcdApi;
use super::context::Ctx;
use super::output::Stream;

/// Runs `argv` with `env` added; `Err` carries Go's text for a command that failed.
pub(super) async fn run_command<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    argv: &[String],
    env: &[(String, String)],
) -> Result<(), String> {
    let ran = ctx.api.exec(argv, env).await;
    {
        let mut out = ctx.out.borrow_mut();
        out.write(Stream::Stdout, &ran.stdout);
        out.write(Stream::Stderr, &ran.stderr);
    }
    match ran.status {
        Some(0) => Ok(()),
        Some(code) => Err(format!("exit status {code}")),
        None => Err(exec_error(argv.first().map_or("", String::as_str))),
    }
}

/// Go's `exec.ErrNotFound` for `name`.
pub(super) fn exec_error(name: &str) -> String {
    format!("exec: \"{name}\": executable file not found in $PATH")
}
