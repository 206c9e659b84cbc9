//! `curl` against members' client and peer URLs: `/version`, `/health`, the peer `/members`
//! list and, only with `--enable-v2`, `/v2/members`; everything else is Go's
//! `404 page not found`. Connection failures are curl 7.29's (CentOS 7) messages and codes.

use serde_json::json;

use super::etcdctl::member_list_of;
use crate::lab::program::ProgramCtx;
use crate::lab::sleep;
use crate::sim::{ConnectError, Connection, ProcessKind};
use crate::time::SimDuration;

/// How long curl waits for a connection nobody answers (unit: virtual time): curl 7.29's
/// default connect timeout.
const CONNECT_TIMEOUT: SimDuration = SimDuration::from_secs(75);
/// What a request to a member costs on top of the network (unit: virtual time).
const SERVE_TIME: SimDuration = SimDuration::from_micros(300);

struct Request {
    url: String,
    method: String,
    include_headers: bool,
    fail: bool,
    max_time: Option<SimDuration>,
}

fn parse_args(args: &[String]) -> Result<Request, String> {
    let mut req = Request {
        url: String::new(),
        method: "GET".to_owned(),
        include_headers: false,
        fail: false,
        max_time: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-X" | "--request" => req.method = it.next().cloned().unwrap_or_default(),
            "-d" | "--data" | "--data-raw" | "-H" | "--header" | "--cacert" | "--cert"
            | "--key" | "-o" | "--output" | "-u" | "--user" | "-w" => {
                if matches!(arg.as_str(), "-d" | "--data" | "--data-raw") && req.method == "GET" {
                    req.method = "POST".to_owned();
                }
                it.next();
            }
            "-m" | "--max-time" => {
                let secs = it.next().and_then(|s| s.parse::<u64>().ok());
                req.max_time = secs.map(SimDuration::from_secs);
            }
            "-i" | "--include" => req.include_headers = true,
            "-f" | "--fail" => req.fail = true,
            flag if flag.starts_with("--") => {}
            flag if flag.starts_with('-') && flag.len() > 1 => {
                req.include_headers |= flag.contains('i');
                req.fail |= flag.contains('f');
            }
            url => req.url = url.to_owned(),
        }
    }
    if req.url.is_empty() {
        return Err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n".to_owned());
    }
    Ok(req)
}

/// `scheme://host[:port][/path]` → (host, port, path).
fn split_url(url: &str) -> Option<(String, u16, String)> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let default_port = if scheme == "https" { 443 } else { 80 };
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?.to_owned()),
        None => (rest, "/".to_owned()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h.to_owned(), p.parse().ok()?),
        None => (authority.to_owned(), default_port),
    };
    Some((host, port, path))
}

pub async fn curl(ctx: &mut ProgramCtx<'_>) -> i32 {
    let req = match parse_args(ctx.args) {
        Ok(req) => req,
        Err(message) => {
            ctx.eprint(&message);
            return 2;
        }
    };
    let Some((host, port, path)) = split_url(&req.url) else {
        ctx.eprint("curl: (3) <url> malformed\n");
        return 3;
    };
    let Some(ip) = ctx.lab.world().resolve_name(ctx.host, &host) else {
        ctx.eprint(&format!(
            "curl: (6) Could not resolve host: {host}; Name or service not known\n"
        ));
        return 6;
    };
    let connected = ctx.lab.world().connect(ctx.host, ip, port);
    let conn = match connected {
        Ok(conn) => conn,
        Err(err) => return connect_failed(ctx, &req, &host, port, err).await,
    };
    sleep(&ctx.lab, SERVE_TIME).await;
    let (status, body) = respond(ctx, conn, &req.method, &path);
    if req.fail && status >= 400 {
        ctx.eprint(&format!(
            "curl: (22) The requested URL returned error: {status} Not Found\n"
        ));
        return 22;
    }
    if req.include_headers {
        let reason = if status == 200 {
            "OK"
        } else if status == 503 {
            "Service Unavailable"
        } else {
            "Not Found"
        };
        ctx.print(&format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            if status == 404 {
                "text/plain; charset=utf-8"
            } else {
                "application/json"
            },
            body.len()
        ));
    }
    ctx.print(&body);
    0
}

