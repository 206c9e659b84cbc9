//! Stories of certificates a verifier meets.

use super::*;
use crate::pki::cert::tests::leaf;
use crate::pki::{KeyId, Name};

fn ca(ski: u8) -> Certificate {
    let mut ca = leaf(ski, ski);
    ca.subject = Name {
        common_name: "ca".into(),
        ..Name::default()
    };
    ca.issuer = ca.subject.clone();
    ca.is_ca = true;
    ca.ext_key_usage.clear();
    ca.not_after += 10 * 86_400;
    ca
}

fn opts<'a>(roots: &'a [Certificate], host: &'a str, now: i64) -> VerifyOptions<'a> {
    VerifyOptions {
        roots,
        host: Some(host),
        now,
        usage: ExtKeyUsage::ServerAuth,
    }
}

#[test]
fn a_leaf_signed_by_the_trusted_ca_for_the_dialled_ip_is_accepted() {
    let roots = [ca(2)];
    assert_eq!(
        verify(&leaf(1, 2), &opts(&roots, "10.0.0.11", 2000)),
        Ok(())
    );
    assert_eq!(verify(&leaf(1, 2), &opts(&roots, "ETCD1", 2000)), Ok(()));
}

#[test]
fn dialling_another_ip_names_the_ips_the_certificate_is_valid_for() {
    let roots = [ca(2)];
    let err = verify(&leaf(1, 2), &opts(&roots, "10.0.0.12", 2000)).expect_err("mismatch");
    assert_eq!(
        err.to_string(),
        "x509: certificate is valid for 10.0.0.11, not 10.0.0.12"
    );
    let err = verify(&leaf(1, 2), &opts(&roots, "etcd2", 2000)).expect_err("mismatch");
    assert_eq!(
        err.to_string(),
        "x509: certificate is valid for etcd1, not etcd2"
    );
}

#[test]
fn a_certificate_without_ip_sans_cannot_be_checked_for_an_ip() {
    let mut cert = leaf(1, 2);
    cert.ip_addresses.clear();
    let err = verify(&cert, &opts(&[ca(2)], "10.0.0.11", 2000)).expect_err("no ip sans");
    assert_eq!(
        err.to_string(),
        "x509: cannot validate certificate for 10.0.0.11 because it doesn't contain any IP SANs"
    );
    cert.dns_names.clear();
    cert.subject.common_name = "etcd1".into();
    let err = verify(&cert, &opts(&[ca(2)], "etcd1", 2000)).expect_err("legacy");
    assert_eq!(err, X509Error::LegacyCommonName);
}

#[test]
fn an_unknown_ca_and_a_regenerated_ca_of_the_same_name_are_told_apart() {
    let err = verify(&leaf(1, 2), &opts(&[], "10.0.0.11", 2000)).expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "x509: certificate signed by unknown authority"
    );
    let err = verify(&leaf(1, 2), &opts(&[ca(9)], "10.0.0.11", 2000)).expect_err("other key");
    assert!(
        err.to_string()
            .contains("candidate authority certificate \"ca\"")
    );
}

#[test]
fn validity_is_checked_first_with_go_timestamps() {
    let err = verify(&leaf(1, 2), &opts(&[], "10.0.0.12", 999_999)).expect_err("expired");
    assert_eq!(
        err.to_string(),
        "x509: certificate has expired or is not yet valid: current time 1970-01-12T13:46:39Z is after 1970-01-02T00:16:40Z"
    );
}

#[test]
fn a_server_only_certificate_cannot_authenticate_a_client() {
    let mut cert = leaf(1, 2);
    cert.ext_key_usage = vec![ExtKeyUsage::ServerAuth];
    let roots = [ca(2)];
    let client = VerifyOptions {
        host: None,
        usage: ExtKeyUsage::ClientAuth,
        ..opts(&roots, "", 2000)
    };
    assert_eq!(verify(&cert, &client), Err(X509Error::IncompatibleUsage));
    let _ = KeyId([0; 20]);
}

#[test]
fn wildcards_cover_one_label() {
    assert!(dns_matches("*.example.com", "a.example.com"));
    assert!(!dns_matches("*.example.com", "a.b.example.com"));
    assert!(!dns_matches("*.example.com", "example.com"));
}

#[test]
fn names_match_without_case_or_trailing_dot_and_never_partly() {
    assert!(dns_matches("*.example.com", "ETCD1.Example.com."));
    assert!(dns_matches("localhost.", "localhost"));
    assert!(!dns_matches("*.example.com", ".example.com"));
    assert!(!dns_matches("etcd1.example.com", "example.com"));
    assert!(!dns_matches("", ""));
}

#[test]
fn a_name_is_checked_against_dns_sans_and_an_address_against_ip_sans() {
    // cfssl `"hosts": ["localhost", "127.0.0.1"]`.
    let mut cert = leaf(1, 2);
    cert.dns_names = vec!["localhost".into()];
    cert.ip_addresses = vec![std::net::Ipv4Addr::LOCALHOST];
    assert_eq!(verify_hostname(&cert, "localhost"), Ok(()));
    assert_eq!(verify_hostname(&cert, "127.0.0.1"), Ok(()));
    let err = verify_hostname(&cert, "etcd-1").expect_err("not named");
    assert_eq!(
        err.to_string(),
        "x509: certificate is valid for localhost, not etcd-1"
    );
    assert!(err.is_name_mismatch());
    // Only addresses: a name finds nothing to match, recorded from etcdctl against etcd.
    cert.dns_names.clear();
    let err = verify_hostname(&cert, "localhost").expect_err("no DNS SANs");
    assert_eq!(
        err.to_string(),
        "x509: certificate is not valid for any names, but wanted to match localhost"
    );
    // Wildcards list as written.
    cert.dns_names = vec!["*.example.com".into(), "localhost".into()];
    assert_eq!(verify_hostname(&cert, "etcd2.example.com"), Ok(()));
    let err = verify_hostname(&cert, "a.b.example.com").expect_err("two labels");
    assert_eq!(
        err.to_string(),
        "x509: certificate is valid for *.example.com, localhost, not a.b.example.com"
    );
    assert!(!X509Error::UnknownAuthority.is_name_mismatch());
}
