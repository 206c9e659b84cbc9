//! cfssl's JSON inputs: the CSR (`{"CN": ..., "hosts": [...], "key": {...}, "names": [...]}`)
//! and the signing configuration (`{"signing": {"default": ..., "profiles": {...}}}`), with
//! the templates `cfssl print-defaults` writes and Go's duration syntax for `expiry`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{ExtKeyUsage, KeyAlgo, KeyUsage, Name, PkiError};

/// Longest `expiry` accepted (unit: seconds): 100 years, far past any lab session.
pub const MAX_EXPIRY_SECS: i64 = 100 * 365 * 86_400;

/// One `names` entry of a CSR.
#[derive(Clone, Debug, Default, Deserialize)]
#[allow(missing_docs)]
pub struct NameJson {
    #[serde(rename = "C", default)]
    pub c: String,
    #[serde(rename = "ST", default)]
    pub st: String,
    #[serde(rename = "L", default)]
    pub l: String,
    #[serde(rename = "O", default)]
    pub o: String,
    #[serde(rename = "OU", default)]
    pub ou: String,
}

/// A CSR's `key` block.
#[derive(Clone, Debug, Deserialize)]
pub struct KeyJson {
    /// `rsa` or `ecdsa`.
    pub algo: String,
    /// Bits.
    pub size: u16,
}

/// A cfssl CSR file.
#[derive(Clone, Debug, Deserialize)]
pub struct CsrJson {
    /// Common name.
    #[serde(rename = "CN", default)]
    pub cn: String,
    /// SANs: IPs and DNS names mixed, as cfssl takes them.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Key type; cfssl's default is ecdsa-256.
    pub key: Option<KeyJson>,
    /// Subject attributes; cfssl uses the first entry.
    #[serde(default)]
    pub names: Vec<NameJson>,
}

impl CsrJson {
    /// Parses a CSR file; Go-worded errors are the caller's to add.
    pub fn parse(text: &[u8]) -> Result<CsrJson, PkiError> {
        serde_json::from_slice(text).map_err(|e| PkiError::Cfssl(e.to_string()))
    }

    /// The subject: the first `names` entry plus `CN`.
    pub fn subject(&self) -> Name {
        let first = self.names.first().cloned().unwrap_or_default();
        Name {
            country: first.c,
            province: first.st,
            locality: first.l,
            organization: first.o,
            organizational_unit: first.ou,
            common_name: self.cn.clone(),
        }
    }

    /// The key asked for, checked as cfssl's `KeyRequest.Generate` checks it.
    pub fn key_algo(&self) -> Result<KeyAlgo, PkiError> {
        let Some(key) = &self.key else {
            return Ok(KeyAlgo::Ecdsa(256));
        };
        match key.algo.as_str() {
            "rsa" if key.size < 2048 => Err(PkiError::Cfssl("RSA key is too weak".into())),
            "rsa" if key.size > 8192 => Err(PkiError::Cfssl("RSA key size too large".into())),
            "rsa" => Ok(KeyAlgo::Rsa(key.size)),
            "ecdsa" if matches!(key.size, 256 | 384 | 521) => Ok(KeyAlgo::Ecdsa(key.size)),
            "ecdsa" => Err(PkiError::Cfssl("invalid curve".into())),
            _ => Err(PkiError::Cfssl("invalid algorithm".into())),
        }
    }
}

/// One signing profile.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SigningProfile {
    /// Go duration (`87600h`).
    #[serde(default)]
    pub expiry: String,
    /// cfssl usage names (`signing`, `key encipherment`, `server auth`...).
    #[serde(default)]
    pub usages: Vec<String>,
}

impl SigningProfile {
    /// Validity (unit: seconds); cfssl's default is one week.
    pub fn expiry_secs(&self) -> Result<i64, PkiError> {
        if self.expiry.is_empty() {
            return Ok(168 * 3600);
        }
        parse_go_duration(&self.expiry)
            .ok_or_else(|| PkiError::Cfssl(format!("time: invalid duration \"{}\"", self.expiry)))
    }

