//! The client side of TLS for the lab's programs: `etcdctl`'s and `curl`'s certificate
//! flags loaded from the host's files, and the line a member logs for a connection it
//! rejected in the handshake (`embed: rejected connection from ...`).

use super::cfssl::read_at;
use super::etcd_tls::{key_pair, roots};
use crate::etcdctl::TlsFlags;
use crate::lab::Lab;
use crate::pki::{ClientTls, HandshakeFailure};
use crate::sim::Connection;

/// `--cacert`, `--cert`/`--key` and `--insecure-skip-tls-verify` as a TLS client config.
pub(super) fn client_tls(
    lab: &Lab,
    host: usize,
    cwd: &str,
    flags: &TlsFlags,
) -> Result<ClientTls, String> {
    let read = |path: &str| read_at(lab, host, cwd, path);
    let cert = if flags.cert.is_empty() || flags.key.is_empty() {
        None
    } else {
        Some(key_pair(&read, &flags.cert, &flags.key)?)
    };
    Ok(ClientTls {
        roots: roots(&read, &flags.cacert)?,
        cert,
        skip_verify: flags.insecure_skip_verify,
    })
}

/// Has the member behind `conn` log the handshake it failed with a client on `from_host`
/// (its ephemeral `port`) that dialled `dialled` (name and address). A plaintext server logs nothing.
pub(super) fn reject(
    lab: &Lab,
    from_host: usize,
    conn: Connection,
    dialled: (&str, std::net::Ipv4Addr),
    port: u16,
    failure: &HandshakeFailure,
) {
    let error = failure.server_error();
    reject_with(lab, from_host, conn, dialled, port, &error, failure);
}

/// [`reject`] with the error the member reads (`error`; empty: it logs nothing) given by
/// the caller: a client other than Go's aborts differently.
pub(super) fn reject_with(
    lab: &Lab,
    from_host: usize,
    conn: Connection,
    dialled: (&str, std::net::Ipv4Addr),
    port: u16,
    error: &str,
    failure: &HandshakeFailure,
) {
    let (dialled, dialled_ip) = dialled;
    if error.is_empty() {
        return;
    }
    let mut world = lab.world_mut();
    // On one host the source address is the one dialled (loopback or the host's own).
    let from_ip = if conn.host == from_host {
        dialled_ip
    } else {
        world
            .hosts()
            .get(from_host)
            .map_or(std::net::Ipv4Addr::UNSPECIFIED, |h| h.ip)
    };
    // Go's client sends SNI only for names, never for IP literals.
    let server_name = match dialled.parse::<std::net::Ipv4Addr>() {
        Ok(_) => String::new(),
        Err(_) => dialled.to_owned(),
    };
    let cert = failure.log_suffix();
    let remote = format!("{from_ip}:{port}");
    world.record_tls_rejected(conn.member, remote, error.to_owned(), (server_name, cert));
}
