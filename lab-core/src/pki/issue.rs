//! Issuing certificates as cfssl's `gencert` does: a fresh key for the CSR, then either a
//! self-signed CA (`-initca`) or a leaf signed by a CA's key under a signing profile; and
//! the self-signed certificate etcd makes for `--auto-tls`.

use std::net::Ipv4Addr;

use rand::RngCore;

use super::{
    Certificate, CertificateRequest, CsrJson, ExtKeyUsage, KeyAlgo, KeyUsage, MAX_SANS, Name,
    PkiError, PrivateKey, SigningProfile,
};

/// cfssl's CA policy: five years (43800h) (unit: seconds).
const CA_EXPIRY_SECS: i64 = 43_800 * 3600;
/// cfssl back-dates `NotBefore` by five minutes (unit: seconds).
const BACKDATE_SECS: i64 = 5 * 60;
/// etcd's `--self-signed-cert-validity` default: one year (unit: seconds).
const AUTO_TLS_VALIDITY_SECS: i64 = 365 * 86_400;

/// What `gencert` produces: the three things `cfssljson -bare` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// `NAME.pem`.
    pub cert: Certificate,
    /// `NAME-key.pem`.
    pub key: PrivateKey,
    /// `NAME.csr`.
    pub csr: CertificateRequest,
}

/// cfssl's `gencert -initca`: a new key and a self-signed CA certificate.
pub fn init_ca(req: &CsrJson, now: i64, rng: &mut impl RngCore) -> Result<Issued, PkiError> {
    let (key, csr) = new_request(req, rng)?;
    let not_before = round_to_minute(now) - BACKDATE_SECS;
    let mut cert = unsigned(&csr, serial(rng), not_before, CA_EXPIRY_SECS);
    cert.key_usage = vec![KeyUsage::CertSign, KeyUsage::CrlSign];
    cert.is_ca = true;
    Ok(Issued { cert, key, csr })
}

/// cfssl's `gencert -ca -ca-key -config -profile`: a new key and a certificate for it
/// signed by `ca_key`, which must be `ca`'s key.
pub fn gencert(
    req: &CsrJson,
    ca: &Certificate,
    ca_key: &PrivateKey,
    profile: &SigningProfile,
    now: i64,
    rng: &mut impl RngCore,
) -> Result<Issued, PkiError> {
    if ca_key.id() != ca.subject_key_id {
        return Err(PkiError::KeyMismatch);
    }
    let expiry = profile.expiry_secs()?;
    let (key, csr) = new_request(req, rng)?;
    let (key_usage, ext_key_usage) = profile.usages();
    let not_before = round_to_minute(now) - BACKDATE_SECS;
    let mut cert = unsigned(&csr, serial(rng), not_before, expiry);
    cert.issuer = ca.subject.clone();
    cert.authority_key_id = ca.subject_key_id;
    cert.key_usage = key_usage;
    cert.ext_key_usage = ext_key_usage;
    Ok(Issued { cert, key, csr })
}

/// etcd's `transport.SelfCert` for `--auto-tls`: an ECDSA key and a self-signed server
/// certificate for `hosts`, organisation `etcd`, valid one year.
pub fn self_signed(hosts: &[String], now: i64, rng: &mut impl RngCore) -> Issued {
    let key = new_key(KeyAlgo::Ecdsa(521), rng);
    let subject = Name {
        organization: "etcd".into(),
        ..Name::default()
    };
    let (ip_addresses, dns_names) = split_hosts(hosts);
    let csr = CertificateRequest {
        subject,
        dns_names,
        ip_addresses,
        key_algo: key.algo,
        key_id: key.id(),
    };
    let mut cert = unsigned(&csr, serial(rng), now, AUTO_TLS_VALIDITY_SECS);
    cert.key_usage = vec![KeyUsage::DigitalSignature, KeyUsage::KeyEncipherment];
    cert.ext_key_usage = vec![ExtKeyUsage::ServerAuth];
    Issued { cert, key, csr }
}

/// The certificate `csr` asks for, valid `lifetime` seconds from `not_before`, as if
/// self-signed and with no usages: the callers sign and restrict it.
fn unsigned(csr: &CertificateRequest, serial: u128, not_before: i64, lifetime: i64) -> Certificate {
    Certificate {
        serial,
        issuer: csr.subject.clone(),
        subject: csr.subject.clone(),
        not_before,
        not_after: not_before.saturating_add(lifetime),
        dns_names: csr.dns_names.clone(),
        ip_addresses: csr.ip_addresses.clone(),
        key_usage: Vec::new(),
        ext_key_usage: Vec::new(),
        is_ca: false,
        key_algo: csr.key_algo,
        subject_key_id: csr.key_id,
        authority_key_id: csr.key_id,
    }
}

