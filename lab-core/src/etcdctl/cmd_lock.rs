//! `lock <lockname> [exec-command arg1 arg2 ...] [--ttl]`: etcdctl 3.4's `lock_command.go`
//! over `concurrency.Mutex` — a session with a `--ttl` lease, the key `NAME/<lease hex>`
//! created by txn, the wait for older keys to go, then either the command run while the
//! lock is held (`ETCD_LOCK_KEY`, `ETCD_LOCK_REV`) or the key printed and held until SIGINT
//! (unlock, exit 0) or the session's loss (`session expired`).

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_kv::{call_with, unexpected};
use super::concurrency::{
    Session, delete_key, get_key, interrupted, prefix_range, take_turn, wait_deletes, while_kept,
};
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::exec::run_command;
use super::output::Stream;
use super::pb::PutRequest;
use super::pb_txn::{OneOf, RequestOp, TxnRequest};
use super::print_kv;
use super::rpc::{Request, Response};
use crate::mvcc::{Compare, CompareResult, CompareTarget, SortOrder};

/// `lock`.
pub(super) async fn lock<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let Some(name) = ctx.args.first().cloned() else {
        return Err(CtlError::BadArgs(
            "lock takes a lock name argument and an optional command to execute".to_owned(),
        ));
    };
    let command: Vec<String> = ctx.args.iter().skip(1).cloned().collect();
    let ttl = ctx.flags.int64("ttl");
    let format = ctx.client_config()?;
    let ctx = &*ctx;
    let client = ctx.connect(&ctx.endpoints()).await?;
    let session = Session::new(ctx, &client, ttl).await?;
    let held = held(ctx, &client, session, &name, &command, format);
    while_kept(ctx, &client, session, held, "session expired").await
}

/// Takes the lock, then runs the command or holds the lock until SIGINT.
async fn held<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    session: Session,
    name: &str,
    command: &[String],
    format: Format,
) -> Result<(), CtlError> {
    let key = session.key(name);
    let locking = acquire(ctx, client, session, name, &key);
    let rev = take_turn(ctx, client, &key, locking).await?;
    if !command.is_empty() {
        let env = [
            ("ETCD_LOCK_KEY".to_owned(), key.clone()),
            ("ETCD_LOCK_REV".to_owned(), rev.to_string()),
        ];
        let ran = run_command(ctx, command, &env).await;
        let unlocked = delete_key(ctx, client, &key).await;
        ran.map_err(CtlError::Error)?;
        return unlocked;
    }
    let r = get_key(ctx, client, &key).await?;
    if r.kvs.is_empty() {
        return Err(CtlError::Error("lock lost on init".to_owned()));
    }
    let text = print_kv::range(format, super::cmd_kv::simple(ctx), &r)?;
    ctx.out.borrow_mut().write(Stream::Stdout, &text);
    interrupted(ctx.api).await;
    delete_key(ctx, client, &key).await
}

/// `Mutex.Lock`: our key created unless it exists, then the wait for every older key.
/// Returns our key's create revision.
async fn acquire<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    session: Session,
    name: &str,
    key: &str,
) -> Result<i64, CtlError> {
    let owner = RequestOp::Range(RangeRequestFirst::of(name));
    let txn = TxnRequest {
        compare: vec![created_never(key)],
        success: vec![
            RequestOp::Put(PutRequest {
                key: key.as_bytes().to_vec(),
                lease: session.lease,
                ..PutRequest::default()
            }),
            owner.clone(),
        ],
        failure: vec![RequestOp::Range(key_range(key)), owner],
    };
    let Response::Txn(r) = call_with(ctx, client, Request::Txn(txn)).await? else {
        return Err(unexpected());
    };
    let ranges: Vec<_> = r
        .responses
        .iter()
        .filter_map(|op| match &op.response {
            OneOf::ResponseRange(range) => Some(range),
            _ => None,
        })
        .collect();
    let mine = match (r.succeeded, ranges.first()) {
        (true, _) => r.header.revision,
        (false, Some(own)) => own.kvs.first().map_or(0, |kv| kv.create_revision),
        (false, None) => return Err(unexpected()),
    };
    let oldest = ranges.last().and_then(|owner| owner.kvs.first());
    if oldest.is_none_or(|kv| kv.create_revision == mine) {
        return Ok(mine);
    }
    wait_deletes(ctx, client, name, mine.saturating_sub(1)).await?;
    Ok(mine)
}

/// `Compare(CreateRevision(key), "=", 0)`.
pub(super) fn created_never(key: &str) -> Compare {
    Compare {
        key: key.to_owned(),
        result: CompareResult::Equal,
        target: CompareTarget::Create(0),
    }
}

/// `OpGet(key)`.
pub(super) fn key_range(key: &str) -> super::pb::RangeRequest {
    super::pb::RangeRequest {
        key: key.as_bytes().to_vec(),
        ..super::pb::RangeRequest::default()
    }
}

/// `OpGet(prefix, WithFirstCreate())`: the oldest key under `prefix/`.
pub(super) struct RangeRequestFirst;

impl RangeRequestFirst {
    pub(super) fn of(prefix: &str) -> super::pb::RangeRequest {
        super::pb::RangeRequest {
            limit: 1,
            ..prefix_range(prefix, SortOrder::Ascend)
        }
    }
}
