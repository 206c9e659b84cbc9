//! `auth enable` and `auth disable`. `auth enable` does what etcdctl 3.4 does when the root
//! user lacks the root role: adds the role, grants it, and enables again.

use super::api::EtcdApi;
use super::client::Client;
use super::cmd_kv::unexpected;
use super::context::Ctx;
use super::error::CtlError;
use super::pb::ResponseHeader;
use super::print_auth::{JsonBody, render};
use super::rpc::{Request, Response};
use crate::auth::{AuthError, AuthRequest, AuthResponse, ROOT};

/// Tries of `AuthEnable`: the second follows the grant of the root role; etcdctl loops
/// without bound, the lab stops after a third.
const MAX_ENABLE_ATTEMPTS: usize = 3;

/// `auth enable|disable`.
pub(super) async fn run<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, sub: &str) -> Result<(), CtlError> {
    if !ctx.args.is_empty() {
        return Err(CtlError::BadArgs(format!(
            "auth {sub} command does not accept any arguments"
        )));
    }
    ctx.client_config()?;
    let client = ctx.connect(&ctx.endpoints()).await?;
    if sub == "disable" {
        auth_call(ctx, &client, AuthRequest::AuthDisable).await?;
        ctx.outln("Authentication Disabled");
        return Ok(());
    }
    let root_role_missing = AuthError::RootRoleNotExist.to_string();
    for _ in 0..MAX_ENABLE_ATTEMPTS {
        match auth_call(ctx, &client, AuthRequest::AuthEnable).await {
            Ok(_) => {
                ctx.outln("Authentication Enabled");
                return Ok(());
            }
            Err(CtlError::Error(text)) if text == root_role_missing => {
                let add = AuthRequest::RoleAdd { name: ROOT.into() };
                auth_call(ctx, &client, add).await?;
                let grant = AuthRequest::UserGrantRole {
                    user: ROOT.into(),
                    role: ROOT.into(),
                };
                auth_call(ctx, &client, grant).await?;
            }
            Err(e) => return Err(e),
        }
    }
    Err(CtlError::Error(root_role_missing))
}

/// Sends one change of users or roles and prints its confirmation line (`User alice
/// created`), or with `-w json` the header alone.
pub(super) async fn change_and_confirm<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    request: AuthRequest,
    done: &str,
) -> Result<(), CtlError> {
    let format = ctx.client_config()?;
    let client = ctx.connect(&ctx.endpoints()).await?;
    let (header, _) = auth_call(ctx, &client, request).await?;
    let text = render(format, &header, JsonBody::default(), || format!("{done}\n"))?;
    ctx.out(&text);
    Ok(())
}

/// One `Auth` service call through `client`, failing with `toErr`'s text.
pub(super) async fn auth_call<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    client: &Client<'_, A>,
    request: AuthRequest,
) -> Result<(ResponseHeader, AuthResponse), CtlError> {
    match super::cmd_kv::call_with(ctx, client, Request::Auth(request)).await? {
        Response::Auth { header, response } => Ok((header, response)),
        _ => Err(unexpected()),
    }
}
