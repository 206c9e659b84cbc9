//! The lab: a [`World`](crate::sim::World) plus what people run in it — terminals with a
//! shell per host, programs that wait in virtual time, background jobs — advanced together.
//!
//! | file | owns |
//! |---|---|
//! | `runtime` | [`Lab`]: the world and its jobs, and `advance`, which interleaves them |
//! | `jobs` | [`Jobs`]: running futures in spawn order, polled with a no-op waker |
//! | `terminal`, `terminals` | [`Terminal`]: a host's shell, running line and output; typing and Ctrl-C |
//! | `tty`, `terminal_input` | [`Tty`]: the line discipline (typed lines, Ctrl-D, echo); typeahead |
//! | `stdin` | [`TerminalStdin`]: the terminal as a program's stdin, read line by line |
//! | `host_os` | [`HostOs`]: the shell's view of a host (files, programs, jobs, terminal) |
//! | `exec` | finding a program through `PATH` and running it |
//! | `program` | [`ProgramCtx`]: what a program running on a host gets |
//! | `programs` | the programs: `etcd`, ... |
//! | `signals` | signal numbers, names, default actions; a job's caught and pending signals |
//! | `signal_delivery` | [`Lab::signal`], the one path of a signal to a process, and [`run_program`] |
//! | `script_target` | [`ScriptLab`]: the lab as a lab script's target |
//! | `systemd_host` | [`HostSystemd`]: PID 1 on a host — units, the journal, restarts |
//! | `timer` | virtual-time waits: [`sleep`], [`wait_for`] a condition with a deadline |

mod exec;
mod host_os;
mod jobs;
mod program;
mod programs;
mod runtime;
mod script_target;
mod signal_delivery;
pub mod signals;
mod stdin;
mod systemd_host;
mod terminal;
mod terminal_input;
mod terminals;
mod timer;
mod tty;

pub use host_os::HostOs;
pub use jobs::{JobFuture, Jobs, MAX_JOBS, TooManyJobs};
pub use program::{ProgramCtx, absolute, next_round};
pub use runtime::Lab;
pub use script_target::ScriptLab;
pub use signal_delivery::{KillError, ProcessSignals, run_program};
pub use stdin::{MAX_TERMINAL_READ_BYTES, ReadLine, TerminalStdin};
pub use systemd_host::{HostSystemd, LoadedUnit};
pub use terminal::{MAX_TERMINAL_BYTES, Terminal};
pub use timer::{Sleep, WaitFor, sleep, wait_for};
pub use tty::{MAX_TYPEAHEAD_BYTES, Tty, TtyError, TtyInput};

#[cfg(test)]
mod terminal_input_tests;
#[cfg(test)]
mod tests;
