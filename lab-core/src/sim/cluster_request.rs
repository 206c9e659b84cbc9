//! `ClusterRequest`: the membership requests etcd replicates through Raft besides conf
//! changes: a member's `publish` of its name and client URLs once it has started (etcd 3.4
//! writes it as a v2 PUT of `/0/members/<id>/attributes`), and the leader's setting of the
//! cluster version.
//!
//! Entry payloads open with [`PREFIX`], a byte no client request's JSON starts with, so the
//! server tells them apart without trying decoders in turn.

use serde::{Deserialize, Serialize};

/// First bytes of a cluster request's entry payload.
const PREFIX: &[u8] = b"\0cluster:";

/// A membership request in a Raft entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterRequest {
    /// A started member's name and client URLs (etcd's `publish`).
    MemberAttrSet {
        /// The member publishing.
        member_id: u64,
        /// Its `--name`.
        name: String,
        /// Its `--advertise-client-urls`.
        client_urls: Vec<String>,
    },
    /// The cluster version the leader decided (`3.4`).
    ClusterVersionSet {
        /// `major.minor`.
        version: String,
    },
}

impl ClusterRequest {
    /// The entry payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut data = PREFIX.to_vec();
        data.extend(serde_json::to_vec(self).unwrap_or_default());
        data
    }

    /// Reads an entry payload; `None` if it is not a cluster request.
    pub fn decode(data: &[u8]) -> Option<ClusterRequest> {
        serde_json::from_slice(data.strip_prefix(PREFIX)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mvcc::{InternalRaftRequest, KvRequest};

    #[test]
    fn cluster_requests_round_trip_and_are_not_client_requests() {
        let publish = ClusterRequest::MemberAttrSet {
            member_id: 7,
            name: "etcd1".into(),
            client_urls: vec!["http://127.0.0.1:2379".into()],
        };
        let data = publish.encode();
        assert_eq!(ClusterRequest::decode(&data), Some(publish));
        assert!(InternalRaftRequest::decode(&data).is_err());
        let put = InternalRaftRequest {
            id: 1,
            request: KvRequest::Put {
                key: "k".into(),
                value: "v".into(),
                lease: 0,
            },
        };
        assert_eq!(
            ClusterRequest::decode(&put.encode().unwrap_or_default()),
            None
        );
    }
}
