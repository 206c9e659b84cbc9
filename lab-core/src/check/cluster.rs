//! `ClusterView`: the cluster as its leader sees it at one instant (who leads, who votes, who
//! learns, who runs), so faults and churn aim at members that still belong to the cluster.

use crate::sim::{MemberView, World};

/// Members of the leader's configuration, split by role. Without a running leader every
/// configured member counts as a voter: removed members are then included, which only makes a
/// fault miss now and then.
#[derive(Clone, Debug)]
pub(super) struct ClusterView {
    pub leader: Option<MemberView>,
    pub voters: Vec<MemberView>,
    pub learners: Vec<MemberView>,
}

impl ClusterView {
    pub fn of(world: &World) -> ClusterView {
        let members = world.members();
        let leader = world.leader();
        let conf = leader.as_ref().and_then(|l| world.conf_state(&l.name).ok());
        let Some(conf) = conf else {
            return ClusterView {
                leader,
                voters: members,
                learners: Vec::new(),
            };
        };
        let (mut voters, mut learners) = (Vec::new(), Vec::new());
        for m in members {
            if conf.voters.contains(&m.id) {
                voters.push(m);
            } else if conf.learners.contains(&m.id) {
                learners.push(m);
            }
        }
        ClusterView {
            leader,
            voters,
            learners,
        }
    }

    /// Votes a decision needs (a majority of the voters).
    pub fn quorum(&self) -> usize {
        self.voters.len() / 2 + 1
    }

    /// Voters and learners, the leader included.
    pub fn all(&self) -> impl Iterator<Item = &MemberView> {
        self.voters.iter().chain(&self.learners)
    }

    /// Running members other than the leader.
    pub fn running_followers(&self) -> impl Iterator<Item = &MemberView> {
        let leader = self.leader.as_ref().map(|l| l.id);
        self.all()
            .filter(move |m| m.running && Some(m.id) != leader)
    }

    /// Running voters.
    pub fn running_voters(&self) -> usize {
        self.voters.iter().filter(|m| m.running).count()
    }

    pub fn is_voter(&self, id: u64) -> bool {
        self.voters.iter().any(|m| m.id == id)
    }
}
