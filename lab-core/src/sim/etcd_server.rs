//! `EtcdServer`: the part of an etcd member above Raft that this lab models so far: the
//! key-value store, the `applied_index`, and the `wait` registry of clients expecting an
//! answer (etcd's `EtcdServer` in `etcdserver/server.go`).
//!
//! Everything here is volatile, like a process's memory: a member that starts rebuilds its
//! store from the snapshot in its data-dir, and Raft then hands it the committed entries after
//! that snapshot again, which it re-applies. The `applied_index` (kept equal to the store's
//! `consistent_index`) makes applying exactly-once: an entry at or below it is skipped.

use super::wait::Wait;
use crate::mvcc::{InternalRaftRequest, KvResponse, KvStore, MvccError};
use crate::raft::{Entry, Snapshot};

/// The outcome of applying one normal entry that carried a client request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AppliedRequest {
    /// The `InternalRaftRequest` id, to find the waiting client.
    pub(crate) id: u64,
    /// What the store answered.
    pub(crate) result: Result<KvResponse, MvccError>,
}

/// A member's state machine and waiting clients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EtcdServer {
    store: KvStore,
    applied_index: u64,
    pub(crate) wait: Wait,
}

impl EtcdServer {
    /// The server of a process starting from `snapshot` (the empty snapshot for a new
    /// member); fails only if the snapshot data is not a store we wrote.
    pub(crate) fn restore(snapshot: &Snapshot) -> Result<EtcdServer, MvccError> {
        let mut server = EtcdServer::default();
        server.apply_snapshot(snapshot)?;
        Ok(server)
    }

    /// The key-value store.
    pub fn store(&self) -> &KvStore {
        &self.store
    }

    /// The clients waiting for an answer.
    pub fn wait(&self) -> &Wait {
        &self.wait
    }

    /// Index of the last entry applied to the store (etcd's `appliedi`).
    pub fn applied_index(&self) -> u64 {
        self.applied_index
    }

    /// Replaces the store with a snapshot's (a follower installing the leader's snapshot, or
    /// a restart). On error nothing changes.
    pub(crate) fn apply_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), MvccError> {
        let index = snapshot.metadata.index;
        if index <= self.applied_index && !snapshot.is_empty() {
            return Ok(()); // already have all of it
        }
        let mut store = KvStore::from_snapshot(&snapshot.data)?;
        store.set_consistent_index(index);
        self.store = store;
        self.applied_index = index.max(self.store.consistent_index());
        Ok(())
    }

    /// Whether `ent` still needs applying: exactly-once across restarts and snapshots.
    pub(crate) fn should_apply(&self, ent: &Entry) -> bool {
        ent.index > self.applied_index
    }

    /// Applies a normal entry (or notes a conf change's index). Payloads that are not
    /// requests (a new leader's empty no-op, raw `Command::Propose` bytes) change nothing
    /// but the applied index.
    pub(crate) fn apply_entry(&mut self, ent: &Entry) -> Option<AppliedRequest> {
        if !self.should_apply(ent) {
            return None;
        }
        self.applied_index = ent.index;
        self.store.set_consistent_index(ent.index);
        if ent.is_conf_change() || ent.data.is_empty() {
            return None;
        }
        if !InternalRaftRequest::may_decode(&ent.data) {
            // Raw bytes (`Command::Propose`): skip the decoder, whose error message would be
            // formatted only to be thrown away.
            return None;
        }
        let req = InternalRaftRequest::decode(&ent.data).ok()?;
        let result = self.store.apply(&req.request);
        Some(AppliedRequest { id: req.id, result })
    }

    /// The store as snapshot data.
    pub(crate) fn snapshot_data(&self) -> Result<Vec<u8>, MvccError> {
        self.store.encode_snapshot()
    }
}
