//! `curl` (7.29, as on CentOS 7) against members' client and peer URLs: its options
//! (`-i`, `-f`, `-s`/`-S`, `-o`, `-w '%{http_code}'`, `-m`, `-X`, `-H`, `-d`, `-L`), its
//! output and its failures' messages and exit codes. What the member answers is
//! `etcd_http`'s.

use super::etcd_gateway;
use super::etcd_http::{self, HttpRequest, HttpResponse};
use crate::etcdctl::TlsFlags;
use crate::lab::program::ProgramCtx;
use crate::lab::sleep;
use crate::sim::ConnectError;
use crate::time::{SimDuration, WallClock};
use crate::vfs::WriteMode;

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
    /// `-s`: no error messages (unless `-S`).
    silent: bool,
    show_error: bool,
    /// `-o FILE`: the body goes there instead of stdout.
    output: Option<String>,
    /// `-w FORMAT`, printed after the transfer.
    write_out: Option<String>,
    /// `-H 'Content-Type: …'`.
    content_type: Option<String>,
    /// `-H 'Authorization: …'`.
    authorization: Option<String>,
    /// `-d DATA`; several are joined with `&`, as curl joins them.
    data: Option<String>,
    /// `--cacert`, `--cert`, `--key`, `-k`/`--insecure`.
    tls: TlsFlags,
    /// `--http1.1`: no HTTP/2 over TLS.
    http1: bool,
}

fn parse_args(args: &[String]) -> Result<Request, String> {
    let mut req = Request {
        url: String::new(),
        method: "GET".to_owned(),
        include_headers: false,
        fail: false,
        max_time: None,
        silent: false,
        show_error: false,
        output: None,
        write_out: None,
        content_type: None,
        authorization: None,
        data: None,
        tls: TlsFlags::default(),
        http1: false,
    };
    let mut method = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if let Some((flag, value)) = attached(arg) {
            take_value(&mut req, &mut method, flag, value.to_owned());
            continue;
        }
        match arg.as_str() {
            "-X" | "--request" | "-o" | "--output" | "-w" | "--write-out" | "-d" | "--data"
            | "--data-raw" | "--data-binary" | "-H" | "--header" => {
                let value = it.next().cloned().unwrap_or_default();
                take_value(&mut req, &mut method, arg, value);
            }
            "--cacert" | "-E" | "--cert" | "--key" => {
                let value = it.next().cloned().unwrap_or_default();
                match arg.as_str() {
                    "--cacert" => req.tls.cacert = value,
                    "--key" => req.tls.key = value,
                    _ => req.tls.cert = value,
                }
            }
            "-u" | "--user" => {
                it.next();
            }
            "-k" | "--insecure" => req.tls.insecure_skip_verify = true,
            "--http1.1" => req.http1 = true,
            "-L" | "--location" => {}
            "-m" | "--max-time" => {
                let secs = it.next().and_then(|s| s.parse::<u64>().ok());
                req.max_time = secs.map(SimDuration::from_secs);
            }
            "-i" | "--include" => req.include_headers = true,
            "-f" | "--fail" => req.fail = true,
            "--silent" => req.silent = true,
            "--show-error" => req.show_error = true,
            flag if flag.starts_with("--") => {}
            flag if flag.starts_with('-') && flag.len() > 1 => {
                req.include_headers |= flag.contains('i');
                req.fail |= flag.contains('f');
                req.silent |= flag.contains('s');
                req.show_error |= flag.contains('S');
                req.tls.insecure_skip_verify |= flag.contains('k');
            }
            url => req.url = url.to_owned(),
        }
    }
    req.method = match (method, &req.data) {
        (Some(m), _) => m,
        (None, Some(_)) => "POST".to_owned(),
        (None, None) => "GET".to_owned(),
    };
    if req.data.is_some() && req.content_type.is_none() {
        req.content_type = Some("application/x-www-form-urlencoded".to_owned());
    }
    if req.url.is_empty() {
        return Err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n".to_owned());
    }
    Ok(req)
}

/// `-XPUT`, `-HName:value`, `-d{…}`: a short option with its value attached.
fn attached(arg: &str) -> Option<(&str, &str)> {
    ["-X", "-H", "-d", "-o", "-w"]
        .into_iter()
        .find_map(|flag| arg.strip_prefix(flag).map(|v| (flag, v)))
        .filter(|(_, v)| !v.is_empty())
}

