//! `compaction`, `defrag` and `alarm list|disarm` (etcdctl's `compaction_command.go`,
//! `defrag_command.go`, `alarm_command.go`) and the alarm printers.

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_endpoint::endpoints_from_cluster;
use super::cmd_kv::{call, unexpected};
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::pb::ResponseHeader;
use super::pb_txn::{AlarmMemberJson, AlarmResponse};
use super::print_kv::{json_line, push_header};
use super::rpc::{AlarmAction, AlarmMember, AlarmType, Request, Response};

/// `compaction [--physical] REV`: prints `compacted revision REV` whatever `-w` says.
pub(super) async fn compaction<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let [arg] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(
            "compaction command needs 1 argument".to_owned(),
        ));
    };
    let revision = super::flag_value::parse_int64(arg).map_err(|e| {
        CtlError::Error(format!(
            "strconv.ParseInt: parsing {}: {e}",
            super::gofmt::quote(arg.as_bytes())
        ))
    })?;
    ctx.client_config()?;
    let request = Request::Compact {
        revision,
        physical: ctx.flags.is_true("physical"),
    };
    let Response::Compact { .. } = call(ctx, request).await? else {
        return Err(unexpected());
    };
    ctx.outln(&format!("compacted revision {revision}"));
    Ok(())
}

/// `defrag [--cluster]`: each endpoint in turn; failures on stderr, exit 1 at the end.
pub(super) async fn defrag<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    ctx.client_config()?;
    ctx.client(&ctx.endpoints())?;
    let mut failures = 0usize;
    for endpoint in endpoints_from_cluster(ctx).await? {
        let client = Client::passthrough(ctx.api, &endpoint, ctx.dial_timeout_micros());
        let deadline = ctx.deadline();
        match client.unary(&ctx.out, Request::Defragment, deadline).await {
            Ok(_) => ctx.outln(&format!("Finished defragmenting etcd member[{endpoint}]")),
            Err(status) => {
                failures += 1;
                ctx.errln(&format!(
                    "Failed to defragment etcd member[{endpoint}] ({})",
                    status.error_text()
                ));
            }
        }
    }
    if failures > 0 {
        return Err(CtlError::Silent(super::error::EXIT_ERROR));
    }
    Ok(())
}

/// `alarm list`.
pub(super) async fn alarm_list<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    no_args(ctx, "alarm list")?;
    let format = ctx.client_config()?;
    let (header, alarms) = alarm_call(ctx, AlarmAction::Get, None).await?;
    print(ctx, format, Some(header), &alarms)
}

/// `alarm disarm`: clientv3 lists the alarms, then clears each in turn, and answers the
/// cleared ones without a header.
pub(super) async fn alarm_disarm<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    no_args(ctx, "alarm disarm")?;
    let format = ctx.client_config()?;
    let (_, listed) = alarm_call(ctx, AlarmAction::Get, None).await?;
    let mut cleared = Vec::new();
    for alarm in listed {
        let (_, gone) = alarm_call(ctx, AlarmAction::Deactivate, Some(alarm)).await?;
        cleared.extend(gone);
    }
    print(ctx, format, None, &cleared)
}

fn no_args<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, command: &str) -> Result<(), CtlError> {
    if ctx.args.is_empty() {
        return Ok(());
    }
    Err(CtlError::BadArgs(format!(
        "{command} command accepts no arguments"
    )))
}

async fn alarm_call<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    action: AlarmAction,
    member: Option<AlarmMember>,
) -> Result<(ResponseHeader, Vec<AlarmMember>), CtlError> {
    let request = Request::Alarm {
        action,
        member_id: member.as_ref().map_or(0, |m| m.member_id),
        alarm: member.map(|m| m.alarm),
    };
    match call(ctx, request).await? {
        Response::Alarm { header, alarms } => Ok((header, alarms)),
        _ => Err(unexpected()),
    }
}

fn alarm_number(a: AlarmType) -> u64 {
    match a {
        AlarmType::Nospace => 1,
        AlarmType::Corrupt => 2,
    }
}

fn alarm_name(a: AlarmType) -> &'static str {
    match a {
        AlarmType::Nospace => "NOSPACE",
        AlarmType::Corrupt => "CORRUPT",
    }
}

/// The alarm printers: `%+v` of each `AlarmMember` (the protobuf text form, with its
/// trailing space), the fields, JSON or protobuf; no table.
fn print<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    format: Format,
    header: Option<ResponseHeader>,
    alarms: &[AlarmMember],
) -> Result<(), CtlError> {
    let response = AlarmResponse {
        header,
        alarms: alarms
            .iter()
            .map(|a| AlarmMemberJson {
                member_id: a.member_id,
                alarm: alarm_number(a.alarm),
            })
            .collect(),
    };
    ctx.print(format, &response, || {
        let mut text = String::new();
        match format {
            Format::Simple => {
                for a in alarms {
                    text.push_str(&format!(
                        "memberID:{} alarm:{} \n",
                        a.member_id,
                        alarm_name(a.alarm)
                    ));
                }
            }
            Format::Fields => {
                push_header(&mut text, &response.header.clone().unwrap_or_default());
                for a in alarms {
                    text.push_str(&format!(
                        "\"MemberID\" : {}\n\"AlarmType\" : {}\n",
                        a.member_id,
                        alarm_name(a.alarm)
                    ));
                }
            }
            Format::Json => text = json_line(&response),
            Format::Protobuf | Format::Table => {
                return Err(CtlError::unsupported_format(format.name()));
            }
        }
        Ok(text)
    })
}
