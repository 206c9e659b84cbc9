//! `lab`: the Cluster Lab command line.
//!
//! Layout:
//! - `cli`: the subcommands and their flags (clap).
//! - `assets`: the web bundle embedded in the binary, and how one file is answered.
//! - `serve`: `lab serve`, the HTTP server for the web app (axum).
//! - `check`: `lab check`, the seeded safety harness over the Raft engine.
//! - `script`: `lab script FILE`, a lab script run headlessly, its transcript printed.

mod assets;
mod check;
mod cli;
mod script;
mod serve;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command.unwrap_or_default() {
        cli::Command::Serve(args) => report(serve::run(args)),
        cli::Command::Check(args) => report(check::run(args)),
        cli::Command::Script(args) => script::run(args),
    }
}

/// Prints a command's error the way command-line users expect: one line on stderr, exit 1.
fn report<E: std::fmt::Display>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lab: {err}");
            ExitCode::FAILURE
        }
    }
}
