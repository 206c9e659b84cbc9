//! `RaftCluster`: a member's applied view of its cluster's membership (etcd's
//! `membership.RaftCluster`): each member's id, name, peer and client URLs and learner flag,
//! the ids removed for good, and the cluster version.
//!
//! It changes only by applying Raft entries (conf changes whose context carries the member,
//! and the `publish` and cluster-version requests of [`ClusterRequest`](super::ClusterRequest)),
//! so every member of a cluster reaches the same view, and `etcdctl member list` shows the
//! view of the member it reached.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Most members a cluster holds (unit: members); etcd has no hard limit, the lab keeps one.
pub const MAX_CLUSTER_MEMBERS: usize = 64;

/// One member as etcd's membership store keeps it. The serde names are etcd's JSON, which is
/// also what a conf change's context carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterMember {
    /// Member id.
    pub id: u64,
    /// Where peers reach it (`--initial-advertise-peer-urls`, `member update`).
    #[serde(rename = "peerURLs", default)]
    pub peer_urls: Vec<String>,
    /// A non-voting member (`member add --learner`) until promoted.
    #[serde(rename = "isLearner", default, skip_serializing_if = "is_false")]
    pub is_learner: bool,
    /// `--name`; empty until the member has started and published it ("unstarted").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `--advertise-client-urls`, published with the name.
    #[serde(rename = "clientURLs", default, skip_serializing_if = "Vec::is_empty")]
    pub client_urls: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl ClusterMember {
    /// Has it started and published its name? (`member list` says `unstarted` until then.)
    pub fn is_started(&self) -> bool {
        !self.name.is_empty()
    }

    /// The conf change context etcd writes for this member: its JSON.
    pub fn to_context(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a conf change context; `None` for anything that is not a member's JSON.
    pub fn from_context(context: &[u8]) -> Option<ClusterMember> {
        serde_json::from_slice(context).ok()
    }
}

/// Most events held between two drains (unit: events); beyond it they are dropped, which
/// only loses log lines.
const MAX_EVENTS: usize = 64;

/// A change to the membership a member applied, for its log and the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterEvent {
    /// A member was added (`added member 2a51f264ed200d47 [http://…] to cluster …`).
    Added {
        /// Its id.
        id: u64,
        /// Its peer URLs.
        peer_urls: Vec<String>,
        /// As a learner.
        is_learner: bool,
    },
    /// A member was removed.
    Removed {
        /// Its id.
        id: u64,
    },
    /// A member's peer URLs changed.
    Updated {
        /// Its id.
        id: u64,
        /// The new peer URLs.
        peer_urls: Vec<String>,
    },
    /// A learner became a voter.
    Promoted {
        /// Its id.
        id: u64,
    },
    /// A member published its name and client URLs.
    Published {
        /// Its id.
        id: u64,
        /// Its name.
        name: String,
        /// Its client URLs.
        client_urls: Vec<String>,
    },
    /// The cluster version was set.
    VersionSet {
        /// `3.4`.
        version: String,
    },
}

impl std::fmt::Display for ClusterEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClusterEvent::Added {
                id,
                peer_urls,
                is_learner,
            } => {
                let kind = if *is_learner { "learner" } else { "member" };
                write!(f, "added {kind} {id:x} [{}]", peer_urls.join(" "))
            }
            ClusterEvent::Removed { id } => write!(f, "removed member {id:x}"),
            ClusterEvent::Updated { id, peer_urls } => {
                write!(f, "updated member {id:x} [{}]", peer_urls.join(" "))
            }
            ClusterEvent::Promoted { id } => write!(f, "promoted member {id:x}"),
            ClusterEvent::Published {
                id,
                name,
                client_urls,
            } => write!(
                f,
                "published {{Name:{name} ClientURLs:[{}]}} ({id:x})",
                client_urls.join(" ")
            ),
            ClusterEvent::VersionSet { version } => write!(f, "set cluster version {version}"),
        }
    }
}

/// A member's applied view of the membership.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaftCluster {
    /// Members by id.
    members: BTreeMap<u64, ClusterMember>,
    /// Ids removed from the cluster: they may never come back.
    removed: BTreeSet<u64>,
    /// The cluster version, once the leader has set it (`None`: `to_be_decided`).
    version: Option<String>,
    /// Changes applied since the owner last drained them.
    #[serde(skip)]
    events: Vec<ClusterEvent>,
}

impl RaftCluster {
    /// The members, by id.
    pub fn members(&self) -> impl Iterator<Item = &ClusterMember> {
        self.members.values()
    }

    /// The member with `id`.
    pub fn member(&self, id: u64) -> Option<&ClusterMember> {
        self.members.get(&id)
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// No members at all (a server that has applied nothing yet).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Was `id` removed from the cluster?
    pub fn is_removed(&self, id: u64) -> bool {
        self.removed.contains(&id)
    }

    /// Ids removed, ascending.
    pub fn removed(&self) -> impl Iterator<Item = u64> + '_ {
        self.removed.iter().copied()
    }

