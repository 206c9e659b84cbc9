//! A TLS handshake between two lab processes, reduced to what decides it: whether each side
//! speaks TLS, the server's certificate against the client's roots and the name it dialled,
//! and, with client-cert-auth, the client's certificate against the server's trusted CA.
//! [`HandshakeFailure`] says how it failed; each side's wording follows Go's `crypto/tls`.

use std::net::Ipv4Addr;

use super::{Certificate, ExtKeyUsage, VerifyOptions, X509Error, verify, verify_hostname};

/// A listener's TLS side (`--cert-file`, `--trusted-ca-file`, `--client-cert-auth`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerTls {
    /// The certificate presented (its key already checked against it).
    pub cert: Certificate,
    /// Roots client certificates are verified against.
    pub client_roots: Vec<Certificate>,
    /// Whether a client must present a certificate these roots verify.
    pub client_cert_auth: bool,
}

/// A dialer's TLS side (`--cacert`, `--cert`, `--key`, `--insecure-skip-tls-verify`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientTls {
    /// Roots the server's certificate is verified against; empty: the system's, which
    /// know no lab CA.
    pub roots: Vec<Certificate>,
    /// The client certificate presented, if any.
    pub cert: Option<Certificate>,
    /// Skip verifying the server (etcdctl `--insecure-skip-tls-verify`, curl `-k`, peer
    /// auto-TLS).
    pub skip_verify: bool,
}

/// How a handshake failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakeFailure {
    /// A plaintext client reached a TLS listener.
    PlainToTls,
    /// A TLS client reached a plaintext listener.
    TlsToPlain,
    /// The client refused the server's certificate.
    ServerCert(X509Error),
    /// client-cert-auth, and the client presented none.
    NoClientCert,
    /// client-cert-auth, and the client's certificate does not verify.
    ClientCert(X509Error),
    /// The handshake completed, but etcd's listener found the client's address in none of
    /// its certificate's IP SANs (`tlsListener`'s `checkSAN`) and closed the connection.
    ClientSan {
        /// Go's hostname error for the client's address.
        error: X509Error,
        /// The certificate's IP SANs, as etcd lists them in its line.
        ips: Vec<String>,
        /// The certificate's DNS SANs.
        dns: Vec<String>,
    },
}

impl HandshakeFailure {
    /// What the dialing side's Go `crypto/tls` returns (empty where it reads no error of
    /// its own: a plaintext client just sees the connection closed).
    pub fn client_error(&self) -> String {
        match self {
            HandshakeFailure::PlainToTls => String::new(),
            HandshakeFailure::TlsToPlain => {
                "tls: first record does not look like a TLS handshake".to_owned()
            }
            HandshakeFailure::ServerCert(e) => e.to_string(),
            HandshakeFailure::NoClientCert | HandshakeFailure::ClientCert(_) => {
                "remote error: tls: bad certificate".to_owned()
            }
            // The server closes the connection after a handshake that succeeded.
            HandshakeFailure::ClientSan { .. } => "EOF".to_owned(),
        }
    }

    /// What etcd adds to its `rejected connection` line when the client's certificate got
    /// through the handshake: `, IPAddresses [...], DNSNames [...]` (Go's `%q` of each list).
    pub fn log_suffix(&self) -> String {
        let HandshakeFailure::ClientSan { ips, dns, .. } = self else {
            return String::new();
        };
        let quoted = |items: &[String]| {
            let items: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            format!("[{}]", items.join(" "))
        };
        format!(", IPAddresses {}, DNSNames {}", quoted(ips), quoted(dns))
    }

    /// What the listening side's handshake returns (empty where a plaintext server has
    /// nothing to say).
    pub fn server_error(&self) -> String {
        match self {
            HandshakeFailure::PlainToTls => {
                "tls: first record does not look like a TLS handshake".to_owned()
            }
            HandshakeFailure::TlsToPlain => String::new(),
            HandshakeFailure::ServerCert(_) => "remote error: tls: bad certificate".to_owned(),
            HandshakeFailure::NoClientCert => "tls: client didn't provide a certificate".to_owned(),
            HandshakeFailure::ClientCert(e) => {
                format!("tls: failed to verify client certificate: {e}")
            }
            HandshakeFailure::ClientSan { error, .. } => error.to_string(),
        }
    }
}

/// Runs the handshake of `client` (None: plaintext) dialing `host` against `server`
/// (None: plaintext listener) at `now` (unit: seconds since the Unix epoch).
pub fn handshake(
    server: Option<&ServerTls>,
    client: Option<&ClientTls>,
    host: &str,
    now: i64,
) -> Result<(), HandshakeFailure> {
    let (server, client) = match (server, client) {
        (None, None) => return Ok(()),
        (Some(_), None) => return Err(HandshakeFailure::PlainToTls),
        (None, Some(_)) => return Err(HandshakeFailure::TlsToPlain),
        (Some(s), Some(c)) => (s, c),
    };
    if !client.skip_verify {
        let opts = VerifyOptions {
            roots: &client.roots,
            host: Some(host),
            now,
            usage: ExtKeyUsage::ServerAuth,
        };
        verify(&server.cert, &opts).map_err(HandshakeFailure::ServerCert)?;
    }
    if !server.client_cert_auth {
        return Ok(());
    }
    let cert = client.cert.as_ref().ok_or(HandshakeFailure::NoClientCert)?;
    let opts = VerifyOptions {
        roots: &server.client_roots,
        host: None,
        now,
        usage: ExtKeyUsage::ClientAuth,
    };
    verify(cert, &opts).map_err(HandshakeFailure::ClientCert)
}

