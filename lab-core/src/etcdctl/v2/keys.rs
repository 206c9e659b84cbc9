//! The v2 keys commands (`set`, `get`, `ls`, `mk`, `mkdir`, `setdir`, `rm`, `rmdir`,
//! `update`, `updatedir`, `watch`): their flags parsed, the client synced as
//! `mustNewKeyAPI` does, the call made and the answer printed, with etcdctl v2's messages
//! and exit statuses (`Error:  100: Key not found (/foo) [12]`, status 4).

use super::super::EtcdApi;
use super::super::output::Output;
use super::client::Client;
use super::connect::{self, EXIT_SERVER_ERROR};
use super::flags::{self, Globals};
use super::keys_api::{
    self, DeleteOptions, KeysError, KeysResponse, PrevExist, SetOptions, create_in_order_call,
    delete_call, get_call, set_call,
};
use super::keys_format::{print_ls, print_response};
use super::keys_spec::KeysSpec;
use super::{Command, EXIT_BAD_ARGS, Env};

/// How a keys command failed.
#[derive(Debug)]
pub(super) enum Failure {
    /// `handleError(ExitBadArgs)`: `key required`, `value required`.
    BadArgs(&'static str),
    /// `handleError(ExitServerError)`: the call failed.
    Server(KeysError),
    /// `get` of a directory.
    IsDir(String),
}

/// The parsed command line of one keys command.
pub(super) struct Run<'g> {
    found: Vec<(&'static str, String)>,
    pub(super) args: Vec<String>,
    pub(super) globals: &'g Globals,
    stdin: &'g [u8],
}

impl Run<'_> {
    pub(super) fn is_set(&self, name: &str) -> bool {
        flags::is_set(&self.found, name)
    }

    pub(super) fn text(&self, name: &str) -> String {
        flags::value(&self.found, name)
            .unwrap_or_default()
            .to_owned()
    }

    /// An integer flag, already checked by [`parse_run`]; 0 when absent.
    pub(super) fn int(&self, name: &str) -> i64 {
        flags::value(&self.found, name).map_or(0, |v| parse_go_int(v).unwrap_or(0))
    }

    /// Go's `uint64(c.Int(name))`, which wraps a negative number round.
    fn index(&self, name: &str) -> u64 {
        self.int(name).cast_unsigned()
    }

    pub(super) fn key(&self) -> Result<&str, Failure> {
        self.args
            .first()
            .map(String::as_str)
            .ok_or(Failure::BadArgs("key required"))
    }

    /// `argOrStdin(args, stdin, 1)`: the second argument, else all of stdin if any.
    fn value(&self) -> Result<String, Failure> {
        if let Some(v) = self.args.get(1) {
            return Ok(v.clone());
        }
        if self.stdin.is_empty() {
            return Err(Failure::BadArgs("value required"));
        }
        Ok(String::from_utf8_lossy(self.stdin).into_owned())
    }

    pub(super) fn format(&self) -> &str {
        &self.globals.output
    }
}

/// Go's `strconv.ParseInt(text, 0, 64)` for the forms people type: decimal with a sign,
/// `0x` hexadecimal.
fn parse_go_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<i64>().ok()?,
    };
    if negative {
        magnitude.checked_neg()
    } else {
        Some(magnitude)
    }
}

/// Runs keys command `spec` with `args`; returns the exit status.
pub(super) async fn run<A: EtcdApi>(
    (spec, command): (&KeysSpec, &Command),
    args: &[String],
    (globals, env, stdin): (&Globals, &Env<'_>, &[u8]),
    api: &A,
    out: &mut Output<'_>,
) -> i32 {
    let run = match parse_run(spec, args, globals, stdin) {
        Ok(run) => run,
        Err(why) => {
            out.out(&format!("Incorrect Usage: {why}\n\n{}", spec.help(command)));
            out.errln(&why);
            return EXIT_BAD_ARGS;
        }
    };
    if run.is_set("help") {
        out.out(&spec.help(command));
        return 0;
    }
    let mut client = match connect::connected(api, globals, env, out).await {
        Ok(client) => client,
        Err(status) => return status,
    };
    let result = match spec.name {
        "watch" => super::keys_watch::watch(&mut client, &run, api, out).await,
        name => one_call(name, &mut client, &run, out).await,
    };
    match result {
        Ok(()) => 0,
        Err(failure) => report(failure, out),
    }
}

/// The flags and arguments of `args`, integer flags checked as urfave checks them.
fn parse_run<'g>(
    spec: &KeysSpec,
    args: &[String],
    globals: &'g Globals,
    stdin: &'g [u8],
) -> Result<Run<'g>, String> {
    let (found, args) = flags::parse(args, &spec.parse_specs())?;
    for (name, value) in &found {
        let integer = spec.flag(name).is_some_and(|f| f.integer);
        if integer && parse_go_int(value).is_none() {
            return Err(format!(
                "invalid value \"{value}\" for flag -{name}: parse error"
            ));
        }
    }
    Ok(Run {
        found,
        args,
        globals,
        stdin,
    })
}

