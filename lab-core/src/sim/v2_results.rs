//! `AppliedResults`: the answers to requests a member applied, kept until the handler that
//! proposed each one picks it up by id (etcd's `wait` registry): [`V2Results`] for
//! `/v2/keys` writes, [`AuthResults`] for auth calls.

use std::collections::BTreeMap;

use crate::auth::{AuthError, AuthResponse};
use crate::v2store::{Event, V2Error};

/// Most answers one member keeps unclaimed (unit: requests); the oldest go first, as their
/// proposers have given up long before.
pub const MAX_V2_RESULTS: usize = 256;

/// Answers by request id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedResults<T> {
    results: BTreeMap<u64, T>,
}

impl<T> Default for AppliedResults<T> {
    fn default() -> Self {
        Self {
            results: BTreeMap::new(),
        }
    }
}

/// Answers to v2 writes.
pub type V2Results = AppliedResults<Result<Event, V2Error>>;
/// Answers to auth calls.
pub type AuthResults = AppliedResults<Result<AuthResponse, AuthError>>;

impl<T> AppliedResults<T> {
    pub(crate) fn insert(&mut self, id: u64, result: T) {
        while self.results.len() >= MAX_V2_RESULTS {
            if self.results.pop_first().is_none() {
                break;
            }
        }
        self.results.insert(id, result);
    }

    /// The answer to request `id`, if the member applied it.
    pub fn get(&self, id: u64) -> Option<&T> {
        self.results.get(&id)
    }

    /// Takes the answer to request `id`, if the member applied it.
    pub fn take(&mut self, id: u64) -> Option<T> {
        self.results.remove(&id)
    }
}
