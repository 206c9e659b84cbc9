//! `etcdctl txn [-i]`: compares, success and failure operations read from stdin, one per
//! line, each list ended by an empty line (etcdctl's `txn_command.go`); then one Txn call.
//! Input ending before the last list's empty line is `Error: EOF` (exit 3), as in etcdctl.

use regex::Regex;

use super::api::EtcdApi;
use super::cmd_kv::{call, delete_request, put_request, range_request, unexpected};
use super::command_flags::{DEL_FLAGS, GET_FLAGS, PUT_FLAGS};
use super::context::Ctx;
use super::error::CtlError;
use super::flag_value::FlagSpec;
use super::flags::FlagSet;
use super::gofmt::quote;
use super::pb_txn::{RequestOp, TxnRequest};
use super::print_txn;
use super::rpc::{Request, Response};
use crate::mvcc::{Compare, CompareResult, CompareTarget};

/// Most lines one txn reads from stdin (unit: lines); etcd refuses more than 128 operations.
const MAX_LINES: usize = 1_000;

/// `etcdctl txn`.
pub(super) async fn txn<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    if !ctx.args.is_empty() {
        return Err(CtlError::BadArgs(
            "txn command does not accept argument".to_owned(),
        ));
    }
    let format = ctx.client_config()?;
    let interactive = ctx.flags.is_true("interactive");
    let stdin = ctx.stdin;
    let mut lines = Lines::new(stdin, ctx.api.stdin_is_terminal());
    let mut request = TxnRequest::default();
    prompt(ctx, interactive, "compares:");
    while let Some(line) = lines.next_nonempty(ctx.api).await? {
        request.compare.push(parse_compare(ctx, &line)?);
    }
    prompt(ctx, interactive, "success requests (get, put, del):");
    while let Some(line) = lines.next_nonempty(ctx.api).await? {
        request.success.push(parse_op(ctx, &line)?);
    }
    prompt(ctx, interactive, "failure requests (get, put, del):");
    while let Some(line) = lines.next_nonempty(ctx.api).await? {
        request.failure.push(parse_op(ctx, &line)?);
    }
    let Response::Txn(response) = call(ctx, Request::Txn(request)).await? else {
        return Err(unexpected());
    };
    let simple = super::cmd_kv::simple(ctx);
    ctx.print(format, &response, || {
        print_txn::txn(format, simple, &response)
    })
}

fn prompt<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, interactive: bool, text: &str) {
    if interactive {
        ctx.outln(text);
    }
}

/// `bufio.Reader.ReadString('\n')` over stdin, trimmed; a line without its newline is EOF.
/// On a terminal, lines are read as they are typed and Ctrl-D is EOF.
struct Lines<'a> {
    rest: &'a [u8],
    terminal: bool,
    read: usize,
}

impl<'a> Lines<'a> {
    fn new(stdin: &'a [u8], terminal: bool) -> Self {
        Lines {
            rest: stdin,
            terminal,
            read: 0,
        }
    }

    /// The next line, or `None` at an empty one (the end of a list).
    async fn next_nonempty<A: EtcdApi>(&mut self, api: &A) -> Result<Option<String>, CtlError> {
        let eof = || CtlError::InvalidInput("EOF".to_owned());
        self.read = self.read.saturating_add(1);
        if self.read > MAX_LINES {
            return Err(eof());
        }
        let line = if self.terminal {
            api.read_terminal_line().await.ok_or_else(eof)?
        } else {
            let at = self.rest.iter().position(|&b| b == b'\n').ok_or_else(eof)?;
            let (line, rest) = self.rest.split_at(at);
            self.rest = rest.get(1..).unwrap_or_default();
            String::from_utf8_lossy(line).into_owned()
        };
        let line = line.trim().to_owned();
        Ok((!line.is_empty()).then_some(line))
    }
}