/// [`handshake`], then what etcd's TLS listener checks once it completed: with
/// client-cert-auth, that the client's address `remote` is one of its certificate's IP SANs
/// (a certificate without IP SANs passes; one with DNS SANs too, as the lab does not look
/// them up the way etcd does).
pub fn accept(
    server: Option<&ServerTls>,
    client: Option<&ClientTls>,
    host: &str,
    remote: Ipv4Addr,
    now: i64,
) -> Result<(), HandshakeFailure> {
    handshake(server, client, host, now)?;
    let demanded = server.is_some_and(|s| s.client_cert_auth);
    let Some(cert) = client.and_then(|c| c.cert.as_ref()).filter(|_| demanded) else {
        return Ok(());
    };
    // etcd would look the DNS SANs up; the lab lets such a certificate through.
    if cert.ip_addresses.is_empty() || !cert.dns_names.is_empty() {
        return Ok(());
    }
    verify_hostname(cert, &remote.to_string()).map_err(|error| HandshakeFailure::ClientSan {
        error,
        ips: cert.ip_addresses.iter().map(|ip| ip.to_string()).collect(),
        dns: cert.dns_names.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cert::tests::leaf;

    fn ca() -> Certificate {
        let mut ca = leaf(2, 2);
        ca.subject = ca.issuer.clone();
        ca.is_ca = true;
        ca.ext_key_usage.clear();
        ca
    }

    fn server(client_cert_auth: bool) -> ServerTls {
        ServerTls {
            cert: leaf(1, 2),
            client_roots: vec![ca()],
            client_cert_auth,
        }
    }

    #[test]
    fn a_client_trusting_the_ca_completes_the_handshake() {
        let client = ClientTls {
            roots: vec![ca()],
            ..ClientTls::default()
        };
        assert_eq!(
            handshake(Some(&server(false)), Some(&client), "10.0.0.11", 2000),
            Ok(())
        );
    }

    #[test]
    fn without_the_ca_the_client_refuses_and_the_server_hears_bad_certificate() {
        let failure = handshake(
            Some(&server(false)),
            Some(&ClientTls::default()),
            "10.0.0.11",
            2000,
        )
        .expect_err("unknown CA");
        assert_eq!(
            failure.client_error(),
            "x509: certificate signed by unknown authority"
        );
        assert_eq!(failure.server_error(), "remote error: tls: bad certificate");
        let skip = ClientTls {
            skip_verify: true,
            ..ClientTls::default()
        };
        assert_eq!(
            handshake(Some(&server(false)), Some(&skip), "10.0.0.12", 2000),
            Ok(())
        );
    }

    #[test]
    fn client_cert_auth_wants_a_certificate_from_the_trusted_ca() {
        let mut client = ClientTls {
            roots: vec![ca()],
            ..ClientTls::default()
        };
        let failure =
            handshake(Some(&server(true)), Some(&client), "10.0.0.11", 2000).expect_err("no cert");
        assert_eq!(failure.client_error(), "remote error: tls: bad certificate");
        assert_eq!(
            failure.server_error(),
            "tls: client didn't provide a certificate"
        );
        client.cert = Some(leaf(5, 2));
        assert_eq!(
            handshake(Some(&server(true)), Some(&client), "10.0.0.11", 2000),
            Ok(())
        );
        client.cert = Some(leaf(5, 7));
        let failure = handshake(Some(&server(true)), Some(&client), "10.0.0.11", 2000)
            .expect_err("foreign client cert");
        assert!(
            failure
                .server_error()
                .starts_with("tls: failed to verify client certificate: x509:")
        );
    }

    #[test]
    fn plaintext_and_tls_do_not_mix() {
        let failure = handshake(Some(&server(false)), None, "x", 0).expect_err("plain to tls");
        assert_eq!(
            failure.server_error(),
            "tls: first record does not look like a TLS handshake"
        );
        let failure =
            handshake(None, Some(&ClientTls::default()), "x", 0).expect_err("tls to plain");
        assert_eq!(failure, HandshakeFailure::TlsToPlain);
        assert_eq!(handshake(None, None, "x", 0), Ok(()));
    }

    #[test]
    fn a_client_certificate_for_another_address_is_rejected_after_the_handshake() {
        let mut cert = leaf(5, 2);
        cert.dns_names.clear();
        let own = Ipv4Addr::new(10, 0, 0, 11);
        let client = ClientTls {
            roots: vec![ca()],
            cert: Some(cert),
            ..ClientTls::default()
        };
        let demanding = server(true);
        assert_eq!(
            accept(Some(&demanding), Some(&client), "10.0.0.11", own, 2000),
            Ok(())
        );
        let stranger = Ipv4Addr::new(192, 0, 2, 9);
        let failure = accept(Some(&demanding), Some(&client), "10.0.0.11", stranger, 2000)
            .expect_err("address not in the SANs");
        assert_eq!(failure.client_error(), "EOF");
        assert_eq!(
            failure.server_error(),
            "x509: certificate is valid for 10.0.0.11, not 192.0.2.9"
        );
        assert_eq!(
            failure.log_suffix(),
            ", IPAddresses [\"10.0.0.11\"], DNSNames []"
        );
        // Without client-cert-auth the server never asks for the certificate.
        assert_eq!(
            accept(
                Some(&server(false)),
                Some(&client),
                "10.0.0.11",
                stranger,
                2000
            ),
            Ok(())
        );
    }
}