async fn connect_failed(
    ctx: &mut ProgramCtx<'_>,
    req: &Request,
    host: &str,
    port: u16,
    err: ConnectError,
) -> i32 {
    let why = match err {
        ConnectError::Refused => "Connection refused",
        ConnectError::NoRoute => "No route to host",
        ConnectError::Timeout => {
            let wait = req.max_time.unwrap_or(CONNECT_TIMEOUT).min(CONNECT_TIMEOUT);
            let deadline = ctx.lab.now().saturating_add(wait);
            while ctx.lab.now() < deadline {
                if (ctx.interrupted)() {
                    return 130;
                }
                let left = deadline.saturating_duration_since(ctx.lab.now());
                sleep(&ctx.lab, left.min(SimDuration::from_millis(100))).await;
            }
            if req.max_time.is_some() {
                ctx.eprint(&format!(
                    "curl: (28) Connection timed out after {} milliseconds\n",
                    wait.as_millis()
                ));
                return 28;
            }
            "Connection timed out"
        }
    };
    ctx.eprint(&format!(
        "curl: (7) Failed connect to {host}:{port}; {why}\n"
    ));
    7
}

/// What the member reached answers to `method path`: status and body.
fn respond(ctx: &ProgramCtx<'_>, conn: Connection, method: &str, path: &str) -> (u16, String) {
    let world = ctx.lab.world();
    let not_found = (404, "404 page not found\n".to_owned());
    let enable_v2 = world
        .hosts()
        .get(conn.host)
        .and_then(|h| {
            h.processes.iter().find_map(|p| match &p.kind {
                ProcessKind::Etcd { member, launch, .. } if *member == conn.member => {
                    Some(launch.enable_v2)
                }
                _ => None,
            })
        })
        .unwrap_or(false);
    let has_leader = world
        .members()
        .get(conn.member)
        .is_some_and(|m| m.leader.is_some());
    let members = member_list_of(&world, conn);
    let path = path.split('?').next().unwrap_or(path);
    match (method, path, conn.peer_port) {
        ("GET", "/version", _) => {
            let cluster = if has_leader { "3.4.0" } else { "not_decided" };
            (
                200,
                format!(r#"{{"etcdserver":"3.4.23","etcdcluster":"{cluster}"}}"#),
            )
        }
        ("GET", "/health", false) if has_leader => (200, r#"{"health":"true"}"#.to_owned()),
        ("GET", "/health", false) => (503, r#"{"health":"false"}"#.to_owned()),
        ("GET", "/members", true) => {
            let list: Vec<String> = members
                .iter()
                .map(|m| {
                    format!(
                        r#"{{"id":"{:x}","peerURLs":{},"name":{},"clientURLs":{}}}"#,
                        m.id,
                        json!(m.peer_urls),
                        json!(m.name),
                        json!(m.client_urls)
                    )
                })
                .collect();
            (200, format!("[{}]", list.join(",")))
        }
        ("GET", "/v2/members", false) if enable_v2 => {
            let list: Vec<String> = members
                .iter()
                .map(|m| {
                    format!(
                        r#"{{"id":"{:x}","name":{},"peerURLs":{},"clientURLs":{}}}"#,
                        m.id,
                        json!(m.name),
                        json!(m.peer_urls),
                        json!(m.client_urls)
                    )
                })
                .collect();
            (200, format!("{{\"members\":[{}]}}\n", list.join(",")))
        }
        _ => not_found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        assert_eq!(
            split_url("http://10.0.0.11:2379/version"),
            Some(("10.0.0.11".to_owned(), 2379, "/version".to_owned()))
        );
        assert_eq!(
            split_url("localhost:2380"),
            Some(("localhost".to_owned(), 2380, "/".to_owned()))
        );
        assert_eq!(
            split_url("https://etcd-1/health"),
            Some(("etcd-1".to_owned(), 443, "/health".to_owned()))
        );
        assert_eq!(split_url("http://h:notaport/"), None);
    }
}
