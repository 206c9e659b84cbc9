//! etcd's `clientv3/concurrency` as `lock` and `elect` use it: a [`Session`] (a lease kept
//! alive every TTL/3 until it is lost), keys `NAME/<lease hex>` created by a txn on
//! `create_revision == 0`, and `waitDeletes`: waiting, key by key, for every key created
//! before ours under the prefix to be deleted. Also etcdctl's SIGINT handler, which these
//! commands install (they unlock and resign rather than die).

use futures_util::future::{Either, select};

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_kv::{call_with, unexpected};
use super::context::Ctx;
use super::error::CtlError;
use super::pb::{DeleteRangeRequest, KeyValue, RangeRequest, RangeResponse, ResponseHeader};
use super::pb_watch::{EventType, WatchCreateRequest};
use super::rpc::{Request, Response};
use super::watch_chan::WatchChan;
use crate::mvcc::{SortOrder, SortTarget};

/// How often a command that traps SIGINT looks for it (unit: microseconds).
const SIGNAL_POLL_MICROS: u64 = 100_000;
/// Most looks for SIGINT (unit: looks: a day of them).
const MAX_SIGNAL_POLLS: u32 = 864_000;
/// Most renewals a session sends (unit: renewals).
const MAX_RENEWALS: u32 = 1_000_000;
/// How long a failed renewal waits before the next try (unit: microseconds).
const RENEW_RETRY_MICROS: u64 = 500_000;
/// Most keys `waitDeletes` waits for one after the other (unit: keys).
const MAX_PREDECESSORS: usize = 10_000;
/// Most responses one wait for a deletion reads (unit: responses).
const MAX_WAIT_RESPONSES: u32 = 1_000_000;

/// `context.Canceled`'s text: a wait cut short by SIGINT.
pub(super) const CONTEXT_CANCELED: &str = "context canceled";

/// A session: its lease and the lease's TTL in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Session {
    pub lease: i64,
    pub ttl: i64,
}

impl Session {
    /// `concurrency.NewSession`: a lease granted with `ttl` seconds.
    pub(super) async fn new<A: EtcdApi>(
        ctx: &Ctx<'_, '_, A>,
        client: &Client<'_, A>,
        ttl: i64,
    ) -> Result<Session, CtlError> {
        match call_with(ctx, client, Request::LeaseGrant { ttl, id: 0 }).await? {
            Response::LeaseGrant(r) => Ok(Session {
                lease: r.id,
                ttl: r.ttl,
            }),
            _ => Err(unexpected()),
        }
    }

    /// The session's key under `prefix`: `prefix/<lease in hex>`.
    pub(super) fn key(&self, prefix: &str) -> String {
        format!("{prefix}/{:x}", self.lease)
    }

    /// clientv3's `KeepAlive`: renews now and every TTL/3 s; returns when the lease is
    /// gone or could not be renewed for a whole TTL (the session's `Done`).
    pub(super) async fn keep_alive<A: EtcdApi>(
        &self,
        ctx: &Ctx<'_, '_, A>,
        client: &Client<'_, A>,
    ) {
        let ttl_micros = u64::try_from(self.ttl)
            .unwrap_or(0)
            .saturating_mul(1_000_000);
        let mut lost_at = ctx.api.now_unix_micros().saturating_add(ttl_micros);
        for _ in 0..MAX_RENEWALS {
            let renewal = Request::LeaseKeepAlive { id: self.lease };
            let wait = match call_with(ctx, client, renewal).await {
                Ok(Response::LeaseKeepAlive(r)) if r.ttl > 0 => {
                    let ttl = u64::try_from(r.ttl).unwrap_or(0);
                    lost_at = ctx.api.now_unix_micros().saturating_add(ttl * 1_000_000);
                    (ttl / 3).max(1) * 1_000_000
                }
                Ok(_) => return,
                Err(_) if ctx.api.now_unix_micros() >= lost_at => return,
                Err(_) => RENEW_RETRY_MICROS,
            };
            ctx.api.sleep(wait).await;
        }
    }
}

/// Resolves when etcdctl is sent SIGINT (etcdctl's `signal.Notify` handler).
pub(super) async fn interrupted<A: EtcdApi>(api: &A) {
    for _ in 0..MAX_SIGNAL_POLLS {
        if api.interrupted() {
            return;
        }
        api.sleep(SIGNAL_POLL_MICROS).await;
    }
}

