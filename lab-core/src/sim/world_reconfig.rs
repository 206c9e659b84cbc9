//! Membership changes as etcd's cluster API serves them (`etcdctl member add` and `member
//! update`): the member taking the request checks them with `--strict-reconfig-check` (on by
//! default), names a new member by its peer URLs and the time, and proposes the conf change
//! with the member's JSON as context. The caller waits for the member to apply it, and for
//! the apply-time check's verdict (`conf_change_check`).

use super::{ClusterMember, RaftCluster, TraceKind, World, etcd_member_id};
use crate::error::LabError;
use crate::raft::{ConfChange, ConfChangeType};
use crate::time::{SimDuration, WallClock};

/// How long the member taking a change must have been connected to every voting member
/// (etcd's `HealthInterval`).
const HEALTH_INTERVAL: SimDuration = SimDuration::from_secs(5);

impl World {
    /// `MemberAdd` through member `via`: the new member, not started yet. Its id hashes its
    /// peer URLs and the current Unix second, as etcd's server computes it.
    pub(crate) fn member_add_by_urls(
        &mut self,
        via: usize,
        peer_urls: Vec<String>,
        is_learner: bool,
    ) -> Result<ClusterMember, LabError> {
        let cluster = self.serving_cluster(via)?;
        if !is_learner && !ready_to_add_voter(cluster) {
            return Err(LabError::NotEnoughStartedMembers);
        }
        self.check_connected_fully(via)?;
        let urls: Vec<&str> = peer_urls.iter().map(String::as_str).collect();
        let id = etcd_member_id(&urls, "", Some(WallClock::at(self.now).unix_secs()));
        // Whether the id or a peer URL is taken, or a learner too many, is checked when the
        // change applies, as etcd does.
        let member = ClusterMember {
            id,
            peer_urls,
            is_learner,
            ..ClusterMember::default()
        };
        let change_type = if is_learner {
            ConfChangeType::AddLearnerNode
        } else {
            ConfChangeType::AddNode
        };
        self.propose_reconfig(via, change_type, &member, "add")?;
        Ok(member)
    }

    /// `MemberUpdate` through member `via`: new peer URLs for member `id`.
    pub(crate) fn member_update_by_urls(
        &mut self,
        via: usize,
        id: u64,
        peer_urls: Vec<String>,
    ) -> Result<(), LabError> {
        self.serving_cluster(via)?;
        // etcd's context names the member by id and peer URLs only. Unlike add and remove,
        // etcd checks no quorum or connectivity for an update; whether the member exists and
        // the URLs are free is checked when the change applies.
        let member = ClusterMember {
            id,
            peer_urls,
            ..ClusterMember::default()
        };
        self.propose_reconfig(via, ConfChangeType::UpdateNode, &member, "update")
    }

    /// The membership member `via` has applied, if it runs.
    fn serving_cluster(&self, via: usize) -> Result<&RaftCluster, LabError> {
        let member = self
            .members
            .get(via)
            .ok_or_else(|| LabError::UnknownMember(via.to_string()))?;
        if !member.is_running() {
            return Err(LabError::MemberNotRunning(member.name().to_owned()));
        }
        Ok(member.server.cluster())
    }

    /// etcd's `isConnectedFullySince`: member `via` has seen every other voting member
    /// active for the last [`HEALTH_INTERVAL`].
    fn check_connected_fully(&self, via: usize) -> Result<(), LabError> {
        let since = self.now.since_start().saturating_sub(HEALTH_INTERVAL);
        let cluster = self.serving_cluster(via)?;
        let own = self.members.get(via).map(|m| m.id);
        for id in cluster.voter_ids().filter(|&id| Some(id) != own) {
            let peer = self.running_member_of(via, id);
            let active = peer.and_then(|p| self.peer_streams.active_since(via, p));
            match active {
                Some(t) if t.since_start() <= since => {}
                _ => return Err(LabError::UnhealthyCluster),
            }
        }
        Ok(())
    }

    /// The running member with id `id` in the same cluster as member `of`.
    pub(crate) fn running_member_of(&self, of: usize, id: u64) -> Option<usize> {
        let cluster_id = self.members.get(of)?.cluster_id;
        self.members
            .iter()
            .position(|m| m.id == id && m.cluster_id == cluster_id && m.is_running())
    }

    fn propose_reconfig(
        &mut self,
        via: usize,
        change_type: ConfChangeType,
        member: &ClusterMember,
        change: &str,
    ) -> Result<(), LabError> {
        let cc = ConfChange {
            change_type,
            node_id: member.id,
            context: member.to_context(),
        };
        let name = self.members[via].name().to_owned();
        let node = self.members[via]
            .node
            .as_mut()
            .ok_or_else(|| LabError::MemberNotRunning(name.clone()))?;
        if node.raft().lead().is_none() {
            return Err(LabError::NoLeader);
        }
        node.propose_conf_change(&cc)?;
        self.record(TraceKind::MembershipProposed {
            via: name,
            change: change.to_owned(),
            member: format!("{:x}", member.id),
        });
        self.process_ready(via);
        Ok(())
    }
}

/// etcd's `IsReadyToAddVotingMember`: once the new member counts, the started members
/// (those that published a name) must still be a quorum; adding a second member to a lone
/// one is allowed, to restore a cluster.
fn ready_to_add_voter(cluster: &RaftCluster) -> bool {
    let voters: Vec<&ClusterMember> = cluster.members().filter(|m| !m.is_learner).collect();
    let started = voters.iter().filter(|m| m.is_started()).count();
    let after = voters.len() + 1;
    (started == 1 && after == 2) || started > after / 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::LAB_EPOCH_UNIX_SECS;

    #[test]
    fn a_runtime_member_id_hashes_its_urls_and_the_second_it_was_added() {
        // Reference 05: `member add etcd5 --peer-urls=http://127.0.0.1:25380` at 10:43:58.
        let at = LAB_EPOCH_UNIX_SECS + 26 * 60 + 58;
        let id = etcd_member_id(&["http://127.0.0.1:25380"], "", Some(at));
        assert_eq!(format!("{id:x}"), "d8e6dd720edd0705");
    }
}