    /// The cluster version (`3.4`), once set.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Applies an add (voter or learner): the member as its conf change context describes
    /// it. Re-adding a member already there keeps what it published (a restart re-applies
    /// the bootstrap entries).
    pub(crate) fn add(&mut self, member: ClusterMember) {
        if self.removed.contains(&member.id) || self.members.len() >= MAX_CLUSTER_MEMBERS {
            return;
        }
        self.emit(ClusterEvent::Added {
            id: member.id,
            peer_urls: member.peer_urls.clone(),
            is_learner: member.is_learner,
        });
        match self.members.get_mut(&member.id) {
            Some(known) => {
                known.peer_urls = member.peer_urls;
                known.is_learner = member.is_learner;
            }
            None => {
                self.members.insert(member.id, member);
            }
        }
    }

    fn emit(&mut self, event: ClusterEvent) {
        if self.events.len() < MAX_EVENTS {
            self.events.push(event);
        }
    }

    /// Takes the changes applied since the last call.
    pub(crate) fn take_events(&mut self) -> Vec<ClusterEvent> {
        std::mem::take(&mut self.events)
    }

    /// Applies a removal.
    pub(crate) fn remove(&mut self, id: u64) {
        if self.members.remove(&id).is_some() {
            self.emit(ClusterEvent::Removed { id });
        }
        self.removed.insert(id);
    }

    /// Applies `member update`: new peer URLs.
    pub(crate) fn update_peer_urls(&mut self, id: u64, peer_urls: Vec<String>) {
        if let Some(m) = self.members.get_mut(&id) {
            m.peer_urls = peer_urls.clone();
            self.emit(ClusterEvent::Updated { id, peer_urls });
        }
    }

    /// Applies a learner's promotion.
    pub(crate) fn promote(&mut self, id: u64) {
        if let Some(m) = self.members.get_mut(&id) {
            m.is_learner = false;
            self.emit(ClusterEvent::Promoted { id });
        }
    }

    /// Applies a member's `publish`: its name and client URLs.
    pub(crate) fn set_attributes(&mut self, id: u64, name: String, client_urls: Vec<String>) {
        if let Some(m) = self.members.get_mut(&id) {
            m.name = name.clone();
            m.client_urls = client_urls.clone();
            self.emit(ClusterEvent::Published {
                id,
                name,
                client_urls,
            });
        }
    }

    /// Applies the leader's cluster version.
    pub(crate) fn set_version(&mut self, version: String) {
        self.version = Some(version.clone());
        self.emit(ClusterEvent::VersionSet { version });
    }

    /// The member whose peer URLs are exactly `urls` (order aside).
    pub fn find_by_peer_urls(&self, urls: &[String]) -> Option<&ClusterMember> {
        let wanted: BTreeSet<&String> = urls.iter().collect();
        self.members
            .values()
            .find(|m| m.peer_urls.iter().collect::<BTreeSet<_>>() == wanted)
    }

    /// Some member other than `except` already uses one of `urls`.
    pub fn peer_url_in_use(&self, urls: &[String], except: Option<u64>) -> bool {
        self.members
            .values()
            .filter(|m| Some(m.id) != except)
            .any(|m| m.peer_urls.iter().any(|u| urls.contains(u)))
    }

    /// Voting member ids.
    pub fn voter_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.members
            .values()
            .filter(|m| !m.is_learner)
            .map(|m| m.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: u64, url: &str) -> ClusterMember {
        ClusterMember {
            id,
            peer_urls: vec![url.to_owned()],
            ..ClusterMember::default()
        }
    }

    #[test]
    fn a_conf_change_context_is_etcds_member_json() {
        let m = ClusterMember {
            name: "etcd1".into(),
            ..member(0xa3b3_5343_25d6_dc15, "http://127.0.0.1:21380")
        };
        let json = String::from_utf8(m.to_context()).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"id":11795863396876213269,"peerURLs":["http://127.0.0.1:21380"],"name":"etcd1"}"#
        );
        assert_eq!(ClusterMember::from_context(json.as_bytes()), Some(m));
        assert_eq!(ClusterMember::from_context(b""), None);
    }

    #[test]
    fn members_start_unstarted_publish_and_are_removed_for_good() {
        let mut cluster = RaftCluster::default();
        cluster.add(member(7, "http://10.0.0.1:2380"));
        assert!(!cluster.member(7).is_some_and(ClusterMember::is_started));
        cluster.set_attributes(7, "etcd1".into(), vec!["http://10.0.0.1:2379".into()]);
        // A restart re-applies the bootstrap entries: the published name stays.
        cluster.add(member(7, "http://10.0.0.1:2380"));
        assert!(cluster.member(7).is_some_and(ClusterMember::is_started));
        assert!(cluster.peer_url_in_use(&["http://10.0.0.1:2380".into()], None));
        assert!(!cluster.peer_url_in_use(&["http://10.0.0.1:2380".into()], Some(7)));
        cluster.remove(7);
        cluster.add(member(7, "http://10.0.0.1:2380"));
        assert!(cluster.is_empty() && cluster.is_removed(7));
    }
}
