//! Runtime membership: `etcdctl member add`, `member promote` and `member remove` as Raft
//! conf-change entries proposed through any member (Raft forwards them to the leader), and
//! what the world does when members apply them: a member that applies its own removal exits
//! ten ticks later, and peers that applied a removal drop the removed member's messages
//! (etcd's transport rejects removed peers).
//!
//! Checks use the leader's view of the configuration, as etcd's server does once the request
//! reaches it, and keep etcd's rule of one unapplied change at a time.

use std::collections::BTreeSet;

use super::{Command, Member, MemberSpec, TraceKind, World, promote_conf_change};
use crate::error::LabError;
use crate::raft::{ConfChange, ConfChangeType, ConfState, RawNode, StateRole};

/// Heartbeat intervals a removed member keeps running after applying its own removal
/// (etcd: `stopWithDelay(10 * TickMs)`).
const REMOVED_EXIT_TICKS: u64 = 10;

impl World {
    /// The running leader's node, and whether a conf change is still unapplied there.
    fn leader_node(&self) -> Result<&RawNode, LabError> {
        let leader = self.leader().ok_or(LabError::NoLeader)?;
        let idx = self.member_index(&leader.name)?;
        let node = self.members[idx].node.as_ref().ok_or(LabError::NoLeader)?;
        if node.raft().state() != StateRole::Leader {
            return Err(LabError::NoLeader);
        }
        Ok(node)
    }

    /// The leader a membership change through `via` goes to, once `via` runs and no other
    /// change is still being applied (etcd allows one at a time).
    fn leader_for_change(&self, via: &str) -> Result<&RawNode, LabError> {
        self.check_via(via)?;
        let node = self.leader_node()?;
        Self::check_no_pending_conf_change(node)?;
        Ok(node)
    }

    fn check_no_pending_conf_change(node: &RawNode) -> Result<(), LabError> {
        let raft = node.raft();
        if raft.pending_conf_index() > raft.raft_log().applied() {
            return Err(LabError::ConfChangePending);
        }
        Ok(())
    }

    /// Proposes `cc` through `via` and traces it; the caller then runs `process_ready`.
    fn propose_membership(
        &mut self,
        via: &str,
        cc: &ConfChange,
        member: &str,
    ) -> Result<usize, LabError> {
        let idx = self.member_index(via)?;
        let node = self.members[idx]
            .node
            .as_mut()
            .ok_or_else(|| LabError::MemberNotRunning(via.to_owned()))?;
        node.propose_conf_change(cc)?;
        let change = match cc.change_type {
            ConfChangeType::AddNode => "add",
            ConfChangeType::AddLearnerNode => "add learner",
            ConfChangeType::RemoveNode => "remove",
            ConfChangeType::UpdateNode => "update",
        };
        self.record(TraceKind::MembershipProposed {
            via: via.to_owned(),
            change: change.to_owned(),
            member: member.to_owned(),
        });
        Ok(idx)
    }

    /// etcd's `--strict-reconfig-check` (on by default): after the change, the running
    /// voters must still form a quorum of `voters_after` (etcd's `IsReadyToAddVotingMember`,
    /// `IsReadyToRemoveVotingMember`, `IsReadyToPromoteMember`). Adding a second member to a
    /// lone one is allowed, as etcd allows it to restore a cluster.
    fn check_enough_started(&self, voters_after: &BTreeSet<u64>) -> Result<(), LabError> {
        let started = self.running_count(voters_after);
        let n = voters_after.len();
        if (started == 1 && n == 2) || started > n / 2 {
            Ok(())
        } else {
            Err(LabError::NotEnoughStartedMembers)
        }
    }

    /// How many of `ids` run.
    fn running_count(&self, ids: &BTreeSet<u64>) -> usize {
        ids.iter()
            .filter(|&&id| {
                self.member_index_by_id(id)
                    .is_some_and(|i| self.members[i].is_running())
            })
            .count()
    }

    /// Checks `via` can take a request now.
    fn check_via(&self, via: &str) -> Result<(), LabError> {
        let idx = self.member_index(via)?;
        if !self.members[idx].is_running() {
            return Err(LabError::MemberNotRunning(via.to_owned()));
        }
        Ok(())
    }

    pub(crate) fn member_add(
        &mut self,
        via: &str,
        mut spec: MemberSpec,
        learner: bool,
    ) -> Result<(), LabError> {
        self.check_via(via)?;
        let cs = {
            let node = self.leader_node()?;
            Self::check_no_pending_conf_change(node)?;
            node.raft().prs().conf_state()
        };
        let mut names: Vec<String> = cs
            .voters
            .iter()
            .chain(&cs.learners)
            .map(|&id| self.name_of(id))
            .collect();
        names.push(spec.name.clone());
        spec.initial_cluster = names;
        let mut member: Member = self.configure_member(spec)?;
        if cs.contains(member.id) {
            return Err(LabError::MemberExists);
        }
        if !learner {
            let mut after = cs.voters.clone();
            after.insert(member.id);
            self.check_enough_started(&after)?;
        }
        let mut join = ConfState {
            voters: cs.voters.clone(),
            learners: cs.learners.clone(),
        };
        let change_type = if learner {
            join.learners.insert(member.id);
            ConfChangeType::AddLearnerNode
        } else {
            join.voters.insert(member.id);
            ConfChangeType::AddNode
        };
        member.join = Some(join);
        let cc = ConfChange::new(change_type, member.id);
        let name = member.name().to_owned();
        let via_idx = self.propose_membership(via, &cc, &name)?;
        // Configured before the proposal moves on, so messages to the new id find it.
        self.push_member(member);
        self.process_ready(via_idx);
        Ok(())
    }