/// `handleError`: the message and the status.
fn report(failure: Failure, out: &mut Output<'_>) -> i32 {
    match failure {
        Failure::BadArgs(text) => {
            out.errln(&format!("Error:  {text}"));
            EXIT_BAD_ARGS
        }
        Failure::Server(KeysError::Client(e)) => {
            connect::report(out, &e);
            EXIT_SERVER_ERROR
        }
        Failure::Server(e) => {
            out.errln(&format!("Error:  {e}"));
            EXIT_SERVER_ERROR
        }
        Failure::IsDir(key) => {
            out.errln(&format!("{key}: is a directory"));
            EXIT_BAD_ARGS
        }
    }
}

/// The commands that make one call and print its answer.
async fn one_call<A: EtcdApi>(
    name: &str,
    client: &mut Client<'_, A>,
    run: &Run<'_>,
    out: &mut Output<'_>,
) -> Result<(), Failure> {
    let key = match name {
        "ls" => run.args.first().map_or("/", String::as_str),
        _ => run.key()?,
    };
    let call = match name {
        "get" => get_call(key, false, run.is_set("sort"), run.is_set("quorum")),
        "ls" => get_call(
            key,
            run.is_set("recursive"),
            run.is_set("sort"),
            run.is_set("quorum"),
        ),
        "mk" if run.is_set("in-order") => create_in_order_call(key, &run.value()?, run.int("ttl")),
        "set" | "mk" | "update" => {
            let opts = SetOptions {
                prev_value: run.text("swap-with-value"),
                prev_index: run.index("swap-with-index"),
                prev_exist: prev_exist(name),
                ttl: run.int("ttl"),
                dir: false,
            };
            set_call(key, &run.value()?, &opts)
        }
        "mkdir" | "setdir" | "updatedir" => {
            let opts = SetOptions {
                prev_value: String::new(),
                prev_index: 0,
                prev_exist: prev_exist(name),
                ttl: run.int("ttl"),
                dir: true,
            };
            set_call(key, "", &opts)
        }
        _ => {
            let opts = DeleteOptions {
                prev_value: run.text("with-value"),
                prev_index: run.index("with-index"),
                dir: name == "rmdir" || run.is_set("dir"),
                recursive: run.is_set("recursive"),
            };
            delete_call(key, &opts)
        }
    };
    let resp = keys_api::send(client, call, out)
        .await
        .map_err(Failure::Server)?;
    print(name, &resp, run, out)
}

/// The `prevExist` a set of command `name` sends: `mk`/`mkdir` create, `update`/`updatedir`
/// replace, `set`/`setdir` do either.
fn prev_exist(name: &str) -> PrevExist {
    match name {
        "mk" | "mkdir" => PrevExist::NoExist,
        "update" | "updatedir" => PrevExist::Exist,
        _ => PrevExist::Ignore,
    }
}

/// What each command prints of its answer.
fn print(
    name: &str,
    resp: &KeysResponse,
    run: &Run<'_>,
    out: &mut Output<'_>,
) -> Result<(), Failure> {
    let dir = resp.node.as_ref().is_some_and(|n| n.dir);
    let simple = run.format() == "simple";
    match name {
        "get" if dir => {
            let key = resp
                .node
                .as_ref()
                .map(|n| n.key.clone())
                .unwrap_or_default();
            return Err(Failure::IsDir(key));
        }
        "ls" => print_ls(resp, run.format(), run.is_set("p"), out),
        "mkdir" | "setdir" | "updatedir" if simple => {}
        "rm" | "rmdir" if dir && simple => {}
        _ => print_response(resp, run.format(), out),
    }
    Ok(())
}