/// Records the value of an option that takes one.
fn take_value(req: &mut Request, method: &mut Option<String>, flag: &str, value: String) {
    match flag {
        "-X" | "--request" => *method = Some(value),
        "-o" | "--output" => req.output = Some(value),
        "-w" | "--write-out" => req.write_out = Some(value),
        "-H" | "--header" => {
            if let Some((name, v)) = value.split_once(':') {
                let v = Some(v.trim().to_owned());
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-type" => req.content_type = v,
                    "authorization" => req.authorization = v,
                    _ => {}
                }
            }
        }
        _ => {
            req.data = Some(match req.data.take() {
                Some(before) => format!("{before}&{value}"),
                None => value,
            });
        }
    }
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
        let message =
            format!("curl: (6) Could not resolve host: {host}; Name or service not known\n");
        complain(ctx, &req, &message);
        write_out(ctx, &req, 0);
        return 6;
    };
    let connected = ctx.lab.world().connect(ctx.host, ip, port);
    let conn = match connected {
        Ok(conn) => conn,
        Err(err) => return connect_failed(ctx, &req, &host, port, err).await,
    };
    let https = req.url.starts_with("https://");
    let secured = super::curl_tls::handshake(ctx, &req.tls, https, (&host, ip), conn);
    let secured = secured.and_then(|()| super::curl_tls::alpn(https && !req.http1, conn));
    if let Err((code, message)) = secured {
        complain(ctx, &req, &message);
        write_out(ctx, &req, 0);
        return code;
    }
    sleep(&ctx.lab, SERVE_TIME).await;
    let lab = ctx.lab.clone();
    let request = HttpRequest {
        method: req.method.clone(),
        path,
        content_type: req.content_type.clone(),
        authorization: req.authorization.clone(),
        body: req.data.clone().unwrap_or_default(),
    };
    let answer = if etcd_gateway::is_watch(&request) && !conn.peer_port {
        let include = req.include_headers;
        let head = |answer: &HttpResponse| {
            if include {
                head(&lab, answer)
            } else {
                String::new()
            }
        };
        match etcd_gateway::curl_watch(ctx, conn, &request, head).await {
            Ok(status) => return status,
            Err(answer) => answer,
        }
    } else {
        etcd_http::serve(&lab, ctx.host, conn, &request).await
    };
    if req.fail && answer.status >= 400 {
        complain(
            ctx,
            &req,
            &format!(
                "curl: (22) The requested URL returned error: {} {}\n",
                answer.status,
                answer.reason()
            ),
        );
        write_out(ctx, &req, answer.status);
        return 22;
    }
    let mut text = String::new();
    if req.include_headers {
        text.push_str(&head(&ctx.lab, &answer));
    }
    text.push_str(&answer.body);
    if let Some(trailer) = answer.trailer.filter(|_| req.include_headers) {
        text.push_str(&format!("{trailer}\r\n"));
    }
    match req.output.as_deref() {
        None | Some("-") => ctx.print(&text),
        Some("/dev/null") => {}
        Some(file) => {
            let path = ctx.absolute(file);
            let written = ctx.lab.with_vfs(ctx.host, |vfs| {
                vfs.write(&path, text.as_bytes(), WriteMode::Truncate)
            });
            if !matches!(written, Some(Ok(()))) {
                complain(
                    ctx,
                    &req,
                    &format!("curl: (23) Failed writing body (0 != {})\n", text.len()),
                );
                return 23;
            }
        }
    }
    write_out(ctx, &req, answer.status);
    0
}

/// The status line and headers as Go's `net/http` writes them (`-i`).
fn head(lab: &crate::lab::Lab, answer: &HttpResponse) -> String {
    let mut text = format!("HTTP/1.1 {} {}\r\n", answer.status, answer.reason());
    for (name, value) in &answer.headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    let secs = WallClock::at(lab.now()).unix_micros / 1_000_000;
    let date = i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default();
    text.push_str(&format!("Date: {date}\r\n"));
    if answer.chunked {
        text.push_str("Transfer-Encoding: chunked\r\n");
    } else if answer.has_body() {
        text.push_str(&format!("Content-Length: {}\r\n", answer.body.len()));
    }
    if answer.sniffed {
        text.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    }
    text.push_str("\r\n");
    text
}

/// An error message, unless `-s` without `-S`.
fn complain(ctx: &mut ProgramCtx<'_>, req: &Request, message: &str) {
    if !req.silent || req.show_error {
        ctx.eprint(message);
    }
}

/// `-w FORMAT`: `%{http_code}` (000 when nothing answered) and `\n`-style escapes.
fn write_out(ctx: &mut ProgramCtx<'_>, req: &Request, status: u16) {
    let Some(format) = req.write_out.as_deref() else {
        return;
    };
    let text = format
        .replace("%{http_code}", &format!("{status:03}"))
        .replace("%{response_code}", &format!("{status:03}"))
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\r", "\r");
    ctx.print(&text);
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
                if ctx.interrupted() {
                    return 130;
                }
                let left = deadline.saturating_duration_since(ctx.lab.now());
                sleep(&ctx.lab, left.min(SimDuration::from_millis(100))).await;
            }
            if req.max_time.is_some() {
                let message = format!(
                    "curl: (28) Connection timed out after {} milliseconds\n",
                    wait.as_millis()
                );
                complain(ctx, req, &message);
                write_out(ctx, req, 0);
                return 28;
            }
            "Connection timed out"
        }
    };
    complain(
        ctx,
        req,
        &format!("curl: (7) Failed connect to {host}:{port}; {why}\n"),
    );
    write_out(ctx, req, 0);
    7
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
