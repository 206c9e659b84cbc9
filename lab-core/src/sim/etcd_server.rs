//! `EtcdServer`: the part of an etcd member above Raft that this lab models so far: the
//! key-value store, its lessor (`lease_apply`) and watchers (`watch_apply`), the v2 store
//! ([`V2Store`]), the auth store ([`AuthStore`]), the membership ([`RaftCluster`]), the
//! `applied_index`, and the `wait` registry of clients expecting an answer (etcd's
//! `EtcdServer` in `etcdserver/server.go`).
//!
//! Everything here is volatile, like a process's memory: a member that starts rebuilds its
//! store from the snapshot in its data-dir, and Raft then hands it the committed entries after
//! that snapshot again, which it re-applies. The `applied_index` (kept equal to the store's
//! `consistent_index`) makes applying exactly-once: an entry at or below it is skipped.

mod lease_apply;
mod watch_apply;

use serde::{Deserialize, Serialize};

use super::conf_change_check::is_promotion;
use super::conf_change_verdicts::ConfChangeVerdicts;
use super::v2_results::{AuthResults, V2Results};
use super::wait::Wait;
use super::{ClusterMember, ClusterRequest, MembershipError, RaftCluster};
use crate::auth::{AuthProposal, AuthStore};
use crate::lease::{IdGenerator, Lessor};
use crate::mvcc::{AlarmKind, InternalRaftRequest, KvResponse, KvStore, MvccError};
use crate::raft::{ConfChange, ConfChangeType, Entry, Snapshot};
use crate::time::SimTime;
use crate::v2store::{V2Request, V2Store};

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
    /// The leases; replicated with the store, in snapshots too.
    lessor: Lessor,
    /// etcd's `reqIDGen`: lease ids, and one id spent per request as etcd spends them.
    pub(crate) ids: IdGenerator,
    /// The member's watchers (volatile, like etcd's watch streams).
    watchers: crate::watch::WatcherHub,
    v2: V2Store,
    cluster: RaftCluster,
    auth: AuthStore,
    applied_index: u64,
    pub(crate) wait: Wait,
    /// Writes waiting for a leader, oldest first: etcd's raft node takes no proposal while
    /// it knows no leader (its `propc` is nil), so `Propose` blocks until one appears or the
    /// request's deadline passes. Bounded by the waiters' limit ([`super::MAX_WAITERS`]):
    /// each entry has a registered waiter.
    pub(crate) blocked: std::collections::VecDeque<(u64, Vec<u8>)>,
    /// Auth proposals waiting for a leader the same way, with the server's deadline for
    /// each (no client waiter: the caller polls for the answer). Bounded by
    /// [`super::MAX_WAITERS`].
    pub(crate) blocked_proposals: std::collections::VecDeque<(SimTime, Vec<u8>)>,
    /// Answers to v2 writes, for the proposers polling for them.
    pub(crate) v2_results: V2Results,
    /// When this member, leading, next proposes a v2 `SYNC` (etcd's `SyncTicker`).
    pub(crate) v2_sync_due: SimTime,
    /// Answers to auth calls, for the proposers polling for them.
    pub(crate) auth_results: AuthResults,
    /// How the membership changes applied lately ended, for the clients that proposed them.
    pub(crate) conf_change_verdicts: ConfChangeVerdicts,
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

    /// The v2 store (`/v2/keys`), separate from the v3 keyspace.
    pub fn v2(&self) -> &V2Store {
        &self.v2
    }

    /// The auth store: users, roles, permissions, tokens.
    pub fn auth(&self) -> &AuthStore {
        &self.auth
    }

    /// The auth store, for the checks that renew a token's life.
    pub(crate) fn auth_mut(&mut self) -> &mut AuthStore {
        &mut self.auth
    }

    /// Answers to the auth calls this member proposed, until taken.
    pub fn auth_results(&self) -> &AuthResults {
        &self.auth_results
    }

    /// The membership as this member has applied it.
    pub fn cluster(&self) -> &RaftCluster {
        &self.cluster
    }

    /// Takes the membership changes applied since the last call.
    pub(crate) fn take_cluster_events(&mut self) -> Vec<super::ClusterEvent> {
        self.cluster.take_events()
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
        let ServerSnapshot {
            mut store,
            lessor,
            v2,
            cluster,
            auth,
        } = ServerSnapshot::decode(&snapshot.data)?;
        store.set_consistent_index(index);
        // The quota is this member's flag, not replicated state.
        store.set_quota_bytes(self.store.quota_bytes());
        self.store = store;
        self.restore_lessor(lessor);
        self.v2 = v2;
        self.cluster = cluster;
        self.auth = auth;
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
    pub(crate) fn apply_entry(&mut self, ent: &Entry, now: SimTime) -> Option<AppliedRequest> {
        if !self.should_apply(ent) {
            return None;
        }
        self.applied_index = ent.index;
        self.store.set_consistent_index(ent.index);
        if ent.is_conf_change() {
            if let Ok(cc) = ConfChange::decode(&ent.data) {
                let result = self.apply_conf_change(&cc);
                self.conf_change_verdicts.record(ent.index, &cc, result);
            }
            return None;
        }
        if ent.data.is_empty() {
            return None;
        }
        if let Some(req) = ClusterRequest::decode(&ent.data) {
            self.apply_cluster_request(req);
            return None;
        }
        if let Some((id, req)) = V2Request::decode(&ent.data) {
            let result = self.v2.apply(&req, crate::v2store::unix_nanos(now));
            // Nobody waits for a SYNC: keeping its answer would only crowd out others.
            if !matches!(req, V2Request::Sync { .. }) {
                self.v2_results.insert(id, result);
            }
            return None;
        }
        if let Some(proposal) = AuthProposal::decode(&ent.data) {
            let result = self.auth.apply(&proposal, now);
            self.auth_results.insert(proposal.id, result);
            return None;
        }
        if !InternalRaftRequest::may_decode(&ent.data) {
            // Raw bytes (`Command::Propose`): skip the decoder, whose error message would be
            // formatted only to be thrown away.
            return None;
        }
        let req = InternalRaftRequest::decode(&ent.data).ok()?;
        let revision = self.store.revision();
        let result = self.apply_request(&req.request, now);
        if self.store.revision() != revision {
            self.store.save_index();
        }
        if result == Err(MvccError::NoSpace) {
            self.raise_nospace();
        }
        Some(AppliedRequest { id: req.id, result })
    }

    /// etcd's answer to a write over the quota: each member that applies it proposes a
    /// NOSPACE alarm of its own. The lab skips the round trip: every member raises the alarm
    /// of every member in the membership at once, so all stores hold the same list.
    fn raise_nospace(&mut self) {
        let ids: Vec<u64> = self.cluster.members().map(|m| m.id).collect();
        for id in ids {
            self.store.activate_alarm(id, AlarmKind::Nospace);
        }
    }

    /// Sets this member's `--quota-backend-bytes` (0: the lab's default).
    pub(crate) fn set_quota_bytes(&mut self, quota: u64) {
        self.store.set_quota_bytes(quota);
    }

    /// etcd's `store.Commit()` before a raft snapshot: the backend's consistent index catches
    /// up with the applied one.
    pub(crate) fn commit_store(&mut self) {
        self.store.save_index();
    }

    /// etcd's `Defrag` of this member's backend.
    pub(crate) fn defrag(&mut self) {
        self.store.defrag();
    }

    /// A conf change's effect on the membership; its context names the member. One that
    /// fails etcd's check changes nothing.
    fn apply_conf_change(&mut self, cc: &ConfChange) -> Result<(), MembershipError> {
        self.cluster.validate_conf_change(cc)?;
        let promotion = is_promotion(&self.cluster, cc);
        let described = ClusterMember::from_context(&cc.context);
        let member = described.unwrap_or_else(|| ClusterMember {
            id: cc.node_id,
            ..ClusterMember::default()
        });
        // etcd records each change in its v2 store's `/0/members`; a removal also writes
        // `/0/removed_members`.
        self.v2.bump_index();
        if cc.change_type == ConfChangeType::RemoveNode {
            self.v2.bump_index();
        }
        match cc.change_type {
            ConfChangeType::AddNode if promotion => self.cluster.promote(cc.node_id),
            ConfChangeType::AddNode => self.cluster.add(member),
            ConfChangeType::AddLearnerNode => self.cluster.add(ClusterMember {
                is_learner: true,
                ..member
            }),
            ConfChangeType::RemoveNode => self.cluster.remove(cc.node_id),
            ConfChangeType::UpdateNode => {
                self.cluster.update_peer_urls(cc.node_id, member.peer_urls);
            }
        }
        Ok(())
    }

    /// Would applying `cc` now pass etcd's check? Raft applies a change that would not as a
    /// change of nothing.
    pub(crate) fn check_conf_change(&self, cc: &ConfChange) -> Result<(), MembershipError> {
        self.cluster.validate_conf_change(cc)
    }

    fn apply_cluster_request(&mut self, req: ClusterRequest) {
        // Both are v2 store writes in etcd (`/0/members/<id>/attributes`, `/0/version`).
        self.v2.bump_index();
        match req {
            ClusterRequest::MemberAttrSet {
                member_id,
                name,
                client_urls,
            } => self.cluster.set_attributes(member_id, name, client_urls),
            ClusterRequest::ClusterVersionSet { version } => self.cluster.set_version(version),
        }
    }

    /// The store and the membership as snapshot data (etcd's snapshot holds both too).
    pub(crate) fn snapshot_data(&self) -> Result<Vec<u8>, MvccError> {
        ServerSnapshot::encode(
            &self.store,
            &self.lessor,
            &self.v2,
            &self.cluster,
            &self.auth,
        )
    }

    /// Snapshot data holding this store, its consistent index set to `consistent_index`,
    /// with `cluster` as the membership: what `etcdctl snapshot restore` writes (etcd drops
    /// the old members and bootstraps the new ones in a new log).
    pub(crate) fn restored_snapshot_data(
        &self,
        cluster: &RaftCluster,
        consistent_index: u64,
    ) -> Result<Vec<u8>, MvccError> {
        let mut store = self.store.clone();
        store.restart_consistent_index(consistent_index);
        // A v3 snapshot holds no v2 data: the restored members start with an empty v2 store.
        // Users and roles live in the backend, so they come along.
        ServerSnapshot::encode(&store, &self.lessor, &V2Store::new(), cluster, &self.auth)
    }
}

