//! `put`, `get` and `del`: argument checks in etcdctl's order and wording, the request
//! clientv3's options build, and the printing.

use super::api::EtcdApi;
use super::client::Client;
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::flag_value::parse_int;
use super::gofmt::quote;
use super::pb::{DeleteRangeRequest, PutRequest, RangeRequest, SortOrder, SortTarget};
use super::print_kv::{self, Simple};
use super::rpc::{Request, Response};

const PUT_ARGS: &str = "put command needs 1 argument and input from stdin or 2 arguments";
const PREFIX_AND_FROM_KEY: &str =
    "`--prefix` and `--from-key` cannot be set at the same time, choose one";
const TOO_MANY_WITH_PREFIX: &str =
    "too many arguments, only accept one argument when `--prefix` or `--from-key` is set";

/// `etcdctl put`.
pub(super) async fn put<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    // `argOrStdin`: a key alone (without `--ignore-value`) reads stdin to its end — on a
    // terminal, what is typed until Ctrl-D.
    let reads_value = ctx.args.len() == 1 && !ctx.flags.is_true("ignore-value");
    let typed = if reads_value && ctx.api.stdin_is_terminal() {
        read_terminal_to_end(ctx.api).await
    } else {
        Vec::new()
    };
    let stdin = if typed.is_empty() { ctx.stdin } else { &typed };
    let request = Request::Put(put_request_from(ctx, stdin)?);
    let (format, Response::Put(response)) = send(ctx, request).await? else {
        return Err(unexpected());
    };
    ctx.print(format, &response, || {
        print_kv::put(format, simple(ctx), &response)
    })?;
    Ok(())
}

/// Most bytes `put KEY` takes from the terminal (unit: bytes): beyond etcd's 1.5 MiB
/// request limit already.
const MAX_TYPED_VALUE_BYTES: usize = 2 << 20;

/// `ioutil.ReadAll(os.Stdin)` on a terminal: every line typed until Ctrl-D.
async fn read_terminal_to_end<A: EtcdApi>(api: &A) -> Vec<u8> {
    let mut data = Vec::new();
    while data.len() < MAX_TYPED_VALUE_BYTES {
        let Some(line) = api.read_terminal_line().await else {
            break;
        };
        data.extend_from_slice(line.as_bytes());
    }
    data
}

/// `getPutOp`: the put the arguments and flags describe.
pub(super) fn put_request<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<PutRequest, CtlError> {
    put_request_from(ctx, ctx.stdin)
}

/// `getPutOp` with `stdin` as what stdin holds.
fn put_request_from<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    stdin: &[u8],
) -> Result<PutRequest, CtlError> {
    let Some(key) = ctx.args.first().cloned() else {
        return Err(CtlError::BadArgs(PUT_ARGS.to_owned()));
    };
    let ignore_value = ctx.flags.is_true("ignore-value");
    if ignore_value && ctx.args.len() > 1 {
        return Err(CtlError::BadArgs(
            "put command needs only 1 argument when 'ignore-value' is set".to_owned(),
        ));
    }
    let value = match (ignore_value, ctx.args.get(1)) {
        (true, _) => Vec::new(),
        (false, Some(v)) => v.clone().into_bytes(),
        (false, None) if !stdin.is_empty() => stdin.to_vec(),
        (false, None) => return Err(CtlError::BadArgs(PUT_ARGS.to_owned())),
    };
    let lease = parse_int(&ctx.flags.string("lease"), 16)
        .map_err(|e| CtlError::BadArgs(format!("bad lease ID ({e}), expecting ID in Hex")))?;
    Ok(PutRequest {
        key: key.into_bytes(),
        value,
        lease,
        prev_kv: ctx.flags.is_true("prev-kv"),
        ignore_value,
        ignore_lease: ctx.flags.is_true("ignore-lease"),
    })
}

/// `etcdctl get`.
pub(super) async fn get<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let request = range_request(ctx)?;
    let (format, Response::Range(response)) = send(ctx, Request::Range(request)).await? else {
        return Err(unexpected());
    };
    let value_only = ctx.flags.is_true("print-value-only");
    if value_only && format != Format::Simple {
        return Err(CtlError::BadArgs(
            "print-value-only is only for `--write-out=simple`".to_owned(),
        ));
    }
    let simple = Simple {
        value_only,
        ..simple(ctx)
    };
    ctx.print(format, &response, || {
        print_kv::range(format, simple, &response)
    })?;
    Ok(())
}

