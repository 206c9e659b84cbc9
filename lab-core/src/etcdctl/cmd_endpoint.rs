//! `endpoint health`, `endpoint status`, `endpoint hashkv` (each over `--endpoints` or, with
//! `--cluster`, the member list's client URLs) and `move-leader`, which finds the leader
//! through statuses.

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_member::parse_hex_u64;
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::gofmt::duration_string;
use super::pb::{RangeRequest, ResponseHeader};
use super::print_cluster::{self, EpHashKv, EpHealth, EpStatus};
use super::rpc::{Request, Response};

/// `endpoint health`: one client per endpoint, all checked at once, reported in the
/// order they finish.
pub(super) async fn health<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    ctx.apply_env()?;
    let format = ctx.format()?;
    let endpoints = endpoints_from_cluster(ctx).await?;
    let ctx: &Ctx<'_, '_, A> = ctx;
    let mut pending: FuturesUnordered<_> =
        endpoints.iter().map(|ep| check_health(ctx, ep)).collect();
    let mut results = Vec::with_capacity(endpoints.len());
    while let Some(result) = pending.next().await {
        results.push(result);
    }
    if format == Format::Simple {
        results
            .iter()
            .for_each(|h| ctx.errln(&print_cluster::health_simple(h)));
    }
    ctx.out(&print_cluster::endpoint_health(format, &results)?);
    if results.iter().any(|h| !h.error.is_empty()) {
        return Err(CtlError::Error("unhealthy cluster".to_owned()));
    }
    Ok(())
}

async fn check_health<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, endpoint: &str) -> EpHealth {
    let mut health = EpHealth {
        ep: endpoint.to_owned(),
        health: false,
        took: String::new(),
        error: String::new(),
    };
    let Ok(client) = ctx.client(&[endpoint.to_owned()]) else {
        health.error = "etcdclient: no available endpoints".to_owned();
        return health;
    };
    let start = ctx.api.now_unix_micros();
    let deadline = ctx.deadline();
    let request = Request::Range(RangeRequest {
        key: b"health".to_vec(),
        ..RangeRequest::default()
    });
    let result = client.unary(&ctx.out, request, deadline).await;
    let took = ctx.api.now_unix_micros().saturating_sub(start);
    health.took = duration_string(took.saturating_mul(1_000));
    match result {
        Ok(_) => health.health = true,
        // Permission denied still went through consensus.
        Err(status) if status.desc == "etcdserver: permission denied" => health.health = true,
        Err(status) => health.error = status.error_text(),
    }
    health
}

/// `endpoint status`: one status call per endpoint, one after the other; a failed one is
/// reported on stderr and only the exit status says so at the end.
pub(super) async fn status<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let pick = |ep, response| match response {
        Response::Status(resp) => Some(EpStatus { ep, resp }),
        _ => None,
    };
    let (format, list, failure) = ask_each(ctx, "status", Request::Status, pick).await?;
    ctx.out(&print_cluster::endpoint_status(format, &list)?);
    failure.map_or(Ok(()), |_| Err(CtlError::Silent(super::error::EXIT_ERROR)))
}

/// `endpoint hashkv [--rev N]`: one HashKV call per endpoint, one after the other; the last
/// failure ends the command with `Error: …`.
pub(super) async fn hashkv<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let request = Request::HashKv {
        revision: ctx.flags.int64("rev"),
    };
    let pick = |ep, response| match response {
        Response::HashKv(resp) => Some(EpHashKv { ep, resp }),
        _ => None,
    };
    let (format, list, failure) = ask_each(ctx, "hash", request, pick).await?;
    ctx.out(&print_cluster::endpoint_hashkv(format, &list)?);
    failure.map_or(Ok(()), |why| Err(CtlError::Error(why)))
}

/// The answers of a Maintenance call to each endpoint, and the last failure's text.
type Answers<T> = (Format, Vec<T>, Option<String>);

