//! The txn and maintenance messages of etcd's v3 API that `etcdctl txn`, `compaction` and
//! `alarm` use: [`TxnRequest`] as etcdctl builds it (compares as the store judges them,
//! operations as `get`/`put`/`del` build them) and the answers in Go's JSON shape
//! (`Response` oneof wrappers, `omitempty`) and protobuf wire format.

use serde::Serialize;

use super::pb::{
    DeleteRangeRequest, DeleteRangeResponse, PutRequest, PutResponse, RangeRequest, RangeResponse,
    ResponseHeader,
};
use super::pb_wire::{Encode, length_delimited};
use crate::mvcc::Compare;

/// One operation of a txn branch (`RequestOp`). `etcdctl txn` cannot write a nested
/// [`RequestOp::Txn`]; the v3 JSON gateway can.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum RequestOp {
    Range(RangeRequest),
    Put(PutRequest),
    DeleteRange(DeleteRangeRequest),
    Txn(TxnRequest),
}

/// `TxnRequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct TxnRequest {
    pub compare: Vec<Compare>,
    pub success: Vec<RequestOp>,
    pub failure: Vec<RequestOp>,
}

/// `ResponseOp`: Go's JSON names the oneof field `Response` and wraps the value in its
/// variant's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResponseOp {
    #[serde(rename = "Response")]
    #[allow(missing_docs)]
    pub response: OneOf,
}

/// The oneof of [`ResponseOp`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub enum OneOf {
    ResponseRange(RangeResponse),
    ResponsePut(PutResponse),
    ResponseDeleteRange(DeleteRangeResponse),
    ResponseTxn(TxnResponse),
}

/// `TxnResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct TxnResponse {
    pub header: ResponseHeader,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub succeeded: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<ResponseOp>,
}

/// `AlarmMember` as Go's JSON shows it: the alarm as its enum number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct AlarmMemberJson {
    #[serde(rename = "memberID", skip_serializing_if = "is_zero")]
    pub member_id: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub alarm: u64,
}

/// `AlarmResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct AlarmResponse {
    /// `None` for `alarm disarm`, whose answer clientv3 assembles without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<ResponseHeader>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alarms: Vec<AlarmMemberJson>,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

impl Encode for ResponseOp {
    fn encode_to(&self, out: &mut Vec<u8>) {
        let (field, encoded) = match &self.response {
            OneOf::ResponseRange(r) => (1, r.encode()),
            OneOf::ResponsePut(r) => (2, r.encode()),
            OneOf::ResponseDeleteRange(r) => (3, r.encode()),
            OneOf::ResponseTxn(r) => (4, r.encode()),
        };
        length_delimited(out, field, &encoded);
    }
}

impl Encode for TxnResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        length_delimited(out, 1, &self.header.encode());
        if self.succeeded {
            out.extend_from_slice(&[2 << 3, 1]);
        }
        for r in &self.responses {
            length_delimited(out, 3, &r.encode());
        }
    }
}

impl Encode for AlarmResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        if let Some(header) = &self.header {
            length_delimited(out, 1, &header.encode());
        }
        for a in &self.alarms {
            let mut member = Vec::new();
            super::pb_wire::uint_field(&mut member, 1, a.member_id);
            super::pb_wire::uint_field(&mut member, 2, a.alarm);
            length_delimited(out, 2, &member);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etcdctl::pb::KeyValue;

    #[test]
    fn a_txn_answer_prints_as_the_recorded_json() {
        // `txn -w json` in scenario 1: a failed compare, then a get.
        let response = TxnResponse {
            header: ResponseHeader {
                cluster_id: 3_965_943_739_518_344_197,
                member_id: 11_795_863_396_876_213_269,
                revision: 14,
                raft_term: 2,
            },
            succeeded: false,
            responses: vec![ResponseOp {
                response: OneOf::ResponseRange(RangeResponse {
                    header: ResponseHeader {
                        revision: 14,
                        ..ResponseHeader::default()
                    },
                    kvs: vec![KeyValue {
                        key: b"user1".to_vec(),
                        create_revision: 13,
                        mod_revision: 14,
                        version: 2,
                        value: b"ok".to_vec(),
                        lease: 0,
                    }],
                    more: false,
                    count: 1,
                }),
            }],
        };
        let recorded = r#"{"header":{"cluster_id":3965943739518344197,"member_id":11795863396876213269,"revision":14,"raft_term":2},"responses":[{"Response":{"ResponseRange":{"header":{"revision":14},"kvs":[{"key":"dXNlcjE=","create_revision":13,"mod_revision":14,"version":2,"value":"b2s="}],"count":1}}}]}"#;
        assert_eq!(
            serde_json::to_string(&response).ok().as_deref(),
            Some(recorded)
        );
    }
}
