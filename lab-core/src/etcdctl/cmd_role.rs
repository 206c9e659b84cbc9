//! `role add|delete|get|list|grant-permission|revoke-permission`, with etcdctl 3.4.23's
//! argument errors, its key ranges (`--prefix`, `--from-key`) and lines.

use super::api::EtcdApi;
use super::cmd_auth::{auth_call, change_and_confirm};
use super::cmd_kv::unexpected;
use super::cmd_user::{list_names, one_arg};
use super::context::Ctx;
use super::error::CtlError;
use super::print_auth::{self, JsonBody, JsonPerm, render};
use crate::auth::{AuthRequest, AuthResponse, PermType, Permission, prefix_range_end};

/// One `role` subcommand.
pub(super) async fn run<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, sub: &str) -> Result<(), CtlError> {
    let (request, done) = match sub {
        "add" => {
            let name = one_arg(ctx, "role add command requires role name as its argument")?;
            let line = format!("Role {name} created");
            (AuthRequest::RoleAdd { name }, line)
        }
        "delete" => {
            let role = one_arg(
                ctx,
                "role delete command requires role name as its argument",
            )?;
            let line = format!("Role {role} deleted");
            (AuthRequest::RoleDelete { role }, line)
        }
        "grant-permission" => grant_request(ctx)?,
        "revoke-permission" => revoke_request(ctx)?,
        "get" => return get(ctx).await,
        _ => return list(ctx).await,
    };
    change_and_confirm(ctx, request, &done).await
}

fn grant_request<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<(AuthRequest, String), CtlError> {
    let [role, perm_type, keys @ ..] = ctx.args.as_slice() else {
        return Err(grant_usage());
    };
    if keys.is_empty() || keys.len() > 2 {
        return Err(grant_usage());
    }
    let perm_type = PermType::parse(perm_type)
        .ok_or_else(|| CtlError::BadArgs(format!("invalid permission type: {perm_type}")))?;
    let (key, range_end) = perm_range(ctx, keys)?;
    let line = format!("Role {role} updated");
    let perm = Permission {
        perm_type,
        key,
        range_end,
    };
    Ok((
        AuthRequest::RoleGrantPermission {
            name: role.clone(),
            perm,
        },
        line,
    ))
}

fn grant_usage() -> CtlError {
    CtlError::BadArgs(
        "role grant command requires role name, permission type, and key [endkey] as its argument"
            .to_owned(),
    )
}

fn revoke_request<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<(AuthRequest, String), CtlError> {
    let [role, keys @ ..] = ctx.args.as_slice() else {
        return Err(revoke_usage());
    };
    if keys.is_empty() || keys.len() > 2 {
        return Err(revoke_usage());
    }
    let (key, range_end) = perm_range(ctx, keys)?;
    let shown = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let line = if range_end.is_empty() {
        format!(
            "Permission of key {} is revoked from role {role}",
            shown(&key)
        )
    } else {
        format!(
            "Permission of range [{}, {}) is revoked from role {role}",
            shown(&key),
            shown(&range_end)
        )
    };
    let request = AuthRequest::RoleRevokePermission {
        role: role.clone(),
        key,
        range_end,
    };
    Ok((request, line))
}

fn revoke_usage() -> CtlError {
    CtlError::BadArgs(
        "role revoke-permission command requires role name and key [endkey] as its argument"
            .to_owned(),
    )
}

/// etcdctl's `permRange`: the key and range end the arguments and `--prefix`/`--from-key`
/// give; the empty key stands for `\0`, the smallest key a range can start at.
fn perm_range<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    keys: &[String],
) -> Result<(Vec<u8>, Vec<u8>), CtlError> {
    let (prefix, from_key) = (ctx.flags.is_true("prefix"), ctx.flags.is_true("from-key"));
    if prefix && from_key {
        return Err(CtlError::BadArgs(
            "--from-key and --prefix flags are mutually exclusive".to_owned(),
        ));
    }
    let key = keys
        .first()
        .map(|k| k.as_bytes().to_vec())
        .unwrap_or_default();
    if key.is_empty() {
        let end = if prefix || from_key {
            vec![0]
        } else {
            Vec::new()
        };
        return Ok((vec![0], end));
    }
    let end = match keys.get(1) {
        None if prefix => prefix_range_end(&key),
        None if from_key => vec![0],
        None => Vec::new(),
        Some(_) if prefix => {
            return Err(CtlError::BadArgs(
                "unexpected endkey argument with --prefix flag".to_owned(),
            ));
        }
        Some(_) if from_key => {
            return Err(CtlError::BadArgs(
                "unexpected endkey argument with --from-key flag".to_owned(),
            ));
        }
        Some(end) => end.as_bytes().to_vec(),
    };
    Ok((key, end))
}

async fn get<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let role = one_arg(ctx, "role get command requires role name as its argument")?;
    let format = ctx.client_config()?;
    let client = ctx.connect(&ctx.endpoints()).await?;
    let request = AuthRequest::RoleGet { role: role.clone() };
    let (header, AuthResponse::Role(perms)) = auth_call(ctx, &client, request).await? else {
        return Err(unexpected());
    };
    let body = JsonBody {
        perm: JsonPerm::all(&perms),
        ..JsonBody::default()
    };
    let text = render(format, &header, body, || print_auth::role(&role, &perms))?;
    ctx.out(&text);
    Ok(())
}

async fn list<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    list_names(ctx, AuthRequest::RoleList).await
}
