//! `-w protobuf`: the proto3 wire encoding of the answers etcdctl prints raw (gogoproto's
//! `Marshal`: fields in number order, zero values left out, negative ints as 10-byte
//! varints).

use super::pb::{
    DeleteRangeResponse, KeyValue, Member, MemberAddResponse, MemberListResponse, PutResponse,
    RangeResponse, ResponseHeader,
};

/// A message that can be written in protobuf wire format.
pub(super) trait Encode {
    fn encode_to(&self, out: &mut Vec<u8>);

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_to(&mut out);
        out
    }
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A varint field, left out when zero.
fn uint(out: &mut Vec<u8>, field: u64, value: u64) {
    if value != 0 {
        varint(out, field << 3);
        varint(out, value);
    }
}

/// A varint field, left out when zero, for the messages written outside this file.
pub(super) fn uint_field(out: &mut Vec<u8>, field: u64, value: u64) {
    uint(out, field, value);
}

/// An int64 field: negative values are their two's complement as a u64.
fn int(out: &mut Vec<u8>, field: u64, value: i64) {
    uint(out, field, value as u64);
}

/// An int64 field, left out when zero, for the messages written outside this file.
pub(super) fn int_field(out: &mut Vec<u8>, field: u64, value: i64) {
    int(out, field, value);
}

/// A bytes or string field, left out when empty, for the messages written outside this file.
pub(super) fn bytes_field(out: &mut Vec<u8>, field: u64, value: &[u8]) {
    bytes(out, field, value, false);
}

/// A length-delimited field (bytes, strings, messages), left out when empty unless
/// `always` (embedded messages that are set).
fn bytes(out: &mut Vec<u8>, field: u64, value: &[u8], always: bool) {
    if always || !value.is_empty() {
        varint(out, (field << 3) | 2);
        varint(out, value.len() as u64);
        out.extend_from_slice(value);
    }
}

fn message<T: Encode>(out: &mut Vec<u8>, field: u64, value: &T) {
    bytes(out, field, &value.encode(), true);
}

/// An embedded message already encoded.
pub(super) fn length_delimited(out: &mut Vec<u8>, field: u64, encoded: &[u8]) {
    bytes(out, field, encoded, true);
}

impl Encode for ResponseHeader {
    fn encode_to(&self, out: &mut Vec<u8>) {
        uint(out, 1, self.cluster_id);
        uint(out, 2, self.member_id);
        int(out, 3, self.revision);
        uint(out, 4, self.raft_term);
    }
}

/// `mvccpb.KeyValue.Marshal()`: the bytes etcd keeps for a key revision in its backend.
pub fn marshal_key_value(kv: &KeyValue) -> Vec<u8> {
    kv.encode()
}

impl Encode for KeyValue {
    fn encode_to(&self, out: &mut Vec<u8>) {
        bytes(out, 1, &self.key, false);
        int(out, 2, self.create_revision);
        int(out, 3, self.mod_revision);
        int(out, 4, self.version);
        bytes(out, 5, &self.value, false);
        int(out, 6, self.lease);
    }
}

impl Encode for RangeResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        message(out, 1, &self.header);
        self.kvs.iter().for_each(|kv| message(out, 2, kv));
        uint(out, 3, u64::from(self.more));
        int(out, 4, self.count);
    }
}

impl Encode for PutResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        message(out, 1, &self.header);
        if let Some(kv) = &self.prev_kv {
            message(out, 2, kv);
        }
    }
}

impl Encode for DeleteRangeResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        message(out, 1, &self.header);
        int(out, 2, self.deleted);
        self.prev_kvs.iter().for_each(|kv| message(out, 3, kv));
    }
}

impl Encode for Member {
    fn encode_to(&self, out: &mut Vec<u8>) {
        uint(out, 1, self.id);
        bytes(out, 2, self.name.as_bytes(), false);
        self.peer_urls
            .iter()
            .for_each(|u| bytes(out, 3, u.as_bytes(), true));
        self.client_urls
            .iter()
            .for_each(|u| bytes(out, 4, u.as_bytes(), true));
        uint(out, 5, u64::from(self.is_learner));
    }
}

impl Encode for MemberListResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        message(out, 1, &self.header);
        self.members.iter().for_each(|m| message(out, 2, m));
    }
}

impl Encode for MemberAddResponse {
    fn encode_to(&self, out: &mut Vec<u8>) {
        message(out, 1, &self.header);
        message(out, 2, &self.member);
        self.members.iter().for_each(|m| message(out, 3, m));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_response_encodes_as_the_recorded_bytes() {
        // `get foo -w protobuf | od -c` in scenario 1.
        let response = RangeResponse {
            header: ResponseHeader {
                cluster_id: 3_965_943_739_518_344_197,
                member_id: 3_049_484_937_995_488_583,
                revision: 2,
                raft_term: 2,
            },
            kvs: vec![KeyValue {
                key: b"foo".to_vec(),
                create_revision: 2,
                mod_revision: 2,
                version: 1,
                value: b"bar".to_vec(),
                lease: 0,
            }],
            more: false,
            count: 1,
        };
        let recorded: &[u8] = b"\n\x18\x08\x85\xb8\xb3\x89\x99\x9a\xf7\x847\x10\xc7\x9a\x80\xe9\xce\xcc\xfc\xa8*\x18\x02 \x02\x12\x10\n\x03foo\x10\x02\x18\x02 \x01*\x03bar \x01";
        assert_eq!(response.encode(), recorded);
    }
}