/// `parseCompare`: `target("key") op "value"`.
fn parse_compare<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, line: &str) -> Result<Compare, CtlError> {
    let malformed = || CtlError::InvalidInput(format!("malformed comparison: {line}"));
    let (target, rest) = line.split_once('(').ok_or_else(malformed)?;
    let (key, op, value) = scan_compare(rest).ok_or_else(|| {
        CtlError::InvalidInput(format!(
            "malformed comparison: {line}; got {target}({}) {} {}",
            quote(b""),
            "",
            quote(b"")
        ))
    })?;
    let int = |base: u32| {
        i64::from_str_radix(&value, base)
            .map_err(|_| CtlError::InvalidInput(format!("invalid txn compare request: {line}")))
    };
    let (target, code) = match target {
        "ver" | "version" => (CompareTarget::Version(int(10)?), 0),
        "c" | "create" => (CompareTarget::Create(int(10)?), 1),
        "m" | "mod" => (CompareTarget::Mod(int(10)?), 2),
        "val" | "value" => (CompareTarget::Value(value.clone()), 3),
        "lease" => (CompareTarget::Lease(int(16)?), 4),
        _ => {
            return Err(CtlError::InvalidInput(format!(
                "malformed comparison: {line} (unknown target {target})"
            )));
        }
    };
    let result = match op.as_str() {
        "=" => CompareResult::Equal,
        "!=" => CompareResult::NotEqual,
        "<" => CompareResult::Less,
        ">" => CompareResult::Greater,
        _ => {
            ctx.out.borrow_mut().write(
                super::output::Stream::Stderr,
                panic_text(code, &key).as_bytes(),
            );
            return Err(CtlError::Silent(super::error::EXIT_BAD_CONNECTION));
        }
    };
    Ok(Compare {
        key,
        result,
        target,
    })
}

/// `fmt.Sscanf(rest, "%q) %s %q")`: the quoted key, `)`, the operator, the quoted value.
fn scan_compare(rest: &str) -> Option<(String, String, String)> {
    let (key, rest) = go_quoted(rest.trim_start())?;
    let rest = rest.strip_prefix(')')?.trim_start();
    let end = rest.find(char::is_whitespace)?;
    let (op, rest) = rest.split_at(end);
    let (value, _) = go_quoted(rest.trim_start())?;
    Some((key, op.to_owned(), value))
}

/// A Go double-quoted or back-quoted string at the start of `text`, and what follows.
fn go_quoted(text: &str) -> Option<(String, &str)> {
    if let Some(rest) = text.strip_prefix('`') {
        let end = rest.find('`')?;
        return Some((rest.get(..end)?.to_owned(), rest.get(end + 1..)?));
    }
    let rest = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, rest.get(i + 1..)?)),
            '\\' => out.push(match chars.next()?.1 {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                other => other,
            }),
            c => out.push(c),
        }
    }
    None
}

/// `parseRequestUnion`: a `get`, `put` or `del` line, with that command's flags.
fn parse_op<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, line: &str) -> Result<RequestOp, CtlError> {
    let args = argify(line);
    let invalid = || CtlError::InvalidInput(format!("invalid txn request: {line}"));
    let (Some(command), true) = (args.first(), args.len() >= 2) else {
        return Err(CtlError::InvalidInput(format!(
            "invalid txn compare request: {line}"
        )));
    };
    let specs: &[FlagSpec] = match command.as_str() {
        "get" => GET_FLAGS,
        "put" => PUT_FLAGS,
        "del" => DEL_FLAGS,
        _ => return Err(invalid()),
    };
    let mut flags = FlagSet::new(specs.to_vec());
    let positional = flags
        .parse(args.get(1..).unwrap_or_default())
        .map_err(|_| invalid())?;
    let saved_flags = std::mem::replace(&mut ctx.flags, flags);
    let saved_args = std::mem::replace(&mut ctx.args, positional);
    let saved_stdin = std::mem::take(&mut ctx.stdin);
    let op = match command.as_str() {
        "get" => range_request(ctx).map(RequestOp::Range),
        "put" => put_request(ctx).map(RequestOp::Put),
        _ => delete_request(ctx).map(RequestOp::DeleteRange),
    };
    ctx.flags = saved_flags;
    ctx.args = saved_args;
    ctx.stdin = saved_stdin;
    op
}

/// etcdctl's `Argify`: words, `"double-quoted"` (Go escapes) or `'single-quoted'`.
pub(super) fn argify(line: &str) -> Vec<String> {
    let Ok(words) = Regex::new(r#""(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?"#) else {
        return Vec::new();
    };
    words
        .find_iter(line)
        .map(|m| m.as_str())
        .map(|w| {
            if let Some(inner) = w.strip_prefix('\'').and_then(|w| w.strip_suffix('\'')) {
                inner.to_owned()
            } else if w.starts_with('"') {
                go_quoted(w).map_or_else(|| w.to_owned(), |(s, _)| s)
            } else {
                w.to_owned()
            }
        })
        .collect()
}

