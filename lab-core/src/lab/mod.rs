//! The lab: a [`World`](crate::sim::World) plus what people run in it — terminals with a
//! shell per host, programs that wait in virtual time, background jobs — advanced together.
//!
//! | file | owns |
//! |---|---|
//! | `runtime` | [`Lab`]: the world and its jobs, and `advance`, which interleaves them |
//! | `jobs` | [`Jobs`]: running futures in spawn order, polled with a no-op waker |
//! | `program` | [`ProgramCtx`]: what a program running on a host gets |
//! | `programs` | the programs: `etcd`, ... |
//! | `timer` | virtual-time waits: [`sleep`], [`wait_for`] a condition with a deadline |

mod jobs;
mod program;
mod programs;
mod runtime;
mod timer;

pub use jobs::{JobFuture, Jobs, MAX_JOBS, TooManyJobs};
pub use program::{ProgramCtx, absolute, next_round};
pub use runtime::Lab;
pub use timer::{Sleep, WaitFor, sleep, wait_for};

#[cfg(test)]
mod tests;
