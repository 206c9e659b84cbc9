//! The lease answers as clientv3 hands them to etcdctl's printers (`clientv3/lease.go`):
//! their Go JSON — the `*pb.ResponseHeader` embedded, so flattened, and the field names Go
//! derives — and the fields printer's lines.

use base64::Engine;
use serde::{Serialize, Serializer};

use super::pb::ResponseHeader;

/// `clientv3.LeaseGrantResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct LeaseGrantResponse {
    #[serde(flatten)]
    pub header: ResponseHeader,
    #[serde(rename = "ID")]
    pub id: i64,
    #[serde(rename = "TTL")]
    pub ttl: i64,
    #[serde(rename = "Error")]
    pub error: String,
}

/// `clientv3.LeaseRevokeResponse` (the protobuf message itself).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct LeaseRevokeResponse {
    pub header: ResponseHeader,
}

/// `clientv3.LeaseKeepAliveResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct LeaseKeepAliveResponse {
    #[serde(flatten)]
    pub header: ResponseHeader,
    #[serde(rename = "ID")]
    pub id: i64,
    #[serde(rename = "TTL")]
    pub ttl: i64,
}

/// `clientv3.LeaseTimeToLiveResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct LeaseTimeToLiveResponse {
    #[serde(flatten)]
    pub header: ResponseHeader,
    pub id: i64,
    pub ttl: i64,
    #[serde(rename = "granted-ttl")]
    pub granted_ttl: i64,
    /// Go's nil slice (`null`) when empty.
    #[serde(serialize_with = "keys_json")]
    pub keys: Vec<Vec<u8>>,
}

/// `clientv3.LeaseLeasesResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct LeaseLeasesResponse {
    #[serde(flatten)]
    pub header: ResponseHeader,
    pub leases: Vec<LeaseStatus>,
}

/// `clientv3.LeaseStatus`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct LeaseStatus {
    pub id: i64,
}

fn keys_json<S: Serializer>(keys: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
    if keys.is_empty() {
        return s.serialize_none();
    }
    let encoded: Vec<String> = keys
        .iter()
        .map(|k| base64::engine::general_purpose::STANDARD.encode(k))
        .collect();
    encoded.serialize(s)
}

/// Go's `%016x` of a lease id: zero-padded to 16 characters, the sign counted in them.
pub(super) fn lease_hex(id: i64) -> String {
    if id < 0 {
        format!("-{:015x}", id.unsigned_abs())
    } else {
        format!("{id:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etcdctl::print_kv::json_line;

    fn header() -> ResponseHeader {
        ResponseHeader {
            cluster_id: 3_965_943_739_518_344_197,
            member_id: 3_049_484_937_995_488_583,
            revision: 22,
            raft_term: 2,
        }
    }

    #[test]
    fn time_to_live_json_is_the_recorded_line() {
        let response = LeaseTimeToLiveResponse {
            header: header(),
            id: 5_193_672_928_022_734_870,
            ttl: 58,
            granted_ttl: 60,
            keys: vec![b"leasedkey".to_vec()],
        };
        assert_eq!(
            json_line(&response),
            "{\"cluster_id\":3965943739518344197,\"member_id\":3049484937995488583,\"revision\":22,\"raft_term\":2,\"id\":5193672928022734870,\"ttl\":58,\"granted-ttl\":60,\"keys\":[\"bGVhc2Vka2V5\"]}\n"
        );
        let without = LeaseTimeToLiveResponse {
            keys: Vec::new(),
            ..response
        };
        assert!(json_line(&without).ends_with("\"keys\":null}\n"));
    }

    #[test]
    fn list_json_is_the_recorded_line() {
        let response = LeaseLeasesResponse {
            header: header(),
            leases: vec![
                LeaseStatus {
                    id: 5_193_672_928_022_734_868,
                },
                LeaseStatus {
                    id: 5_193_672_928_022_734_870,
                },
            ],
        };
        assert_eq!(
            json_line(&response),
            "{\"cluster_id\":3965943739518344197,\"member_id\":3049484937995488583,\"revision\":22,\"raft_term\":2,\"leases\":[{\"id\":5193672928022734868},{\"id\":5193672928022734870}]}\n"
        );
    }

    #[test]
    fn ids_print_as_go_pads_them() {
        assert_eq!(lease_hex(0x4813_a202_c25b_a816), "4813a202c25ba816");
        assert_eq!(lease_hex(1), "0000000000000001");
        assert_eq!(lease_hex(-1), "-000000000000001");
        assert_eq!(lease_hex(i64::MIN), "-8000000000000000");
    }
}