/// `mustClientFromCmd`, then `request` to each endpoint (`--cluster`: each client URL) in
/// turn over a connection of its own, as clientv3's Maintenance calls dial the endpoint
/// named. Failures are reported on stderr as etcdctl does (`Failed to get the <what> of
/// endpoint …`).
async fn ask_each<A: EtcdApi, T>(
    ctx: &mut Ctx<'_, '_, A>,
    what: &str,
    request: Request,
    pick: fn(String, Response) -> Option<T>,
) -> Result<Answers<T>, CtlError> {
    let format = ctx.client_config()?;
    ctx.client(&ctx.endpoints())?;
    let endpoints = endpoints_from_cluster(ctx).await?;
    let mut answers = Vec::with_capacity(endpoints.len());
    let mut failure = None;
    for endpoint in endpoints {
        let client = Client::passthrough(ctx.api, &endpoint, ctx.dial_timeout_micros());
        let deadline = ctx.deadline();
        let answer = match client.unary(&ctx.out, request.clone(), deadline).await {
            Ok(response) => pick(endpoint.clone(), response)
                .ok_or_else(|| "unexpected response type from server".to_owned()),
            Err(status) => Err(status.error_text()),
        };
        match answer {
            Ok(value) => answers.push(value),
            Err(why) => {
                ctx.errln(&format!(
                    "Failed to get the {what} of endpoint {endpoint} ({why})"
                ));
                failure = Some(why);
            }
        }
    }
    Ok((format, answers, failure))
}

/// `--endpoints`, or with `--cluster` every client URL of the member list.
pub(super) async fn endpoints_from_cluster<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
) -> Result<Vec<String>, CtlError> {
    if !ctx.flags.is_true("cluster") {
        return Ok(ctx.flags.slice("endpoints"));
    }
    let client = ctx
        .client(&ctx.endpoints())
        .map_err(|e| CtlError::Error(e.to_string()))?;
    let deadline = ctx.deadline();
    match client
        .unary(
            &ctx.out,
            Request::MemberList {
                linearizable: false,
            },
            deadline,
        )
        .await
    {
        Ok(Response::MemberList(list)) => Ok(list
            .members
            .into_iter()
            .flat_map(|m| m.client_urls)
            .collect()),
        Ok(_) => Err(super::cmd_kv::unexpected()),
        Err(status) => Err(CtlError::Error(format!(
            "failed to fetch endpoints from etcd cluster member list: {}",
            status.error_text()
        ))),
    }
}

/// `move-leader ID`: asks each endpoint for its status until one is the leader, then
/// asks that one to transfer leadership.
pub(super) async fn move_leader<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let [arg] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(
            "move-leader command needs 1 argument".to_owned(),
        ));
    };
    let target = parse_hex_u64(arg).map_err(CtlError::BadArgs)?;
    let format = ctx.client_config()?;
    let endpoints = ctx.client(&ctx.endpoints())?.endpoints().to_vec();
    let deadline = ctx.deadline();
    let mut leader = None;
    for endpoint in &endpoints {
        let client = Client::passthrough(ctx.api, endpoint, ctx.dial_timeout_micros());
        let status = match client.unary(&ctx.out, Request::Status, deadline).await {
            Ok(Response::Status(status)) => status,
            Ok(_) => return Err(super::cmd_kv::unexpected()),
            Err(status) => return Err(CtlError::Error(status.error_text())),
        };
        if status.header.member_id == status.leader {
            leader = Some((endpoint.clone(), status.leader));
            break;
        }
    }
    let Some((endpoint, leader_id)) = leader else {
        return Err(CtlError::BadArgs(format!(
            "no leader endpoint given at [{}]",
            endpoints.join(" ")
        )));
    };
    let client = ctx.client(&[endpoint])?;
    let header = match client
        .unary(
            &ctx.out,
            Request::MoveLeader { target_id: target },
            deadline,
        )
        .await
    {
        Ok(Response::MoveLeader { header }) => header,
        Ok(_) => return Err(super::cmd_kv::unexpected()),
        Err(status) => return Err(CtlError::Error(status.error_text())),
    };
    match format {
        Format::Simple => ctx.outln(&format!(
            "Leadership transferred from {leader_id:x} to {target:x}"
        )),
        Format::Json | Format::Protobuf => {
            ctx.print(format, &HeaderOnly { header: &header }, || {
                Ok(super::print_kv::json_line(&HeaderOnly { header: &header }))
            })?;
        }
        _ => return Err(CtlError::unsupported_format(format.name())),
    }
    Ok(())
}

/// `MoveLeaderResponse`: only a header.
#[derive(serde::Serialize)]
struct HeaderOnly<'a> {
    header: &'a ResponseHeader,
}

impl super::pb_wire::Encode for HeaderOnly<'_> {
    fn encode_to(&self, out: &mut Vec<u8>) {
        let header = self.header.encode();
        super::pb_wire::length_delimited(out, 1, &header);
    }
}
