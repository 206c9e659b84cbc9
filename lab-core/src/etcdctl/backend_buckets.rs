//! `BackendBuckets`: a member's backend as etcd 3.4 lays it out in bbolt — the ten buckets
//! in byte order, each with its rows in key order — built from the lab's server state. What
//! `snapshot status` counts and hashes, and the `key` rows `endpoint hashkv` hashes.
//!
//! The rows, as read from real etcd 3.4.23 databases:
//! - `key`: a row per key revision still held, keyed `main ‖ '_' ‖ sub` (big-endian), a
//!   tombstone's key ending in `t` and its value holding only the key;
//! - `meta`: `consistent_index` once a write changed the key space, and `scheduledCompactRev`
//!   and `finishedCompactRev` (revision bytes) once compacted;
//! - `lease`: a `leasepb.Lease` per lease, keyed by its ID;
//! - `members`: the member's JSON keyed by its hex ID; `members_removed`: `removed`;
//! - `cluster`: `clusterVersion`; `alarm`: the `AlarmMember` as key, empty value;
//! - `auth`: `authRevision` (from 1) and, once auth was enabled, `authEnabled`;
//!   `authUsers` and `authRoles`: the protobuf user and role by name.

use serde::Serialize;

use super::marshal_key_value;
use super::pb::KeyValue;
use super::pb_backend::{marshal_alarm_member, marshal_lease, marshal_role, marshal_user};
use crate::mvcc::{self, KvStore};
use crate::sim::{ClusterMember, EtcdServer};

/// A row: key and value bytes.
pub type Row = (Vec<u8>, Vec<u8>);

/// The buckets, by name in bbolt's (byte) order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackendBuckets {
    pub buckets: Vec<(&'static str, Vec<Row>)>,
}

impl BackendBuckets {
    /// The backend of `server`.
    pub fn of(server: &EtcdServer) -> BackendBuckets {
        let store = server.store();
        let mut buckets = vec![
            ("alarm", alarm_rows(store)),
            ("auth", auth_rows(server)),
            ("authRoles", role_rows(server)),
            ("authUsers", user_rows(server)),
            ("cluster", cluster_rows(server)),
            ("key", key_rows(store)),
            ("lease", lease_rows(server)),
            ("members", member_rows(server)),
            ("members_removed", removed_rows(server)),
            ("meta", meta_rows(store)),
        ];
        for (_, rows) in &mut buckets {
            rows.sort();
        }
        BackendBuckets { buckets }
    }

    /// Rows over all buckets (`snapshot status`'s total keys).
    pub fn total_keys(&self) -> usize {
        self.buckets.iter().map(|(_, rows)| rows.len()).sum()
    }

    /// The main revision of the last `key` row (0 if none): `snapshot status`'s revision.
    pub fn last_revision(&self) -> u64 {
        self.buckets
            .iter()
            .filter(|(name, _)| *name == "key")
            .find_map(|(_, rows)| rows.last())
            .map_or(0, |(key, _)| revision_main(key))
    }
}

/// The `key` bucket's rows in bbolt's order, which for revision keys is revision order.
pub fn key_rows(store: &KvStore) -> Vec<Row> {
    let mut rows: Vec<Row> = store
        .histories()
        .flat_map(|(key, history)| history.revisions().iter().map(move |r| (key, r)))
        .map(|(key, r)| {
            let mut revision_key = revision_bytes(r.revision.main, r.revision.sub);
            let kv = match &r.kv {
                Some(kv) => key_value(kv),
                None => {
                    revision_key.push(b't');
                    KeyValue {
                        key: key.as_bytes().to_vec(),
                        ..Default::default()
                    }
                }
            };
            (revision_key, marshal_key_value(&kv))
        })
        .collect();
    rows.sort();
    rows
}

/// The main revision a `key` row's key starts with (0 for a key too short to hold one).
pub fn revision_main(key: &[u8]) -> u64 {
    key.get(..8)
        .and_then(|main| main.try_into().ok())
        .map_or(0, u64::from_be_bytes)
}

/// etcd's `revToBytes`: 8 bytes of main revision, `_`, 8 bytes of sub-revision.
fn revision_bytes(main: u64, sub: u64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(17);
    bytes.extend_from_slice(&main.to_be_bytes());
    bytes.push(b'_');
    bytes.extend_from_slice(&sub.to_be_bytes());
    bytes
}

