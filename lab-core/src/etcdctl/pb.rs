//! The messages of etcd's v3 gRPC API (`etcdserverpb`, `mvccpb`) that `etcdctl` sends and
//! receives, with the JSON shape Go's `encoding/json` gives them (`omitempty` everywhere,
//! byte strings in base64), which is what `-w json` prints.

use base64::Engine as _;
use serde::{Serialize, Serializer};

/// Every response's header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResponseHeader {
    #[serde(skip_serializing_if = "is_zero_u64")]
    #[allow(missing_docs)]
    pub cluster_id: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    #[allow(missing_docs)]
    pub member_id: u64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    #[allow(missing_docs)]
    pub revision: i64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    #[allow(missing_docs)]
    pub raft_term: u64,
}

/// One key as `mvccpb.KeyValue`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct KeyValue {
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "base64_bytes")]
    pub key: Vec<u8>,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub create_revision: i64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub mod_revision: i64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub version: i64,
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "base64_bytes")]
    pub value: Vec<u8>,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub lease: i64,
}

/// One cluster member as `etcdserverpb.Member`. An empty `name` means "not started yet".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct Member {
    #[serde(rename = "ID", skip_serializing_if = "is_zero_u64")]
    pub id: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(rename = "peerURLs", skip_serializing_if = "Vec::is_empty")]
    pub peer_urls: Vec<String>,
    #[serde(rename = "clientURLs", skip_serializing_if = "Vec::is_empty")]
    pub client_urls: Vec<String>,
    #[serde(rename = "isLearner", skip_serializing_if = "is_false")]
    pub is_learner: bool,
}

/// The store's sort options are the wire's.
pub use crate::mvcc::{SortOrder, SortTarget};

/// `RangeRequest`: `range_end` empty = one key; `[0]` = every key ≥ `key`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct RangeRequest {
    pub key: Vec<u8>,
    pub range_end: Vec<u8>,
    pub limit: i64,
    pub revision: i64,
    pub sort_order: SortOrder,
    pub sort_target: SortTarget,
    pub serializable: bool,
    pub keys_only: bool,
    pub count_only: bool,
}

/// `RangeResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct RangeResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kvs: Vec<KeyValue>,
    #[serde(skip_serializing_if = "is_false")]
    pub more: bool,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub count: i64,
}

/// `PutRequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct PutRequest {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub lease: i64,
    pub prev_kv: bool,
    pub ignore_value: bool,
    pub ignore_lease: bool,
}

/// `PutResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct PutResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_kv: Option<KeyValue>,
}

/// `DeleteRangeRequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct DeleteRangeRequest {
    pub key: Vec<u8>,
    pub range_end: Vec<u8>,
    pub prev_kv: bool,
}

/// `DeleteRangeResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct DeleteRangeResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub deleted: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prev_kvs: Vec<KeyValue>,
}

/// `MemberListResponse`, also the shape of remove/update/promote answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct MemberListResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
}

/// `MemberAddResponse`: the new member and the member list including it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct MemberAddResponse {
    pub header: ResponseHeader,
    pub member: Member,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
}

/// `StatusResponse` (Maintenance.Status).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct StatusResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub db_size: i64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub leader: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_index: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_term: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_applied_index: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub db_size_in_use: i64,
    #[serde(skip_serializing_if = "is_false")]
    pub is_learner: bool,
}

/// `HashKVResponse` (Maintenance.HashKV): the CRC-32C of the member's key history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct HashKvResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub hash: u32,
    /// The last compaction's revision; `-1` when the store was never compacted.
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub compact_revision: i64,
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}

fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

fn is_false(v: &bool) -> bool {
    !*v
}

fn base64_bytes<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
}
