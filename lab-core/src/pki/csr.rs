//! `CertificateRequest`: the `.csr` file `cfssljson -bare` writes beside a certificate (PEM
//! `CERTIFICATE REQUEST` around the lab's encoding): the subject, SANs and key id asked for.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::{KeyAlgo, KeyId, Name, pem};

/// First line of the bytes inside a lab CSR's PEM block.
const CSR_MAGIC: &str = "cluster-lab csr v1\n";

/// A signing request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRequest {
    /// The subject asked for.
    pub subject: Name,
    /// DNS SANs asked for.
    pub dns_names: Vec<String>,
    /// IP SANs asked for.
    pub ip_addresses: Vec<Ipv4Addr>,
    /// The requester's key.
    pub key_algo: KeyAlgo,
    /// The requester's key id.
    pub key_id: KeyId,
}

impl CertificateRequest {
    /// The PEM file text.
    pub fn to_pem(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        pem::encode(
            "CERTIFICATE REQUEST",
            format!("{CSR_MAGIC}{json}").as_bytes(),
        )
    }
}
