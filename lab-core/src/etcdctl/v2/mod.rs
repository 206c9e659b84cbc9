//! `ETCDCTL_API=2 etcdctl`: the v2 command line etcd 3.4 still ships (urfave/cli 1.x over
//! etcd's v2 `client` package), speaking HTTP to members' `/v2/members` and `/health`, with
//! etcd 3.4.23's texts and exit codes as recorded (lab-core/tests/data/v2-reference.md).
//!
//! | file | owns |
//! |---|---|
//! | `mod` | the command table, dispatch, `--version` |
//! | `flags` | Go `flag` parsing of the global and command options |
//! | `help` | urfave/cli's help texts |
//! | `client` | the v2 `httpClusterClient`: endpoints, sync, failover, its errors, `--debug` |
//! | `connect` | `mustNewClient`: the client a command gets, `handleError` |
//! | `member` | `member list/add/remove/update` |
//! | `health` | `cluster-health` |
//! | `backup` | `backup`: a data-dir copied with new identities and no membership |
//! | `keys` | the keys commands (`set`, `get`, `ls`, `mk`, `mkdir`, `rm`, …): flags, call, print |
//! | `keys_api` | the v2 `KeysAPI`: requests to `/v2/keys` and their answers decoded |
//! | `keys_format` | `-o simple`, `extended` and `json` output of an answer, `ls`'s listing |
//! | `keys_spec` | the keys commands' flags and help texts |
//! | `keys_watch` | `watch [--forever] [--recursive] [--after-index N]` |
//! | `go_json` | Go's JSON syntax errors |
//!
//! `exec-watch`, `user`, `role` and `auth` are in the table as [`Action::NotInLab`]: they
//! show in the help and say plainly that the lab lacks them.
//!
//! TTLs: `--ttl` is sent as etcdctl sends it, and the lab's v2 store refuses it (error 209,
//! `Invalid field`), since keys that expire would need the leader's clock driven through
//! Raft as etcd does. Reads ignore `--quorum` (they answer from the member reached) and
//! `--sort` (listings are always in key order, one of the orders etcd may give).

mod backup;
mod client;
mod connect;
mod flags;
pub(crate) mod go_json;
mod health;
mod help;
mod keys;
mod keys_api;
mod keys_format;
mod keys_spec;
mod keys_watch;
mod member;

use super::output::Output;
use super::{EtcdApi, Invocation};

/// What running a command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Backup,
    ClusterHealth,
    Member,
    Help,
    /// A keys command ([`keys`]).
    Keys,
    /// A real etcdctl v2 command the lab does not simulate yet.
    NotInLab,
}

/// One top-level command: name, aliases as urfave/cli lists them, one-line usage.
#[derive(Clone, Copy, Debug)]
struct Command {
    names: &'static str,
    usage: &'static str,
    action: Action,
}

/// etcdctl v2's commands in its order.
const COMMANDS: &[Command] = &[
    cmd("backup", "backup an etcd directory", Action::Backup),
    cmd(
        "cluster-health",
        "check the health of the etcd cluster",
        Action::ClusterHealth,
    ),
    cmd("mk", "make a new key with a given value", Action::Keys),
    cmd("mkdir", "make a new directory", Action::Keys),
    cmd("rm", "remove a key or a directory", Action::Keys),
    cmd(
        "rmdir",
        "removes the key if it is an empty directory or a key-value pair",
        Action::Keys,
    ),
    cmd("get", "retrieve the value of a key", Action::Keys),
    cmd("ls", "retrieve a directory", Action::Keys),
    cmd("set", "set the value of a key", Action::Keys),
    cmd(
        "setdir",
        "create a new directory or update an existing directory TTL",
        Action::Keys,
    ),
    cmd(
        "update",
        "update an existing key with a given value",
        Action::Keys,
    ),
    cmd("updatedir", "update an existing directory", Action::Keys),
    cmd("watch", "watch a key for changes", Action::Keys),
    cmd(
        "exec-watch",
        "watch a key for changes and exec an executable",
        Action::NotInLab,
    ),
    cmd(
        "member",
        "member add, remove and list subcommands",
        Action::Member,
    ),
    cmd(
        "user",
        "user add, grant and revoke subcommands",
        Action::NotInLab,
    ),
    cmd(
        "role",
        "role add, grant and revoke subcommands",
        Action::NotInLab,
    ),
    cmd("auth", "overall auth controls", Action::NotInLab),
    cmd(
        "help, h",
        "Shows a list of commands or help for one command",
        Action::Help,
    ),
];

