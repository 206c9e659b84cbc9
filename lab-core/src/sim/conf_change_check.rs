//! The apply-time check of a membership change (etcd 3.4's
//! `RaftCluster.ValidateConfigurationChange`): etcd proposes `member add`, `update`,
//! `remove` and `promote` without asking whether the member exists or its peer URLs are
//! free; every member checks that when it applies the entry. A change that fails still took
//! its Raft index: Raft applies it as a change of nothing ("switched to configuration"
//! unchanged) and the proposer's client hears the reason.
//!
//! Also the context `member promote` proposes (etcd's `ConfigChangeContext` with
//! `IsPromote`), which tells a promotion from an add of the same id.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{ClusterMember, RaftCluster};
use crate::raft::{ConfChange, ConfChangeType};

/// Learners a cluster may hold at once (unit: members; etcd 3.4's `maxLearners`).
pub const MAX_LEARNERS: usize = 1;

/// Why a member refused to apply a membership change (etcd's `membership.Err*`).
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum MembershipError {
    /// `ErrIDRemoved`: the id was removed for good; the client hears "member not found".
    #[error("membership: ID removed")]
    IdRemoved,
    /// `ErrIDExists`.
    #[error("membership: ID exists")]
    IdExists,
    /// `ErrIDNotFound`.
    #[error("membership: ID not found")]
    IdNotFound,
    /// `ErrPeerURLexists`.
    #[error("membership: peerURL exists")]
    PeerUrlExists,
    /// `ErrMemberNotLearner`: only a learner can be promoted.
    #[error("membership: can only promote a learner member")]
    NotLearner,
    /// `ErrTooManyLearners`: more than [`MAX_LEARNERS`].
    #[error("membership: too many learner members in cluster")]
    TooManyLearners,
}

/// etcd's `ConfigChangeContext` as `member promote` writes it: the member by id only.
#[derive(Serialize, Deserialize)]
struct PromoteContext {
    #[serde(rename = "Member")]
    member: PromotedMember,
    #[serde(rename = "IsPromote")]
    is_promote: bool,
}

#[derive(Serialize, Deserialize)]
struct PromotedMember {
    id: u64,
    #[serde(rename = "peerURLs")]
    peer_urls: Option<Vec<String>>,
}

/// The conf change `member promote` proposes for member `id`.
pub fn promote_conf_change(id: u64) -> ConfChange {
    let context = PromoteContext {
        member: PromotedMember {
            id,
            peer_urls: None,
        },
        is_promote: true,
    };
    ConfChange {
        change_type: ConfChangeType::AddNode,
        node_id: id,
        context: serde_json::to_vec(&context).unwrap_or_default(),
    }
}

/// Is `cc` a promotion? Also an `AddNode` without context for a learner already there,
/// which is how the lab's own commands promote.
pub(crate) fn is_promotion(cluster: &RaftCluster, cc: &ConfChange) -> bool {
    if cc.change_type != ConfChangeType::AddNode {
        return false;
    }
    if let Ok(ctx) = serde_json::from_slice::<PromoteContext>(&cc.context) {
        return ctx.is_promote;
    }
    cc.context.is_empty() && cluster.member(cc.node_id).is_some_and(|m| m.is_learner)
}

impl RaftCluster {
    /// Checks `cc` against this membership before it is applied.
    pub fn validate_conf_change(&self, cc: &ConfChange) -> Result<(), MembershipError> {
        let id = cc.node_id;
        if self.is_removed(id) {
            return Err(MembershipError::IdRemoved);
        }
        let known = self.member(id);
        match cc.change_type {
            ConfChangeType::AddNode if is_promotion(self, cc) => match known {
                None => Err(MembershipError::IdNotFound),
                Some(m) if !m.is_learner => Err(MembershipError::NotLearner),
                Some(_) => Ok(()),
            },
            ConfChangeType::AddNode | ConfChangeType::AddLearnerNode => {
                if known.is_some() {
                    return Err(MembershipError::IdExists);
                }
                let added = ClusterMember::from_context(&cc.context).unwrap_or_default();
                if self.peer_url_in_use(&added.peer_urls, None) {
                    return Err(MembershipError::PeerUrlExists);
                }
                let learners = self.members().filter(|m| m.is_learner).count();
                if cc.change_type == ConfChangeType::AddLearnerNode && learners >= MAX_LEARNERS {
                    return Err(MembershipError::TooManyLearners);
                }
                Ok(())
            }
            ConfChangeType::RemoveNode => known.map(|_| ()).ok_or(MembershipError::IdNotFound),
            ConfChangeType::UpdateNode => {
                known.ok_or(MembershipError::IdNotFound)?;
                let updated = ClusterMember::from_context(&cc.context).unwrap_or_default();
                if self.peer_url_in_use(&updated.peer_urls, Some(id)) {
                    return Err(MembershipError::PeerUrlExists);
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests;
