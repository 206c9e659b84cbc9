//! `member list|add|remove|update|promote`, with etcdctl's argument errors and the
//! `ETCD_*` lines `member add` prints for starting the new member.

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_kv::{call, call_with, unexpected};
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::gofmt::quote;
use super::pb::{MemberAddResponse, MemberListResponse};
use super::peer_urls;
use super::print_cluster;
use super::rpc::{Request, Response};

/// `member list`.
pub(super) async fn list<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let format = ctx.client_config()?;
    let Response::MemberList(response) = call(
        ctx,
        Request::MemberList {
            linearizable: false,
        },
    )
    .await?
    else {
        return Err(unexpected());
    };
    ctx.print(format, &response, || {
        print_cluster::member_list(format, &response)
    })?;
    Ok(())
}

/// `member add NAME --peer-urls=… [--learner]`.
pub(super) async fn add<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let Some(name) = ctx.args.first().cloned() else {
        return Err(CtlError::BadArgs("member name not provided".to_owned()));
    };
    if ctx.args.len() > 1 {
        let mut why = "too many arguments".to_owned();
        for arg in ctx
            .args
            .iter()
            .filter(|a| a.to_lowercase().starts_with("http"))
        {
            why.push_str(&format!(", did you mean --peer-urls={arg}"));
        }
        return Err(CtlError::BadArgs(why));
    }
    let urls_text = peer_urls_flag(ctx)?;
    let peer_urls: Vec<String> = urls_text.split(',').map(str::to_owned).collect();
    let (format, client) = client_for_urls(ctx, &peer_urls)?;
    let request = Request::MemberAdd {
        peer_urls,
        is_learner: ctx.flags.is_true("learner"),
    };
    let Response::MemberAdd(response) = call_with(ctx, &client, request).await? else {
        return Err(unexpected());
    };
    ctx.print(format, &response, || added(format, &response))?;
    if format == Format::Simple {
        ctx.out(&initial_cluster_env(&name, &urls_text, &response));
    }
    Ok(())
}

fn added(format: Format, r: &MemberAddResponse) -> Result<String, CtlError> {
    match format {
        Format::Simple => Ok(format!(
            "Member {:16x} added to cluster {:16x}\n",
            r.member.id, r.header.cluster_id
        )),
        Format::Json => Ok(super::print_kv::json_line(r)),
        _ => Err(CtlError::unsupported_format(format.name())),
    }
}

/// The lines to start the new member with: its name for its own entry in the member list,
/// which the server does not know yet.
fn initial_cluster_env(name: &str, urls_text: &str, r: &MemberAddResponse) -> String {
    let mut conf = Vec::new();
    for member in &r.members {
        let member_name = if member.id == r.member.id {
            name
        } else {
            member.name.as_str()
        };
        for url in &member.peer_urls {
            conf.push(format!("{member_name}={url}"));
        }
    }
    format!(
        "\nETCD_NAME={}\nETCD_INITIAL_CLUSTER={}\nETCD_INITIAL_ADVERTISE_PEER_URLS={}\nETCD_INITIAL_CLUSTER_STATE=\"existing\"\n",
        quote(name.as_bytes()),
        quote(conf.join(",").as_bytes()),
        quote(urls_text.as_bytes())
    )
}

/// `--peer-urls`, which must be given.
fn peer_urls_flag<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<String, CtlError> {
    let text = ctx.flags.string("peer-urls");
    if text.is_empty() {
        return Err(CtlError::BadArgs(
            "member peer urls not provided".to_owned(),
        ));
    }
    Ok(text)
}

/// The client, then clientv3's check of the URLs (in etcdctl's order).
fn client_for_urls<'r, A: EtcdApi>(
    ctx: &mut Ctx<'r, '_, A>,
    peer_urls: &[String],
) -> Result<(Format, Client<'r, A>), CtlError> {
    let format = ctx.client_config()?;
    let client = ctx.client(&ctx.endpoints())?;
    peer_urls::check(peer_urls).map_err(CtlError::Error)?;
    Ok((format, client))
}

/// `member remove ID`.
pub(super) async fn remove<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    change_by_id(ctx, |id| Request::MemberRemove { id }, "removed from").await
}

/// `member update ID --peer-urls=…`.
pub(super) async fn update<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let id = member_id(ctx)?;
    let urls_text = peer_urls_flag(ctx)?;
    let peer_urls: Vec<String> = urls_text.split(',').map(str::to_owned).collect();
    let (format, client) = client_for_urls(ctx, &peer_urls)?;
    change(
        ctx,
        format,
        Some(client),
        Request::MemberUpdate { id, peer_urls },
        "updated in",
        id,
    )
    .await
}

/// `member promote ID`.
pub(super) async fn promote<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    change_by_id(ctx, |id| Request::MemberPromote { id }, "promoted in").await
}

/// A change that needs only the member ID argument.
async fn change_by_id<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    request: fn(u64) -> Request,
    verb: &str,
) -> Result<(), CtlError> {
    let id = member_id(ctx)?;
    let format = ctx.client_config()?;
    change(ctx, format, None, request(id), verb, id).await
}

async fn change<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    format: Format,
    client: Option<Client<'_, A>>,
    request: Request,
    verb: &str,
    id: u64,
) -> Result<(), CtlError> {
    let client = match client {
        Some(client) => client,
        None => ctx.client(&ctx.endpoints())?,
    };
    let response: MemberListResponse = match call_with(ctx, &client, request).await? {
        Response::MemberRemove(r) | Response::MemberUpdate(r) | Response::MemberPromote(r) => r,
        _ => return Err(unexpected()),
    };
    ctx.print(format, &response, || {
        print_cluster::member_change(format, verb, id, &response.header, &response)
    })
}

/// The one hexadecimal member ID argument.
fn member_id<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<u64, CtlError> {
    let [arg] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs("member ID is not provided".to_owned()));
    };
    parse_hex_u64(arg)
        .map_err(|e| CtlError::BadArgs(format!("bad member ID arg ({e}), expecting ID in Hex")))
}

/// Go's `strconv.ParseUint(text, 16, 64)`, with its error text.
pub(super) fn parse_hex_u64(text: &str) -> Result<u64, String> {
    let fail = |what: &str| {
        format!(
            "strconv.ParseUint: parsing {}: {what}",
            quote(text.as_bytes())
        )
    };
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(fail("invalid syntax"));
    }
    u64::from_str_radix(text, 16).map_err(|_| fail("value out of range"))
}
