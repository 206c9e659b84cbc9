//! The gRPC messages etcdctl sends as the store's requests, and the store's answers as the
//! gRPC messages it receives: bytes become the store's UTF-8 text (other bytes are refused
//! before sending), revisions move between Go's `int64` and the store's `u64`.

use super::HostEtcdApi;
use super::cluster::header;
use crate::etcdctl::{
    self, AlarmMember, AlarmType, GrpcCode, KeyValue, OneOf, ResponseHeader, ResponseOp, RpcError,
    ServerError,
};
use crate::mvcc::{self, AlarmKind};
use crate::sim::Connection;

/// A store revision as Go's `int64`.
pub(super) fn revision(r: u64) -> i64 {
    i64::try_from(r).unwrap_or(i64::MAX)
}

/// A request's revision as the store's: negative ones are 0 ("now"), as etcd treats them.
fn store_revision(r: i64) -> u64 {
    u64::try_from(r).unwrap_or(0)
}

/// The store's key as the gRPC `mvccpb.KeyValue`.
pub(super) fn key_value(kv: mvcc::KeyValue) -> KeyValue {
    KeyValue {
        key: kv.key.into_bytes(),
        create_revision: revision(kv.create_revision),
        mod_revision: revision(kv.mod_revision),
        version: revision(kv.version),
        value: kv.value.into_bytes(),
        lease: kv.lease,
    }
}

/// The lab's store keeps text: bytes that are not UTF-8 are refused before sending.
pub(super) fn utf8(bytes: Vec<u8>) -> Result<String, RpcError> {
    String::from_utf8(bytes).map_err(|_| {
        RpcError::Server(ServerError::new(
            GrpcCode::InvalidArgument,
            "the lab stores only UTF-8 keys and values",
        ))
    })
}

pub(super) fn range_request(r: etcdctl::RangeRequest) -> Result<mvcc::RangeRequest, RpcError> {
    Ok(mvcc::RangeRequest {
        range: mvcc::KeyRange {
            key: utf8(r.key)?,
            range_end: r.range_end,
        },
        limit: u64::try_from(r.limit).unwrap_or(0),
        revision: store_revision(r.revision),
        sort_order: r.sort_order,
        sort_target: r.sort_target,
        serializable: r.serializable,
        keys_only: r.keys_only,
        count_only: r.count_only,
    })
}

pub(super) fn put_request(r: etcdctl::PutRequest) -> Result<mvcc::PutRequest, RpcError> {
    Ok(mvcc::PutRequest {
        key: utf8(r.key)?,
        value: utf8(r.value)?,
        lease: r.lease,
        prev_kv: r.prev_kv,
        ignore_value: r.ignore_value,
        ignore_lease: r.ignore_lease,
    })
}

pub(super) fn delete_request(
    r: etcdctl::DeleteRangeRequest,
) -> Result<mvcc::DeleteRangeRequest, RpcError> {
    Ok(mvcc::DeleteRangeRequest {
        range: mvcc::KeyRange {
            key: utf8(r.key)?,
            range_end: r.range_end,
        },
        prev_kv: r.prev_kv,
    })
}

pub(super) fn txn_request(t: etcdctl::TxnRequest) -> Result<mvcc::TxnRequest, RpcError> {
    let ops = |ops: Vec<etcdctl::RequestOp>| -> Result<Vec<mvcc::RequestOp>, RpcError> {
        ops.into_iter()
            .map(|op| {
                Ok(match op {
                    etcdctl::RequestOp::Range(r) => mvcc::RequestOp::Range(range_request(r)?),
                    etcdctl::RequestOp::Put(p) => mvcc::RequestOp::Put(put_request(p)?),
                    etcdctl::RequestOp::DeleteRange(d) => {
                        mvcc::RequestOp::DeleteRange(delete_request(d)?)
                    }
                    etcdctl::RequestOp::Txn(t) => mvcc::RequestOp::Txn(txn_request(t)?),
                })
            })
            .collect()
    };
    Ok(mvcc::TxnRequest {
        compare: t.compare,
        success: ops(t.success)?,
        failure: ops(t.failure)?,
    })
}

pub(super) fn range_response(
    header: ResponseHeader,
    r: mvcc::RangeResponse,
) -> etcdctl::RangeResponse {
    etcdctl::RangeResponse {
        header,
        kvs: r.kvs.into_iter().map(key_value).collect(),
        more: r.more,
        count: i64::try_from(r.count).unwrap_or(i64::MAX),
    }
}

pub(super) fn put_response(header: ResponseHeader, r: mvcc::PutResponse) -> etcdctl::PutResponse {
    etcdctl::PutResponse {
        header,
        prev_kv: r.prev_kv.map(key_value),
    }
}

pub(super) fn delete_response(
    header: ResponseHeader,
    r: mvcc::DeleteRangeResponse,
) -> etcdctl::DeleteRangeResponse {
    etcdctl::DeleteRangeResponse {
        header,
        deleted: i64::try_from(r.deleted).unwrap_or(i64::MAX),
        prev_kvs: r.prev_kvs.into_iter().map(key_value).collect(),
    }
}

/// A txn answer: the outer header is the member's; the answers inside carry only their
/// revision, as etcd's do, and a nested txn's header is empty (etcd fills in the
/// revision of the outermost txn only).
pub(super) fn txn_response(
    api: &HostEtcdApi,
    conn: Connection,
    r: mvcc::TxnResponse,
) -> etcdctl::TxnResponse {
    let mut response = inner_txn(r);
    response.header = header(api, conn, store_revision(response.header.revision));
    response
}

fn inner_txn(r: mvcc::TxnResponse) -> etcdctl::TxnResponse {
    let inner = |rev: u64| ResponseHeader {
        revision: revision(rev),
        ..ResponseHeader::default()
    };
    let responses = r
        .responses
        .into_iter()
        .map(|op| ResponseOp {
            response: match op {
                mvcc::ResponseOp::Range(r) => {
                    OneOf::ResponseRange(range_response(inner(r.revision), r))
                }
                mvcc::ResponseOp::Put(p) => OneOf::ResponsePut(put_response(inner(p.revision), p)),
                mvcc::ResponseOp::DeleteRange(d) => {
                    OneOf::ResponseDeleteRange(delete_response(inner(d.revision), d))
                }
                mvcc::ResponseOp::Txn(t) => OneOf::ResponseTxn(etcdctl::TxnResponse {
                    header: ResponseHeader::default(),
                    ..inner_txn(t)
                }),
            },
        })
        .collect();
    etcdctl::TxnResponse {
        header: inner(r.revision),
        succeeded: r.succeeded,
        responses,
    }
}

pub(super) fn alarm_kind(a: AlarmType) -> AlarmKind {
    match a {
        AlarmType::Nospace => AlarmKind::Nospace,
        AlarmType::Corrupt => AlarmKind::Corrupt,
    }
}

pub(super) fn alarm_member(a: mvcc::Alarm) -> AlarmMember {
    AlarmMember {
        member_id: a.member_id,
        alarm: match a.alarm {
            AlarmKind::Nospace => AlarmType::Nospace,
            AlarmKind::Corrupt => AlarmType::Corrupt,
        },
    }
}
