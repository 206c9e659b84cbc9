//! `etcdctl cluster-health` (v2): the member list from the first endpoint that answers (no
//! sync), then each member's `/health` on its client URLs, and the verdict — healthy,
//! degraded or unavailable — with etcdctl v2's exit statuses.

use super::super::output::Output;
use super::super::{CallTimeouts, EtcdApi, HttpCall, RpcError};
use super::client::dial_error;
use super::connect::{self, EXIT_SERVER_ERROR};
use super::flags::{self, Globals};
use super::member::{V2Member, fetch_list};
use super::{EXIT_BAD_ARGS, Env};

/// etcdctl v2's `ExitClusterNotHealthy`.
const EXIT_CLUSTER_NOT_HEALTHY: i32 = 5;
/// Time between two checks with `--forever` (unit: microseconds).
const FOREVER_INTERVAL_MICROS: u64 = 10_000_000;
/// How long one `/health` request may take: etcdctl's `http.Client` has no timeout, the
/// dial has its 30 s (unit: microseconds).
const HEALTH_TIMEOUTS: CallTimeouts = CallTimeouts {
    timeout_micros: 30_000_000,
    dial_timeout_micros: 30_000_000,
};

/// `etcdctl cluster-health [--forever]`.
pub(super) async fn run<A: EtcdApi>(
    args: &[String],
    globals: &Globals,
    env: &Env<'_>,
    api: &A,
    out: &mut Output<'_>,
) -> i32 {
    let forever = match flags::parse(args, &[("forever, f", true)]) {
        Ok((found, _)) => flags::is_set(&found, "forever"),
        Err(why) => {
            out.errln(&format!("Incorrect Usage: {why}"));
            return EXIT_BAD_ARGS;
        }
    };
    let mut client = match connect::new_client(api, globals, env, out) {
        Ok(client) => client,
        Err(status) => return status,
    };
    if globals.debug {
        out.errln(&format!(
            "Cluster-Endpoints: {}",
            client.endpoints().join(", ")
        ));
    }
    let members = match fetch_list(&mut client, out).await {
        Ok(members) => members,
        Err(e) => {
            out.outln("cluster may be unhealthy: failed to list members");
            connect::report(out, &e);
            return EXIT_SERVER_ERROR;
        }
    };
    loop {
        let healthy = check_all(api, &members, out).await;
        let verdict = match healthy {
            n if n == members.len() => "cluster is healthy",
            0 => "cluster is unavailable",
            _ => "cluster is degraded",
        };
        out.outln(verdict);
        if !forever {
            return if healthy == members.len() {
                0
            } else {
                EXIT_CLUSTER_NOT_HEALTHY
            };
        }
        out.out("\nnext check after 10 second...\n\n");
        api.sleep(FOREVER_INTERVAL_MICROS).await;
    }
}

/// Checks every member; returns how many are healthy.
async fn check_all<A: EtcdApi>(api: &A, members: &[V2Member], out: &mut Output<'_>) -> usize {
    let mut healthy = 0usize;
    for m in members {
        if m.client_urls.is_empty() {
            out.outln(&format!(
                "member {} is unreachable: no available published client urls",
                m.id
            ));
            continue;
        }
        match check_member(api, m, out).await {
            Some(true) => healthy = healthy.saturating_add(1),
            Some(false) => {}
            None => out.outln(&format!(
                "member {} is unreachable: [{}] are all unreachable",
                m.id,
                m.client_urls.join(" ")
            )),
        }
    }
    healthy
}

/// The first client URL that answers decides; `None` if none does.
async fn check_member<A: EtcdApi>(api: &A, m: &V2Member, out: &mut Output<'_>) -> Option<bool> {
    for url in &m.client_urls {
        let call = HttpCall {
            method: "GET".to_owned(),
            path: "/health".to_owned(),
            ..HttpCall::default()
        };
        let failed = |why: String| {
            format!(
                "failed to check the health of member {} on {url}: {why}",
                m.id
            )
        };
        let reply = match api.http(url, call, HEALTH_TIMEOUTS).await {
            Ok(reply) => reply,
            Err(e) => {
                let why = match e {
                    RpcError::Unreachable { reason } => dial_error(url, &reason),
                    RpcError::DeadlineExceeded => "context deadline exceeded".to_owned(),
                    RpcError::Server(e) => e.message,
                };
                out.outln(&failed(format!("Get \"{url}/health\": {why}")));
                continue;
            }
        };
        let health = match parse_health(&reply.body) {
            Ok(health) => health,
            Err(why) => {
                out.outln(&failed(why));
                continue;
            }
        };
        let (word, result) = if health {
            ("healthy", "healthy")
        } else {
            ("unhealthy", "unhealthy")
        };
        out.outln(&format!(
            "member {} is {word}: got {result} result from {url}",
            m.id
        ));
        return Some(health);
    }
    None
}

/// `{"health":"true"}` (or a boolean) → healthy; Go's JSON error for anything else.
fn parse_health(body: &str) -> Result<bool, String> {
    if let Some(e) = super::go_json::syntax_error(body) {
        return Err(e);
    }
    let value: serde_json::Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let field = value
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("health")))
        .map(|(_, v)| v);
    Ok(match field {
        Some(serde_json::Value::String(s)) => s == "true",
        Some(serde_json::Value::Bool(b)) => *b,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_bodies_read_as_etcdctl_reads_them() {
        assert_eq!(parse_health(r#"{"health":"true"}"#), Ok(true));
        assert_eq!(parse_health(r#"{"health":"false"}"#), Ok(false));
        assert_eq!(
            parse_health("404 page not found\n"),
            Err("invalid character 'p' after top-level value".to_owned())
        );
    }
}
