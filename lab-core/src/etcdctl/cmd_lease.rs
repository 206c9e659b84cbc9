//! `lease grant|revoke|timetolive|list|keep-alive`: etcdctl 3.4's `lease_command.go`,
//! with its printers (`printer_simple.go`, `printer_fields.go`, JSON).

use super::api::EtcdApi;
use super::cmd_kv::{call, unexpected};
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::flag_value::parse_int;
use super::pb_lease::{LeaseKeepAliveResponse, lease_hex};
use super::print_kv::{json_line, push_header};
use super::rpc::{Request, Response};

/// How long calls made with `context.TODO()` (no deadline) may wait. Unit: microseconds.
const NO_DEADLINE_MICROS: u64 = 24 * 3_600 * 1_000_000;
/// Most renewals one `keep-alive` sends: a day of a 2 s lease renewed every TTL/3 s.
const MAX_KEEP_ALIVES: u32 = 200_000;

/// `lease grant <ttl>`.
pub(super) async fn grant<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let [ttl] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(
            "lease grant command needs TTL argument".to_owned(),
        ));
    };
    let ttl = parse_int(ttl, 10).map_err(|e| CtlError::BadArgs(format!("bad TTL ({e})")))?;
    let format = ctx.client_config()?;
    let response = call(ctx, Request::LeaseGrant { ttl, id: 0 })
        .await
        .map_err(|e| CtlError::Error(format!("failed to grant lease ({e})")))?;
    let Response::LeaseGrant(r) = response else {
        return Err(unexpected());
    };
    let text = match format {
        Format::Simple => format!("lease {} granted with TTL({}s)\n", lease_hex(r.id), r.ttl),
        Format::Fields => fields(&r.header, &[("ID", r.id), ("TTL", r.ttl)]),
        Format::Json => json_line(&r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    };
    ctx.out(&text);
    Ok(())
}

/// `lease revoke <leaseID>`.
pub(super) async fn revoke<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let id = one_lease_arg(ctx, "lease revoke command needs 1 argument")?;
    let format = ctx.client_config()?;
    let response = call(ctx, Request::LeaseRevoke { id })
        .await
        .map_err(|e| CtlError::Error(format!("failed to revoke lease ({e})")))?;
    let Response::LeaseRevoke(r) = response else {
        return Err(unexpected());
    };
    let text = match format {
        Format::Simple => format!("lease {} revoked\n", lease_hex(id)),
        Format::Fields => fields(&r.header, &[]),
        Format::Json => json_line(&r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    };
    ctx.out(&text);
    Ok(())
}

/// `lease timetolive <leaseID> [--keys]`: no deadline (`context.TODO()`), and failures
/// exit with `ExitBadConnection`.
pub(super) async fn time_to_live<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let id = one_lease_arg(ctx, "lease timetolive command needs lease ID as argument")?;
    let keys = ctx.flags.is_true("keys");
    let format = ctx.client_config()?;
    let Response::LeaseTimeToLive(r) =
        untimed_call(ctx, Request::LeaseTimeToLive { id, keys }).await?
    else {
        return Err(unexpected());
    };
    let text = match format {
        Format::Simple if r.granted_ttl == 0 && r.ttl == -1 => {
            format!("lease {} already expired\n", lease_hex(r.id))
        }
        Format::Simple => {
            let mut text = format!(
                "lease {} granted with TTL({}s), remaining({}s)",
                lease_hex(r.id),
                r.granted_ttl,
                r.ttl
            );
            if keys {
                let names: Vec<String> = r
                    .keys
                    .iter()
                    .map(|k| String::from_utf8_lossy(k).into_owned())
                    .collect();
                text.push_str(&format!(", attached keys([{}])", names.join(" ")));
            }
            text + "\n"
        }
        Format::Fields => {
            let mut text = fields(
                &r.header,
                &[("ID", r.id), ("TTL", r.ttl), ("GrantedTTL", r.granted_ttl)],
            );
            for key in &r.keys {
                text.push_str(&format!("\"Key\" : {}\n", super::gofmt::quote(key)));
            }
            text
        }
        Format::Json => json_line(&r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    };
    ctx.out(&text);
    Ok(())
}