/// Runs `work` until it ends or SIGINT comes (then `Err(context canceled)`).
pub(super) async fn unless_interrupted<A: EtcdApi, T>(
    api: &A,
    work: impl std::future::Future<Output = Result<T, CtlError>>,
) -> Result<T, CtlError> {
    let work = std::pin::pin!(work);
    let signal = std::pin::pin!(interrupted(api));
    match select(work, signal).await {
        Either::Left((done, _)) => done,
        Either::Right(((), _)) => Err(CtlError::Error(CONTEXT_CANCELED.to_owned())),
    }
}

/// A range over `prefix/`, oldest key first or newest first.
pub(super) fn prefix_range(prefix: &str, order: SortOrder) -> RangeRequest {
    let key = format!("{prefix}/").into_bytes();
    RangeRequest {
        range_end: super::cmd_kv::prefix_end(&key),
        key,
        sort_order: order,
        sort_target: SortTarget::Create,
        ..RangeRequest::default()
    }
}

/// `client.Get` with a range request.
pub(super) async fn get<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    range: RangeRequest,
) -> Result<RangeResponse, CtlError> {
    match call_with(ctx, client, Request::Range(range)).await? {
        Response::Range(r) => Ok(r),
        _ => Err(unexpected()),
    }
}

/// `client.Get(key)` of one key.
pub(super) async fn get_key<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    key: &str,
) -> Result<RangeResponse, CtlError> {
    let range = RangeRequest {
        key: key.as_bytes().to_vec(),
        ..RangeRequest::default()
    };
    get(ctx, client, range).await
}

/// `client.Delete(key)`: unlocking, resigning.
pub(super) async fn delete_key<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    key: &str,
) -> Result<(), CtlError> {
    let delete = DeleteRangeRequest {
        key: key.as_bytes().to_vec(),
        ..DeleteRangeRequest::default()
    };
    call_with(ctx, client, Request::DeleteRange(delete))
        .await
        .map(|_| ())
}

/// `waitDeletes`: until no key under `prefix/` was created at or below `max_create_rev`,
/// waits for the newest such key to be deleted. Returns the last range's header.
pub(super) async fn wait_deletes<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    prefix: &str,
    max_create_rev: i64,
) -> Result<ResponseHeader, CtlError> {
    for _ in 0..MAX_PREDECESSORS {
        let r = get(ctx, client, prefix_range(prefix, SortOrder::Descend)).await?;
        let last = r.kvs.iter().find(|kv| kv.create_revision <= max_create_rev);
        let Some(last) = last else {
            return Ok(r.header);
        };
        wait_delete(ctx, last, r.header.revision).await?;
    }
    Err(CtlError::Error(
        "lost watcher waiting for delete".to_owned(),
    ))
}

/// `waitDelete`: watches `kv`'s key from `rev` until a DELETE comes.
async fn wait_delete<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    kv: &KeyValue,
    rev: i64,
) -> Result<(), CtlError> {
    let create = WatchCreateRequest {
        key: kv.key.clone(),
        start_revision: rev,
        ..WatchCreateRequest::default()
    };
    let endpoints = ctx.endpoints();
    let mut chan = WatchChan::new(ctx.api, &endpoints, ctx.dial_timeout_micros(), create);
    for _ in 0..MAX_WAIT_RESPONSES {
        let Some(r) = chan.recv().await else {
            break;
        };
        if let Some(why) = r.err() {
            return Err(CtlError::Error(why));
        }
        if r.events.iter().any(|e| e.kind == EventType::Delete) {
            return Ok(());
        }
    }
    Err(CtlError::Error(
        "lost watcher waiting for delete".to_owned(),
    ))
}

/// Runs `work` while `session` is kept alive; losing the session ends it with `expired`.
pub(super) async fn while_kept<A: EtcdApi, T>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    session: Session,
    work: impl std::future::Future<Output = Result<T, CtlError>>,
    expired: &str,
) -> Result<T, CtlError> {
    let work = std::pin::pin!(work);
    let kept = std::pin::pin!(session.keep_alive(ctx, client));
    match select(work, kept).await {
        Either::Left((done, _)) => done,
        Either::Right(((), _)) => Err(CtlError::Error(expired.to_owned())),
    }
}

/// Waits for `key`'s turn (`work`) unless SIGINT comes; a wait that fails deletes `key`,
/// as `Mutex.Lock` and `Election.Campaign` clean up after themselves.
pub(super) async fn take_turn<A: EtcdApi, T>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    key: &str,
    work: impl std::future::Future<Output = Result<T, CtlError>>,
) -> Result<T, CtlError> {
    let waited = unless_interrupted(ctx.api, work).await;
    if waited.is_err() {
        let _ = delete_key(ctx, client, key).await;
    }
    waited
}
