//! A simulated PKI: certificates, keys and CSRs as PEM files on a host's disk, cfssl's
//! issuing, openssl's printing, and the checks of a TLS handshake between lab processes.
//!
//! | file | owns |
//! |---|---|
//! | `pem` | PEM framing |
//! | `name` | distinguished names and how openssl and Go print them |
//! | `cert` | [`Certificate`] and its file form (PEM around the lab's encoding, not DER) |
//! | `key` | [`PrivateKey`], [`KeyId`], [`KeyAlgo`] |
//! | `csr` | [`CertificateRequest`]: the `.csr` cfssljson writes |
//! | `verify` | Go's `x509` verification and its error texts ([`X509Error`]) |
//! | `cfssl_json` | cfssl's CSR and signing-config JSON, `print-defaults` |
//! | `issue` | cfssl's `gencert`: a new key, then a self-signed CA or a CA-signed leaf |
//! | `openssl_text` | `openssl x509 -noout -text` |
//! | `handshake` | a TLS handshake between a client and a server, as each side reports it |
//!
//! No real cryptography runs: a key is random bytes, its id a SHA-1 of them, and a
//! certificate is trusted when its authority key id and issuer name match a trusted CA.

mod cert;
mod cfssl_json;
mod csr;
mod handshake;
mod issue;
mod key;
mod name;
mod openssl_text;
pub mod pem;
mod verify;

pub use cert::{CERT_MAGIC, Certificate, ExtKeyUsage, KeyUsage, MAX_SANS};
pub use cfssl_json::{CsrJson, SigningConfig, SigningProfile, parse_go_duration, print_defaults};
pub use csr::CertificateRequest;
pub use handshake::{ClientTls, HandshakeFailure, ServerTls, accept, handshake};
pub use issue::{Issued, gencert, init_ca, self_signed};
pub use key::{KeyAlgo, KeyId, PrivateKey};
pub use name::Name;
pub use openssl_text::x509_text;
pub use verify::{VerifyOptions, X509Error, rfc3339, verify, verify_hostname};

use thiserror::Error;

/// Why a PKI file or request could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PkiError {
    /// A file above [`pem::MAX_PEM_BYTES`].
    #[error("file larger than {0} bytes")]
    TooLarge(usize),
    /// A file with more than [`pem::MAX_PEM_BLOCKS`] blocks.
    #[error("more than {0} PEM blocks")]
    TooManyBlocks(usize),
    /// Go's `tls.X509KeyPair` on a file without a certificate.
    #[error("tls: failed to find any PEM data in certificate input")]
    NoCertificate,
    /// Go's `tls.X509KeyPair` on a key file without a key.
    #[error("tls: failed to find any PEM data in key input")]
    NoPrivateKey,
    /// A block that is not the lab's encoding.
    #[error("x509: malformed certificate")]
    Malformed,
    /// Certificate and key do not belong together.
    #[error("tls: private key does not match public key")]
    KeyMismatch,
    /// cfssl refused the request; the text is cfssl's.
    #[error("{0}")]
    Cfssl(String),
}
