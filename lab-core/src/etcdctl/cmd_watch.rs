//! `watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]`:
//! etcdctl 3.4's `watch_command.go` — the arguments (with `ETCDCTL_WATCH_KEY` and
//! `ETCDCTL_WATCH_RANGE_END`), the watch channel printed until the server cancels it (then
//! exit 5), a command run per event with `ETCD_WATCH_*` set, and `-i`, which reads `watch …`
//! lines from stdin until EOF.

use super::api::EtcdApi;
use super::cmd_txn::argify;
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::exec::run_command;
use super::flags::{FlagError, FlagSet};
use super::gofmt::quote;
use super::output::Stream;
use super::pb_watch::{Event, WatchCreateRequest, WatchResponse};
use super::print_watch;
use super::watch_chan::WatchChan;

/// Most responses one watch prints (unit: responses); a watch past it ends as cancelled.
const MAX_RESPONSES: u32 = 1_000_000;
/// Most lines `watch -i` reads (unit: lines).
pub(super) const MAX_INTERACTIVE_LINES: usize = 1_000;

const BAD_ARGS_NUM: &str = "bad number of arguments";
const BAD_ARGS_SEPARATOR: &str = "bad number of arguments (found separator --, but no commands)";
const BAD_ARGS_ENV: &str = "bad number of arguments (found conflicting environment key)";

/// The watch flags of one request.
#[derive(Clone, Copy, Debug, Default)]
struct WatchFlags {
    prefix: bool,
    prev_kv: bool,
    rev: i64,
}

/// `watch`.
pub(super) async fn watch<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let env = watch_env(ctx.env)?;
    if ctx.flags.is_true("interactive") {
        return interactive(ctx, &env).await;
    }
    let (keys, exec) = split_exec(&ctx.args, ctx.flags.args_len_at_dash(), &env)?;
    let format = ctx.client_config()?;
    let _client = ctx.connect(&ctx.endpoints()).await?;
    let flags = WatchFlags {
        prefix: ctx.flags.is_true("prefix"),
        prev_kv: ctx.flags.is_true("prev-kv"),
        rev: ctx.flags.int64("rev"),
    };
    let create = create_request(&keys, flags)?;
    print_chan(ctx, format, create, &exec).await?;
    Err(CtlError::Interrupted(
        "watch is canceled by the server".to_owned(),
    ))
}

/// `ETCDCTL_WATCH_KEY` and `ETCDCTL_WATCH_RANGE_END`, which stand for the arguments.
fn watch_env(env: &[(String, String)]) -> Result<Vec<String>, CtlError> {
    let get = |name: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (key, end) = (get("ETCDCTL_WATCH_KEY"), get("ETCDCTL_WATCH_RANGE_END"));
    match (key.is_empty(), end.is_empty()) {
        (true, false) => Err(CtlError::BadArgs(format!(
            "ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END={}",
            quote(end.as_bytes())
        ))),
        (true, true) => Ok(Vec::new()),
        (false, true) => Ok(vec![key]),
        (false, false) => Ok(vec![key, end]),
    }
}

/// `parseWatchArgs`: the key arguments and the command after `--`.
fn split_exec(
    args: &[String],
    dash_at: Option<usize>,
    env: &[String],
) -> Result<(Vec<String>, Vec<String>), CtlError> {
    let bad = |text: &str| CtlError::BadArgs(text.to_owned());
    let (keys, exec) = match dash_at {
        Some(at) if at >= args.len() => return Err(bad(BAD_ARGS_SEPARATOR)),
        Some(at) => (
            args.get(..at).unwrap_or_default(),
            args.get(at..).unwrap_or_default(),
        ),
        None => (args, &[][..]),
    };
    match (keys.is_empty(), env.is_empty()) {
        (true, true) => Err(bad(BAD_ARGS_NUM)),
        (false, false) => Err(bad(BAD_ARGS_ENV)),
        (true, false) => Ok((env.to_vec(), exec.to_vec())),
        (false, true) => Ok((keys.to_vec(), exec.to_vec())),
    }
}

