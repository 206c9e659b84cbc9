//! The gateway's unary routes (`/v3/kv/put`, `/v3/lease/grant`, ...) and the request
//! message each one's JSON body becomes: the same [`Request`] etcdctl sends, so curl and
//! etcdctl reach one KV, lease, cluster and auth path in the world.

use super::json_in::{DecodeError, Message};
use crate::auth::{AuthRequest, hash_password};
use crate::etcdctl::{
    DeleteRangeRequest, PutRequest, RangeRequest, Request, RequestOp, SortOrder, SortTarget,
    TxnRequest,
};
use crate::mvcc::{Compare, CompareResult, CompareTarget};

type Decoded<T> = Result<T, DecodeError>;

/// Builds one route's request from its body's fields.
type Build = fn(Message<'_>) -> Decoded<Request>;

/// Every unary route after `/v3/` (or `/v3beta/`), as etcd 3.4's `rpc.proto` binds them
/// (with its `additional_bindings`: the `kv/lease/…` aliases).
const ROUTES: &[(&str, Build)] = &[
    ("kv/range", |m| range(m).map(Request::Range)),
    ("kv/put", |m| put(m).map(Request::Put)),
    ("kv/deleterange", |m| {
        delete_range(m).map(Request::DeleteRange)
    }),
    ("kv/txn", |m| txn(m).map(Request::Txn)),
    ("kv/compaction", compaction),
    ("lease/grant", lease_grant),
    ("lease/revoke", lease_revoke),
    ("kv/lease/revoke", lease_revoke),
    ("lease/timetolive", lease_time_to_live),
    ("kv/lease/timetolive", lease_time_to_live),
    ("lease/leases", |_| Ok(Request::LeaseLeases)),
    ("kv/lease/leases", |_| Ok(Request::LeaseLeases)),
    ("lease/keepalive", |m| {
        Ok(Request::LeaseKeepAlive { id: m.int64("ID")? })
    }),
    ("cluster/member/list", |_| {
        Ok(Request::MemberList {
            linearizable: false,
        })
    }),
    ("cluster/member/add", member_add),
    ("cluster/member/remove", |m| {
        Ok(Request::MemberRemove {
            id: m.uint64("ID")?,
        })
    }),
    ("cluster/member/update", member_update),
    ("cluster/member/promote", |m| {
        Ok(Request::MemberPromote {
            id: m.uint64("ID")?,
        })
    }),
    ("maintenance/status", |_| Ok(Request::Status)),
    ("maintenance/defragment", |_| Ok(Request::Defragment)),
    ("maintenance/hashkv", |m| {
        Ok(Request::HashKv {
            revision: m.int64("revision")?,
        })
    }),
    ("maintenance/transfer-leadership", |m| {
        Ok(Request::MoveLeader {
            target_id: m.uint64("targetID")?,
        })
    }),
    ("auth/authenticate", |m| {
        Ok(Request::Authenticate {
            name: m.string("name")?,
            password: m.string("password")?,
        })
    }),
    ("auth/enable", |_| {
        Ok(Request::Auth(AuthRequest::AuthEnable))
    }),
    ("auth/disable", |_| {
        Ok(Request::Auth(AuthRequest::AuthDisable))
    }),
    ("auth/user/add", user_add),
    ("auth/user/delete", |m| {
        Ok(auth(AuthRequest::UserDelete {
            name: m.string("name")?,
        }))
    }),
    ("auth/user/grant", |m| {
        Ok(auth(AuthRequest::UserGrantRole {
            user: m.string("user")?,
            role: m.string("role")?,
        }))
    }),
    ("auth/user/list", |_| Ok(auth(AuthRequest::UserList))),
    ("auth/role/add", |m| {
        Ok(auth(AuthRequest::RoleAdd {
            name: m.string("name")?,
        }))
    }),
    ("auth/role/delete", |m| {
        Ok(auth(AuthRequest::RoleDelete {
            role: m.string("role")?,
        }))
    }),
];

/// The route `service` (the path after the version prefix) names, if the gateway has one.
pub(crate) fn route(service: &str) -> Option<Build> {
    ROUTES
        .iter()
        .find(|(path, _)| *path == service)
        .map(|(_, build)| *build)
}

fn auth(request: AuthRequest) -> Request {
    Request::Auth(request)
}

fn range(m: Message<'_>) -> Decoded<RangeRequest> {
    let order = m.enumeration(
        "sort_order",
        "etcdserverpb.RangeRequest_SortOrder",
        &["NONE", "ASCEND", "DESCEND"],
    )?;
    let target = m.enumeration(
        "sort_target",
        "etcdserverpb.RangeRequest_SortTarget",
        &["KEY", "VERSION", "CREATE", "MOD", "VALUE"],
    )?;
    Ok(RangeRequest {
        key: m.bytes("key")?,
        range_end: m.bytes("range_end")?,
        limit: m.int64("limit")?,
        revision: m.int64("revision")?,
        sort_order: [SortOrder::None, SortOrder::Ascend, SortOrder::Descend]
            .get(order)
            .copied()
            .unwrap_or_default(),
        sort_target: [
            SortTarget::Key,
            SortTarget::Version,
            SortTarget::Create,
            SortTarget::Mod,
            SortTarget::Value,
        ]
        .get(target)
        .copied()
        .unwrap_or_default(),
        serializable: m.boolean("serializable")?,
        keys_only: m.boolean("keys_only")?,
        count_only: m.boolean("count_only")?,
    })
}

fn put(m: Message<'_>) -> Decoded<PutRequest> {
    Ok(PutRequest {
        key: m.bytes("key")?,
        value: m.bytes("value")?,
        lease: m.int64("lease")?,
        prev_kv: m.boolean("prev_kv")?,
        ignore_value: m.boolean("ignore_value")?,
        ignore_lease: m.boolean("ignore_lease")?,
    })
}

fn delete_range(m: Message<'_>) -> Decoded<DeleteRangeRequest> {
    Ok(DeleteRangeRequest {
        key: m.bytes("key")?,
        range_end: m.bytes("range_end")?,
        prev_kv: m.boolean("prev_kv")?,
    })
}

fn txn(m: Message<'_>) -> Decoded<TxnRequest> {
    let ops = |name| -> Decoded<Vec<RequestOp>> {
        m.messages(name)?.into_iter().map(request_op).collect()
    };
    Ok(TxnRequest {
        compare: m
            .messages("compare")?
            .into_iter()
            .map(compare)
            .collect::<Decoded<_>>()?,
        success: ops("success")?,
        failure: ops("failure")?,
    })
}

/// One `RequestOp`: its oneof set by whichever of the fields is present.
fn request_op(m: Message<'_>) -> Decoded<RequestOp> {
    if let Some(r) = m.message("request_range")? {
        return range(r).map(RequestOp::Range);
    }
    if let Some(p) = m.message("request_put")? {
        return put(p).map(RequestOp::Put);
    }
    if let Some(d) = m.message("request_delete_range")? {
        return delete_range(d).map(RequestOp::DeleteRange);
    }
    // JSON nesting is bounded by the parser (serde_json's 128 levels), txn depth by the
    // store's `MAX_TXN_DEPTH` check before anything is proposed.
    if let Some(t) = m.message("request_txn")? {
        return txn(t).map(RequestOp::Txn);
    }
    // An op with no request set is an empty range, which etcd refuses for its empty key.
    Ok(RequestOp::Range(RangeRequest::default()))
}

fn compare(m: Message<'_>) -> Decoded<Compare> {
    let result = m.enumeration(
        "result",
        "etcdserverpb.Compare_CompareResult",
        &["EQUAL", "GREATER", "LESS", "NOT_EQUAL"],
    )?;
    let target = m.enumeration(
        "target",
        "etcdserverpb.Compare_CompareTarget",
        &["VERSION", "CREATE", "MOD", "VALUE", "LEASE"],
    )?;
    let target = match target {
        0 => CompareTarget::Version(m.int64("version")?),
        1 => CompareTarget::Create(m.int64("create_revision")?),
        2 => CompareTarget::Mod(m.int64("mod_revision")?),
        3 => CompareTarget::Value(text(m.bytes("value")?)),
        _ => CompareTarget::Lease(m.int64("lease")?),
    };
    let results = [
        CompareResult::Equal,
        CompareResult::Greater,
        CompareResult::Less,
        CompareResult::NotEqual,
    ];
    Ok(Compare {
        key: text(m.bytes("key")?),
        result: results.get(result).copied().unwrap_or(CompareResult::Equal),
        target,
    })
}

/// The lab's store keeps keys and values as text: bytes that are not UTF-8 are shown
/// with replacement characters, as etcdctl's own conversion does.
pub(crate) fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn compaction(m: Message<'_>) -> Decoded<Request> {
    Ok(Request::Compact {
        revision: m.int64("revision")?,
        physical: m.boolean("physical")?,
    })
}

/// `LeaseGrant`: an `ID` of 0 (or none) lets the server pick one; another is granted as
/// asked, or refused with `lease already exists`.
fn lease_grant(m: Message<'_>) -> Decoded<Request> {
    Ok(Request::LeaseGrant {
        ttl: m.int64("TTL")?,
        id: m.int64("ID")?,
    })
}

fn lease_revoke(m: Message<'_>) -> Decoded<Request> {
    Ok(Request::LeaseRevoke { id: m.int64("ID")? })
}

fn lease_time_to_live(m: Message<'_>) -> Decoded<Request> {
    Ok(Request::LeaseTimeToLive {
        id: m.int64("ID")?,
        keys: m.boolean("keys")?,
    })
}

fn member_add(m: Message<'_>) -> Decoded<Request> {
    Ok(Request::MemberAdd {
        peer_urls: m.strings("peerURLs")?,
        is_learner: m.boolean("isLearner")?,
    })
}

fn member_update(m: Message<'_>) -> Decoded<Request> {
    Ok(Request::MemberUpdate {
        id: m.uint64("ID")?,
        peer_urls: m.strings("peerURLs")?,
    })
}

/// `UserAdd`: `options.no_password` adds a user who cannot authenticate.
fn user_add(m: Message<'_>) -> Decoded<Request> {
    let no_password = match m.message("options")? {
        Some(options) => options.boolean("no_password")?,
        None => false,
    };
    let password = m.string("password")?;
    Ok(auth(AuthRequest::UserAdd {
        name: m.string("name")?,
        password_hash: (!no_password).then(|| hash_password(&password)),
    }))
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
