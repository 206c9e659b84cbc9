//! `InternalRaftRequest`: a client request as it is written into a Raft entry (etcd's
//! `etcdserverpb.InternalRaftRequest`). The `id` lets the member that proposed it find the
//! waiting client when the entry is applied (etcd's `wait` registry).

use serde::{Deserialize, Serialize};

use super::{KvRequest, MvccError, encoding};

/// One replicated request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalRaftRequest {
    /// Unique across the cluster's history (etcd's `RequestHeader.ID`).
    pub id: u64,
    /// What to do.
    pub request: KvRequest,
}

impl InternalRaftRequest {
    /// The entry payload.
    pub fn encode(&self) -> Result<Vec<u8>, MvccError> {
        encoding::encode_request(self)
    }

    /// A cheap test that fails only for payloads [`InternalRaftRequest::decode`] would
    /// refuse, so callers that discard the error can skip the decoder.
    pub(crate) fn may_decode(data: &[u8]) -> bool {
        encoding::may_be_request(data)
    }

    /// Reads an entry payload written by [`InternalRaftRequest::encode`].
    pub fn decode(data: &[u8]) -> Result<InternalRaftRequest, MvccError> {
        encoding::decode_request(data)
    }
}
