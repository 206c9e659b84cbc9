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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_serve_on_8080() {
        let cli = Cli::try_parse_from(["lab"]).expect("parses");
        assert!(cli.command.is_none());
        let Command::Serve(args) = cli.command.unwrap_or_default();
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
