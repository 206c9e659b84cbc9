//! Simple commands: expand the words, apply `VAR=x` and redirections, then run a builtin,
//! a script or a program through the Os, and turn the outcome into bash's messages.

use super::ast::{Redirect, RedirectOp, SimpleCommand};
use super::builtins;
use super::interp::{Flow, Interp};
use super::io::{Io, Target};
use super::limits::MAX_DEPTH;
use super::os::{ExecOutcome, ExecRequest, Os, Stream};
use super::parse::parse_nested;

/// Who reports a failed lookup: bash itself or `sudo`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Launcher {
    Bash,
    Sudo,
}

impl<O: Os> Interp<O> {
    pub(crate) async fn simple(&mut self, cmd: &SimpleCommand, io: &mut Io) -> Flow {
        self.subst_status = None;
        let argv = match self.expand_fields(&cmd.words, io).await {
            Ok(argv) => argv,
            Err(flow) => return flow,
        };
        let mut assignments = Vec::new();
        for (name, word) in &cmd.assignments {
            match self.expand_string(word, io).await {
                Ok(value) => assignments.push((name.clone(), value)),
                Err(flow) => return flow,
            }
        }
        let mut child = io.derive();
        let stdin_redirected = match self.redirect(&cmd.redirects, &mut child).await {
            Ok(redirected) => redirected,
            Err(message) => {
                io.absorb(child, false);
                io.error(&self.os, &message);
                return self.status(1);
            }
        };
        let flow = if argv.is_empty() {
            for (name, value) in &assignments {
                self.shell.set_var(name, value);
            }
            let status = self.subst_status.unwrap_or(0);
            self.status(status)
        } else {
            self.invoke(argv, assignments, &mut child).await
        };
        io.absorb(child, stdin_redirected);
        flow
    }

    /// Runs `argv` with `VAR=x` prefixes in effect for this command only: a function (they
    /// come before builtins in bash), a builtin or a program.
    async fn invoke(
        &mut self,
        argv: Vec<String>,
        temp: Vec<(String, String)>,
        io: &mut Io,
    ) -> Flow {
        let name = argv.first().map(String::as_str).unwrap_or_default();
        let function = self.shell.functions.get(name);
        if function.is_some() || builtins::is_builtin(name) {
            let saved: Vec<_> = temp
                .iter()
                .map(|(name, _)| {
                    let old = self.shell.var(name).map(str::to_string);
                    (name.clone(), old, self.shell.exported.contains(name))
                })
                .collect();
            for (name, value) in &temp {
                self.shell.set_var(name, value);
                if function.is_some() {
                    // The programs a function runs get `VAR=x f`'s variables.
                    self.shell.exported.insert(name.clone());
                }
            }
            let flow = match function {
                Some(def) => self.call_function(def, argv, io).await,
                None => builtins::run(self, argv, io).await,
            };
            for (name, old, exported) in saved {
                match old {
                    Some(value) => self.shell.set_var(&name, &value),
                    None => self.shell.unset(&name),
                }
                if exported {
                    self.shell.exported.insert(name);
                } else {
                    self.shell.exported.remove(&name);
                }
            }
            return flow;
        }
        let mut env = self.shell.env();
        env.retain(|(name, _)| !temp.iter().any(|(t, _)| t == name));
        env.extend(temp);
        let user = self.shell.user.clone();
        self.external(argv, env, user, Launcher::Bash, io).await
    }

    /// Runs a program through the Os (or a script in a child shell).
    pub(crate) async fn external(
        &mut self,
        argv: Vec<String>,
        env: Vec<(String, String)>,
        user: String,
        launcher: Launcher,
        io: &mut Io,
    ) -> Flow {
        let name = argv.first().cloned().unwrap_or_default();
        let request = ExecRequest {
            argv: argv.clone(),
            env,
            cwd: self.shell.cwd.clone(),
            user,
            stdin_tty: io.stdin_tty,
            stdin: std::mem::take(&mut io.stdin),
        };
        let outcome = {
            let mut route = io.route(&self.os);
            self.os.exec(request, &mut route).await
        };
        let (message, status) = match outcome {
            ExecOutcome::Exited(code) => return self.status(code),
            ExecOutcome::Script { path: _, source } => {
                let args = argv.get(1..).unwrap_or_default().to_vec();
                return self.script(&name, args, &source, io).await;
            }
            ExecOutcome::NotFound if launcher == Launcher::Sudo => {
                io.write(
                    &self.os,
                    Stream::Stderr,
                    format!("sudo: {name}: command not found\n").as_bytes(),
                );
                return self.status(1);
            }
            ExecOutcome::NotFound if name.contains('/') => ("No such file or directory", 127),
            ExecOutcome::NotFound => ("command not found", 127),
            ExecOutcome::PermissionDenied => ("Permission denied", 126),
            ExecOutcome::IsADirectory => ("Is a directory", 126),
        };
        io.error(&self.os, &format!("{name}: {message}"));
        self.status(status)
    }

