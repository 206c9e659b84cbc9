//! `PrivateKey`: a key file as cfssl writes it (`-----BEGIN RSA PRIVATE KEY-----` or
//! `EC PRIVATE KEY`), carrying the lab's stand-in for key material: random secret bytes
//! whose SHA-1 is the [`KeyId`] certificates name as their subject key id.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use super::{PkiError, pem};

/// First line of the bytes inside a lab key's PEM block.
pub const KEY_MAGIC: &str = "cluster-lab key v1\n";

/// A key's 20-byte identifier (X.509's subject/authority key identifier).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyId(pub [u8; 20]);

/// `AB:CD:...`, as openssl prints key identifiers.
impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&hex.join(":"))
    }
}

/// A key type and size, as a cfssl CSR's `key` block names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyAlgo {
    /// `rsa` with its modulus size (unit: bits).
    Rsa(u16),
    /// `ecdsa` with its curve size (unit: bits: 256, 384, 521).
    Ecdsa(u16),
}

impl KeyAlgo {
    /// cfssl's `generating key: rsa-2048`.
    pub fn cfssl_name(self) -> String {
        match self {
            KeyAlgo::Rsa(bits) => format!("rsa-{bits}"),
            KeyAlgo::Ecdsa(bits) => format!("ecdsa-{bits}"),
        }
    }

    /// The PEM label of the private key file.
    pub fn pem_label(self) -> &'static str {
        match self {
            KeyAlgo::Rsa(_) => "RSA PRIVATE KEY",
            KeyAlgo::Ecdsa(_) => "EC PRIVATE KEY",
        }
    }
}

/// A private key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateKey {
    /// Type and size.
    pub algo: KeyAlgo,
    /// The secret: random bytes drawn when the key was generated.
    pub secret: [u8; 32],
}

impl PrivateKey {
    /// The id of its public half.
    pub fn id(&self) -> KeyId {
        let digest = Sha1::digest(self.secret);
        let mut id = [0u8; 20];
        id.copy_from_slice(&digest);
        KeyId(id)
    }

    /// The PEM file text.
    pub fn to_pem(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        pem::encode(
            self.algo.pem_label(),
            format!("{KEY_MAGIC}{json}").as_bytes(),
        )
    }

    /// The first private key in a PEM file (Go's `tls.X509KeyPair` skips other blocks).
    pub fn from_pem(text: &[u8]) -> Result<PrivateKey, PkiError> {
        let blocks = pem::decode_all(text)?;
        let block = blocks
            .iter()
            .find(|b| b.label.ends_with("PRIVATE KEY"))
            .ok_or(PkiError::NoPrivateKey)?;
        let json = block
            .data
            .strip_prefix(KEY_MAGIC.as_bytes())
            .ok_or(PkiError::Malformed)?;
        serde_json::from_slice(json).map_err(|_| PkiError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_reads_back_and_its_id_is_stable() {
        let key = PrivateKey {
            algo: KeyAlgo::Rsa(2048),
            secret: [7; 32],
        };
        let pem = key.to_pem();
        assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let back = PrivateKey::from_pem(pem.as_bytes()).expect("reads");
        assert_eq!(back.id(), key.id());
        assert_eq!(PrivateKey::from_pem(b"junk"), Err(PkiError::NoPrivateKey));
    }

    #[test]
    fn key_ids_print_as_openssl_prints_them() {
        let id = KeyId([0xab; 20]);
        assert!(id.to_string().starts_with("AB:AB:"));
        assert_eq!(id.to_string().len(), 20 * 3 - 1);
    }
}