/// `getWatchChan`'s request: the key, an optional range end (not with `--prefix`).
fn create_request(keys: &[String], flags: WatchFlags) -> Result<WatchCreateRequest, CtlError> {
    let Some(key) = keys.first() else {
        return Err(CtlError::BadArgs(BAD_ARGS_NUM.to_owned()));
    };
    let mut create = WatchCreateRequest {
        key: key.as_bytes().to_vec(),
        range_end: Vec::new(),
        start_revision: flags.rev,
        prev_kv: flags.prev_kv,
    };
    if let Some(end) = keys.get(1) {
        if flags.prefix {
            return Err(CtlError::BadArgs(
                "`range_end` and `--prefix` are mutually exclusive".to_owned(),
            ));
        }
        create.range_end = end.as_bytes().to_vec();
    }
    if flags.prefix {
        create.range_end = super::cmd_kv::prefix_end(&create.key);
        if create.key.is_empty() {
            create.key = vec![0];
        }
    }
    Ok(create)
}

/// `printWatchCh`: every response printed (a cancellation noted on stderr), the command
/// run per event; returns when the channel closes.
async fn print_chan<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    format: Format,
    create: WatchCreateRequest,
    exec: &[String],
) -> Result<(), CtlError> {
    let endpoints = ctx.endpoints();
    let mut chan = WatchChan::new(ctx.api, &endpoints, ctx.dial_timeout_micros(), create);
    let simple = super::cmd_kv::simple(ctx);
    for _ in 0..MAX_RESPONSES {
        let Some(r) = chan.recv().await else {
            return Ok(());
        };
        if r.canceled {
            let why = r.err().unwrap_or_default();
            ctx.errln(&format!("watch was canceled ({why})"));
        }
        let text = print_watch::watch(format, simple, &r)?;
        ctx.out.borrow_mut().write(Stream::Stdout, &text);
        for event in &r.events {
            run_for_event(ctx, exec, &r, event).await?;
        }
    }
    Ok(())
}

/// Runs the command after `--` for one event; a failure ends etcdctl with status 1.
async fn run_for_event<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    exec: &[String],
    r: &WatchResponse,
    e: &Event,
) -> Result<(), CtlError> {
    if exec.is_empty() {
        return Ok(());
    }
    let env = vec![
        (
            "ETCD_WATCH_REVISION".to_owned(),
            r.header.revision.to_string(),
        ),
        (
            "ETCD_WATCH_EVENT_TYPE".to_owned(),
            format!("\"{}\"", e.kind.name()),
        ),
        ("ETCD_WATCH_KEY".to_owned(), quote(&e.kv.key)),
        ("ETCD_WATCH_VALUE".to_owned(), quote(&e.kv.value)),
    ];
    if let Err(why) = run_command(ctx, exec, &env).await {
        let words: Vec<String> = exec.iter().map(|a| quote(a.as_bytes())).collect();
        ctx.errln(&format!("command [{}] error ({why})", words.join(" ")));
        return Err(CtlError::Silent(super::error::EXIT_ERROR));
    }
    Ok(())
}

/// `watch -i`: one `watch …` request per stdin line until EOF, which ends etcdctl with
/// exit 3. Piped lines are only checked: their watches cannot see an event before etcdctl
/// reads EOF and exits. On a terminal each watch prints its events while the next lines
/// are typed, as etcdctl's `go printWatchCh` does.
async fn interactive<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, env: &[String]) -> Result<(), CtlError> {
    let format = ctx.client_config()?;
    let _client = ctx.connect(&ctx.endpoints()).await?;
    if ctx.api.stdin_is_terminal() {
        return super::watch_typed::watch_typed(ctx, format, env).await;
    }
    let stdin = String::from_utf8_lossy(ctx.stdin).into_owned();
    for line in stdin.split_inclusive('\n').take(MAX_INTERACTIVE_LINES) {
        let Some(line) = line.strip_suffix('\n') else {
            break;
        };
        interactive_line(ctx, line, env)?;
    }
    Err(eof())
}