fn key_value(kv: &mvcc::KeyValue) -> KeyValue {
    let rev = |r: u64| i64::try_from(r).unwrap_or(i64::MAX);
    KeyValue {
        key: kv.key.as_bytes().to_vec(),
        create_revision: rev(kv.create_revision),
        mod_revision: rev(kv.mod_revision),
        version: rev(kv.version),
        value: kv.value.as_bytes().to_vec(),
        lease: kv.lease,
    }
}

fn meta_rows(store: &KvStore) -> Vec<Row> {
    let mut rows = Vec::new();
    let index = store.backend_consistent_index();
    if index > 0 {
        rows.push((b"consistent_index".to_vec(), index.to_be_bytes().to_vec()));
    }
    if let Some(rev) = store.compact_revision() {
        for name in ["scheduledCompactRev", "finishedCompactRev"] {
            rows.push((name.as_bytes().to_vec(), revision_bytes(rev, 0)));
        }
    }
    rows
}

fn lease_rows(server: &EtcdServer) -> Vec<Row> {
    let lessor = server.lessor();
    lessor
        .leases()
        .into_iter()
        .filter_map(|id| lessor.lookup(id))
        .map(|lease| {
            let key = lease.id.to_be_bytes().to_vec();
            (key, marshal_lease(lease.id, lease.ttl))
        })
        .collect()
}

fn member_rows(server: &EtcdServer) -> Vec<Row> {
    server
        .cluster()
        .members()
        .map(|m| (format!("{:x}", m.id).into_bytes(), member_json(m)))
        .collect()
}

/// `json.Marshal` of etcd's `membership.Member`, fields in its order; `isLearner`, `name`
/// and `clientURLs` are left out while empty.
#[derive(Serialize)]
struct MemberJson<'a> {
    id: u64,
    #[serde(rename = "peerURLs")]
    peer_urls: &'a [String],
    #[serde(rename = "isLearner", skip_serializing_if = "std::ops::Not::not")]
    is_learner: bool,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(rename = "clientURLs", skip_serializing_if = "<[String]>::is_empty")]
    client_urls: &'a [String],
}

fn member_json(m: &ClusterMember) -> Vec<u8> {
    let json = MemberJson {
        id: m.id,
        peer_urls: &m.peer_urls,
        is_learner: m.is_learner,
        name: &m.name,
        client_urls: &m.client_urls,
    };
    serde_json::to_vec(&json).unwrap_or_default()
}

fn removed_rows(server: &EtcdServer) -> Vec<Row> {
    server
        .cluster()
        .removed()
        .map(|id| (format!("{id:x}").into_bytes(), b"removed".to_vec()))
        .collect()
}

/// etcd keeps the cluster version as a full semver (`3.4.0`); the lab's is `3.4`, as logs
/// and `/version` print it.
fn cluster_rows(server: &EtcdServer) -> Vec<Row> {
    let Some(version) = server.cluster().version() else {
        return Vec::new();
    };
    let mut semver = version.to_owned();
    if version.matches('.').count() == 1 {
        semver.push_str(".0");
    }
    vec![(b"clusterVersion".to_vec(), semver.into_bytes())]
}

fn alarm_rows(store: &KvStore) -> Vec<Row> {
    store
        .alarms()
        .iter()
        .map(|a| (marshal_alarm_member(a), Vec::new()))
        .collect()
}

fn auth_rows(server: &EtcdServer) -> Vec<Row> {
    let auth = server.auth();
    // etcd's auth store commits revision 1 when it is created; each change adds one.
    let revision = auth.revision().saturating_add(1);
    let mut rows = vec![(b"authRevision".to_vec(), revision.to_be_bytes().to_vec())];
    if let Some(enabled) = auth.enabled_flag() {
        rows.push((b"authEnabled".to_vec(), vec![u8::from(enabled)]));
    }
    rows
}

fn user_rows(server: &EtcdServer) -> Vec<Row> {
    let users = server.auth().users();
    users
        .map(|(name, user)| (name.as_bytes().to_vec(), marshal_user(name, user)))
        .collect()
}

fn role_rows(server: &EtcdServer) -> Vec<Row> {
    let roles = server.auth().roles();
    roles
        .map(|(name, perms)| (name.as_bytes().to_vec(), marshal_role(name, perms)))
        .collect()
}