/// `getGetOp`: the range the arguments and flags describe.
pub(super) fn range_request<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<RangeRequest, CtlError> {
    let Some(key) = ctx.args.first() else {
        return Err(CtlError::BadArgs(
            "get command needs one argument as key and an optional argument as range_end"
                .to_owned(),
        ));
    };
    let (prefix, from_key) = prefix_flags(ctx)?;
    let consistency = ctx.flags.string("consistency");
    let serializable = match consistency.as_str() {
        "s" => true,
        "l" => false,
        _ => {
            return Err(CtlError::BadFeature(format!(
                "unknown consistency flag {}",
                quote(consistency.as_bytes())
            )));
        }
    };
    let mut request = RangeRequest {
        serializable,
        ..RangeRequest::default()
    };
    (request.key, request.range_end) = key_and_end(ctx, key, prefix || from_key)?;
    request.limit = ctx.flags.int64("limit");
    request.revision = ctx.flags.int64("rev").max(0);
    let order_text = ctx.flags.string("order");
    request.sort_order = match order_text.to_uppercase().as_str() {
        "ASCEND" => SortOrder::Ascend,
        "DESCEND" => SortOrder::Descend,
        "" => SortOrder::None,
        _ => return Err(CtlError::BadFeature(format!("bad sort order {order_text}"))),
    };
    let target_text = ctx.flags.string("sort-by");
    request.sort_target = match target_text.to_uppercase().as_str() {
        "CREATE" => SortTarget::Create,
        "KEY" | "" => SortTarget::Key,
        "MODIFY" => SortTarget::Mod,
        "VALUE" => SortTarget::Value,
        "VERSION" => SortTarget::Version,
        _ => {
            return Err(CtlError::BadFeature(format!(
                "bad sort target {target_text}"
            )));
        }
    };
    // clientv3's WithSort: the server already returns keys in ascending order.
    if request.sort_target == SortTarget::Key && request.sort_order == SortOrder::Ascend {
        request.sort_order = SortOrder::None;
    }
    (request.key, request.range_end) = key_range(request.key, request.range_end, prefix, from_key);
    request.keys_only = ctx.flags.is_true("keys-only");
    Ok(request)
}

/// `del`.
pub(super) async fn del<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let request = Request::DeleteRange(delete_request(ctx)?);
    let (format, Response::DeleteRange(response)) = send(ctx, request).await? else {
        return Err(unexpected());
    };
    ctx.print(format, &response, || {
        print_kv::delete(format, simple(ctx), &response)
    })?;
    Ok(())
}

/// `getDelOp`: the delete the arguments and flags describe.
pub(super) fn delete_request<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
) -> Result<DeleteRangeRequest, CtlError> {
    let (Some(key), 1..=2) = (ctx.args.first(), ctx.args.len()) else {
        return Err(CtlError::BadArgs(
            "del command needs one argument as key and an optional argument as range_end"
                .to_owned(),
        ));
    };
    let (prefix, from_key) = prefix_flags(ctx)?;
    let (key, range_end) = key_and_end(ctx, key, prefix || from_key)?;
    let (key, range_end) = key_range(key, range_end, prefix, from_key);
    Ok(DeleteRangeRequest {
        key,
        range_end,
        prev_kv: ctx.flags.is_true("prev-kv"),
    })
}

/// `--prefix` and `--from-key`, refused together.
fn prefix_flags<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<(bool, bool), CtlError> {
    let (prefix, from_key) = (ctx.flags.is_true("prefix"), ctx.flags.is_true("from-key"));
    if prefix && from_key {
        return Err(CtlError::BadArgs(PREFIX_AND_FROM_KEY.to_owned()));
    }
    Ok((prefix, from_key))
}

/// The key and the optional `range_end` argument, which `--prefix`/`--from-key` forbid.
fn key_and_end<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    key: &str,
    open_ended: bool,
) -> Result<(Vec<u8>, Vec<u8>), CtlError> {
    match ctx.args.get(1) {
        Some(_) if open_ended => Err(CtlError::BadArgs(TOO_MANY_WITH_PREFIX.to_owned())),
        Some(end) => Ok((key.as_bytes().to_vec(), end.as_bytes().to_vec())),
        None => Ok((key.as_bytes().to_vec(), Vec::new())),
    }
}

/// clientv3's `WithPrefix` / `WithFromKey`, an empty key meaning "from the first key".
fn key_range(key: Vec<u8>, range_end: Vec<u8>, prefix: bool, from_key: bool) -> (Vec<u8>, Vec<u8>) {
    match (prefix || from_key, key.is_empty()) {
        (true, true) => (vec![0], vec![0]),
        (true, false) if from_key => (key, vec![0]),
        (true, false) => {
            let end = prefix_end(&key);
            (key, end)
        }
        (false, _) => (key, range_end),
    }
}

/// clientv3's `GetPrefixRangeEnd`: the key with its last byte below 0xff incremented.
pub(super) fn prefix_end(key: &[u8]) -> Vec<u8> {
    let mut end = key.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0]
}

/// etcdctl's client configuration, then one call: the output format and the answer.
async fn send<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    request: Request,
) -> Result<(Format, Response), CtlError> {
    let format = ctx.client_config()?;
    Ok((format, call(ctx, request).await?))
}

/// One call through a client over `--endpoints`, failing with `toErr`'s text.
pub(super) async fn call<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    request: Request,
) -> Result<Response, CtlError> {
    let client = ctx.connect(&ctx.endpoints()).await?;
    call_with(ctx, &client, request).await
}

/// One call through `client`, failing with `toErr`'s text.
pub(super) async fn call_with<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    request: Request,
) -> Result<Response, CtlError> {
    let deadline = ctx.deadline();
    client
        .unary(&ctx.out, request, deadline)
        .await
        .map_err(|s| CtlError::Error(s.error_text()))
}

pub(super) fn simple<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Simple {
    Simple {
        hex: ctx.flags.is_true("hex"),
        value_only: false,
    }
}

/// A response of the wrong kind: the simulated server broke the API contract.
pub(super) fn unexpected() -> CtlError {
    CtlError::Error("unexpected response type from server".to_owned())
}
