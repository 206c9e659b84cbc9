//! etcdctl v2's client setup (`mustNewClient`, `mustNewClientNoSync`) and its
//! `handleError`: the texts and exit statuses a run ends with when it cannot reach the
//! cluster.

use super::super::EtcdApi;
use super::super::output::Output;
use super::Env;
use super::client::{Client, ClientError, endpoints};
use super::flags::Globals;

/// etcdctl's `handleError`: `Error:  ERR` and, for a cluster error, its detail.
pub(super) fn report(out: &mut Output<'_>, err: &ClientError) {
    out.errln(&format!("Error:  {err}"));
    if let Some(detail) = err.detail() {
        out.errln(&detail);
    }
}

/// `mustNewClient`: a client that has synced (unless `--no-sync`); a connection failure
/// ends the run with `ExitBadConnection`.
pub(super) async fn connected<'a, A: EtcdApi>(
    api: &'a A,
    globals: &Globals,
    env: &Env<'_>,
    out: &mut Output<'_>,
) -> Result<Client<'a, A>, i32> {
    let mut client = new_client(api, globals, env, out)?;
    if !globals.no_sync {
        if globals.debug {
            out.errln(&format!(
                "start to sync cluster using endpoints({})",
                client.endpoints().join(",")
            ));
        }
        match client.sync(out).await {
            Ok(()) => {}
            Err(ClientError::Other(text)) if text == "client: no endpoints available" => {
                out.errln("etcd cluster has no published client endpoints.");
                out.errln(&format!(
                    "Try '--no-sync' if you want to access non-published client endpoints({}).",
                    client.endpoints().join(",")
                ));
                report(out, &ClientError::Other(text));
                return Err(EXIT_SERVER_ERROR);
            }
            Err(e) => {
                report(out, &e);
                return Err(EXIT_BAD_CONNECTION);
            }
        }
        if globals.debug {
            out.errln(&format!(
                "got endpoints({}) after sync",
                client.endpoints().join(",")
            ));
        }
    }
    if globals.debug {
        out.errln(&format!(
            "Cluster-Endpoints: {}",
            client.endpoints().join(", ")
        ));
    }
    Ok(client)
}

/// `newClient`: the endpoints parsed; a bad one ends the run with its text and status 1.
pub(super) fn new_client<'a, A: EtcdApi>(
    api: &'a A,
    globals: &Globals,
    env: &Env<'_>,
    out: &mut Output<'_>,
) -> Result<Client<'a, A>, i32> {
    match endpoints(globals, env) {
        Ok(eps) => Ok(Client::new(api, eps, globals)),
        Err(why) => {
            out.errln(&why);
            Err(1)
        }
    }
}

/// etcdctl v2's `ExitBadConnection`.
pub(super) const EXIT_BAD_CONNECTION: i32 = 2;
/// etcdctl v2's `ExitServerError`.
pub(super) const EXIT_SERVER_ERROR: i32 = 4;
