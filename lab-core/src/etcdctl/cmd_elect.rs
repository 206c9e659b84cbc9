//! `elect <election-name> [proposal] [-l|--listen]`: etcdctl 3.4's `elect_command.go` over
//! `concurrency.Election` — campaigning (the key `NAME/<lease hex>` holding the proposal,
//! elected once every older candidate is gone; the leader's key and value printed; resign
//! on SIGINT) or observing (each leader printed as it takes over).

use futures_util::future::{Either, select};

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_kv::{call_with, unexpected};
use super::cmd_lock::{RangeRequestFirst, created_never, key_range};
use super::concurrency::{
    Session, delete_key, get, get_key, interrupted, take_turn, wait_deletes, while_kept,
};
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::output::Stream;
use super::pb::{KeyValue, PutRequest, RangeResponse, ResponseHeader};
use super::pb_txn::{RequestOp, TxnRequest};
use super::pb_watch::{EventType, WatchCreateRequest};
use super::print_kv;
use super::rpc::{Request, Response};
use super::watch_chan::WatchChan;

/// `concurrency.NewSession`'s default TTL (unit: seconds).
const SESSION_TTL: i64 = 60;
/// Most leaders one observer reports (unit: leader changes).
const MAX_LEADERS: u32 = 100_000;
/// Most responses one observer reads about one leader (unit: responses).
const MAX_RESPONSES: u32 = 1_000_000;

/// `elect`.
pub(super) async fn elect<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let (name, proposal) = match ctx.args.as_slice() {
        [name] => (name.clone(), None),
        [name, proposal] => (name.clone(), Some(proposal.clone())),
        _ => {
            return Err(CtlError::BadArgs(
                "elect takes one election name argument and an optional proposal argument"
                    .to_owned(),
            ));
        }
    };
    if proposal.is_none() && !ctx.flags.is_true("listen") {
        return Err(CtlError::BadArgs(
            "no proposal argument but -l not set".to_owned(),
        ));
    }
    let format = ctx.client_config()?;
    let ctx = &*ctx;
    let client = ctx.connect(&ctx.endpoints()).await?;
    let session = Session::new(ctx, &client, SESSION_TTL).await?;
    let Some(proposal) = proposal else {
        let watching = std::pin::pin!(observe(ctx, &client, &name, format));
        let signal = std::pin::pin!(interrupted(ctx.api));
        return match select(watching, signal).await {
            Either::Left((done, _)) => done,
            Either::Right(((), _)) => Ok(()),
        };
    };
    let campaign = campaign(ctx, &client, session, &name, &proposal, format);
    while_kept(ctx, &client, session, campaign, "elect: session expired").await
}

/// `Election.Campaign`, the leader's key printed, then held until SIGINT (`Resign`).
async fn campaign<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    session: Session,
    name: &str,
    proposal: &str,
    format: Format,
) -> Result<(), CtlError> {
    let key = session.key(name);
    let running = run_for(ctx, client, session, name, &key, proposal);
    take_turn(ctx, client, &key, running).await?;
    let r = get_key(ctx, client, &key).await?;
    print(ctx, format, &r)?;
    interrupted(ctx.api).await;
    delete_key(ctx, client, &key).await
}

/// Puts the proposal under our key unless it exists, then waits for older candidates.
async fn run_for<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    session: Session,
    name: &str,
    key: &str,
    proposal: &str,
) -> Result<(), CtlError> {
    let txn = TxnRequest {
        compare: vec![created_never(key)],
        success: vec![RequestOp::Put(PutRequest {
            key: key.as_bytes().to_vec(),
            value: proposal.as_bytes().to_vec(),
            lease: session.lease,
            ..PutRequest::default()
        })],
        failure: vec![RequestOp::Range(key_range(key))],
    };
    let Response::Txn(r) = call_with(ctx, client, Request::Txn(txn)).await? else {
        return Err(unexpected());
    };
    let leader_rev = match r.succeeded {
        true => r.header.revision,
        false => get_key(ctx, client, key)
            .await?
            .kvs
            .first()
            .map_or(0, |kv| kv.create_revision),
    };
    wait_deletes(ctx, client, name, leader_rev.saturating_sub(1)).await?;
    Ok(())
}

/// `Election.Observe`: the current leader (or the first candidate to come), then its
/// changes until its key is deleted, and so on. Ends with `elect: observer lost` if a
/// watch is cancelled.
async fn observe<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    name: &str,
    format: Format,
) -> Result<(), CtlError> {
    let lost = || CtlError::Error("elect: observer lost".to_owned());
    for _ in 0..MAX_LEADERS {
        let r = get(ctx, client, RangeRequestFirst::of(name)).await?;
        let (header, leader) = match r.kvs.first() {
            Some(kv) => (r.header.clone(), kv.clone()),
            None => first_candidate(ctx, name, r.header.revision)
                .await
                .ok_or_else(lost)?,
        };
        print(ctx, format, &one(header.clone(), leader.clone()))?;
        follow(ctx, format, &leader, header.revision.saturating_add(1))
            .await
            .ok_or_else(lost)?;
    }
    Err(lost())
}

/// Waits for the first PUT under `name/` from `rev`.
async fn first_candidate<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    name: &str,
    rev: i64,
) -> Option<(ResponseHeader, KeyValue)> {
    let range = super::concurrency::prefix_range(name, Default::default());
    let create = WatchCreateRequest {
        key: range.key,
        range_end: range.range_end,
        start_revision: rev,
        prev_kv: false,
    };
    let mut chan = watch(ctx, create);
    for _ in 0..MAX_RESPONSES {
        let r = chan.recv().await?;
        if r.err().is_some() {
            return None;
        }
        if let Some(put) = r.events.iter().find(|e| e.kind == EventType::Put) {
            let header = ResponseHeader {
                revision: put.kv.mod_revision,
                ..r.header.clone()
            };
            return Some((header, put.kv.clone()));
        }
    }
    None
}

/// Prints the leader's changes until its key is deleted; `None` if the watch is lost.
async fn follow<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    format: Format,
    leader: &KeyValue,
    rev: i64,
) -> Option<()> {
    let create = WatchCreateRequest {
        key: leader.key.clone(),
        start_revision: rev,
        ..WatchCreateRequest::default()
    };
    let mut chan = watch(ctx, create);
    for _ in 0..MAX_RESPONSES {
        let r = chan.recv().await?;
        for e in &r.events {
            if e.kind == EventType::Delete {
                return Some(());
            }
            print(ctx, format, &one(r.header.clone(), e.kv.clone())).ok()?;
        }
    }
    None
}

fn watch<'a, A: EtcdApi>(ctx: &Ctx<'a, '_, A>, create: WatchCreateRequest) -> WatchChan<'a, A> {
    WatchChan::new(ctx.api, &ctx.endpoints(), ctx.dial_timeout_micros(), create)
}

/// The `GetResponse` an observer hands out: one key, no count.
fn one(header: ResponseHeader, kv: KeyValue) -> RangeResponse {
    RangeResponse {
        header,
        kvs: vec![kv],
        ..RangeResponse::default()
    }
}

/// `display.Get`.
fn print<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    format: Format,
    r: &RangeResponse,
) -> Result<(), CtlError> {
    let text = print_kv::range(format, super::cmd_kv::simple(ctx), r)?;
    ctx.out.borrow_mut().write(Stream::Stdout, &text);
    Ok(())
}
