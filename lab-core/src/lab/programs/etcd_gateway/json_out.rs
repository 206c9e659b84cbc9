//! A [`Response`] as grpc-gateway marshals it (golang/protobuf `jsonpb` with `OrigName`):
//! fields in .proto order under their .proto names, values equal to their default left
//! out, 64-bit numbers as strings, bytes in base64, enums by name, no trailing newline.

use base64::Engine as _;

use crate::auth::AuthResponse;
use crate::etcdctl::{
    AlarmType, DeleteRangeResponse, KeyValue, Member, OneOf, PutResponse, RangeResponse, Response,
    ResponseHeader, StatusResponse, TxnResponse,
};

/// One JSON object being written, field by field.
#[derive(Default)]
pub(crate) struct Obj {
    fields: Vec<String>,
}

impl Obj {
    pub(crate) fn new() -> Obj {
        Obj::default()
    }

    /// A field whose value is already JSON.
    pub(crate) fn raw(mut self, name: &str, json: String) -> Obj {
        self.fields.push(format!("\"{name}\":{json}"));
        self
    }

    pub(crate) fn int(self, name: &str, v: i64) -> Obj {
        if v == 0 {
            self
        } else {
            self.raw(name, format!("\"{v}\""))
        }
    }

    pub(crate) fn uint(self, name: &str, v: u64) -> Obj {
        if v == 0 {
            self
        } else {
            self.raw(name, format!("\"{v}\""))
        }
    }

    pub(crate) fn flag(self, name: &str, v: bool) -> Obj {
        if v {
            self.raw(name, "true".to_owned())
        } else {
            self
        }
    }

    pub(crate) fn bytes(self, name: &str, v: &[u8]) -> Obj {
        if v.is_empty() {
            self
        } else {
            self.raw(name, base64_json(v))
        }
    }

    pub(crate) fn text(self, name: &str, v: &str) -> Obj {
        if v.is_empty() {
            self
        } else {
            self.raw(name, string_json(v))
        }
    }

    /// A repeated field: left out when empty.
    pub(crate) fn list(self, name: &str, items: Vec<String>) -> Obj {
        if items.is_empty() {
            self
        } else {
            self.raw(name, format!("[{}]", items.join(",")))
        }
    }

    pub(crate) fn finish(self) -> String {
        format!("{{{}}}", self.fields.join(","))
    }
}