    /// The lab's own `member promote`: refused at once unless `name` is a learner of the
    /// cluster (etcd's API leaves that to the apply-time check).
    pub(crate) fn member_promote(&mut self, via: &str, name: &str) -> Result<(), LabError> {
        let id = self.members[self.member_index(name)?].id;
        let prs = self.leader_for_change(via)?.raft().prs();
        if prs.voters().contains(&id) {
            return Err(LabError::NotALearner);
        }
        if !prs.learners().contains(&id) {
            return Err(LabError::MemberNotFound);
        }
        self.member_promote_id(via, id, name)
    }

    /// etcd's `PromoteMember` of `id` (called `name` in the trace), which may never have
    /// started: the leader refuses a learner that is not in sync (it has none of the
    /// leader's log); whether `id` is a learner at all is checked when the change applies.
    pub(crate) fn member_promote_id(
        &mut self,
        via: &str,
        id: u64,
        name: &str,
    ) -> Result<(), LabError> {
        let node = self.leader_for_change(via)?;
        let raft = node.raft();
        // etcd's isLearnerReady: a member in the leader's progress has at least 90 % of the
        // leader's log; one it does not track passes.
        if let Some(pr) = raft.prs().get(id) {
            let leader_match = raft.prs().get(raft.id()).map_or(0, |pr| pr.matched);
            if pr.matched.saturating_mul(10) < leader_match.saturating_mul(9) {
                return Err(LabError::LearnerNotReady);
            }
        }
        self.check_ready_to_promote(raft.prs().voters())?;
        let cc = promote_conf_change(id);
        let via_idx = self.propose_membership(via, &cc, name)?;
        self.process_ready(via_idx);
        Ok(())
    }

    /// etcd's `IsReadyToPromoteMember`: the promoted member counts as a started voter, and
    /// with it the started voters must be a quorum.
    fn check_ready_to_promote(&self, voters: &BTreeSet<u64>) -> Result<(), LabError> {
        let (started, members) = (self.running_count(voters) + 1, voters.len() + 1);
        if started > members / 2 {
            Ok(())
        } else {
            Err(LabError::NotEnoughStartedMembers)
        }
    }

    /// The lab's own `member remove`: refused at once unless `name` is in the cluster (etcd's
    /// API leaves that to the apply-time check).
    pub(crate) fn member_remove(&mut self, via: &str, name: &str) -> Result<(), LabError> {
        let id = self.members[self.member_index(name)?].id;
        if !self.leader_for_change(via)?.raft().prs().contains(id) {
            return Err(LabError::MemberNotFound);
        }
        self.member_remove_id(via, id, name)
    }

    /// etcd's `RemoveMember` of `id` (called `name` in the trace), which may never have
    /// started or be unknown: whether it is a member is checked when the change applies.
    pub(crate) fn member_remove_id(
        &mut self,
        via: &str,
        id: u64,
        name: &str,
    ) -> Result<(), LabError> {
        let node = self.leader_for_change(via)?;
        let mut after = node.raft().prs().voters().clone();
        if after.remove(&id) {
            self.check_enough_started(&after)?;
        }
        let cc = ConfChange::new(ConfChangeType::RemoveNode, id);
        let via_idx = self.propose_membership(via, &cc, name)?;
        self.process_ready(via_idx);
        Ok(())
    }

    /// Member `idx` applied `changes`: a removal is known cluster-wide from now on, and a
    /// member that applied its own removal exits (etcd: "the member has been permanently
    /// removed from the cluster").
    pub(crate) fn on_conf_changes_applied(&mut self, idx: usize, changes: &[ConfChange]) {
        let Some(own_id) = self.members.get(idx).map(|m| m.id) else {
            return;
        };
        let mut exit = false;
        for cc in changes
            .iter()
            .filter(|cc| cc.change_type == ConfChangeType::RemoveNode)
        {
            if let Some(removed) = self.member_index_by_id(cc.node_id) {
                self.members[removed].removed = true;
            }
            exit |= cc.node_id == own_id;
        }
        if exit {
            let member = &mut self.members[idx];
            let delay = member.spec.heartbeat_interval() * REMOVED_EXIT_TICKS;
            member.exit_at.get_or_insert(self.now + delay);
        }
    }

    /// Called on each tick of member `idx`: a removed member exits once its delay passed.
    /// Returns whether it stopped.
    pub(crate) fn maybe_exit_removed(&mut self, idx: usize) -> bool {
        let due = self
            .members
            .get(idx)
            .and_then(|m| m.exit_at)
            .is_some_and(|at| at <= self.now);
        if !due {
            return false;
        }
        self.exit_removed_process(idx);
        let name = self.members[idx].name().to_owned();
        self.apply(Command::StopMember(name)).is_ok()
    }

    /// etcd's transport refuses a peer that the receiving member knows was removed: its own
    /// applied configuration no longer lists the sender, whose removal is committed.
    pub(crate) fn rejects_removed_sender(&self, to_idx: usize, from: u64) -> bool {
        let removed = self
            .member_index_by_id(from)
            .is_some_and(|i| self.members[i].removed);
        let known = self.members[to_idx]
            .node
            .as_ref()
            .is_some_and(|n| n.raft().prs().contains(from));
        removed && !known
    }
}