fn new_request(
    req: &CsrJson,
    rng: &mut impl RngCore,
) -> Result<(PrivateKey, CertificateRequest), PkiError> {
    if req.hosts.len() > MAX_SANS {
        return Err(PkiError::Cfssl(format!("more than {MAX_SANS} hosts")));
    }
    let key = new_key(req.key_algo()?, rng);
    let (ip_addresses, dns_names) = split_hosts(&req.hosts);
    let csr = CertificateRequest {
        subject: req.subject(),
        dns_names,
        ip_addresses,
        key_algo: key.algo,
        key_id: key.id(),
    };
    Ok((key, csr))
}

fn new_key(algo: KeyAlgo, rng: &mut impl RngCore) -> PrivateKey {
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);
    PrivateKey { algo, secret }
}

/// cfssl's rule: what parses as an IP is an IP SAN, the rest DNS names (IPv6 stays a name
/// here: the lab's network is IPv4).
fn split_hosts(hosts: &[String]) -> (Vec<Ipv4Addr>, Vec<String>) {
    let mut ips = Vec::new();
    let mut names = Vec::new();
    for host in hosts.iter().take(MAX_SANS) {
        match host.parse::<Ipv4Addr>() {
            Ok(ip) => ips.push(ip),
            Err(_) => names.push(host.clone()),
        }
    }
    (ips, names)
}

/// A positive serial below 2^127, as a random big integer.
fn serial(rng: &mut impl RngCore) -> u128 {
    let hi = u128::from(rng.next_u64()) << 64;
    (hi | u128::from(rng.next_u64())) >> 1
}

fn round_to_minute(unix_secs: i64) -> i64 {
    (unix_secs + 30).div_euclid(60) * 60
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::pki::{SigningConfig, VerifyOptions, verify};

    const SEED_CA_CSR: &str = r#"{"CN": "etcd", "key": {"algo": "rsa", "size": 2048}, "names": [{"C": "CN", "ST": "SH", "L": "BS", "O": "etcd", "OU": "System"}]}"#;
    const SEED_ETCD_CSR: &str = r#"{"CN": "etcd", "hosts": ["127.0.0.1", "192.168.100.111", "kube-cluster-master01"], "key": {"algo": "rsa", "size": 2048}, "names": [{"C": "CN", "O": "etcd"}]}"#;
    const SEED_CONFIG: &str = r#"{"signing": {"default": {"expiry": "87600h"}, "profiles": {"etcd": {"expiry": "87600h", "usages": ["signing", "key encipherment", "server auth", "client auth"]}}}}"#;

    fn issue_pair(now: i64) -> (Issued, Issued) {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let ca_req = CsrJson::parse(SEED_CA_CSR.as_bytes()).expect("csr");
        let ca = init_ca(&ca_req, now, &mut rng).expect("ca");
        let req = CsrJson::parse(SEED_ETCD_CSR.as_bytes()).expect("csr");
        let profile = SigningConfig::parse(SEED_CONFIG.as_bytes())
            .expect("config")
            .profile("etcd");
        let leaf = gencert(&req, &ca.cert, &ca.key, &profile, now, &mut rng).expect("leaf");
        (ca, leaf)
    }

    #[test]
    fn the_seed_procedure_yields_a_ca_and_a_server_certificate_it_verifies() {
        let now = 1_800_000_000;
        let (ca, leaf) = issue_pair(now);
        assert!(ca.cert.is_ca && ca.cert.is_self_signed());
        assert_eq!(leaf.cert.issuer, ca.cert.subject);
        assert_eq!(leaf.cert.subject_key_id, leaf.key.id());
        assert_eq!(leaf.cert.ip_addresses.len(), 2);
        assert_eq!(
            leaf.cert.dns_names,
            vec!["kube-cluster-master01".to_owned()]
        );
        assert_eq!(leaf.cert.not_after - leaf.cert.not_before, 87600 * 3600);
        let roots = [ca.cert.clone()];
        let opts = VerifyOptions {
            roots: &roots,
            host: Some("192.168.100.111"),
            now,
            usage: ExtKeyUsage::ServerAuth,
        };
        assert_eq!(verify(&leaf.cert, &opts), Ok(()));
    }

    #[test]
    fn signing_with_another_ca_key_is_refused() {
        let (ca, leaf) = issue_pair(0);
        let req = CsrJson::parse(SEED_ETCD_CSR.as_bytes()).expect("csr");
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let profile = SigningProfile::default();
        let wrong = gencert(&req, &ca.cert, &leaf.key, &profile, 0, &mut rng);
        assert_eq!(wrong, Err(PkiError::KeyMismatch));
    }

    #[test]
    fn auto_tls_certificates_are_self_signed_servers() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let issued = self_signed(&["10.0.0.11".into(), "localhost".into()], 0, &mut rng);
        assert!(issued.cert.is_self_signed() && !issued.cert.is_ca);
        assert_eq!(issued.cert.dns_names, vec!["localhost".to_owned()]);
    }
}
