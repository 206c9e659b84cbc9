//! `openssl x509 -noout -text` in OpenSSL 1.0.2's layout (CentOS 7). Modulus, EC point and
//! signature bytes are derived from the key ids, so one certificate always prints alike.

use sha2::{Digest, Sha256};

use super::{Certificate, ExtKeyUsage, KeyAlgo, KeyId, KeyUsage};

/// The full text, ending in a newline.
pub fn x509_text(cert: &Certificate, signer_algo: KeyAlgo) -> String {
    let mut out = String::from("Certificate:\n    Data:\n        Version: 3 (0x2)\n");
    out.push_str(&serial_lines(cert.serial));
    out.push_str(&format!(
        "    Signature Algorithm: {}\n",
        signature_algorithm(signer_algo)
    ));
    out.push_str(&format!(
        "        Issuer: {}\n",
        cert.issuer.openssl_oneline()
    ));
    out.push_str(&format!(
        "        Validity\n            Not Before: {}\n            Not After : {}\n",
        openssl_date(cert.not_before),
        openssl_date(cert.not_after)
    ));
    out.push_str(&format!(
        "        Subject: {}\n",
        cert.subject.openssl_oneline()
    ));
    out.push_str(&public_key_lines(cert.key_algo, cert.subject_key_id));
    out.push_str(&extension_lines(cert));
    out.push_str(&format!(
        "    Signature Algorithm: {}\n",
        signature_algorithm(signer_algo)
    ));
    let sig_len = match signer_algo {
        KeyAlgo::Rsa(bits) => usize::from(bits / 8),
        KeyAlgo::Ecdsa(_) => 71,
    };
    out.push_str(&hex_block(
        &derived_bytes(&cert.subject_key_id, cert.serial as u8, sig_len),
        18,
        "         ",
    ));
    out
}

fn serial_lines(serial: u128) -> String {
    if serial <= i64::MAX as u128 {
        return format!("        Serial Number: {serial} ({serial:#x})\n");
    }
    let bytes = serial.to_be_bytes();
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(15);
    let mut content: Vec<u8> = bytes.get(first..).unwrap_or_default().to_vec();
    if content.first().is_some_and(|b| b & 0x80 != 0) {
        content.insert(0, 0);
    }
    let hex: Vec<String> = content.iter().map(|b| format!("{b:02x}")).collect();
    format!("        Serial Number:\n            {}\n", hex.join(":"))
}

fn signature_algorithm(algo: KeyAlgo) -> &'static str {
    match algo {
        KeyAlgo::Rsa(_) => "sha256WithRSAEncryption",
        KeyAlgo::Ecdsa(_) => "ecdsa-with-SHA256",
    }
}

fn public_key_lines(algo: KeyAlgo, id: KeyId) -> String {
    match algo {
        KeyAlgo::Rsa(bits) => {
            let mut modulus = derived_bytes(&id, 0, usize::from(bits / 8));
            modulus.insert(0, 0);
            if let Some(top) = modulus.get_mut(1) {
                *top |= 0x80;
            }
            format!(
                "        Subject Public Key Info:\n            Public Key Algorithm: rsaEncryption\n                Public-Key: ({bits} bit)\n                Modulus:\n{}                Exponent: 65537 (0x10001)\n",
                hex_block(&modulus, 15, "                    ")
            )
        }
        KeyAlgo::Ecdsa(bits) => {
            let mut point = derived_bytes(&id, 0, 2 * usize::from(bits.div_ceil(8)));
            point.insert(0, 4);
            let curve = match bits {
                256 => "prime256v1",
                384 => "secp384r1",
                _ => "secp521r1",
            };
            format!(
                "        Subject Public Key Info:\n            Public Key Algorithm: id-ecPublicKey\n                Public-Key: ({bits} bit)\n                pub: \n{}                ASN1 OID: {curve}\n",
                hex_block(&point, 15, "                    ")
            )
        }
    }
}

