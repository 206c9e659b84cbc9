//! Lab scripts: the plain-text format tests, tutorials and teachers use to drive a lab.
//!
//! One statement per line, `#` comments:
//!
//! ```text
//! host NAME [IPV4]            declare a host (address auto-assigned if omitted)
//! NAME$ SHELL LINE            run one line in NAME's terminal, exactly as typed (`NAME# ` too);
//!                             typed input instead while a program there reads the terminal
//! typeahead NAME LINE         type LINE now, without waiting for the prompt or the line
//! interrupt NAME | eof NAME   press Ctrl-C | Ctrl-D in NAME's terminal
//! sleep DURATION              advance virtual time (500ms, 2s, 1m)
//! cut A B | cut A -> B        cut a link both ways | one way
//! heal [A B]                  restore one link, or all
//! latency A B DURATION        loss A B PERCENT
//! dns srv NAME PRIO WEIGHT PORT TARGET
//!                             an SRV record in the lab's DNS (for `etcd --discovery-srv`)
//! crash NAME | boot NAME      power off (processes die, disk kept) | power on
//! seed N                      fix the run's RNG seed
//! expect CONDITION            leader [NAME] | members N | output contains "TEXT"
//!                             | output lacks "TEXT" | exit N
//! ```
//!
//! `parser` turns text into [`Statement`]s; `runner` runs them against any
//! [`ScriptTarget`] (the lab implements it) and writes the transcript.

mod parser;
mod runner;
mod statement;

pub use parser::{
    MAX_DURATION, MAX_SCRIPT_BYTES, MAX_STATEMENTS, ScriptError, parse_duration, parse_script,
};
pub use runner::{
    LineState, MAX_LINE_WAIT, RunReport, ScriptTarget, WAITING_GRACE, format_duration, run_script,
};
pub use statement::{Expectation, Statement, StatementKind};

#[cfg(test)]
mod runner_tests;
#[cfg(test)]
mod tests;