/// What `watch -i` exits with when stdin ends.
pub(super) fn eof() -> CtlError {
    CtlError::InvalidInput("Error reading watch request line: EOF".to_owned())
}

/// A watch a `watch -i` line asks for: what to create, and the command to run per event.
pub(super) type TypedWatch = (WatchCreateRequest, Vec<String>);

/// One line of `watch -i`: refused with a note on stderr, or a valid watch request.
pub(super) fn interactive_line<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    line: &str,
    env: &[String],
) -> Result<Option<TypedWatch>, CtlError> {
    let args = argify(line);
    match args.first().map(String::as_str) {
        None => ctx.errln(&format!(
            "Invalid command: {line} (watch and progress supported)"
        )),
        Some("watch") if args.len() < 2 && env.is_empty() => ctx.errln(&format!(
            "Invalid command {line} (command type or key is not provided)"
        )),
        Some("watch") => {
            let mut flags = FlagSet::new(super::command_flags::WATCH_FLAGS.to_vec());
            let rest = args.get(1..).unwrap_or_default();
            let positional = match flags.parse(rest) {
                Ok(positional) => positional,
                Err(FlagError::Invalid(why)) => return Err(CtlError::BadArgs(why)),
                Err(FlagError::Help) => Vec::new(),
            };
            let (keys, exec) = split_exec(&positional, flags.args_len_at_dash(), env)?;
            if let Err(CtlError::BadArgs(why)) = create_request(&keys, WatchFlags::default()) {
                ctx.errln(&format!("Invalid command {line} ({why})"));
                return Ok(None);
            }
            let wanted = WatchFlags {
                prefix: flags.is_true("prefix"),
                prev_kv: flags.is_true("prev-kv"),
                rev: flags.int64("rev"),
            };
            return Ok(create_request(&keys, wanted).ok().map(|c| (c, exec)));
        }
        Some("progress") => {}
        Some(_) => ctx.errln(&format!("Invalid command {line} (only support watch)")),
    }
    Ok(None)
}

/// `printWatchCh` for a watch typed at `watch -i`.
pub(super) async fn print_typed<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    format: Format,
    (create, exec): TypedWatch,
) -> Result<(), CtlError> {
    print_chan(ctx, format, create, &exec).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_command_after_the_separator_is_split_from_the_keys() {
        let args = words("foo echo hi");
        assert_eq!(
            split_exec(&args, Some(1), &[]),
            Ok((words("foo"), words("echo hi")))
        );
        assert_eq!(
            split_exec(&words("foo"), Some(1), &[]),
            Err(CtlError::BadArgs(BAD_ARGS_SEPARATOR.to_owned()))
        );
        assert_eq!(
            split_exec(&[], None, &[]),
            Err(CtlError::BadArgs(BAD_ARGS_NUM.to_owned()))
        );
    }

    #[test]
    fn the_environment_stands_for_the_key_but_not_beside_it() {
        let env = [("ETCDCTL_WATCH_RANGE_END".to_owned(), "z".to_owned())];
        assert!(matches!(watch_env(&env), Err(CtlError::BadArgs(_))));
        let env = [("ETCDCTL_WATCH_KEY".to_owned(), "a".to_owned())];
        let keys = watch_env(&env).unwrap_or_default();
        assert_eq!(split_exec(&[], None, &keys), Ok((words("a"), Vec::new())));
        assert_eq!(
            split_exec(&words("b"), None, &keys),
            Err(CtlError::BadArgs(BAD_ARGS_ENV.to_owned()))
        );
    }

    #[test]
    fn a_prefix_watch_ends_its_range_past_the_prefix_and_refuses_a_range_end() {
        let flags = WatchFlags {
            prefix: true,
            ..WatchFlags::default()
        };
        let create = create_request(&words("wp"), flags).unwrap_or_default();
        assert_eq!(
            (create.key, create.range_end),
            (b"wp".to_vec(), b"wq".to_vec())
        );
        assert!(create_request(&words("a b"), flags).is_err());
    }
}
