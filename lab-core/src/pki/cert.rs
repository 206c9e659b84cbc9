//! `Certificate`: an X.509 v3 certificate as the lab models it, and its file form.
//!
//! The file is real PEM (`-----BEGIN CERTIFICATE-----`), but the bytes inside are the lab's
//! encoding, not DER: the line [`CERT_MAGIC`] followed by the fields as JSON. Every field
//! `openssl x509 -text` prints and a TLS handshake checks is carried: serial, subject,
//! issuer, validity, SANs, key usages, the CA flag, and the subject/authority key ids that
//! link a certificate to its key file and to the CA that signed it. A signature is trusted
//! by its key id alone (no real public-key cryptography runs), which is enough for every
//! mistake a learner can make with files, and keeps the wasm bundle free of crypto crates.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::{KeyAlgo, KeyId, Name, PkiError, pem};

/// First line of the bytes inside a lab certificate's PEM block.
pub const CERT_MAGIC: &str = "cluster-lab x509 v3\n";
/// Most subject alternative names one certificate carries (unit: names).
pub const MAX_SANS: usize = 64;

/// A key usage (`X509v3 Key Usage`), as cfssl maps profile usages onto it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KeyUsage {
    /// `signing`, `digital signature`.
    DigitalSignature,
    /// `key encipherment`.
    KeyEncipherment,
    /// `cert sign`.
    CertSign,
    /// `crl sign`.
    CrlSign,
}

/// An extended key usage (`X509v3 Extended Key Usage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExtKeyUsage {
    /// `server auth`: may serve TLS.
    ServerAuth,
    /// `client auth`: may authenticate a TLS client.
    ClientAuth,
}

/// One certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Serial number, as cfssl draws it at random.
    pub serial: u128,
    /// Who signed it (the subject of the signing CA; its own for a self-signed one).
    pub issuer: Name,
    /// Whom it names.
    pub subject: Name,
    /// Start of validity (unit: seconds since the Unix epoch).
    pub not_before: i64,
    /// End of validity (unit: seconds since the Unix epoch).
    pub not_after: i64,
    /// DNS subject alternative names.
    pub dns_names: Vec<String>,
    /// IP subject alternative names.
    pub ip_addresses: Vec<Ipv4Addr>,
    /// Key usages, in X.509 bit order.
    pub key_usage: Vec<KeyUsage>,
    /// Extended key usages.
    pub ext_key_usage: Vec<ExtKeyUsage>,
    /// Basic constraints `CA:TRUE`.
    pub is_ca: bool,
    /// The subject's key type and size.
    pub key_algo: KeyAlgo,
    /// Subject key id: the same id as the key file's public half.
    pub subject_key_id: KeyId,
    /// Authority key id: the signing key's id.
    pub authority_key_id: KeyId,
}

impl Certificate {
    /// The PEM file text.
    pub fn to_pem(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        pem::encode("CERTIFICATE", format!("{CERT_MAGIC}{json}").as_bytes())
    }

    /// Every certificate in a PEM file, as Go's `tls`/`x509` loaders read one: no
    /// `CERTIFICATE` block is [`PkiError::NoCertificate`]; one that is not the lab's
    /// encoding is [`PkiError::Malformed`].
    pub fn all_from_pem(text: &[u8]) -> Result<Vec<Certificate>, PkiError> {
        let blocks = pem::decode_all(text)?;
        let certs = blocks
            .iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| Self::from_der_like(&b.data))
            .collect::<Result<Vec<_>, _>>()?;
        if certs.is_empty() {
            return Err(PkiError::NoCertificate);
        }
        Ok(certs)
    }

    /// The first certificate of a PEM file.
    pub fn from_pem(text: &[u8]) -> Result<Certificate, PkiError> {
        Self::all_from_pem(text)?
            .into_iter()
            .next()
            .ok_or(PkiError::NoCertificate)
    }

    fn from_der_like(data: &[u8]) -> Result<Certificate, PkiError> {
        let json = data
            .strip_prefix(CERT_MAGIC.as_bytes())
            .ok_or(PkiError::Malformed)?;
        let cert: Certificate = serde_json::from_slice(json).map_err(|_| PkiError::Malformed)?;
        if cert.dns_names.len() + cert.ip_addresses.len() > MAX_SANS {
            return Err(PkiError::Malformed);
        }
        Ok(cert)
    }

    /// Is it signed by its own key?
    pub fn is_self_signed(&self) -> bool {
        self.subject_key_id == self.authority_key_id && self.issuer == self.subject
    }

    /// Does it carry any subject alternative name?
    pub fn has_sans(&self) -> bool {
        !self.dns_names.is_empty() || !self.ip_addresses.is_empty()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A leaf for `etcd` on 10.0.0.11, valid for a day from t=1000.
    pub(crate) fn leaf(ski: u8, aki: u8) -> Certificate {
        Certificate {
            serial: 42,
            issuer: Name {
                common_name: "ca".into(),
                ..Name::default()
            },
            subject: Name {
                common_name: "etcd".into(),
                ..Name::default()
            },
            not_before: 1000,
            not_after: 1000 + 86_400,
            dns_names: vec!["etcd1".into()],
            ip_addresses: vec![Ipv4Addr::new(10, 0, 0, 11)],
            key_usage: vec![KeyUsage::DigitalSignature, KeyUsage::KeyEncipherment],
            ext_key_usage: vec![ExtKeyUsage::ServerAuth, ExtKeyUsage::ClientAuth],
            is_ca: false,
            key_algo: KeyAlgo::Rsa(2048),
            subject_key_id: KeyId([ski; 20]),
            authority_key_id: KeyId([aki; 20]),
        }
    }

    #[test]
    fn a_certificate_file_is_pem_and_reads_back_whole() {
        let cert = leaf(1, 2);
        let pem = cert.to_pem();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert_eq!(Certificate::from_pem(pem.as_bytes()), Ok(cert.clone()));
        let bundle = format!("{pem}{}", leaf(3, 2).to_pem());
        assert_eq!(
            Certificate::all_from_pem(bundle.as_bytes()).map(|c| c.len()),
            Ok(2)
        );
    }

    #[test]
    fn empty_files_and_foreign_blocks_are_told_apart() {
        assert_eq!(Certificate::from_pem(b""), Err(PkiError::NoCertificate));
        let key = pem::encode("RSA PRIVATE KEY", b"x");
        assert_eq!(
            Certificate::from_pem(key.as_bytes()),
            Err(PkiError::NoCertificate)
        );
        let alien = pem::encode("CERTIFICATE", b"\x30\x82\x01\x0a");
        assert_eq!(
            Certificate::from_pem(alien.as_bytes()),
            Err(PkiError::Malformed)
        );
    }
}
