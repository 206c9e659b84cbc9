//! TLS on rafthttp's dials: a member dialing a peer URL speaks TLS when the URL is `https`
//! (with its `--peer-*` files as the client's side), the listener it reaches when that
//! listener is `https`. A failed handshake keeps the dial from carrying anything; the
//! listener logs `embed: rejected connection from ...` and the dialer's stream and prober
//! lines carry Go's client-side error, as etcd 3.4 prints them.

use std::net::Ipv4Addr;

use super::{ConnectError, Connection, World};
use crate::pki::{self, HandshakeFailure};
use crate::time::WallClock;

/// Lowest ephemeral port Linux hands out (`ip_local_port_range`).
const EPHEMERAL_LOW: u16 = 32_768;
/// How many ephemeral ports there are (unit: ports; up to 60999).
const EPHEMERAL_COUNT: u16 = 28_232;

/// Why member's dial to a peer URL carried nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PeerDialError {
    /// No TCP connection (Go's `dial tcp ...` error).
    Connect(ConnectError),
    /// Connected, but the TLS handshake failed.
    Tls(Box<PeerTlsFailure>),
}

/// A peer dial that failed in the handshake: what both ends need for their lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PeerTlsFailure {
    /// How it failed.
    pub(crate) failure: HandshakeFailure,
    /// The listener reached.
    pub(crate) conn: Connection,
    /// The address the dialer connected to.
    pub(crate) dialled_ip: Ipv4Addr,
    /// The dialling member.
    pub(crate) from: usize,
    /// The SNI it sent: the URL's host when a name, empty for an IP literal (Go's rule).
    pub(crate) server_name: String,
}

impl PeerTlsFailure {
    /// The error the dialer's rafthttp reports (a plaintext dialer reads `EOF`).
    pub(crate) fn client_error(&self) -> String {
        match self.failure.client_error() {
            text if text.is_empty() => "EOF".to_owned(),
            text => text,
        }
    }
}

impl World {
    /// The handshake of member `from` dialing `url_host` (`https`: the URL's scheme) over
    /// `conn`, which reached address `dialled_ip`.
    pub(crate) fn peer_handshake(
        &self,
        from: usize,
        conn: Connection,
        (url_host, https): (&str, bool),
        dialled_ip: Ipv4Addr,
    ) -> Result<(), Box<PeerTlsFailure>> {
        let server = self.server_tls(&conn);
        let client = https.then(|| {
            self.launch_of(from)
                .and_then(|l| l.tls.as_ref())
                .and_then(|t| t.peer_dialer.clone())
                .unwrap_or_default()
        });
        let now = i64::try_from(WallClock::at(self.now).unix_micros / 1_000_000).unwrap_or(0);
        let remote = self.source_ip(from, conn, dialled_ip);
        pki::accept(server.as_ref(), client.as_ref(), url_host, remote, now).map_err(|failure| {
            Box::new(PeerTlsFailure {
                failure,
                conn,
                dialled_ip,
                from,
                server_name: match url_host.parse::<Ipv4Addr>() {
                    Ok(_) => String::new(),
                    Err(_) => url_host.to_owned(),
                },
            })
        })
    }

    /// The address a connection from member `from` to `dialled_ip` comes from: on one host
    /// the address dialled (loopback or the host's own), else the dialer's host's.
    fn source_ip(&self, from: usize, conn: Connection, dialled_ip: Ipv4Addr) -> Ipv4Addr {
        let from_host = self.members.get(from).map(|m| m.host);
        if from_host == Some(conn.host) {
            return dialled_ip;
        }
        from_host
            .and_then(|h| self.hosts.get(h))
            .map_or(Ipv4Addr::UNSPECIFIED, |h| h.ip)
    }

    /// The listener's `rejected connection` line for a failed peer handshake (a plaintext
    /// listener has nothing to say), from a fresh ephemeral port of the dialer.
    pub(crate) fn log_peer_tls_rejection(&mut self, failed: &PeerTlsFailure) {
        use rand::Rng;
        let error = failed.failure.server_error();
        if error.is_empty() {
            return;
        }
        let ip = self.source_ip(failed.from, failed.conn, failed.dialled_ip);
        let port = EPHEMERAL_LOW + self.rng.random_range(0..EPHEMERAL_COUNT);
        self.record_tls_rejected(
            failed.conn.member,
            format!("{ip}:{port}"),
            error,
            (failed.server_name.clone(), failed.failure.log_suffix()),
        );
    }
}