    /// A script in a child bash: `$0` is its name, `$1..` its arguments.
    pub(crate) async fn script(
        &mut self,
        arg0: &str,
        args: Vec<String>,
        source: &str,
        io: &mut Io,
    ) -> Flow {
        if self.shell.depth >= MAX_DEPTH {
            io.error(
                &self.os,
                &format!("{arg0}: more than {MAX_DEPTH} nested scripts"),
            );
            return self.status(1);
        }
        let program = match parse_nested(source, self.shell.depth.saturating_add(1)) {
            Ok(p) => p,
            Err(e) => {
                io.error(&self.os, &format!("{arg0}: {e}"));
                return self.status(2);
            }
        };
        let mut child = self.fork(self.shell.child(arg0, args));
        let flow = child.program(&program, io).await;
        self.join(child, flow)
    }

    /// Applies redirections to `io`; `Ok(true)` when stdin was replaced. `Err` is the
    /// message bash prints (`/x/y: No such file or directory`).
    pub(crate) async fn redirect(
        &mut self,
        redirects: &[Redirect],
        io: &mut Io,
    ) -> Result<bool, String> {
        let mut stdin_redirected = false;
        for r in redirects {
            let fd = r.fd.unwrap_or(match r.op {
                RedirectOp::Read(_) | RedirectOp::HereDoc(_) | RedirectOp::HereString(_) => 0,
                RedirectOp::Duplicate { input: true, .. } => 0,
                _ => 1,
            });
            match &r.op {
                RedirectOp::Read(w) => {
                    let path = self.word_for_redirect(w, io).await?;
                    io.stdin = self
                        .os
                        .read_file(&self.absolute(&path))
                        .map_err(|e| format!("{path}: {e}"))?;
                    io.stdin_tty = false;
                    stdin_redirected = true;
                }
                RedirectOp::HereDoc(w) | RedirectOp::HereString(w) => {
                    let mut text = self.expand_string(w, io).await.map_err(|_| String::new())?;
                    if matches!(r.op, RedirectOp::HereString(_)) {
                        text.push('\n');
                    }
                    io.stdin = text.into_bytes();
                    io.stdin_tty = false;
                    stdin_redirected = true;
                }
                RedirectOp::Write(w) | RedirectOp::Append(w) => {
                    let target = self
                        .open(w, matches!(r.op, RedirectOp::Append(_)), io)
                        .await?;
                    set_fd(io, fd, target);
                }
                RedirectOp::WriteBoth { target, append } => {
                    let target = self.open(target, *append, io).await?;
                    io.out = target.clone();
                    io.err = target;
                }
                RedirectOp::Duplicate { target, .. } => {
                    let source = self.word_for_redirect(target, io).await?;
                    let target = match source.as_str() {
                        "1" => io.out.clone(),
                        "2" => io.err.clone(),
                        "-" => Target::Null,
                        "0" => continue,
                        other => return Err(format!("{other}: Bad file descriptor")),
                    };
                    set_fd(io, fd, target);
                }
            }
        }
        Ok(stdin_redirected)
    }

    async fn word_for_redirect(
        &mut self,
        w: &super::ast::Word,
        io: &mut Io,
    ) -> Result<String, String> {
        let fields = self
            .expand_fields(std::slice::from_ref(w), io)
            .await
            .map_err(|_| String::new())?;
        match fields.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err("ambiguous redirect".to_string()),
        }
    }

    /// Opens a file for output: `>` truncates now; every later write appends.
    async fn open(
        &mut self,
        w: &super::ast::Word,
        append: bool,
        io: &mut Io,
    ) -> Result<Target, String> {
        let path = self.word_for_redirect(w, io).await?;
        if path == "/dev/null" {
            return Ok(Target::Null);
        }
        let absolute = self.absolute(&path);
        self.os
            .write_file(&absolute, b"", append)
            .map_err(|e| format!("{path}: {e}"))?;
        Ok(Target::File(absolute))
    }

    /// `path` resolved against the working directory.
    pub(crate) fn absolute(&self, path: &str) -> String {
        super::path::resolve(&self.shell.cwd, path)
    }
}

fn set_fd(io: &mut Io, fd: u32, target: Target) {
    match fd {
        1 => io.out = target,
        2 => io.err = target,
        _ => {}
    }
}
