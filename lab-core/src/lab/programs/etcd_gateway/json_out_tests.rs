//! The jsonpb shape of answers, byte for byte against the recorded ones.

use super::*;

fn recorded_header(revision: i64) -> ResponseHeader {
    ResponseHeader {
        cluster_id: 13_455_796_455_940_752_355,
        member_id: 443_629_905_751_424_238,
        revision,
        raft_term: 2,
    }
}

#[test]
fn a_range_answer_reads_byte_for_byte_as_the_recorded_one() {
    let r = Response::Range(RangeResponse {
        header: recorded_header(3),
        kvs: vec![KeyValue {
            key: b"foo".to_vec(),
            create_revision: 2,
            mod_revision: 3,
            version: 2,
            value: b"baz".to_vec(),
            lease: 0,
        }],
        more: false,
        count: 1,
    });
    assert_eq!(
        response(&r),
        r#"{"header":{"cluster_id":"13455796455940752355","member_id":"443629905751424238","revision":"3","raft_term":"2"},"kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"3","version":"2","value":"YmF6"}],"count":"1"}"#
    );
}

#[test]
fn defaults_are_left_out_and_a_txn_inner_header_keeps_only_its_revision() {
    let inner = ResponseHeader {
        revision: 7,
        ..ResponseHeader::default()
    };
    let t = Response::Txn(TxnResponse {
        header: recorded_header(7),
        succeeded: true,
        responses: vec![crate::etcdctl::ResponseOp {
            response: OneOf::ResponsePut(PutResponse {
                header: inner,
                prev_kv: None,
            }),
        }],
    });
    assert_eq!(
        response(&t),
        r#"{"header":{"cluster_id":"13455796455940752355","member_id":"443629905751424238","revision":"7","raft_term":"2"},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"7"}}}]}"#
    );
}

#[test]
fn members_use_the_proto_names_and_strings_are_html_escaped() {
    let m = Member {
        id: 10_325_544_982_755_555_655,
        name: String::new(),
        peer_urls: vec!["http://127.0.0.1:32390".to_owned()],
        client_urls: Vec::new(),
        is_learner: true,
    };
    assert_eq!(
        member(&m),
        r#"{"ID":"10325544982755555655","peerURLs":["http://127.0.0.1:32390"],"isLearner":true}"#
    );
    assert_eq!(string_json("a<b&c>"), r#""a\u003cb\u0026c\u003e""#);
}
