//! `standalone_log`: what `--force-new-cluster` appends to a log, as etcd 3.4 computes it.

use proptest::prelude::*;

use super::*;
use crate::raft::{ConfState, Snapshot, SnapshotMetadata};

fn conf_entry(index: u64, change_type: ConfChangeType, node_id: NodeId) -> Entry {
    let cc = ConfChange {
        change_type,
        node_id,
        context: Vec::new(),
    };
    Entry {
        entry_type: EntryType::EntryConfChange,
        term: 1,
        index,
        data: cc.encode(),
    }
}

fn normal_entry(index: u64, term: u64) -> Entry {
    Entry {
        entry_type: EntryType::EntryNormal,
        term,
        index,
        data: vec![1],
    }
}

/// A three-member bootstrap (ids 1, 2, 3), two writes at term 8, committed up to `commit`.
fn three_members(commit: u64) -> MemoryStorage {
    let mut storage = MemoryStorage::new();
    let mut ents: Vec<Entry> = (1..=3)
        .map(|id| conf_entry(id, ConfChangeType::AddNode, id))
        .collect();
    ents.push(normal_entry(4, 8));
    ents.push(normal_entry(5, 8));
    storage.append(&ents).expect("contiguous");
    storage.set_hard_state(HardState {
        term: 8,
        vote: Some(2),
        commit_index: commit,
    });
    storage
}

fn removals(log: &StandaloneLog) -> Vec<(u64, u64, ConfChangeType, NodeId)> {
    log.appended
        .iter()
        .map(|e| {
            let cc = ConfChange::decode(&e.data).expect("decodes");
            (e.index, e.term, cc.change_type, cc.node_id)
        })
        .collect()
}

#[test]
fn every_other_member_is_removed_after_the_commit_index_at_the_current_term() {
    let log = standalone_log(&three_members(5), 2).expect("fits");
    assert_eq!(log.members, vec![1, 2, 3]);
    assert_eq!(log.discarded, 0);
    assert_eq!(
        removals(&log),
        vec![
            (6, 8, ConfChangeType::RemoveNode, 1),
            (7, 8, ConfChangeType::RemoveNode, 3),
        ]
    );
}

#[test]
fn uncommitted_entries_are_dropped_and_overwritten() {
    let log = standalone_log(&three_members(4), 1).expect("fits");
    assert_eq!(log.discarded, 1);
    let first = log.appended.first().map(|e| e.index);
    assert_eq!(
        first,
        Some(5),
        "the removals take the uncommitted entry's place"
    );
}

#[test]
fn a_member_its_log_no_longer_lists_adds_itself_first() {
    let mut storage = three_members(5);
    storage
        .append(&[conf_entry(6, ConfChangeType::RemoveNode, 3)])
        .expect("contiguous");
    storage.set_hard_state(HardState {
        term: 8,
        vote: None,
        commit_index: 6,
    });
    let log = standalone_log(&storage, 3).expect("fits");
    let changes = removals(&log);
    assert_eq!(changes.first(), Some(&(7, 8, ConfChangeType::AddNode, 3)));
    assert_eq!(changes.len(), 3, "itself, then 1 and 2 removed");
    let add = ConfChange::decode(&log.appended[0].data).expect("decodes");
    let me = ClusterMember::from_context(&add.context).expect("member JSON");
    assert_eq!(me.peer_urls, vec![SELF_PLACEHOLDER_URL.to_owned()]);
}

#[test]
fn the_snapshot_voters_count_but_not_its_learners() {
    let mut storage = MemoryStorage::new();
    let snap = Snapshot {
        data: Vec::new(),
        metadata: SnapshotMetadata {
            conf_state: ConfState {
                voters: [1, 2].into_iter().collect(),
                learners: [9].into_iter().collect(),
            },
            index: 3,
            term: 2,
        },
    };
    storage.apply_snapshot(snap).expect("fresh storage");
    storage.set_hard_state(HardState {
        term: 2,
        vote: None,
        commit_index: 3,
    });
    let log = standalone_log(&storage, 1).expect("fits");
    assert_eq!(log.members, vec![1, 2]);
    assert_eq!(removals(&log), vec![(4, 2, ConfChangeType::RemoveNode, 2)]);
}

proptest! {
    /// Whatever the membership history, the appended entries leave exactly the member
    /// itself: replaying them over `members` gives `{own}`, and they start right after the
    /// commit index.
    #[test]
    fn the_member_ends_alone(
        history in prop::collection::vec((any::<bool>(), 1u64..8), 0..20),
        own in 1u64..8,
    ) {
        let ents: Vec<Entry> = history
            .iter()
            .zip(1..)
            .map(|(&(add, id), index)| {
                let kind = if add { ConfChangeType::AddNode } else { ConfChangeType::RemoveNode };
                conf_entry(index, kind, id)
            })
            .collect();
        let mut storage = MemoryStorage::new();
        storage.append(&ents).expect("contiguous");
        let commit = ents.len() as u64;
        storage.set_hard_state(HardState { term: 3, vote: None, commit_index: commit });
        let log = standalone_log(&storage, own).expect("fits");
        let mut members: BTreeSet<NodeId> = log.members.iter().copied().collect();
        for (e, index) in log.appended.iter().zip(commit + 1..) {
            prop_assert_eq!(e.index, index);
            prop_assert_eq!(e.term, 3);
            let cc = ConfChange::decode(&e.data).expect("decodes");
            match cc.change_type {
                ConfChangeType::AddNode => { members.insert(cc.node_id); }
                _ => { members.remove(&cc.node_id); }
            }
            prop_assert!(!members.is_empty(), "never without a voter");
        }
        prop_assert_eq!(members.into_iter().collect::<Vec<_>>(), vec![own]);
    }
}