const fn cmd(names: &'static str, usage: &'static str, action: Action) -> Command {
    Command {
        names,
        usage,
        action,
    }
}

/// The command called `name` (or by an alias).
fn find(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.names.split(", ").any(|n| n == name))
}

/// urfave/cli's exit status for an unknown command.
const EXIT_UNKNOWN_COMMAND: i32 = 3;
/// etcdctl v2's `ExitBadArgs`, also urfave/cli's status for a bad flag.
const EXIT_BAD_ARGS: i32 = 1;

/// Runs the v2 etcdctl with `invocation`'s arguments; returns the exit status.
pub(super) async fn run<A: EtcdApi>(
    invocation: Invocation<'_>,
    api: &A,
    out: &mut Output<'_>,
) -> i32 {
    let parsed = match flags::parse_globals(invocation.args) {
        Ok(parsed) => parsed,
        Err(why) => {
            out.outln(&format!("Incorrect Usage. {why}\n"));
            out.out(&help::app());
            out.errln(&why);
            return EXIT_BAD_ARGS;
        }
    };
    let (globals, rest) = parsed;
    if globals.version {
        out.out(&format!(
            "etcdctl version: {}\nAPI version: 2\n",
            super::VERSION
        ));
        return 0;
    }
    let Some(name) = rest.first().filter(|_| !globals.help) else {
        out.out(&help::app());
        return 0;
    };
    let Some(command) = find(name) else {
        out.errln(&format!("No help topic for '{name}'"));
        return EXIT_UNKNOWN_COMMAND;
    };
    let args = rest.get(1..).unwrap_or_default();
    let env = Env(invocation.env);
    let keys_spec = keys_spec::find(name);
    match command.action {
        Action::Keys => match keys_spec {
            Some(spec) => {
                let context = (&globals, &env, invocation.stdin);
                keys::run((spec, command), args, context, api, out).await
            }
            None => EXIT_BAD_ARGS,
        },
        Action::Help => help_for(args.first().map(String::as_str), out),
        Action::Member => member::run(args, &globals, &env, api, out).await,
        Action::ClusterHealth => health::run(args, &globals, &env, api, out).await,
        Action::Backup => backup::run(args, api, out),
        Action::NotInLab if keys_spec.is_some() && is_help(args.first()) => {
            out.out(&keys_spec.map(|s| s.help(command)).unwrap_or_default());
            0
        }
        Action::NotInLab => {
            out.errln(&format!(
                "etcdctl {name}: not available in the lab (the v2 keys commands, member, cluster-health and backup are); use the v3 API: unset ETCDCTL_API"
            ));
            EXIT_BAD_ARGS
        }
    }
}

/// Whether `arg` asks for the command's help.
fn is_help(arg: Option<&String>) -> bool {
    matches!(
        arg.map(String::as_str),
        Some("--help" | "-help" | "-h" | "--h")
    )
}

/// Whether `args` run `watch` or `exec-watch`, which wait for events until an event (or,
/// `--forever`, Ctrl-C) ends them, and trap SIGINT to exit 0.
pub(super) fn is_watch(args: &[String]) -> bool {
    let command = flags::parse_globals(args)
        .ok()
        .and_then(|(_, rest)| rest.first().cloned());
    matches!(command.as_deref(), Some("watch" | "exec-watch"))
}

/// `etcdctl help [COMMAND]`.
fn help_for(name: Option<&str>, out: &mut Output<'_>) -> i32 {
    match name.map(|n| (n, find(n))) {
        None => out.out(&help::app()),
        Some((_, Some(c))) if c.action == Action::Member => out.out(help::MEMBER),
        Some((_, Some(c))) if c.action == Action::Backup => out.out(help::BACKUP),
        Some((n, Some(c))) if keys_spec::find(n).is_some() => {
            let help = keys_spec::find(n).map(|spec| spec.help(c));
            out.out(&help.unwrap_or_default());
        }
        Some((_, Some(c))) => out.out(&help::command(c)),
        Some((n, None)) => {
            out.errln(&format!("No help topic for '{n}'"));
            return EXIT_UNKNOWN_COMMAND;
        }
    }
    0
}

/// The process environment, read as Go's `os.Getenv` reads it.
struct Env<'a>(&'a [(String, String)]);

impl Env<'_> {
    /// The value of `name`, empty if unset; later entries win.
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod keys_tests;
#[cfg(test)]
mod tests;
