//! The interpreter's control flow: lists, `&&`/`||`, pipelines, background jobs and the
//! compound commands (`if`, `for`, `while`, `case`, `{ }`, `( )`, function definitions).

use std::future::Future;
use std::pin::Pin;

use super::ast::{AndOr, Command, Compound, Connector, ListItem, Pipeline, Program, Word};
use super::io::{Io, Target};
use super::limits::{MAX_FUNCTION_CALLS, MAX_JOBS, MAX_LOOP_ITERATIONS};
use super::os::{Os, Stream};
use super::state::{Job, Shell};

pub(crate) type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// How a command ended, beyond its status (which is in `$?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Normal,
    /// `exit` ran: unwind to the end of the shell (or subshell).
    Exit,
    /// Ctrl-C or a broken limit: abandon the whole input line.
    Abort,
    Break(u32),
    Continue(u32),
    /// `return`: unwind to the end of the function call or sourced file.
    Return,
}

/// A shell running against an Os.
pub(crate) struct Interp<O: Os> {
    pub shell: Shell,
    pub os: O,
    /// Loop iterations left in this run.
    pub loops_left: u32,
    /// Function calls left in this run.
    pub calls_left: u32,
    /// Loops around the running command in this function: `break` outside one is an error.
    pub loop_depth: u32,
    /// Status of the last command substitution in the current command: `$?` after `x=$(false)`.
    pub subst_status: Option<i32>,
}

impl<O: Os> Interp<O> {
    pub fn new(shell: Shell, os: O) -> Interp<O> {
        Interp {
            shell,
            os,
            loops_left: MAX_LOOP_ITERATIONS,
            calls_left: MAX_FUNCTION_CALLS,
            loop_depth: 0,
            subst_status: None,
        }
    }

    pub fn status(&mut self, status: i32) -> Flow {
        self.shell.last_status = status;
        Flow::Normal
    }

    /// A copy for `( )`, `$( )` and pipe stages; fold it back with [`Interp::join`].
    pub fn fork(&self, shell: Shell) -> Interp<O> {
        Interp {
            shell,
            os: self.os.clone(),
            loops_left: self.loops_left,
            calls_left: self.calls_left,
            loop_depth: self.loop_depth,
            subst_status: None,
        }
    }

    /// Takes a forked copy's status and loop use; `exit` in it only ends the copy.
    pub fn join(&mut self, sub: Interp<O>, flow: Flow) -> Flow {
        self.loops_left = sub.loops_left;
        self.calls_left = sub.calls_left;
        self.shell.last_status = sub.shell.exited.unwrap_or(sub.shell.last_status);
        if flow == Flow::Abort {
            Flow::Abort
        } else {
            Flow::Normal
        }
    }

