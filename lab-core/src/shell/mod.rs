//! The bash-like shell of each simulated host's terminal: learners paste lines from
//! tutorials and get what bash would do.
//!
//! Parsing is brush-parser's (`parse.rs`), lowered into this module's own [`ast`]. The
//! interpreter (`interp.rs`, `simple.rs`, `expand.rs`, `builtins/`) knows nothing about the
//! world: files, programs, background jobs and the terminal are reached through the [`Os`]
//! trait, which the simulated host implements.
//!
//! | file | role |
//! |---|---|
//! | `os.rs` | the [`Os`] trait and its types |
//! | `parse.rs`, `lower.rs`, `lower_word.rs` | text → [`Program`], bash's syntax errors |
//! | `state.rs` | [`Shell`]: variables, cwd, `$?`, jobs, functions |
//! | `functions.rs`, `func_text/` | function table, calls, `local` frames; bash's layout of commands for `declare -f` and `jobs` |
//! | `interp.rs`, `loops.rs` | lists, pipelines, `&`, compound commands |
//! | `simple.rs` | simple commands, redirections, running programs and scripts |
//! | `expand.rs`, `param.rs`, `glob.rs` | word expansion |
//! | `builtins/` | `cd`, `echo`, `test`, `export`, `sudo`, `jobs`, ... |
//! | `limits.rs` | every size, depth and count limit |
//! | `command.rs` | [`run_argv`]: a command run for a program (etcdctl's `exec.Command`) |

pub mod ast;
mod builtins;
mod command;
mod escape;
mod expand;
mod func_text;
mod functions;
mod glob;
mod interp;
mod io;
pub mod limits;
mod loops;
mod lower;
mod lower_word;
pub mod os;
mod param;
mod parse;
mod path;
mod simple;
mod state;

#[cfg(test)]
mod tests;

pub use ast::Program;
pub use command::run_argv;
pub use os::{ExecOutcome, ExecRequest, FileKind, Os, OsError, Sink, Stream};
pub use parse::{ParseError, input_complete, parse};
pub use state::{DEFAULT_PATH, Job, Shell};

use interp::{Flow, Interp};
use io::Io;

/// Runs one (possibly multi-line) input and returns the shell with its new state.
pub async fn run<O: Os>(shell: Shell, source: String, os: O) -> Shell {
    let mut interp = Interp::new(shell, os);
    report_finished_jobs(&mut interp);
    let mut io = Io::terminal();
    match parse::parse(&source) {
        Ok(program) => {
            if interp.program(&program, &mut io).await == Flow::Abort && interp.os.interrupted() {
                interp.shell.last_status = 130;
            }
        }
        Err(e) => {
            io.error(&interp.os, &e.to_string());
            interp.shell.last_status = 2;
        }
    }
    interp.shell
}

/// Bash's `[1]+  Done    cmd` notices for jobs that ended since the last prompt.
fn report_finished_jobs<O: Os>(interp: &mut Interp<O>) {
    let count = interp.shell.jobs.len();
    let mut notices = String::new();
    let mut ended = Vec::new();
    for (i, job) in interp.shell.jobs.iter().enumerate() {
        if let Some(code) = builtins::finished(&interp.os, job.pid) {
            let state = builtins::job_state(code);
            notices.push_str(&builtins::job_line(
                job.number,
                builtins::job_marker(i, count),
                None,
                &state,
                &job.command,
            ));
            notices.push('\n');
            ended.push(job.pid);
        }
    }
    interp.shell.jobs.retain(|j| !ended.contains(&j.pid));
    if !notices.is_empty() {
        interp.os.write_terminal(Stream::Stdout, notices.as_bytes());
    }
}
