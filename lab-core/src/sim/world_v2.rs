//! v2 writes through Raft: a member proposes a [`V2Request`] tagged with a world-unique id,
//! every member applies it to its v2 store, and the proposing member keeps the answer in its
//! `V2Results` until the HTTP handler takes it. The leader also proposes etcd's `SYNC`
//! every [`V2_SYNC_INTERVAL`] while its store has TTLs, so expiry is replicated.

use super::World;
use crate::error::LabError;
use crate::raft::StateRole;
use crate::time::SimDuration;
use crate::v2store::{Event, V2Error, V2Request, unix_nanos};

/// How often the leader proposes a v2 `SYNC` (etcd's `SyncTicker`: 500 ms). Checked on
/// each Raft tick, so it fires on the first tick at or after it is due.
pub const V2_SYNC_INTERVAL: SimDuration = SimDuration::from_millis(500);

impl World {
    /// Proposes `req` through member `idx`; returns the id its answer will carry.
    pub fn propose_v2(&mut self, idx: usize, req: &V2Request) -> Result<u64, LabError> {
        self.propose_with_id(idx, |id| req.encode(id))
    }

    /// One tick of member `idx`'s v2 sync ticker: leading, with TTLs in its store and the
    /// interval gone by, it proposes a `SYNC` at its clock (the `syncC` case of etcd's
    /// `EtcdServer.run`, which skips a store without TTL keys).
    pub(crate) fn step_v2_sync(&mut self, idx: usize) {
        let now = self.now;
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        let leading = member
            .node
            .as_ref()
            .is_some_and(|n| n.raft().state() == StateRole::Leader);
        if !leading || now < member.server.v2_sync_due || !member.server.v2().has_ttl_keys() {
            return;
        }
        member.server.v2_sync_due = now + V2_SYNC_INTERVAL;
        let sync = V2Request::Sync {
            time: unix_nanos(now),
        };
        // A refused proposal is simply retried at the next interval, as etcd's is.
        let _ = self.propose_v2(idx, &sync);
    }

    /// Takes the answer to v2 write `id` if member `idx` has applied it.
    pub fn take_v2_result(&mut self, idx: usize, id: u64) -> Option<Result<Event, V2Error>> {
        self.members.get_mut(idx)?.server.v2_results.take(id)
    }
}