    pub fn program<'a>(&'a mut self, p: &'a Program, io: &'a mut Io) -> Boxed<'a, Flow> {
        Box::pin(async move {
            for item in &p.items {
                let flow = if item.background {
                    self.background(item, io)
                } else {
                    self.and_or(&item.and_or, io).await
                };
                if flow != Flow::Normal {
                    return flow;
                }
            }
            Flow::Normal
        })
    }

    async fn and_or(&mut self, list: &AndOr, io: &mut Io) -> Flow {
        let mut flow = self.pipeline(&list.first, io).await;
        for (connector, next) in &list.rest {
            if flow != Flow::Normal {
                return flow;
            }
            let succeeded = self.shell.last_status == 0;
            if (*connector == Connector::And) == succeeded {
                flow = self.pipeline(next, io).await;
            }
        }
        flow
    }

    /// Stages run one after another; each one's stdout is the next one's stdin.
    async fn pipeline(&mut self, p: &Pipeline, io: &mut Io) -> Flow {
        if self.os.interrupted() {
            self.shell.last_status = 130;
            return Flow::Abort;
        }
        let flow = match p.commands.as_slice() {
            [] => Flow::Normal,
            [only] => self.command(only, io).await,
            [init @ .., last] => {
                let mut data = std::mem::take(&mut io.stdin);
                for (i, stage) in init.iter().enumerate() {
                    let mut stage_io = io.capture(data);
                    // The first stage reads what the line reads: the terminal, if it is.
                    stage_io.stdin_tty = i == 0 && io.stdin_tty;
                    let mut sub = self.fork(self.shell.subshell_listing_jobs());
                    let flow = sub.command(stage, &mut stage_io).await;
                    if self.join(sub, flow) == Flow::Abort {
                        return Flow::Abort;
                    }
                    data = stage_io.captured;
                }
                let mut last_io = io.derive();
                last_io.stdin = data;
                last_io.stdin_tty = false;
                let mut sub = self.fork(self.shell.subshell_listing_jobs());
                let flow = sub.command(last, &mut last_io).await;
                io.absorb(last_io, true);
                self.join(sub, flow)
            }
        };
        if p.negated && flow == Flow::Normal {
            self.shell.last_status = i32::from(self.shell.last_status == 0);
        }
        flow
    }

    pub fn command<'a>(&'a mut self, c: &'a Command, io: &'a mut Io) -> Boxed<'a, Flow> {
        Box::pin(async move {
            match c {
                Command::Simple(simple) => self.simple(simple, io).await,
                Command::Compound(compound, redirects) => {
                    let mut child = io.derive();
                    match self.redirect(redirects, &mut child).await {
                        Ok(stdin_redirected) => {
                            let flow = self.compound(compound, &mut child).await;
                            io.absorb(child, stdin_redirected);
                            flow
                        }
                        Err(message) => {
                            io.absorb(child, false);
                            io.error(&self.os, &message);
                            self.status(1)
                        }
                    }
                }
                Command::Function(def) => self.define_function(def, io),
                Command::Unsupported(text) => {
                    let head = text.split_whitespace().next().unwrap_or_default();
                    io.error(
                        &self.os,
                        &format!("{head}: not supported in this lab's shell"),
                    );
                    self.status(2)
                }
            }
        })
    }

    async fn compound(&mut self, c: &Compound, io: &mut Io) -> Flow {
        match c {
            Compound::Brace(p) => self.program(p, io).await,
            Compound::Subshell(p) => {
                let mut sub = self.fork(self.shell.subshell());
                let flow = sub.program(p, io).await;
                self.join(sub, flow)
            }
            Compound::If {
                branches,
                otherwise,
            } => self.if_clause(branches, otherwise, io).await,
            Compound::For { name, values, body } => {
                let outer = self.enter_loop();
                let flow = self.for_loop(name, values, body, io).await;
                self.loop_depth = outer;
                flow
            }
            Compound::While {
                until,
                condition,
                body,
            } => {
                let outer = self.enter_loop();
                let flow = self.while_loop(*until, condition, body, io).await;
                self.loop_depth = outer;
                flow
            }
            Compound::Case { subject, arms } => self.case(subject, arms, io).await,
        }
    }

    async fn if_clause(
        &mut self,
        branches: &[(Program, Program)],
        otherwise: &Option<Program>,
        io: &mut Io,
    ) -> Flow {
        for (condition, body) in branches {
            let flow = self.program(condition, io).await;
            if flow != Flow::Normal {
                return flow;
            }
            if self.shell.last_status == 0 {
                return self.program(body, io).await;
            }
        }
        match otherwise {
            Some(body) => self.program(body, io).await,
            None => self.status(0),
        }
    }

    async fn case(&mut self, subject: &Word, arms: &[(Vec<Word>, Program)], io: &mut Io) -> Flow {
        let subject = match self.expand_string(subject, io).await {
            Ok(s) => s,
            Err(flow) => return flow,
        };
        for (patterns, body) in arms {
            for pattern in patterns {
                let pattern = match self.expand_pattern(pattern, io).await {
                    Ok(p) => p,
                    Err(flow) => return flow,
                };
                if super::glob::matches(&pattern, &subject) {
                    return self.program(body, io).await;
                }
            }
        }
        self.status(0)
    }

    /// `cmd &`: the and-or list runs as a job of its own; the terminal shows `[N] PID`.
    fn background(&mut self, item: &ListItem, io: &mut Io) -> Flow {
        if self.shell.jobs.len() >= MAX_JOBS {
            io.error(
                &self.os,
                &format!("fork: more than {MAX_JOBS} background jobs"),
            );
            return self.status(1);
        }
        let mut sub = self.fork(self.shell.subshell());
        sub.os = sub.os.detached();
        let list = item.and_or.clone();
        let uncaptured = |t: &Target, s| match t {
            Target::Capture => Target::Terminal(s),
            other => other.clone(),
        };
        let mut job_io = Io::terminal();
        job_io.out = uncaptured(&io.out, Stream::Stdout);
        job_io.err = uncaptured(&io.err, Stream::Stderr);
        let pid = self.os.spawn(Box::pin(async move {
            sub.and_or(&list, &mut job_io).await;
            sub.shell.exited.unwrap_or(sub.shell.last_status)
        }));
        let number = self.shell.jobs.iter().map(|j| j.number).max().unwrap_or(0);
        let number = number.saturating_add(1);
        self.shell.jobs.push(Job {
            number,
            pid,
            command: and_or_text(&item.and_or),
        });
        self.shell.last_background = Some(pid);
        if self.shell.depth == 0 {
            self.os
                .write_terminal(Stream::Stderr, format!("[{number}] {pid}\n").as_bytes());
        }
        self.status(0)
    }
}

fn and_or_text(list: &AndOr) -> String {
    let mut text = list.first.text.clone();
    for (connector, p) in &list.rest {
        text.push_str(match connector {
            Connector::And => " && ",
            Connector::Or => " || ",
        });
        text.push_str(&p.text);
    }
    text
}
