//! A distinguished name as cfssl builds it from a CSR's `CN` and `names` (C, ST, L, O, OU),
//! and the two ways it is printed: openssl's one-line form and Go's `pkix.Name.String`.

use serde::{Deserialize, Serialize};

/// Subject or issuer of a certificate. Empty fields are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// Country (`C`).
    pub country: String,
    /// State or province (`ST`).
    pub province: String,
    /// Locality (`L`).
    pub locality: String,
    /// Organization (`O`).
    pub organization: String,
    /// Organizational unit (`OU`).
    pub organizational_unit: String,
    /// Common name (`CN`).
    pub common_name: String,
}

impl Name {
    /// The attributes in the order cfssl writes them into the certificate.
    fn attributes(&self) -> [(&'static str, &str); 6] {
        [
            ("C", &self.country),
            ("ST", &self.province),
            ("L", &self.locality),
            ("O", &self.organization),
            ("OU", &self.organizational_unit),
            ("CN", &self.common_name),
        ]
    }

    /// OpenSSL 1.0.2's `Subject:` line: `C=CN, ST=SH, L=BS, O=etcd, OU=System, CN=etcd`.
    pub fn openssl_oneline(&self) -> String {
        self.attributes()
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Go's `pkix.Name.String()`, most specific first: `CN=etcd,OU=System,O=etcd,...`.
    pub fn go_string(&self) -> String {
        self.attributes()
            .iter()
            .rev()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openssl_and_go_print_the_attributes_in_opposite_orders() {
        let name = Name {
            country: "CN".into(),
            province: "SH".into(),
            locality: "BS".into(),
            organization: "etcd".into(),
            organizational_unit: "System".into(),
            common_name: "etcd".into(),
        };
        assert_eq!(
            name.openssl_oneline(),
            "C=CN, ST=SH, L=BS, O=etcd, OU=System, CN=etcd"
        );
        assert_eq!(name.go_string(), "CN=etcd,OU=System,O=etcd,L=BS,ST=SH,C=CN");
        let cn_only = Name {
            common_name: "ca".into(),
            ..Name::default()
        };
        assert_eq!(cn_only.openssl_oneline(), "CN=ca");
    }
}
