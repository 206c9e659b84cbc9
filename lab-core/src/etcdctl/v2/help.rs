//! urfave/cli 1.x's help texts for etcdctl v2, as etcd 3.4.23 prints them: the app's (its
//! command list built from the command table) and the `member` and `backup` commands'.

use super::{COMMANDS, Command};

/// The app help's global options, as urfave/cli aligns them.
const GLOBAL_OPTIONS: &str = r#"GLOBAL OPTIONS:
   --debug                          output cURL commands which can be used to reproduce the request
   --no-sync                        don't synchronize cluster information before sending request
   --output simple, -o simple       output response in the given format (simple, `extended` or `json`) (default: "simple")
   --discovery-srv value, -D value  domain name to query for SRV records describing cluster endpoints
   --insecure-discovery             accept insecure SRV records describing cluster endpoints
   --peers value, -C value          DEPRECATED - "--endpoints" should be used instead
   --endpoint value                 DEPRECATED - "--endpoints" should be used instead
   --endpoints value                a comma-delimited list of machine addresses in the cluster (default: "http://127.0.0.1:2379,http://127.0.0.1:4001")
   --cert-file value                identify HTTPS client using this SSL certificate file
   --key-file value                 identify HTTPS client using this SSL key file
   --ca-file value                  verify certificates of HTTPS-enabled servers using this CA bundle
   --username value, -u value       provide username[:password] and prompt if password is not supplied.
   --timeout value                  connection timeout per request (default: 2s)
   --total-timeout value            timeout for the command execution (except watch) (default: 5s)
   --help, -h                       show help
   --version, -v                    print the version
"#;

/// `etcdctl`, `etcdctl --help`, `etcdctl help`.
pub(super) fn app() -> String {
    let width = COMMANDS.iter().map(|c| c.names.len()).max().unwrap_or(0) + 2;
    let mut text = format!(
        "NAME:\n   etcdctl - A simple command line client for etcd.\n\nUSAGE:\n   etcdctl [global options] command [command options] [arguments...]\n\nVERSION:\n   {}\n\nCOMMANDS:\n",
        super::super::VERSION
    );
    for c in COMMANDS {
        text.push_str(&format!("   {:<width$}{}\n", c.names, c.usage));
    }
    text.push('\n');
    text.push_str(GLOBAL_OPTIONS);
    text
}

/// `etcdctl member` and `etcdctl member --help`.
pub(super) const MEMBER: &str = "NAME:
   etcdctl member - member add, remove and list subcommands

USAGE:
   etcdctl member command [command options] [arguments...]

COMMANDS:
   list    enumerate existing cluster members
   add     add a new member to the etcd cluster
   remove  remove an existing member from the etcd cluster
   update  update an existing member in the etcd cluster

OPTIONS:
   --help, -h  show help
   \n";

/// `etcdctl backup --help`.
pub(super) const BACKUP: &str = "NAME:
   etcdctl backup - backup an etcd directory

USAGE:
   etcdctl backup [command options]  

OPTIONS:
   --data-dir value        Path to the etcd data dir
   --wal-dir value         Path to the etcd wal dir
   --backup-dir value      Path to the backup dir
   --backup-wal-dir value  Path to the backup wal dir
   --with-v3               Backup v3 backend data
   \n";

/// `etcdctl help COMMAND` for a command the lab has no recorded help for: its name and
/// usage line.
pub(super) fn command(c: &Command) -> String {
    let name = c.names.split(", ").next().unwrap_or(c.names);
    format!(
        "NAME:\n   etcdctl {name} - {}\n\nUSAGE:\n   etcdctl {name} [arguments...]\n",
        c.usage
    )
}
