//! `Revision`: a store revision and the position of a change inside it (etcd's `revision`
//! of `main` and `sub`): a txn's writes share one `main` and count up `sub` from 0.

use serde::{Deserialize, Serialize};

/// One change's place in the store's history; ordered by `main`, then `sub`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Revision {
    /// The store revision.
    pub main: u64,
    /// The change's index among the writes of that revision.
    pub sub: u64,
}

impl Revision {
    /// The first change of store revision `main`.
    pub fn new(main: u64) -> Revision {
        Revision { main, sub: 0 }
    }
}
