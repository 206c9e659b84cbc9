//! The gateway's routes: each recorded body becomes the request etcdctl would send.

use super::super::json_in::parse_body;
use super::*;

fn request(service: &str, body: &str) -> Decoded<Request> {
    let map = parse_body(body)?;
    let build = route(service).ok_or_else(|| DecodeError("no route".to_owned()))?;
    build(Message::new(&map))
}

#[test]
fn a_range_body_becomes_the_range_etcdctl_would_send() {
    let got = request(
        "kv/range",
        r#"{"key":"Zm9v","range_end":"Zm9w","limit":2,"sort_order":"DESCEND","sort_target":3}"#,
    );
    assert_eq!(
        got,
        Ok(Request::Range(RangeRequest {
            key: b"foo".to_vec(),
            range_end: b"fop".to_vec(),
            limit: 2,
            sort_order: SortOrder::Descend,
            sort_target: SortTarget::Mod,
            ..RangeRequest::default()
        }))
    );
}

#[test]
fn a_txn_body_reads_compares_and_ops_in_either_spelling() {
    let body = r#"{"compare":[{"target":"VALUE","key":"Zm9v","result":"EQUAL","value":"YmF6"}],
        "success":[{"requestPut":{"key":"Zm9v","value":"cXV4"}}],
        "failure":[{"request_range":{"key":"Zm9v"}}]}"#;
    let Ok(Request::Txn(t)) = request("kv/txn", body) else {
        panic!("a txn");
    };
    assert_eq!(t.compare.len(), 1);
    assert_eq!(
        t.compare.first().map(|c| &c.target),
        Some(&CompareTarget::Value("baz".to_owned()))
    );
    assert!(matches!(t.success.first(), Some(RequestOp::Put(p)) if p.value == b"qux"));
    assert!(matches!(t.failure.first(), Some(RequestOp::Range(r)) if r.key == b"foo"));
}

#[test]
fn lease_aliases_exist_only_where_etcd_3_4_binds_them() {
    assert!(route("kv/lease/revoke").is_some());
    assert!(route("kv/lease/timetolive").is_some());
    assert!(route("kv/lease/leases").is_some());
    assert!(route("kv/lease/grant").is_none());
    assert!(route("kv/lease/keepalive").is_none());
    assert_eq!(
        request("lease/grant", r#"{"TTL":60}"#),
        Ok(Request::LeaseGrant { ttl: 60, id: 0 })
    );
    assert_eq!(
        request("lease/grant", r#"{"ttl":60}"#),
        Ok(Request::LeaseGrant { ttl: 0, id: 0 })
    );
    assert_eq!(
        request("lease/grant", r#"{"TTL":60,"ID":"5193"}"#),
        Ok(Request::LeaseGrant { ttl: 60, id: 5193 }),
        "an ID asked for is passed on (grpc-gateway takes 64-bit numbers as strings too)"
    );
}

#[test]
fn member_and_auth_bodies_use_the_proto_names() {
    assert_eq!(
        request(
            "cluster/member/add",
            r#"{"peerURLs":["http://10.0.0.14:2380"],"isLearner":true}"#
        ),
        Ok(Request::MemberAdd {
            peer_urls: vec!["http://10.0.0.14:2380".to_owned()],
            is_learner: true
        })
    );
    assert_eq!(
        request("cluster/member/remove", r#"{"ID":"16260907318171439734"}"#),
        Ok(Request::MemberRemove {
            id: 16_260_907_318_171_439_734
        })
    );
    assert_eq!(
        request("auth/authenticate", r#"{"name":"root","password":"pass"}"#),
        Ok(Request::Authenticate {
            name: "root".to_owned(),
            password: "pass".to_owned()
        })
    );
}

#[test]
fn a_request_txn_op_nests_a_whole_txn() {
    let body = r#"{"success":[{"request_txn":{
        "compare":[{"target":"VERSION","key":"Zm9v","result":"EQUAL","version":"0"}],
        "success":[{"requestPut":{"key":"Zm9v","value":"MQ=="}}],
        "failure":[{"requestTxn":{}}]}}]}"#;
    let Ok(Request::Txn(t)) = request("kv/txn", body) else {
        panic!("a txn");
    };
    let Some(RequestOp::Txn(inner)) = t.success.first() else {
        panic!("a nested txn");
    };
    assert_eq!(inner.compare.len(), 1);
    assert!(matches!(inner.success.first(), Some(RequestOp::Put(p)) if p.key == b"foo"));
    assert!(
        matches!(inner.failure.first(), Some(RequestOp::Txn(empty)) if empty.success.is_empty())
    );
}
