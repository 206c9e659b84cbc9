//! cobra's half of a run: finding the command in argv (`Find`, `stripFlags`, prefix
//! matching), the `unknown command` and flag errors with their usage text, `--help`, the
//! `help` command, and handing the rest to the command's function.

use super::api::EtcdApi;
use super::command_tree::{CommandSpec, ROOT, children, find_next};
use super::context::Ctx;
use super::error::CtlError;
use super::flag_value::FlagSpec;
use super::flags::{FlagError, FlagSet};
use super::usage::{inherited_flags, local_flags, usage};
use super::{
    cmd_auth, cmd_check, cmd_elect, cmd_endpoint, cmd_kv, cmd_lease, cmd_lock, cmd_maintenance,
    cmd_member, cmd_role, cmd_snapshot, cmd_txn, cmd_user, cmd_watch,
};

/// The command path cobra's `Find` settles on, and the arguments left for it.
pub(super) struct Found {
    pub path: Vec<&'static CommandSpec>,
    pub args: Vec<String>,
}

/// cobra's `Find`, with the root's unknown-command check (`legacyArgs`).
pub(super) fn find(args: &[String]) -> Result<Found, String> {
    let mut path: Vec<&'static CommandSpec> = vec![&ROOT];
    let mut rest = args.to_vec();
    while let Some(&command) = path.last() {
        let words = strip_flags(&rest, &visible_flags(&path));
        let Some(word) = words.first() else { break };
        let Some(child) = find_next(command, word) else {
            break;
        };
        if let Some(at) = rest.iter().position(|a| a == word) {
            rest.remove(at);
        }
        path.push(child);
    }
    if path.len() == 1
        && let Some(word) = strip_flags(&rest, &visible_flags(&path)).first()
    {
        return Err(format!(
            "unknown command {} for \"etcdctl\"{}",
            go_quote(word),
            suggestions(word)
        ));
    }
    Ok(Found { path, args: rest })
}

fn go_quote(text: &str) -> String {
    super::gofmt::quote(text.as_bytes())
}

/// cobra's `stripFlags`: the words that are not flags or flag values.
fn strip_flags(args: &[String], flags: &[FlagSpec]) -> Vec<String> {
    let no_value = |name: &str| {
        flags
            .iter()
            .any(|f| f.name == name && f.takes_no_argument())
    };
    let short_no_value = |c: Option<char>| {
        flags
            .iter()
            .any(|f| c.is_some() && f.short == c && f.takes_no_argument())
    };
    let mut words = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let takes_value =
            (arg.starts_with("--") && !arg.contains('=') && !no_value(arg.get(2..).unwrap_or("")))
                || (arg.starts_with('-')
                    && !arg.contains('=')
                    && arg.len() == 2
                    && !short_no_value(arg.chars().nth(1)));
        if arg == "--" {
            break;
        } else if takes_value {
            if rest.len() <= 1 {
                break;
            }
            rest.next();
        } else if !arg.is_empty() && !arg.starts_with('-') {
            words.push(arg.clone());
        }
    }
    words
}