fn extension_lines(cert: &Certificate) -> String {
    let mut out = String::from("        X509v3 extensions:\n");
    let ext = |out: &mut String, name: &str, critical: bool, value: &str| {
        let flag = if critical { " critical" } else { " " };
        out.push_str(&format!(
            "            X509v3 {name}:{flag}\n                {value}\n"
        ));
    };
    if !cert.key_usage.is_empty() {
        let names: Vec<&str> = cert.key_usage.iter().map(|u| key_usage_name(*u)).collect();
        ext(&mut out, "Key Usage", true, &names.join(", "));
    }
    if !cert.ext_key_usage.is_empty() {
        let names: Vec<&str> = cert
            .ext_key_usage
            .iter()
            .map(|u| match u {
                ExtKeyUsage::ServerAuth => "TLS Web Server Authentication",
                ExtKeyUsage::ClientAuth => "TLS Web Client Authentication",
            })
            .collect();
        ext(&mut out, "Extended Key Usage", false, &names.join(", "));
    }
    let ca = if cert.is_ca { "CA:TRUE" } else { "CA:FALSE" };
    ext(&mut out, "Basic Constraints", true, ca);
    ext(
        &mut out,
        "Subject Key Identifier",
        false,
        &cert.subject_key_id.to_string(),
    );
    let aki = format!("keyid:{}\n", cert.authority_key_id);
    ext(&mut out, "Authority Key Identifier", false, &aki);
    if cert.has_sans() {
        let dns = cert.dns_names.iter().map(|n| format!("DNS:{n}"));
        let ips = cert
            .ip_addresses
            .iter()
            .map(|ip| format!("IP Address:{ip}"));
        let sans: Vec<String> = dns.chain(ips).collect();
        ext(
            &mut out,
            "Subject Alternative Name",
            false,
            &sans.join(", "),
        );
    }
    out
}

fn key_usage_name(usage: KeyUsage) -> &'static str {
    match usage {
        KeyUsage::DigitalSignature => "Digital Signature",
        KeyUsage::KeyEncipherment => "Key Encipherment",
        KeyUsage::CertSign => "Certificate Sign",
        KeyUsage::CrlSign => "CRL Sign",
    }
}

/// `Nov 22 10:12:00 2026 GMT`.
fn openssl_date(unix_secs: i64) -> String {
    chrono::DateTime::from_timestamp(unix_secs, 0)
        .map(|t| t.format("%b %e %H:%M:%S %Y GMT").to_string())
        .unwrap_or_default()
}

/// `len` stable pseudo-random bytes for key `id` (a SHA-256 chain).
fn derived_bytes(id: &KeyId, salt: u8, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut block = Sha256::new()
        .chain_update(id.0)
        .chain_update([salt])
        .finalize();
    while out.len() < len {
        out.extend_from_slice(&block);
        block = Sha256::digest(block);
    }
    out.truncate(len);
    out
}

/// Bytes as `xx:xx:` lines of `per_line`, the last without a trailing colon.
fn hex_block(bytes: &[u8], per_line: usize, indent: &str) -> String {
    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let lines: Vec<String> = hex.chunks(per_line).map(|c| c.join(":")).collect();
    let count = lines.len();
    let mut out = String::new();
    for (i, line) in lines.into_iter().enumerate() {
        let sep = if i + 1 < count { ":" } else { "" };
        out.push_str(&format!("{indent}{line}{sep}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cert::tests::leaf;

    #[test]
    fn a_server_certificate_prints_its_names_validity_usages_and_sans() {
        let text = x509_text(&leaf(1, 2), KeyAlgo::Rsa(2048));
        for expected in [
            "        Serial Number: 42 (0x2a)\n",
            "        Issuer: CN=ca\n",
            "            Not Before: Jan  1 00:16:40 1970 GMT\n",
            "                Public-Key: (2048 bit)\n",
            "            X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n",
            "                TLS Web Server Authentication, TLS Web Client Authentication\n",
            "                CA:FALSE\n",
            "                DNS:etcd1, IP Address:10.0.0.11\n",
            "    Signature Algorithm: sha256WithRSAEncryption\n         ",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn large_serials_print_as_colon_hex_and_blocks_wrap() {
        assert_eq!(
            serial_lines(0x80 << 64),
            "        Serial Number:\n            00:80:00:00:00:00:00:00:00:00\n"
        );
        assert_eq!(hex_block(&[1, 2, 3], 2, " "), " 01:02:\n 03\n");
    }
}
