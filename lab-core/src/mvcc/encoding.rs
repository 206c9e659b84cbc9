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
