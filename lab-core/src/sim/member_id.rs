//! Member and cluster ids, computed exactly as etcd 3.4 computes them, so the ids a learner
//! sees in the lab are the ids real etcd would print for the same flags.
//!
//! A member id is the first 8 bytes (big-endian) of SHA-1 over the member's peer URLs,
//! sorted and concatenated, followed by the cluster token and, for a member added at runtime,
//! the Unix time in seconds (etcd's `computeMemberId`). A cluster id is the first 8 bytes of
//! SHA-1 over the sorted member ids, each as 8 big-endian bytes (etcd's `genID`).

use sha1::{Digest, Sha1};

/// etcd's member id for `peer_urls` in the cluster named by `token`; `added_at_unix_secs` is
/// `Some` for members added at runtime (`member add`), whose ids are time-based.
pub fn etcd_member_id(peer_urls: &[&str], token: &str, added_at_unix_secs: Option<u64>) -> u64 {
    let mut urls = peer_urls.to_vec();
    urls.sort_unstable();
    let mut hasher = Sha1::new();
    for url in urls {
        hasher.update(url.as_bytes());
    }
    hasher.update(token.as_bytes());
    if let Some(secs) = added_at_unix_secs {
        hasher.update(secs.to_string().as_bytes());
    }
    first_8_bytes(&hasher.finalize())
}

/// etcd's cluster id for a cluster whose members have `member_ids`.
pub fn etcd_cluster_id(member_ids: &[u64]) -> u64 {
    let mut ids = member_ids.to_vec();
    ids.sort_unstable();
    let mut hasher = Sha1::new();
    for id in ids {
        hasher.update(id.to_be_bytes());
    }
    first_8_bytes(&hasher.finalize())
}

fn first_8_bytes(digest: &[u8]) -> u64 {
    let mut head = [0u8; 8];
    for (dst, src) in head.iter_mut().zip(digest) {
        *dst = *src;
    }
    u64::from_be_bytes(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids real etcd 3.4.23 printed for reference scenario 1 (token `tkn-s01`).
    #[test]
    fn ids_match_real_etcd() {
        let id =
            |port: u16| etcd_member_id(&[&format!("http://127.0.0.1:{port}")], "tkn-s01", None);
        let ids = [id(21380), id(22380), id(23380)];
        assert_eq!(
            ids.map(|i| format!("{i:x}")),
            ["a3b3534325d6dc15", "2a51f264ed200d47", "2bbabdd22fc3c813"]
        );
        assert_eq!(etcd_cluster_id(&ids), 3_965_943_739_518_344_197);
    }

    #[test]
    fn peer_url_order_does_not_matter_but_the_token_and_time_do() {
        let a = etcd_member_id(&["http://b:2380", "http://a:2380"], "t", None);
        assert_eq!(
            a,
            etcd_member_id(&["http://a:2380", "http://b:2380"], "t", None)
        );
        assert_ne!(
            a,
            etcd_member_id(&["http://a:2380", "http://b:2380"], "u", None)
        );
        assert_ne!(
            a,
            etcd_member_id(&["http://a:2380", "http://b:2380"], "t", Some(1))
        );
    }
}
