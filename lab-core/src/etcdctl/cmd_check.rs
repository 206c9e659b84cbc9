//! `check perf` (etcdctl's `check.go`): refuses a prefix that already holds keys, runs the
//! load's workload for 60 s while drawing the progress bar, deletes what it wrote, compacts
//! and defragments if asked, then judges throughput, the slowest request and the standard
//! deviation of the latencies.

use super::api::EtcdApi;
use super::check_perf::{self, Load};
use super::client::Client;
use super::cmd_kv::prefix_end;
use super::context::Ctx;
use super::error::{CtlError, EXIT_ERROR};
use super::gofmt::quote;
use super::pb::{DeleteRangeRequest, RangeRequest};
use super::rpc::{Request, Response};

/// The deadline of the cleanup, the compaction and each defragmentation (unit: µs).
const CLEANUP_MICROS: u64 = 30_000_000;

/// `check perf [--load] [--prefix] [--auto-compact] [--auto-defrag]`.
pub(super) async fn perf<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let name = ctx.flags.string("load");
    let load = Load::named(&name)
        .ok_or_else(|| CtlError::BadFeature(format!("unknown load option {name}")))?;
    ctx.client_config()?;
    let prefix = ctx.flags.string("prefix");
    let first = ctx.connect(&ctx.endpoints()).await?;
    let ctx: &Ctx<'_, '_, A> = ctx;
    refuse_used_prefix(ctx, &first, &prefix, load.secs).await?;
    let (report, total) = check_perf::run(ctx, load, &prefix).await;
    let revision = clean_up(ctx, &first, &prefix).await?;
    if ctx.flags.is_true("auto-compact") {
        compact(ctx, &first, revision).await?;
    }
    if ctx.flags.is_true("auto-defrag") {
        for endpoint in first.endpoints() {
            defrag(ctx, endpoint).await?;
        }
    }
    let (verdict, ok) = report.verdict(total, load.limit);
    ctx.out(&verdict);
    if ok {
        Ok(())
    } else {
        Err(CtlError::Silent(EXIT_ERROR))
    }
}

/// The first look: one key under the prefix is enough to refuse.
async fn refuse_used_prefix<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    prefix: &str,
    secs: u64,
) -> Result<(), CtlError> {
    let request = Request::Range(RangeRequest {
        key: prefix.as_bytes().to_vec(),
        range_end: prefix_end(prefix.as_bytes()),
        limit: 1,
        ..RangeRequest::default()
    });
    let deadline = after(ctx, secs.saturating_mul(1_000_000));
    match client.unary(&ctx.out, request, deadline).await {
        Ok(Response::Range(r)) if !r.kvs.is_empty() => Err(CtlError::InvalidInput(format!(
            "prefix {} has keys. Delete with etcdctl del --prefix {prefix} first",
            quote(prefix.as_bytes())
        ))),
        Ok(_) => Ok(()),
        Err(status) => Err(CtlError::Error(status.error_text())),
    }
}

/// Deletes every key under the prefix; the revision of the deletion.
async fn clean_up<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    prefix: &str,
) -> Result<i64, CtlError> {
    let request = Request::DeleteRange(DeleteRangeRequest {
        key: prefix.as_bytes().to_vec(),
        range_end: prefix_end(prefix.as_bytes()),
        prev_kv: false,
    });
    match client
        .unary(&ctx.out, request, after(ctx, CLEANUP_MICROS))
        .await
    {
        Ok(Response::DeleteRange(r)) => Ok(r.header.revision),
        Ok(_) => Err(super::cmd_kv::unexpected()),
        Err(status) => Err(CtlError::Error(status.error_text())),
    }
}

/// etcdctl's `compact`: a physical compaction at `revision`.
async fn compact<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    revision: i64,
) -> Result<(), CtlError> {
    ctx.outln(&format!("Compacting with revision {revision}"));
    let request = Request::Compact {
        revision,
        physical: true,
    };
    client
        .unary(&ctx.out, request, after(ctx, CLEANUP_MICROS))
        .await
        .map_err(|s| CtlError::Error(s.error_text()))?;
    ctx.outln(&format!("Compacted with revision {revision}"));
    Ok(())
}

/// etcdctl's `defrag`: one endpoint, dialled directly.
async fn defrag<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, endpoint: &str) -> Result<(), CtlError> {
    let quoted = quote(endpoint.as_bytes());
    ctx.outln(&format!("Defragmenting {quoted}"));
    let client = Client::passthrough(ctx.api, endpoint, ctx.dial_timeout_micros());
    client
        .unary(&ctx.out, Request::Defragment, after(ctx, CLEANUP_MICROS))
        .await
        .map_err(|s| CtlError::Error(s.error_text()))?;
    ctx.outln(&format!("Defragmented {quoted}"));
    Ok(())
}

/// A deadline `micros` from now (unix µs).
fn after<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, micros: u64) -> u64 {
    ctx.api.now_unix_micros().saturating_add(micros)
}
