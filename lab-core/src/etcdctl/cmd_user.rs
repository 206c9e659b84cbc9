//! `user add|delete|get|list|passwd|grant-role|revoke-role`, with etcdctl 3.4.23's argument
//! errors, password prompts and lines.

use super::api::EtcdApi;
use super::cmd_auth::{auth_call, change_and_confirm};
use super::cmd_kv::unexpected;
use super::context::Ctx;
use super::error::CtlError;
use super::print_auth::{self, JsonBody, render};
use crate::auth::{AuthRequest, AuthResponse, hash_password};

/// One `user` subcommand.
pub(super) async fn run<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, sub: &str) -> Result<(), CtlError> {
    let (request, done) = match sub {
        "add" => add_request(ctx).await?,
        "delete" => {
            let name = one_arg(
                ctx,
                "user delete command requires user name as its argument",
            )?;
            let line = format!("User {name} deleted");
            (AuthRequest::UserDelete { name }, line)
        }
        "passwd" => {
            let name = one_arg(
                ctx,
                "user passwd command requires user name as its argument",
            )?;
            let password = new_password(ctx, &name).await?;
            let request = AuthRequest::UserChangePassword {
                name,
                password_hash: hash_password(&password),
            };
            (request, "Password updated".to_owned())
        }
        "grant-role" | "revoke-role" => role_request(ctx, sub)?,
        "get" => return get(ctx).await,
        _ => return list(ctx).await,
    };
    change_and_confirm(ctx, request, &done).await
}

/// `user add NAME[:PASSWORD]`: the request and its line.
async fn add_request<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> Result<(AuthRequest, String), CtlError> {
    let arg = one_arg(ctx, "user add command requires user name as its argument")?;
    let from_flag = ctx.flags.string("new-user-password");
    let (name, password) = if ctx.flags.is_true("no-password") {
        (arg, None)
    } else if !from_flag.is_empty() {
        (arg, Some(from_flag))
    } else if let Some((name, password)) = arg.split_once(':') {
        if name.is_empty() {
            return Err(CtlError::BadArgs(
                "empty user name is not allowed".to_owned(),
            ));
        }
        (name.to_owned(), Some(password.to_owned()))
    } else {
        let password = new_password(ctx, &arg).await?;
        (arg, Some(password))
    };
    let line = format!("User {name} created");
    let password_hash = password.as_deref().map(hash_password);
    Ok((
        AuthRequest::UserAdd {
            name,
            password_hash,
        },
        line,
    ))
}

/// `--interactive=false` reads a word of stdin; else the password is asked twice.
async fn new_password<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, name: &str) -> Result<String, CtlError> {
    if ctx.flags.is_true("interactive") {
        ctx.ask_new_password(name).await
    } else {
        Ok(ctx.scan_word().await)
    }
}

fn role_request<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    sub: &str,
) -> Result<(AuthRequest, String), CtlError> {
    let [user, role] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(if sub == "grant-role" {
            "user grant command requires user name and role name as its argument".to_owned()
        } else {
            "user revoke-role requires user name and role name".to_owned()
        }));
    };
    let (user, role) = (user.clone(), role.clone());
    Ok(if sub == "grant-role" {
        let line = format!("Role {role} is granted to user {user}");
        (AuthRequest::UserGrantRole { user, role }, line)
    } else {
        let line = format!("Role {role} is revoked from user {user}");
        (AuthRequest::UserRevokeRole { name: user, role }, line)
    })
}

/// `user get NAME [--detail]`: with `--detail`, each role as `role get` prints it.
async fn get<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let name = one_arg(ctx, "user get command requires user name as its argument")?;
    let format = ctx.client_config()?;
    let client = ctx.connect(&ctx.endpoints()).await?;
    let request = AuthRequest::UserGet { name: name.clone() };
    let (header, AuthResponse::User(roles)) = auth_call(ctx, &client, request).await? else {
        return Err(unexpected());
    };
    if !ctx.flags.is_true("detail") {
        let body = JsonBody {
            roles: (!roles.is_empty()).then_some(roles.as_slice()),
            ..JsonBody::default()
        };
        let text = render(format, &header, body, || print_auth::user(&name, &roles))?;
        ctx.out(&text);
        return Ok(());
    }
    ctx.outln(&format!("User: {name}"));
    for role in roles {
        let request = AuthRequest::RoleGet { role: role.clone() };
        let (_, AuthResponse::Role(perms)) = auth_call(ctx, &client, request).await? else {
            return Err(unexpected());
        };
        ctx.out(&format!("\n{}", print_auth::role(&role, &perms)));
    }
    Ok(())
}

async fn list<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    list_names(ctx, AuthRequest::UserList).await
}

/// `user list` and `role list`: one name per line, or JSON's `users` or `roles`.
pub(super) async fn list_names<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    request: AuthRequest,
) -> Result<(), CtlError> {
    let format = ctx.client_config()?;
    let client = ctx.connect(&ctx.endpoints()).await?;
    let (header, body, listed) = match auth_call(ctx, &client, request).await? {
        (header, AuthResponse::Users(users)) => (header, true, users),
        (header, AuthResponse::Roles(roles)) => (header, false, roles),
        _ => return Err(unexpected()),
    };
    let body = if body {
        JsonBody {
            users: Some(&listed),
            ..JsonBody::default()
        }
    } else {
        JsonBody {
            roles: Some(&listed),
            ..JsonBody::default()
        }
    };
    let text = render(format, &header, body, || names(&listed))?;
    ctx.out(&text);
    Ok(())
}

/// One name per line.
pub(super) fn names(names: &[String]) -> String {
    names.iter().map(|n| format!("{n}\n")).collect()
}

/// The single argument, or `why` (exit 128).
pub(super) fn one_arg<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, why: &str) -> Result<String, CtlError> {
    match ctx.args.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(CtlError::BadArgs(why.to_owned())),
    }
}
