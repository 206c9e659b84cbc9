//! `etcd --force-new-cluster` on an existing data-dir (etcd 3.4's `restartAsStandaloneNode`):
//! the WAL's uncommitted tail is dropped, one conf change per other member is appended (a
//! `RemoveNode` each, an `AddNode` for itself first if its log no longer lists it) at the
//! hard state's term, and all of it counts as committed. The member then replays them like
//! any committed entry: it logs the removals, stops its rafthttp peers and, alone in its
//! configuration, elects itself at the term it had. Data and ids are kept.
//!
//! The flag acts at every start it is given on: left in a unit or a command line, it removes
//! again whoever joined since (reference 07, "Mistake: restarting etcd1 again with
//! --force-new-cluster").

use std::collections::BTreeSet;

use super::{ClusterMember, MAX_CLUSTER_MEMBERS, World};
use crate::data_dir::WalMetadata;
use crate::error::LabError;
use crate::raft::{
    ConfChange, ConfChangeType, Entry, EntryType, HardState, MemoryStorage, NodeId, Ready,
};

/// The peer URL etcd puts in the `AddNode` it writes for a member whose own log no longer
/// lists it (etcd's `createConfigChangeEnts`).
const SELF_PLACEHOLDER_URL: &str = "http://localhost:2380";

/// What a forced restart did to the data-dir, for the startup lines. The members it knows
/// as it comes up are those of its snapshot, like any restart's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ForcedRestart {
    /// Uncommitted WAL entries dropped (etcd: `discarding N uncommitted WAL entries`).
    pub(crate) discarded: u64,
}

/// The rewrite of one log: entries to append and what they replace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandaloneLog {
    /// Conf changes appended after the commit index, all committed.
    pub appended: Vec<Entry>,
    /// The members the log knew (etcd's `getIDs`), sorted.
    pub members: Vec<NodeId>,
    /// Uncommitted entries dropped.
    pub discarded: u64,
}

impl World {
    /// Rewrites member `idx`'s data-dir as `--force-new-cluster` does, before it starts.
    pub(crate) fn force_new_cluster(&mut self, idx: usize) -> Result<ForcedRestart, LabError> {
        let member = &self.members[idx];
        let (host, path, own) = (member.host, member.data_dir.clone(), member.id);
        let metadata = WalMetadata {
            member_id: member.id,
            cluster_id: member.cluster_id,
        };
        let now = self.now;
        let Some(h) = self.hosts.get_mut(host) else {
            return Ok(ForcedRestart::default());
        };
        h.vfs.set_now(now);
        let storage = h.open_data_dir(&path, metadata)?;
        let log = standalone_log(&storage, own)?;
        let hs = storage.hard_state();
        let commit = log.appended.last().map_or(hs.commit_index, |e| e.index);
        let rd = Ready {
            entries: log.appended,
            hard_state: Some(HardState {
                commit_index: commit,
                ..hs
            }),
            ..Ready::default()
        };
        h.persist(&path, &rd)?;
        Ok(ForcedRestart {
            discarded: log.discarded,
        })
    }
}

/// etcd's `getIDs` + `createConfigChangeEnts` over `storage` for member `own`: the members
/// its snapshot and committed conf changes leave, and the entries that make `own` the only
/// one. Refuses a log naming more than [`MAX_CLUSTER_MEMBERS`] members.
pub fn standalone_log(storage: &MemoryStorage, own: NodeId) -> Result<StandaloneLog, LabError> {
    let hs = storage.hard_state();
    let last = storage.last_index();
    let commit = hs.commit_index.min(last);
    let committed = storage
        .entries(storage.first_index(), commit.saturating_add(1), u64::MAX)
        .unwrap_or_default();
    // etcd 3.4 reads only the snapshot's voters here, not its learners.
    let mut ids: BTreeSet<NodeId> = storage.snapshot().metadata.conf_state.voters.clone();
    for cc in committed
        .iter()
        .filter(|e| e.is_conf_change())
        .filter_map(|e| ConfChange::decode(&e.data).ok())
    {
        match cc.change_type {
            ConfChangeType::AddNode | ConfChangeType::AddLearnerNode => {
                ids.insert(cc.node_id);
            }
            ConfChangeType::RemoveNode => {
                ids.remove(&cc.node_id);
            }
            ConfChangeType::UpdateNode => {}
        }
        if ids.len() > MAX_CLUSTER_MEMBERS {
            return Err(LabError::InvalidConfig(format!(
                "the data-dir names more than {MAX_CLUSTER_MEMBERS} members"
            )));
        }
    }
    let mut changes = Vec::new();
    // Self first: Raft refuses a configuration with no voter.
    if !ids.contains(&own) {
        let me = ClusterMember {
            id: own,
            peer_urls: vec![SELF_PLACEHOLDER_URL.to_owned()],
            ..ClusterMember::default()
        };
        changes.push(ConfChange {
            change_type: ConfChangeType::AddNode,
            node_id: own,
            context: me.to_context(),
        });
    }
    changes.extend(ids.iter().filter(|&&id| id != own).map(|&id| ConfChange {
        change_type: ConfChangeType::RemoveNode,
        node_id: id,
        context: Vec::new(),
    }));
    let appended = (commit.saturating_add(1)..)
        .zip(changes)
        .map(|(index, cc)| Entry {
            entry_type: EntryType::EntryConfChange,
            term: hs.term,
            index,
            data: cc.encode(),
        })
        .collect();
    Ok(StandaloneLog {
        appended,
        members: ids.into_iter().collect(),
        discarded: last.saturating_sub(commit),
    })
}

#[cfg(test)]
#[path = "world_force_new_tests.rs"]
mod tests;