    /// The usages mapped as cfssl's `KeyUsage`/`ExtKeyUsage` tables map them; unknown
    /// names are ignored, as cfssl ignores them.
    pub fn usages(&self) -> (Vec<KeyUsage>, Vec<ExtKeyUsage>) {
        let mut ku = Vec::new();
        let mut eku = Vec::new();
        for usage in &self.usages {
            match usage.as_str() {
                "signing" | "digital signature" => ku.push(KeyUsage::DigitalSignature),
                "key encipherment" => ku.push(KeyUsage::KeyEncipherment),
                "cert sign" => ku.push(KeyUsage::CertSign),
                "crl sign" => ku.push(KeyUsage::CrlSign),
                "server auth" => eku.push(ExtKeyUsage::ServerAuth),
                "client auth" => eku.push(ExtKeyUsage::ClientAuth),
                _ => {}
            }
        }
        ku.sort_unstable();
        ku.dedup();
        (ku, eku)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
struct Signing {
    default: Option<SigningProfile>,
    #[serde(default)]
    profiles: BTreeMap<String, SigningProfile>,
}

/// A `-config` file.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SigningConfig {
    signing: Option<Signing>,
}

impl SigningConfig {
    /// Parses a config file.
    pub fn parse(text: &[u8]) -> Result<SigningConfig, PkiError> {
        serde_json::from_slice(text).map_err(|e| PkiError::Cfssl(e.to_string()))
    }

    /// The profile `-profile` names, or the default; an unknown name falls back to the
    /// default as cfssl's signer does.
    pub fn profile(&self, name: &str) -> SigningProfile {
        let signing = self.signing.clone().unwrap_or_default();
        signing
            .profiles
            .get(name)
            .cloned()
            .or(signing.default)
            .unwrap_or_default()
    }
}

/// Go's `time.ParseDuration` for whole units: `87600h`, `1h30m`, `90s`.
pub fn parse_go_duration(text: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: i64 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
    }
    (number.is_empty() && !text.is_empty() && total <= MAX_EXPIRY_SECS).then_some(total)
}

/// `cfssl print-defaults config|csr`.
pub fn print_defaults(what: &str) -> Option<&'static str> {
    match what {
        "config" => Some(DEFAULT_CONFIG),
        "csr" => Some(DEFAULT_CSR),
        _ => None,
    }
}

const DEFAULT_CONFIG: &str = r#"{
    "signing": {
        "default": {
            "expiry": "168h"
        },
        "profiles": {
            "www": {
                "expiry": "8760h",
                "usages": [
                    "signing",
                    "key encipherment",
                    "server auth"
                ]
            },
            "client": {
                "expiry": "8760h",
                "usages": [
                    "signing",
                    "key encipherment",
                    "client auth"
                ]
            }
        }
    }
}
"#;

const DEFAULT_CSR: &str = r#"{
    "CN": "example.net",
    "hosts": [
        "example.net",
        "www.example.net"
    ],
    "key": {
        "algo": "ecdsa",
        "size": 256
    },
    "names": [
        {
            "C": "US",
            "L": "CA",
            "ST": "San Francisco"
        }
    ]
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_templates_parse_as_what_they_are() {
        let config = SigningConfig::parse(DEFAULT_CONFIG.as_bytes()).expect("config");
        assert_eq!(config.profile("www").expiry_secs(), Ok(8760 * 3600));
        assert_eq!(config.profile("nope").expiry_secs(), Ok(168 * 3600));
        let csr = CsrJson::parse(DEFAULT_CSR.as_bytes()).expect("csr");
        assert_eq!(csr.key_algo(), Ok(KeyAlgo::Ecdsa(256)));
        assert_eq!(
            csr.subject().openssl_oneline(),
            "C=US, ST=San Francisco, L=CA, CN=example.net"
        );
    }

    #[test]
    fn the_seed_profile_maps_to_key_and_extended_usages() {
        let profile = SigningProfile {
            expiry: "87600h".into(),
            usages: ["signing", "key encipherment", "server auth", "client auth"]
                .map(String::from)
                .to_vec(),
        };
        let (ku, eku) = profile.usages();
        assert_eq!(
            ku,
            vec![KeyUsage::DigitalSignature, KeyUsage::KeyEncipherment]
        );
        assert_eq!(eku, vec![ExtKeyUsage::ServerAuth, ExtKeyUsage::ClientAuth]);
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("87600h"), Some(87600 * 3600));
        assert_eq!(parse_go_duration("1h30m"), Some(5400));
        assert_eq!(parse_go_duration("10"), None);
        assert_eq!(parse_go_duration("1y"), None);
        assert_eq!(parse_go_duration("99999999999999999999h"), None);
    }

    #[test]
    fn weak_keys_are_refused() {
        let csr = CsrJson::parse(br#"{"CN":"x","key":{"algo":"rsa","size":1024}}"#).expect("json");
        assert!(csr.key_algo().is_err());
    }
}
