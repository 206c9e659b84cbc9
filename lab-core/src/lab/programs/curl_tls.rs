//! curl's TLS (7.88 with OpenSSL 3.0, as recorded in `tests/data/peer-tls-reference.md`):
//! `--cacert`, `--cert`/`--key` and `-k`/`--insecure` loaded from the host's files, the
//! handshake with the member's listener, and curl's message and exit code for each way it
//! fails. The member logs the connection it rejected.

use std::net::Ipv4Addr;

use super::cfssl::read_at;
use super::etcd_tls::{key_pair, roots};
use crate::etcdctl::TlsFlags;
use crate::lab::program::ProgramCtx;
use crate::pki::{self, ClientTls, HandshakeFailure, X509Error};
use crate::sim::Connection;
use crate::time::WallClock;

/// What curl appends to every certificate-verification failure (exit 60).
const VERIFY_HELP: &str = "More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the web page mentioned above.
";

/// Lowest ephemeral port and how many there are (Linux's `ip_local_port_range`).
const EPHEMERAL: (u16, u16) = (32_768, 28_232);

/// A failed transfer: curl's exit code and its stderr text.
pub(super) type CurlFailure = (i32, String);

/// Connects over TLS when `https` (the URL's scheme) or the listener demands it:
/// `Ok` when the request may go on, else curl's failure, after the member logged it.
pub(super) fn handshake(
    ctx: &ProgramCtx<'_>,
    flags: &TlsFlags,
    https: bool,
    (host, ip): (&str, Ipv4Addr),
    conn: Connection,
) -> Result<(), CurlFailure> {
    let client = if https { Some(load(ctx, flags)?) } else { None };
    let server = ctx.lab.world().server_tls(&conn);
    let now = i64::try_from(WallClock::at(ctx.lab.now()).unix_micros / 1_000_000).unwrap_or(0);
    let from_ip = if conn.host == ctx.host {
        ip
    } else {
        let world = ctx.lab.world();
        world
            .hosts()
            .get(ctx.host)
            .map_or(Ipv4Addr::UNSPECIFIED, |h| h.ip)
    };
    let Err(failure) = pki::accept(server.as_ref(), client.as_ref(), host, from_ip, now) else {
        return Ok(());
    };
    let failure = chain_first(failure, server.as_ref(), client.as_ref(), now);
    if let HandshakeFailure::ServerCert(e) = &failure
        && e.is_name_mismatch()
    {
        // curl checks the name once the handshake is done and just hangs up: etcd's http
        // server sees a closed connection and logs nothing (recorded).
        return Err(outcome(&failure, host));
    }
    let port = EPHEMERAL.0 + (ctx.lab.next_client_request_id() % u64::from(EPHEMERAL.1)) as u16;
    let logged = match &failure {
        // OpenSSL aborts the handshake once it refused the server; Go reads that as this.
        HandshakeFailure::ServerCert(_) => "local error: tls: bad record MAC".to_owned(),
        other => other.server_error(),
    };
    let dialled = (host, ip);
    super::tls_log::reject_with(&ctx.lab, ctx.host, conn, dialled, port, &logged, &failure);
    Err(outcome(&failure, host))
}

/// OpenSSL verifies the chain (validity, issuer, purpose) inside the handshake and curl
/// the name only after it, so a name mismatch on a certificate that fails its chain too
/// is reported as the chain's failure (Go checks the name first).
fn chain_first(
    failure: HandshakeFailure,
    server: Option<&pki::ServerTls>,
    client: Option<&ClientTls>,
    now: i64,
) -> HandshakeFailure {
    let (HandshakeFailure::ServerCert(e), Some(server), Some(client)) = (&failure, server, client)
    else {
        return failure;
    };
    if !e.is_name_mismatch() {
        return failure;
    }
    let opts = pki::VerifyOptions {
        roots: &client.roots,
        host: None,
        now,
        usage: pki::ExtKeyUsage::ServerAuth,
    };
    match pki::verify(&server.cert, &opts) {
        Err(chain) => HandshakeFailure::ServerCert(chain),
        Ok(()) => failure,
    }
}

/// curl's exit code and message for a handshake that failed.
fn outcome(failure: &HandshakeFailure, host: &str) -> CurlFailure {
    let ssl_read = "curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A000412:SSL routines::sslv3 alert bad certificate, errno 0\n";
    match failure {
        HandshakeFailure::PlainToTls => (52, "curl: (52) Empty reply from server\n".to_owned()),
        HandshakeFailure::TlsToPlain => (
            35,
            "curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number\n"
                .to_owned(),
        ),
        HandshakeFailure::ServerCert(e) => {
            (60, format!("curl: (60) {}\n{VERIFY_HELP}", why(e, host)))
        }
        HandshakeFailure::NoClientCert | HandshakeFailure::ClientCert(_) => {
            (56, ssl_read.to_owned())
        }
        HandshakeFailure::ClientSan { .. } => {
            (52, "curl: (52) Empty reply from server\n".to_owned())
        }
    }
}

/// OpenSSL's words for why it refused the server's certificate.
fn why(e: &X509Error, host: &str) -> String {
    match e {
        X509Error::UnknownAuthority | X509Error::WrongAuthorityKey { .. } => {
            "SSL certificate problem: unable to get local issuer certificate".to_owned()
        }
        X509Error::Validity { side: "after", .. } => {
            "SSL certificate problem: certificate has expired".to_owned()
        }
        X509Error::Validity { .. } => {
            "SSL certificate problem: certificate is not yet valid".to_owned()
        }
        e if e.is_name_mismatch() => format!(
            "SSL: no alternative certificate subject name matches target host name '{host}'"
        ),
        _ => "SSL certificate problem: unsupported certificate purpose".to_owned(),
    }
}

/// The client side from curl's flags; a file curl cannot use ends the transfer before it
/// connects (77 for the CA file, 58 for the client's pair).
fn load(ctx: &ProgramCtx<'_>, flags: &TlsFlags) -> Result<ClientTls, CurlFailure> {
    let read = |path: &str| read_at(&ctx.lab, ctx.host, ctx.cwd, path);
    let roots = roots(&read, &flags.cacert).map_err(|_| {
        let text = format!(
            "curl: (77) error setting certificate file: {}\n",
            flags.cacert
        );
        (77, text)
    })?;
    let cert = match (flags.cert.as_str(), flags.key.as_str()) {
        ("", _) => None,
        (cert, key) => {
            // Without --key, curl looks for the key in the certificate file.
            let key = if key.is_empty() { cert } else { key };
            let pair = key_pair(&read, cert, key).map_err(|_| {
                let text = format!("curl: (58) unable to set private key file: '{key}' type PEM\n");
                (58, text)
            })?;
            Some(pair)
        }
    };
    Ok(ClientTls {
        roots,
        cert,
        skip_verify: flags.insecure_skip_verify,
    })
}

/// HTTP/2 over TLS (`h2`, which curl offers unless `--http1.1`) to a peer port: etcd 3.4
/// hands such connections to its gRPC server, which drops the request (exit 18).
pub(super) fn alpn(h2: bool, conn: Connection) -> Result<(), CurlFailure> {
    if !(h2 && conn.peer_port && conn.secure) {
        return Ok(());
    }
    let text =
        "curl: (18) HTTP/2 stream 1 was not closed cleanly before end of the underlying stream\n";
    Err((18, text.to_owned()))
}
