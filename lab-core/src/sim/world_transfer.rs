//! Leadership transfer in the world: `etcdctl move-leader`, and the graceful stop etcd does
//! on SIGTERM (`systemctl stop`): a leader first hands leadership to the most up-to-date
//! voter, then exits, so the cluster skips an election timeout of unavailability.

use super::{Command, World};
use crate::error::LabError;
use crate::raft::StateRole;
use crate::time::SimDuration;

impl World {
    /// `etcdctl move-leader`: asks the current leader to hand over to `transferee`.
    pub(crate) fn move_leader(&mut self, transferee: &str) -> Result<(), LabError> {
        let to = self.member_index(transferee)?;
        let to_id = self.members[to].id;
        let leader = self.leader().ok_or(LabError::NoLeader)?;
        let idx = self.member_index(&leader.name)?;
        let node = self.members[idx]
            .node
            .as_mut()
            .ok_or_else(|| LabError::MemberNotRunning(leader.name.clone()))?;
        if !node.raft().prs().voters().contains(&to_id) {
            return Err(LabError::BadLeaderTransferee);
        }
        node.transfer_leader(to_id)?;
        self.process_ready(idx);
        Ok(())
    }

    /// Stops `name` like etcd on SIGTERM: a leader with other voters transfers leadership
    /// first and exits once it has moved, or after an election timeout at the latest.
    pub(crate) fn stop_member_gracefully(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &mut self.members[idx];
        let node = member
            .node
            .as_mut()
            .ok_or_else(|| LabError::MemberNotRunning(name.to_owned()))?;
        let raft = node.raft();
        let transferee = raft
            .prs()
            .voters()
            .iter()
            .filter(|&&id| id != raft.id())
            .max_by_key(|&&id| (raft.prs().get(id).map_or(0, |pr| pr.matched), u64::MAX - id))
            .copied();
        let Some(transferee) = transferee.filter(|_| raft.state() == StateRole::Leader) else {
            return self.apply(Command::StopMember(name.to_owned()));
        };
        node.transfer_leader(transferee)?;
        let timeout = SimDuration::from_millis(member.spec.election_timeout_ms);
        member.stopping_until = Some(self.now + timeout);
        self.process_ready(idx);
        Ok(())
    }

    /// Called on each tick of member `idx`: completes a graceful stop once leadership has
    /// moved or the deadline passed. Returns whether the member stopped.
    pub(crate) fn maybe_finish_graceful_stop(&mut self, idx: usize) -> bool {
        let Some(member) = self.members.get(idx) else {
            return false;
        };
        let Some(deadline) = member.stopping_until else {
            return false;
        };
        let leading = member
            .node
            .as_ref()
            .is_some_and(|n| n.raft().state() == StateRole::Leader);
        if leading && self.now < deadline {
            return false;
        }
        let name = member.name().to_owned();
        self.apply(Command::StopMember(name)).is_ok()
    }
}
