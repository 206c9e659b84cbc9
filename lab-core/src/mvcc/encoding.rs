//! The one place where requests and the store become bytes: Raft entry payloads and snapshot
//! data. JSON (serde_json) for now: readable in a trace, and the same bytes natively and in
//! wasm32. A denser format can replace it here alone.

use super::{InternalRaftRequest, KvStore, MvccError};

pub(crate) fn encode_request(req: &InternalRaftRequest) -> Result<Vec<u8>, MvccError> {
    serde_json::to_vec(req).map_err(|e| MvccError::Encode {
        what: "request",
        reason: e.to_string(),
    })
}

pub(crate) fn decode_request(data: &[u8]) -> Result<InternalRaftRequest, MvccError> {
    serde_json::from_slice(data).map_err(|e| MvccError::Decode {
        what: "request",
        reason: e.to_string(),
    })
}

/// False only for bytes `decode_request` refuses: serde_json reads a struct from an object
/// or an array only, so after any whitespace JSON allows, a request opens with `{` or `[`.
pub(crate) fn may_be_request(data: &[u8]) -> bool {
    data.iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|&b| b == b'{' || b == b'[')
}

pub(crate) fn encode_snapshot(store: &KvStore) -> Result<Vec<u8>, MvccError> {
    serde_json::to_vec(store).map_err(|e| MvccError::Encode {
        what: "snapshot",
        reason: e.to_string(),
    })
}

pub(crate) fn decode_snapshot(data: &[u8]) -> Result<KvStore, MvccError> {
    serde_json::from_slice(data).map_err(|e| MvccError::Decode {
        what: "snapshot",
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mvcc::KvRequest;

    #[test]
    fn may_be_request_never_refuses_what_decodes() {
        let req = InternalRaftRequest {
            id: 7,
            request: KvRequest::Delete { key: "k".into() },
        };
        let bytes = encode_request(&req).expect("encodes");
        assert!(may_be_request(&bytes));
        assert!(decode_request(&bytes).is_ok());
        for raw in [&b"put key1 5"[..], b"", b"  1", b"\"s\""] {
            assert!(!may_be_request(raw));
            assert!(decode_request(raw).is_err(), "{raw:?}");
        }
        assert!(may_be_request(b" \n[1"));
    }
}
