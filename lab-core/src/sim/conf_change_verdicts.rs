//! `ConfChangeVerdicts`: how a member's apply of each membership change ended, kept for the
//! client that proposed it through this member (etcd's `wait.Trigger(cc.ID, …)` with the
//! `confChangeResponse`), until it looks.

use std::collections::VecDeque;

use super::MembershipError;
use crate::raft::{ConfChange, ConfChangeType};

/// Most verdicts one member keeps (unit: conf changes); the oldest go first, as their
/// proposers have given up long before (etcd applies one change at a time).
pub const MAX_CONF_CHANGE_VERDICTS: usize = 32;

/// One applied membership change and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfChangeVerdict {
    /// The entry's Raft index.
    pub index: u64,
    /// What changed.
    pub change_type: ConfChangeType,
    /// The member concerned.
    pub node_id: u64,
    /// Applied, or refused and why.
    pub result: Result<(), MembershipError>,
}

/// The latest verdicts, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfChangeVerdicts {
    verdicts: VecDeque<ConfChangeVerdict>,
}

impl ConfChangeVerdicts {
    pub(crate) fn record(
        &mut self,
        index: u64,
        cc: &ConfChange,
        result: Result<(), MembershipError>,
    ) {
        while self.verdicts.len() >= MAX_CONF_CHANGE_VERDICTS {
            if self.verdicts.pop_front().is_none() {
                break;
            }
        }
        self.verdicts.push_back(ConfChangeVerdict {
            index,
            change_type: cc.change_type,
            node_id: cc.node_id,
            result,
        });
    }

    /// The first verdict after Raft index `after` on a change of `change_type` for
    /// `node_id`: the answer to a change proposed when the member had applied `after`.
    pub fn find(
        &self,
        after: u64,
        change_type: ConfChangeType,
        node_id: u64,
    ) -> Option<&ConfChangeVerdict> {
        self.verdicts
            .iter()
            .find(|v| v.index > after && v.change_type == change_type && v.node_id == node_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_finds_the_verdict_on_its_own_change_not_an_older_one() {
        let mut verdicts = ConfChangeVerdicts::default();
        let remove = ConfChange::new(ConfChangeType::RemoveNode, 0x1234);
        verdicts.record(20, &remove, Err(MembershipError::IdNotFound));
        verdicts.record(22, &remove, Ok(()));
        let found = verdicts.find(21, ConfChangeType::RemoveNode, 0x1234);
        assert_eq!(found.map(|v| (v.index, v.result)), Some((22, Ok(()))));
        assert_eq!(verdicts.find(22, ConfChangeType::RemoveNode, 0x1234), None);
        assert_eq!(verdicts.find(0, ConfChangeType::UpdateNode, 0x1234), None);
    }

    #[test]
    fn only_the_latest_verdicts_are_kept() {
        let mut verdicts = ConfChangeVerdicts::default();
        let cc = ConfChange::new(ConfChangeType::RemoveNode, 7);
        for index in 1..=(MAX_CONF_CHANGE_VERDICTS as u64 + 5) {
            verdicts.record(index, &cc, Ok(()));
        }
        assert_eq!(verdicts.verdicts.len(), MAX_CONF_CHANGE_VERDICTS);
        assert_eq!(
            verdicts
                .find(0, ConfChangeType::RemoveNode, 7)
                .map(|v| v.index),
            Some(6)
        );
    }
}
