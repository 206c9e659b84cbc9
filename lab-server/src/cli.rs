//! The `lab` subcommands and their flags.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

/// Cluster Lab: build, break and repair etcd clusters in your browser.
#[derive(Debug, Parser)]
#[command(name = "lab", version, about)]
pub struct Cli {
    /// What to do; without one, `lab` serves the web app (`lab serve`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Run the seeded fault-injecting safety harness on the Raft engine.
    Check(CheckArgs),
    /// Run a lab script headlessly and print its transcript.
    Script(ScriptArgs),
}

#[derive(Debug, Args)]
pub struct ScriptArgs {
    /// The script (`-` reads standard input).
    pub file: std::path::PathBuf,
}

impl Default for Command {
    fn default() -> Self {
        Command::Serve(ServeArgs::default())
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value_t = ServeArgs::DEFAULT_ADDR)]
    pub addr: SocketAddr,
}

impl ServeArgs {
    pub const DEFAULT_ADDR: SocketAddr =
        SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8080);
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            addr: Self::DEFAULT_ADDR,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// How many seeds to run (default 100; with --seed, starting from it).
    #[arg(long)]
    pub seeds: Option<u64>,
    /// Run this seed (alone, unless --seeds is given too): replays a reported failure.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Steps per seed: each applies one fault or client action, then checks every invariant.
    #[arg(long, default_value_t = lab_core::check::DEFAULT_STEPS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(lab_core::check::MAX_STEPS)))]
    pub steps: u32,
    /// Plant a deliberate bug in every member's Raft, to see the harness catch it:
    /// double-vote, commit-without-quorum, reply-before-persist, stale-leader-read,
    /// append-without-term-check.
    #[arg(long, value_name = "NAME")]
    pub plant: Option<lab_core::raft::PlantedBug>,
    /// With a single seed, print every action taken even when it passes.
    #[arg(long, short)]
    pub verbose: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_serve_on_8080() {
        let cli = Cli::try_parse_from(["lab"]).expect("parses");
        assert!(cli.command.is_none());
        let Command::Serve(args) = cli.command.unwrap_or_default() else {
            panic!("expected serve");
        };
        assert_eq!(args.addr.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn serve_takes_an_address() {
        let cli =
            Cli::try_parse_from(["lab", "serve", "--addr", "127.0.0.1:9191"]).expect("parses");
        let Some(Command::Serve(args)) = cli.command else {
            panic!("expected serve");
        };
        assert_eq!(args.addr.port(), 9191);
    }

    #[test]
    fn a_bad_address_is_a_clear_error() {
        let err = Cli::try_parse_from(["lab", "serve", "--addr", "localhost"])
            .expect_err("not an address");
        assert!(
            err.to_string()
                .contains("invalid value 'localhost' for '--addr <ADDR>'"),
            "{err}"
        );
    }

    #[test]
    fn the_cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
