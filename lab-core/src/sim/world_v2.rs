//! v2 writes through Raft: a member proposes a [`V2Request`] tagged with a world-unique id,
//! every member applies it to its v2 store, and the proposing member keeps the answer in its
//! `V2Results` until the HTTP handler takes it.

use super::World;
use crate::error::LabError;
use crate::v2store::{Event, V2Error, V2Request};

impl World {
    /// Proposes `req` through member `idx`; returns the id its answer will carry.
    pub fn propose_v2(&mut self, idx: usize, req: &V2Request) -> Result<u64, LabError> {
        self.propose_with_id(idx, |id| req.encode(id))
    }

    /// Takes the answer to v2 write `id` if member `idx` has applied it.
    pub fn take_v2_result(&mut self, idx: usize, id: u64) -> Option<Result<Event, V2Error>> {
        self.members.get_mut(idx)?.server.v2_results.take(id)
    }
}
