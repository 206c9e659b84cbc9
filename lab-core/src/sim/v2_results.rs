//! `V2Results`: the answers to v2 writes a member applied, kept until the HTTP handler that
//! proposed each one picks it up by id (etcd's `wait` registry, for `/v2/keys`).

use std::collections::BTreeMap;

use crate::v2store::{Event, V2Error};

/// Most answers one member keeps unclaimed (unit: writes); the oldest go first, as their
/// proposers have given up long before.
pub const MAX_V2_RESULTS: usize = 256;

/// Answers by request id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct V2Results {
    results: BTreeMap<u64, Result<Event, V2Error>>,
}

impl V2Results {
    pub(crate) fn insert(&mut self, id: u64, result: Result<Event, V2Error>) {
        while self.results.len() >= MAX_V2_RESULTS {
            if self.results.pop_first().is_none() {
                break;
            }
        }
        self.results.insert(id, result);
    }

    /// Takes the answer to write `id`, if the member applied it.
    pub fn take(&mut self, id: u64) -> Option<Result<Event, V2Error>> {
        self.results.remove(&id)
    }
}