/// Go's panic in `clientv3.Compare` for an operator it does not know, as recorded from
/// etcdctl 3.4.23 (the `Cmp` printed with the target's number and the key's length).
fn panic_text(target: u8, key: &str) -> String {
    let len = key.len();
    let cap = len.max(8).next_power_of_two();
    format!(
        "panic: Unknown result op\n\ngoroutine 1 [running]:\n\
go.etcd.io/etcd/clientv3.Compare({{0x0, 0x{target:x}, {{0xc0002a41a0, 0x{len:x}, 0x{cap:x}}}, {{0x0, 0x0}}, {{0x0, 0x0, 0x0}}}}, ...)\n\
\tgo.etcd.io/etcd/clientv3/compare.go:46 +0x3f1\n\
go.etcd.io/etcd/etcdctl/ctlv3/command.parseCompare({{0xc00003c918, 0x17}})\n\
\tgo.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:195 +0x738\n\
go.etcd.io/etcd/etcdctl/ctlv3/command.readCompares(0xc0002ae0f0?)\n\
\tgo.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:87 +0xa5\n\
go.etcd.io/etcd/etcdctl/ctlv3/command.txnCommandFunc(0xc000130c00?, {{0xc00013fcd0?, 0x1?, 0x1?}})\n\
\tgo.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:54 +0x1f2\n\
github.com/spf13/cobra.(*Command).execute(0xc000130c00, {{0xc00013fcb0, 0x1, 0x1}})\n\
\tgithub.com/spf13/cobra/command.go:920 +0x847\n\
github.com/spf13/cobra.(*Command).ExecuteC(0x13b9920)\n\
\tgithub.com/spf13/cobra/command.go:1044 +0x3bd\n\
github.com/spf13/cobra.(*Command).Execute(...)\n\
\tgithub.com/spf13/cobra/command.go:968\n\
go.etcd.io/etcd/etcdctl/ctlv3.Start()\n\
\tgo.etcd.io/etcd/etcdctl/ctlv3/ctl_nocov.go:26 +0x97\n\
main.main()\n\
\tgo.etcd.io/etcd/etcdctl/main.go:35 +0x65\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_scan_as_go_scans_them() {
        assert_eq!(
            scan_compare(r#""user1") = "bad""#),
            Some(("user1".into(), "=".into(), "bad".into()))
        );
        assert_eq!(
            scan_compare(r#""k\"q") != `raw`"#),
            Some((r#"k"q"#.into(), "!=".into(), "raw".into()))
        );
        assert_eq!(scan_compare(r#""k" = "v""#), None, "no closing parenthesis");
    }

    #[test]
    fn argify_keeps_quoted_words_whole() {
        assert_eq!(
            argify(r#"put k "two words" 'x y' --prev-kv"#),
            ["put", "k", "two words", "x y", "--prev-kv"]
        );
    }

    /// A client with piped stdin only, for reading lines.
    struct Piped;

    impl EtcdApi for Piped {
        fn call(
            &self,
            _: &str,
            _: Request,
            _: super::super::api::CallTimeouts,
        ) -> impl Future<Output = Result<Response, super::super::api::RpcError>> {
            std::future::pending()
        }
        fn sleep(&self, _: u64) -> impl Future<Output = ()> {
            std::future::pending()
        }
        fn now_unix_micros(&self) -> u64 {
            0
        }
        fn random_u128(&self) -> u128 {
            0
        }
    }

    #[test]
    fn a_list_ends_at_an_empty_line_and_input_ends_at_the_last_newline() {
        use futures_util::FutureExt;
        let mut lines = Lines::new(b"a\n  \nb", false);
        let mut next = || lines.next_nonempty(&Piped).now_or_never().expect("ready");
        assert_eq!(next().ok(), Some(Some("a".into())));
        assert_eq!(next().ok(), Some(None));
        assert_eq!(next().err(), Some(CtlError::InvalidInput("EOF".into())));
    }
}