/// A string as Go's `encoding/json` writes it: `<`, `>` and `&` escaped for HTML.
fn string_json(v: &str) -> String {
    serde_json::Value::from(v)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn base64_json(v: &[u8]) -> String {
    format!(
        "\"{}\"",
        base64::engine::general_purpose::STANDARD.encode(v)
    )
}

pub(crate) fn header(h: &ResponseHeader) -> String {
    Obj::new()
        .uint("cluster_id", h.cluster_id)
        .uint("member_id", h.member_id)
        .int("revision", h.revision)
        .uint("raft_term", h.raft_term)
        .finish()
}

pub(crate) fn key_value(kv: &KeyValue) -> String {
    Obj::new()
        .bytes("key", &kv.key)
        .int("create_revision", kv.create_revision)
        .int("mod_revision", kv.mod_revision)
        .int("version", kv.version)
        .bytes("value", &kv.value)
        .int("lease", kv.lease)
        .finish()
}

fn range(r: &RangeResponse) -> String {
    Obj::new()
        .raw("header", header(&r.header))
        .list("kvs", r.kvs.iter().map(key_value).collect())
        .flag("more", r.more)
        .int("count", r.count)
        .finish()
}

fn put(r: &PutResponse) -> String {
    let obj = Obj::new().raw("header", header(&r.header));
    match &r.prev_kv {
        Some(kv) => obj.raw("prev_kv", key_value(kv)),
        None => obj,
    }
    .finish()
}

fn delete_range(r: &DeleteRangeResponse) -> String {
    Obj::new()
        .raw("header", header(&r.header))
        .int("deleted", r.deleted)
        .list("prev_kvs", r.prev_kvs.iter().map(key_value).collect())
        .finish()
}

fn txn(r: &TxnResponse) -> String {
    let responses = r
        .responses
        .iter()
        .map(|op| {
            let (name, json) = match &op.response {
                OneOf::ResponseRange(r) => ("response_range", range(r)),
                OneOf::ResponsePut(p) => ("response_put", put(p)),
                OneOf::ResponseDeleteRange(d) => ("response_delete_range", delete_range(d)),
                OneOf::ResponseTxn(t) => ("response_txn", txn(t)),
            };
            Obj::new().raw(name, json).finish()
        })
        .collect();
    Obj::new()
        .raw("header", header(&r.header))
        .flag("succeeded", r.succeeded)
        .list("responses", responses)
        .finish()
}

fn member(m: &Member) -> String {
    Obj::new()
        .uint("ID", m.id)
        .text("name", &m.name)
        .list(
            "peerURLs",
            m.peer_urls.iter().map(|u| string_json(u)).collect(),
        )
        .list(
            "clientURLs",
            m.client_urls.iter().map(|u| string_json(u)).collect(),
        )
        .flag("isLearner", m.is_learner)
        .finish()
}

fn members(h: &ResponseHeader, list: &[Member]) -> String {
    Obj::new()
        .raw("header", header(h))
        .list("members", list.iter().map(member).collect())
        .finish()
}

fn status(s: &StatusResponse) -> String {
    Obj::new()
        .raw("header", header(&s.header))
        .text("version", &s.version)
        .int("dbSize", s.db_size)
        .uint("leader", s.leader)
        .uint("raftIndex", s.raft_index)
        .uint("raftTerm", s.raft_term)
        .uint("raftAppliedIndex", s.raft_applied_index)
        .list("errors", s.errors.iter().map(|e| string_json(e)).collect())
        .int("dbSizeInUse", s.db_size_in_use)
        .flag("isLearner", s.is_learner)
        .finish()
}

fn auth(h: &ResponseHeader, response: &AuthResponse) -> String {
    let names = |list: &[String]| list.iter().map(|n| string_json(n)).collect();
    let obj = Obj::new().raw("header", header(h));
    match response {
        AuthResponse::Token(token) => obj.text("token", token),
        AuthResponse::User(roles) => obj.list("roles", names(roles)),
        AuthResponse::Users(users) => obj.list("users", names(users)),
        AuthResponse::Roles(roles) => obj.list("roles", names(roles)),
        AuthResponse::Done | AuthResponse::Role(_) => obj,
    }
    .finish()
}

/// The JSON body of a unary answer.
pub(crate) fn response(r: &Response) -> String {
    let just_header = |h: &ResponseHeader| Obj::new().raw("header", header(h)).finish();
    match r {
        Response::Range(r) => range(r),
        Response::Put(p) => put(p),
        Response::DeleteRange(d) => delete_range(d),
        Response::Txn(t) => txn(t),
        Response::Compact { header }
        | Response::Defragment { header }
        | Response::MoveLeader { header } => just_header(header),
        Response::MemberList(l)
        | Response::MemberRemove(l)
        | Response::MemberUpdate(l)
        | Response::MemberPromote(l) => members(&l.header, &l.members),
        Response::MemberAdd(a) => Obj::new()
            .raw("header", header(&a.header))
            .raw("member", member(&a.member))
            .list("members", a.members.iter().map(member).collect())
            .finish(),
        Response::Status(s) => status(s),
        Response::HashKv(h) => {
            let obj = Obj::new().raw("header", header(&h.header));
            let obj = if h.hash == 0 {
                obj
            } else {
                obj.raw("hash", h.hash.to_string())
            };
            obj.int("compact_revision", h.compact_revision).finish()
        }
        Response::Alarm { header: h, alarms } => {
            let alarms = alarms
                .iter()
                .map(|a| {
                    let name = match a.alarm {
                        AlarmType::Nospace => "NOSPACE",
                        AlarmType::Corrupt => "CORRUPT",
                    };
                    Obj::new()
                        .uint("memberID", a.member_id)
                        .raw("alarm", format!("\"{name}\""))
                        .finish()
                })
                .collect();
            Obj::new()
                .raw("header", header(h))
                .list("alarms", alarms)
                .finish()
        }
        Response::Snapshot { .. } => Obj::new().finish(),
        Response::Auth { header, response } => auth(header, response),
        Response::Authenticate { header, token } => {
            auth(header, &AuthResponse::Token(token.clone()))
        }
        Response::LeaseGrant(g) => Obj::new()
            .raw("header", header(&g.header))
            .int("ID", g.id)
            .int("TTL", g.ttl)
            .text("error", &g.error)
            .finish(),
        Response::LeaseRevoke(r) => just_header(&r.header),
        Response::LeaseKeepAlive(k) => Obj::new()
            .raw("header", header(&k.header))
            .int("ID", k.id)
            .int("TTL", k.ttl)
            .finish(),
        Response::LeaseTimeToLive(t) => Obj::new()
            .raw("header", header(&t.header))
            .int("ID", t.id)
            .int("TTL", t.ttl)
            .int("grantedTTL", t.granted_ttl)
            .list("keys", t.keys.iter().map(|k| base64_json(k)).collect())
            .finish(),
        Response::LeaseLeases(l) => Obj::new()
            .raw("header", header(&l.header))
            .list(
                "leases",
                l.leases
                    .iter()
                    .map(|s| Obj::new().int("ID", s.id).finish())
                    .collect(),
            )
            .finish(),
    }
}

#[cfg(test)]
#[path = "json_out_tests.rs"]
mod tests;