/// Snapshots without leases are written as before leases existed.
fn no_leases(lessor: &&Lessor) -> bool {
    lessor.is_empty()
}

/// What a snapshot's data holds.
#[derive(Serialize, Deserialize)]
struct ServerSnapshot {
    store: KvStore,
    /// Absent from data written before leases existed, and left out when empty.
    #[serde(default, skip_serializing_if = "Lessor::is_empty")]
    lessor: Lessor,
    /// Absent from data written before the v2 store existed.
    #[serde(default)]
    v2: V2Store,
    cluster: RaftCluster,
    /// etcd's `auth`, `authUsers` and `authRoles` buckets; absent from data written before
    /// the auth store existed.
    #[serde(default)]
    auth: AuthStore,
}

impl ServerSnapshot {
    fn encode(
        store: &KvStore,
        lessor: &Lessor,
        v2: &V2Store,
        cluster: &RaftCluster,
        auth: &AuthStore,
    ) -> Result<Vec<u8>, MvccError> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            store: &'a KvStore,
            #[serde(skip_serializing_if = "no_leases")]
            lessor: &'a Lessor,
            v2: &'a V2Store,
            cluster: &'a RaftCluster,
            auth: &'a AuthStore,
        }
        let borrowed = Borrowed {
            store,
            lessor,
            v2,
            cluster,
            auth,
        };
        serde_json::to_vec(&borrowed).map_err(|e| MvccError::Encode {
            what: "snapshot",
            reason: e.to_string(),
        })
    }

    /// The empty snapshot holds an empty store and membership.
    fn decode(data: &[u8]) -> Result<ServerSnapshot, MvccError> {
        if data.is_empty() {
            return Ok(ServerSnapshot {
                store: KvStore::new(),
                lessor: Lessor::new(),
                v2: V2Store::new(),
                cluster: RaftCluster::default(),
                auth: AuthStore::new(),
            });
        }
        let decoded: ServerSnapshot =
            serde_json::from_slice(data).map_err(|e| MvccError::Decode {
                what: "snapshot",
                reason: e.to_string(),
            })?;
        Ok(ServerSnapshot {
            store: decoded.store.recounted(),
            lessor: decoded.lessor,
            v2: decoded.v2,
            cluster: decoded.cluster,
            auth: decoded.auth,
        })
    }
}