/// Every flag the command at the end of `path` accepts, `--help` aside.
fn visible_flags(path: &[&'static CommandSpec]) -> Vec<FlagSpec> {
    let mut flags = inherited_flags(path);
    if let Some(command) = path.last() {
        flags.extend(
            command
                .flags
                .iter()
                .chain(command.persistent.iter())
                .copied(),
        );
    }
    flags
}

/// cobra's suggestions: commands within two edits, or starting with the word.
fn suggestions(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut names: Vec<&str> = children(&ROOT)
        .filter(|c| c.name != "help")
        .filter(|c| c.name.starts_with(&lower) || levenshtein(&lower, c.name) <= 2)
        .map(|c| c.name)
        .collect();
    names.sort_unstable();
    if names.is_empty() {
        return String::new();
    }
    let list: String = names.iter().map(|n| format!("\t{n}\n")).collect();
    format!("\n\nDid you mean this?\n{list}")
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            current.push(substitute.min(insert).min(delete));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// Parses the flags of `found`'s command; `Err` carries the exit status after printing
/// cobra's usage or flag error.
pub(super) fn parse_flags<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, found: &Found) -> Result<(), i32> {
    let mut specs = local_flags(&found.path);
    specs.extend(inherited_flags(&found.path));
    ctx.flags = FlagSet::new(specs);
    ctx.inherited = inherited_flags(&found.path)
        .iter()
        .map(|f| f.name)
        .collect();
    match ctx.flags.parse(&found.args) {
        Ok(args) => {
            ctx.args = args;
            Ok(())
        }
        Err(FlagError::Help) => {
            ctx.out(&usage(&found.path));
            Err(0)
        }
        Err(FlagError::Invalid(why)) => {
            ctx.errln(&format!("Error: {why}"));
            ctx.out(&usage(&found.path));
            ctx.errln("");
            ctx.errln(&format!("Error: {why}"));
            Err(super::error::EXIT_ERROR)
        }
    }
}

/// Runs the command at the end of `path` with the parsed flags and arguments.
pub(super) async fn dispatch<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    path: &[&'static CommandSpec],
) -> Result<(), CtlError> {
    let names: Vec<&str> = path.iter().skip(1).map(|c| c.name).collect();
    match names.as_slice() {
        ["get"] => cmd_kv::get(ctx).await,
        ["put"] => cmd_kv::put(ctx).await,
        ["del"] => cmd_kv::del(ctx).await,
        ["txn"] => cmd_txn::txn(ctx).await,
        ["compaction"] => cmd_maintenance::compaction(ctx).await,
        ["defrag"] => cmd_maintenance::defrag(ctx).await,
        ["alarm", "list"] => cmd_maintenance::alarm_list(ctx).await,
        ["alarm", "disarm"] => cmd_maintenance::alarm_disarm(ctx).await,
        ["lease", "grant"] => cmd_lease::grant(ctx).await,
        ["lease", "revoke"] => cmd_lease::revoke(ctx).await,
        ["lease", "timetolive"] => cmd_lease::time_to_live(ctx).await,
        ["lease", "list"] => cmd_lease::list(ctx).await,
        ["lease", "keep-alive"] => cmd_lease::keep_alive(ctx).await,
        ["member", "list"] => cmd_member::list(ctx).await,
        ["member", "add"] => cmd_member::add(ctx).await,
        ["member", "remove"] => cmd_member::remove(ctx).await,
        ["member", "update"] => cmd_member::update(ctx).await,
        ["member", "promote"] => cmd_member::promote(ctx).await,
        ["endpoint", "health"] => cmd_endpoint::health(ctx).await,
        ["endpoint", "status"] => cmd_endpoint::status(ctx).await,
        ["endpoint", "hashkv"] => cmd_endpoint::hashkv(ctx).await,
        ["move-leader"] => cmd_endpoint::move_leader(ctx).await,
        ["snapshot", "save"] => cmd_snapshot::save(ctx).await,
        ["watch"] => cmd_watch::watch(ctx).await,
        ["lock"] => cmd_lock::lock(ctx).await,
        ["elect"] => cmd_elect::elect(ctx).await,
        ["auth", sub] => cmd_auth::run(ctx, sub).await,
        ["user", sub] => cmd_user::run(ctx, sub).await,
        ["role", sub] => cmd_role::run(ctx, sub).await,
        ["check", "perf"] => cmd_check::perf(ctx).await,
        ["snapshot", "status"] => cmd_snapshot::status(ctx).await,
        ["snapshot", "restore"] => cmd_snapshot::restore(ctx).await,
        ["version"] => {
            ctx.out(&format!(
                "etcdctl version: {}\nAPI version: {}\n",
                super::VERSION,
                super::API_VERSION
            ));
            Ok(())
        }
        ["help"] => {
            help(ctx);
            Ok(())
        }
        _ => Err(CtlError::Error(format!(
            "\"{}\" is not available in this lab yet",
            path.iter().map(|c| c.name).collect::<Vec<_>>().join(" ")
        ))),
    }
}

/// cobra's `help [command]`.
fn help<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) {
    match find(&ctx.args) {
        Ok(found) => ctx.out(&usage(&found.path)),
        Err(_) => {
            let topics: Vec<String> = ctx.args.iter().map(|a| format!("`{a}`")).collect();
            ctx.out.borrow_mut().write(
                super::output::Stream::Stderr,
                format!("Unknown help topic [{}]\n", topics.join(" ")).as_bytes(),
            );
            ctx.out(&usage(&[&ROOT]));
        }
    }
}
