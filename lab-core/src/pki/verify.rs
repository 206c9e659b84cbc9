//! Certificate verification as Go 1.19's `crypto/x509` does it for a TLS peer, in its
//! order: validity period, then the name dialled against the SANs, then a chain to a
//! trusted root, then the extended key usage. Errors read as Go words them.

use std::net::Ipv4Addr;

use thiserror::Error;

use super::{Certificate, ExtKeyUsage};

/// Why a certificate is not accepted, worded as Go's `x509` package.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum X509Error {
    /// No trusted root signed it.
    #[error("x509: certificate signed by unknown authority")]
    UnknownAuthority,
    /// A root with the issuer's name is trusted, but its key did not sign the certificate
    /// (a CA regenerated under the same name).
    #[error(
        "x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: verification error\" while trying to verify candidate authority certificate \"{candidate}\")"
    )]
    WrongAuthorityKey {
        /// The candidate root's common name.
        candidate: String,
    },
    /// Now is outside the validity period.
    #[error(
        "x509: certificate has expired or is not yet valid: current time {now} is {side} {bound}"
    )]
    Validity {
        /// The verifier's clock, RFC 3339.
        now: String,
        /// `after` (expired) or `before` (not yet valid).
        side: &'static str,
        /// The bound crossed, RFC 3339.
        bound: String,
    },
    /// The name dialled is not among the SANs.
    #[error("x509: certificate is valid for {valid}, not {host}")]
    NameMismatch {
        /// The SANs of the dialled kind, joined with `, `.
        valid: String,
        /// What was dialled.
        host: String,
    },
    /// An IP was dialled and the certificate names none.
    #[error("x509: cannot validate certificate for {0} because it doesn't contain any IP SANs")]
    NoIpSans(String),
    /// No SANs at all, nothing to match.
    #[error("x509: certificate is not valid for any names, but wanted to match {0}")]
    NoNames(String),
    /// Only the subject CN matches, which Go no longer honours.
    #[error("x509: certificate relies on legacy Common Name field, use SANs instead")]
    LegacyCommonName,
    /// The certificate may not be used for this side of TLS.
    #[error("x509: certificate specifies an incompatible key usage")]
    IncompatibleUsage,
}

impl X509Error {
    /// Is it about the name dialled (the SANs), not the chain, dates or usage?
    pub fn is_name_mismatch(&self) -> bool {
        matches!(
            self,
            X509Error::NameMismatch { .. }
                | X509Error::NoIpSans(_)
                | X509Error::NoNames(_)
                | X509Error::LegacyCommonName
        )
    }
}

/// What a verifier checks a presented certificate against.
#[derive(Clone, Copy, Debug)]
pub struct VerifyOptions<'a> {
    /// Trusted roots (`--cacert`, `--trusted-ca-file`).
    pub roots: &'a [Certificate],
    /// The name dialled; `None` when a server verifies a client.
    pub host: Option<&'a str>,
    /// The verifier's clock (unit: seconds since the Unix epoch).
    pub now: i64,
    /// The usage the certificate must allow.
    pub usage: ExtKeyUsage,
}

/// Verifies `cert` as Go's `Certificate.Verify` would.
pub fn verify(cert: &Certificate, opts: &VerifyOptions<'_>) -> Result<(), X509Error> {
    check_validity(cert, opts.now)?;
    if let Some(host) = opts.host {
        verify_hostname(cert, host)?;
    }
    let root = find_root(cert, opts.roots)?;
    check_validity(root, opts.now)?;
    let allows =
        |c: &Certificate| c.ext_key_usage.is_empty() || c.ext_key_usage.contains(&opts.usage);
    if !allows(cert) || !allows(root) {
        return Err(X509Error::IncompatibleUsage);
    }
    Ok(())
}

fn check_validity(cert: &Certificate, now: i64) -> Result<(), X509Error> {
    let (side, bound) = if now < cert.not_before {
        ("before", cert.not_before)
    } else if now > cert.not_after {
        ("after", cert.not_after)
    } else {
        return Ok(());
    };
    Err(X509Error::Validity {
        now: rfc3339(now),
        side,
        bound: rfc3339(bound),
    })
}

/// A root that signed `cert`: the trusted certificate with its authority key id and name,
/// or the certificate itself when it is trusted as it stands.
fn find_root<'a>(
    cert: &'a Certificate,
    roots: &'a [Certificate],
) -> Result<&'a Certificate, X509Error> {
    if let Some(same) = roots.iter().find(|r| *r == cert) {
        return Ok(same);
    }
    let by_name = roots.iter().filter(|r| r.subject == cert.issuer && r.is_ca);
    let mut candidate = None;
    for root in by_name {
        if root.subject_key_id == cert.authority_key_id {
            return Ok(root);
        }
        candidate = Some(root);
    }
    match candidate {
        Some(root) => Err(X509Error::WrongAuthorityKey {
            candidate: root.subject.common_name.clone(),
        }),
        None => Err(X509Error::UnknownAuthority),
    }
}

/// Go's `VerifyHostname`: an IP against IP SANs, a name against DNS SANs (with `*.`).
pub fn verify_hostname(cert: &Certificate, host: &str) -> Result<(), X509Error> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        if cert.ip_addresses.contains(&ip) {
            return Ok(());
        }
        return Err(hostname_error(cert, host, true));
    }
    if cert
        .dns_names
        .iter()
        .any(|pattern| dns_matches(pattern, host))
    {
        return Ok(());
    }
    Err(hostname_error(cert, host, false))
}

/// Go's `matchHostnames`: a trailing dot on either side is ignored, and `*` stands for
/// exactly one whole leftmost label.
fn dns_matches(pattern: &str, host: &str) -> bool {
    let trim = |s: &str| s.strip_suffix('.').unwrap_or(s).to_ascii_lowercase();
    let (pattern, host) = (trim(pattern), trim(host));
    if pattern.is_empty() || host.is_empty() {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => pattern == host,
    }
}

fn hostname_error(cert: &Certificate, host: &str, is_ip: bool) -> X509Error {
    if !cert.has_sans() && dns_matches(&cert.subject.common_name, host) {
        return X509Error::LegacyCommonName;
    }
    let valid = if is_ip {
        if cert.ip_addresses.is_empty() {
            return X509Error::NoIpSans(host.to_owned());
        }
        cert.ip_addresses
            .iter()
            .map(|ip| ip.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        cert.dns_names.join(", ")
    };
    if valid.is_empty() {
        return X509Error::NoNames(host.to_owned());
    }
    X509Error::NameMismatch {
        valid,
        host: host.to_owned(),
    }
}

/// `2026-11-22T10:17:00Z`: Go's `time.RFC3339` in UTC.
pub fn rfc3339(unix_secs: i64) -> String {
    chrono::DateTime::from_timestamp(unix_secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