/// `lease list`.
pub(super) async fn list<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let format = ctx.client_config()?;
    let response = call(ctx, Request::LeaseLeases)
        .await
        .map_err(|e| CtlError::Error(format!("failed to list leases ({e})")))?;
    let Response::LeaseLeases(r) = response else {
        return Err(unexpected());
    };
    let text = match format {
        Format::Simple => {
            let mut text = format!("found {} leases\n", r.leases.len());
            r.leases
                .iter()
                .for_each(|l| text.push_str(&format!("{}\n", lease_hex(l.id))));
            text
        }
        Format::Fields => {
            let ids: Vec<(&str, i64)> = r.leases.iter().map(|l| ("ID", l.id)).collect();
            fields(&r.header, &ids)
        }
        Format::Json => json_line(&r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    };
    ctx.out(&text);
    Ok(())
}

/// `lease keep-alive [--once] <leaseID>`: renews every TTL/3 seconds, printing each
/// answer, until the lease is gone (or Ctrl-C); `--once` renews once.
pub(super) async fn keep_alive<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let id = one_lease_arg(ctx, "lease keep-alive command needs lease ID as argument")?;
    let format = ctx.client_config()?;
    if ctx.flags.is_true("once") {
        let r = renew(ctx, id).await?;
        if r.ttl <= 0 {
            // clientv3's `KeepAliveOnce` turns a TTL of 0 into `ErrLeaseNotFound`.
            return Err(CtlError::BadConnection(
                "etcdserver: requested lease not found".to_owned(),
            ));
        }
        return print_keep_alive(ctx, format, &r);
    }
    for _ in 0..MAX_KEEP_ALIVES {
        // clientv3 closes the stream when a renewal finds the lease gone.
        let Ok(r) = renew(ctx, id).await else {
            break;
        };
        if r.ttl <= 0 {
            break;
        }
        print_keep_alive(ctx, format, &r)?;
        let wait = u64::try_from(r.ttl / 3).unwrap_or(0).max(1);
        ctx.api.sleep(wait * 1_000_000).await;
    }
    if format == Format::Simple {
        ctx.out(&format!("lease {} expired or revoked.\n", lease_hex(id)));
    }
    Ok(())
}

async fn renew<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    id: i64,
) -> Result<LeaseKeepAliveResponse, CtlError> {
    match untimed_call(ctx, Request::LeaseKeepAlive { id }).await? {
        Response::LeaseKeepAlive(r) => Ok(r),
        _ => Err(unexpected()),
    }
}

fn print_keep_alive<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    format: Format,
    r: &LeaseKeepAliveResponse,
) -> Result<(), CtlError> {
    let text = match format {
        Format::Simple => format!("lease {} keepalived with TTL({})\n", lease_hex(r.id), r.ttl),
        Format::Fields => fields(&r.header, &[("ID", r.id), ("TTL", r.ttl)]),
        Format::Json => json_line(r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    };
    ctx.out(&text);
    Ok(())
}

/// A call under `context.TODO()`: no command timeout; errors exit `ExitBadConnection`.
async fn untimed_call<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    request: Request,
) -> Result<Response, CtlError> {
    let client = ctx.client(&ctx.endpoints())?;
    let deadline = ctx.api.now_unix_micros().saturating_add(NO_DEADLINE_MICROS);
    client
        .unary(&ctx.out, request, deadline)
        .await
        .map_err(|s| CtlError::BadConnection(s.error_text()))
}

/// etcdctl's `leaseFromArgs` over the only argument.
fn one_lease_arg<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, usage: &str) -> Result<i64, CtlError> {
    let [arg] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(usage.to_owned()));
    };
    parse_int(arg, 16)
        .map_err(|e| CtlError::BadArgs(format!("bad lease ID arg ({e}), expecting ID in Hex")))
}

/// The fields printer: the header, then `"Name" : value` lines.
fn fields(header: &super::pb::ResponseHeader, values: &[(&str, i64)]) -> String {
    let mut text = String::new();
    push_header(&mut text, header);
    for (name, value) in values {
        text.push_str(&format!("\"{name}\" : {value}\n"));
    }
    text
}
