//! `--initial-cluster-state existing`: a member with an empty data-dir asks the peers named
//! in its `--initial-cluster` for the cluster's membership (etcd's
//! `GetClusterFromRemotePeers`), checks that its own `--initial-cluster` describes the same
//! members (`ValidateClusterAndAssignIDs`), and joins under the id the cluster gave it at
//! `member add`. It starts with no log: the leader sends it the cluster's history.

use std::collections::BTreeSet;

use super::{ClusterMember, EtcdLaunch, Member, RaftCluster, World};
use crate::raft::ConfState;

/// etcd's message when no peer answered.
const NO_CLUSTER_INFO: &str = "cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs";

impl World {
    /// The member that a launch with `existing` and no data-dir becomes; its index.
    pub(crate) fn join_existing(
        &mut self,
        host: usize,
        launch: &EtcdLaunch,
    ) -> Result<usize, String> {
        let (cluster_id, remote) = self.fetch_cluster(host, launch)?;
        let id = self
            .validate_and_assign_id(host, launch, &remote)
            .map_err(|why| {
                format!(
                    "error validating peerURLs {}: {why}",
                    go_cluster(cluster_id, &remote)
                )
            })?;
        let join = ConfState {
            voters: remote
                .members()
                .filter(|m| !m.is_learner)
                .map(|m| m.id)
                .collect(),
            learners: remote
                .members()
                .filter(|m| m.is_learner)
                .map(|m| m.id)
                .collect(),
        };
        let world_name = self.claim_world_name(&launch.name);
        let spec = self.spec_for_launch(host, launch, &world_name);
        let reuse = self
            .members
            .iter()
            .position(|m| m.id == id && m.cluster_id == cluster_id && !m.is_running());
        let mut member = Member::new(spec, host);
        member.id = id;
        member.cluster_id = cluster_id;
        member.join = Some(join);
        member.data_dir = launch.data_dir.clone();
        member.peer_port = launch.listen_peer.first().map(|a| a.port);
        match reuse {
            // The same member again (its data-dir was lost): a new process, same identity.
            Some(idx) => {
                member.incarnation = self.members[idx].incarnation;
                self.members[idx] = member;
                Ok(idx)
            }
            None => {
                self.push_member(member);
                Ok(self.members.len() - 1)
            }
        }
    }

    /// The membership and cluster id of the first peer in `--initial-cluster` that answers
    /// on its peer URL.
    fn fetch_cluster(
        &self,
        host: usize,
        launch: &EtcdLaunch,
    ) -> Result<(u64, RaftCluster), String> {
        let own: BTreeSet<&String> = launch.identity.peer_urls.iter().collect();
        let urls = launch
            .identity
            .initial_cluster
            .iter()
            .flat_map(|(_, urls)| urls)
            .filter(|u| !own.contains(u));
        for url in urls {
            let Some((name, port)) = host_port(url) else {
                continue;
            };
            let Some(ip) = self.resolve_name(host, name) else {
                continue;
            };
            let Ok(conn) = self.connect(host, ip, port) else {
                continue;
            };
            if let Some(m) = self
                .members
                .get(conn.member)
                .filter(|m| m.is_running() && conn.peer_port)
            {
                return Ok((m.cluster_id, m.server.cluster().clone()));
            }
        }
        Err(NO_CLUSTER_INFO.to_owned())
    }

    /// etcd's `ValidateClusterAndAssignIDs`: every member the cluster has must appear in the
    /// launch's `--initial-cluster` with the same peer URLs (after name resolution); the
    /// launch's own entry then has the id the cluster gave it.
    fn validate_and_assign_id(
        &self,
        host: usize,
        launch: &EtcdLaunch,
        remote: &RaftCluster,
    ) -> Result<u64, String> {
        let mut local: Vec<(String, Vec<String>)> = launch.identity.initial_cluster.clone();
        let mut existing: Vec<&ClusterMember> = remote.members().collect();
        if local.len() != existing.len() {
            return Err("member count is unequal".to_owned());
        }
        local.sort_by(|a, b| a.1.first().cmp(&b.1.first()));
        existing.sort_by(|a, b| a.peer_urls.first().cmp(&b.peer_urls.first()));
        let resolve = |urls: &[String]| -> Vec<String> {
            let mut out: Vec<String> = urls.iter().map(|u| self.resolved_url(host, u)).collect();
            out.sort();
            out
        };
        let mut own = None;
        for m in &existing {
            let theirs = resolve(&m.peer_urls);
            let mut last_error = String::new();
            let found = local.iter().find(|(_, urls)| {
                let ours = resolve(urls);
                if theirs.len() != ours.len() {
                    last_error = format!(
                        "len({}) != len({})",
                        go_quoted(&m.peer_urls),
                        go_quoted(urls)
                    );
                    return false;
                }
                match theirs.iter().zip(&ours).find(|(a, b)| a != b) {
                    Some((a, b)) => {
                        last_error = format!("resolved urls: {a:?} != {b:?}");
                        false
                    }
                    None => true,
                }
            });
            match found {
                Some((name, _)) if *name == launch.name => own = Some(m.id),
                Some(_) => {}
                None => {
                    return Err(format!(
                        "PeerURLs: no match found for existing member ({:x}, [{}]), last resolver error ({last_error})",
                        m.id,
                        m.peer_urls.join(" ")
                    ));
                }
            }
        }
        own.ok_or_else(|| {
            format!(
                "couldn't find local name {:?} in the initial cluster configuration",
                launch.name
            )
        })
    }

    /// `url` with its host name resolved from `host`, as Go's resolver would.
    fn resolved_url(&self, host: usize, url: &str) -> String {
        let Some((name, port)) = host_port(url) else {
            return url.to_owned();
        };
        let scheme = url.split_once("://").map_or("http", |(s, _)| s);
        match self.resolve_name(host, name) {
            Some(ip) => format!("{scheme}://{ip}:{port}"),
            None => url.to_owned(),
        }
    }
}

/// `host` and port of a URL (`http://10.0.0.1:2380` → `("10.0.0.1", 2380)`).
pub(crate) fn host_port(url: &str) -> Option<(&str, u16)> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next()?;
    let (name, port) = authority.rsplit_once(':')?;
    Some((name, port.parse().ok()?))
}

/// Go's `%q` of a string slice: `["a" "b"]`.
fn go_quoted(urls: &[String]) -> String {
    let items: Vec<String> = urls.iter().map(|u| format!("{u:?}")).collect();
    format!("[{}]", items.join(" "))
}

/// Go's `%s` of a `RaftCluster`, as etcd prints it in its fatal line.
fn go_cluster(cluster_id: u64, cluster: &RaftCluster) -> String {
    let members: Vec<String> = cluster
        .members()
        .map(|m| {
            format!(
                "&{{ID:{:x} RaftAttributes:{{PeerURLs:[{}] IsLearner:{}}} Attributes:{{Name:{} ClientURLs:[{}]}}}}",
                m.id,
                m.peer_urls.join(" "),
                m.is_learner,
                m.name,
                m.client_urls.join(" ")
            )
        })
        .collect();
    let removed: Vec<String> = cluster.removed().map(|id| format!("{id:x}")).collect();
    format!(
        "{{ClusterID:{cluster_id:x} Members:[{}] RemovedMemberIDs:[{}]}}",
        members.join(" "),
        removed.join(" ")
    )
}
