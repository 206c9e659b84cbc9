//! `V2Request`: a write to the v2 store as it travels through Raft. Entry payloads open with
//! a prefix no other payload starts with, as [`crate::sim::ClusterRequest`]'s do.

use serde::{Deserialize, Serialize};

use super::TtlOptions;

/// First bytes of a v2 write's entry payload.
const PREFIX: &[u8] = b"\0v2store:";

/// One write, as the v2 API's PUT, POST and DELETE ask for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum V2Request {
    /// PUT: set a key (`value`) or make a directory (`None`).
    Set {
        /// The key.
        key: String,
        /// The value; `None` for `dir=true`.
        value: Option<String>,
        /// Its TTL, if any, and whether this only renews it.
        #[serde(default)]
        ttl: TtlOptions,
    },
    /// PUT `prevExist=false`.
    Create {
        /// The key.
        key: String,
        /// The value; `None` for `dir=true`.
        value: Option<String>,
        /// Its TTL, if any, and whether this only renews it.
        #[serde(default)]
        ttl: TtlOptions,
    },
    /// PUT `prevExist=true`.
    Update {
        /// The key.
        key: String,
        /// The new value.
        value: String,
        /// Its TTL, if any, and whether this only renews it.
        #[serde(default)]
        ttl: TtlOptions,
    },
    /// PUT `prevValue=`/`prevIndex=`.
    CompareAndSwap {
        /// The key.
        key: String,
        /// The value it must have.
        prev_value: Option<String>,
        /// The `modifiedIndex` it must have.
        prev_index: Option<u64>,
        /// The new value.
        value: String,
        /// Its TTL, if any, and whether this only renews it.
        #[serde(default)]
        ttl: TtlOptions,
    },
    /// POST: an in-order key in `dir`.
    CreateInOrder {
        /// The directory.
        dir: String,
        /// The value.
        value: String,
        /// Its TTL, if any, and whether this only renews it.
        #[serde(default)]
        ttl: TtlOptions,
    },
    /// DELETE.
    Delete {
        /// The key.
        key: String,
        /// `dir=true`: an empty directory may go.
        dir: bool,
        /// `recursive=true`: a directory goes with everything in it.
        recursive: bool,
    },
    /// DELETE `prevValue=`/`prevIndex=`.
    CompareAndDelete {
        /// The key.
        key: String,
        /// The value it must have.
        prev_value: Option<String>,
        /// The `modifiedIndex` it must have.
        prev_index: Option<u64>,
    },
    /// etcd's `SYNC`: the leader's clock (unit: Unix nanoseconds), every member removes
    /// what expired by then. Proposed every 500 ms while the store has TTLs.
    Sync {
        /// The cutoff.
        time: i64,
    },
}

/// A v2 write with the id its proposer waits for.
#[derive(Serialize, Deserialize)]
struct Envelope {
    id: u64,
    request: V2Request,
}

impl V2Request {
    /// The entry payload for this write, tagged with `id` so its proposer finds the result.
    pub fn encode(&self, id: u64) -> Vec<u8> {
        let mut data = PREFIX.to_vec();
        let envelope = Envelope {
            id,
            request: self.clone(),
        };
        data.extend(serde_json::to_vec(&envelope).unwrap_or_default());
        data
    }

    /// Reads an entry payload: the id and the write, or `None` if it is not a v2 write.
    pub fn decode(data: &[u8]) -> Option<(u64, V2Request)> {
        let envelope: Envelope = serde_json::from_slice(data.strip_prefix(PREFIX)?).ok()?;
        Some((envelope.id, envelope.request))
    }
}
