//! A data-dir written from a snapshot, as `etcdctl snapshot restore` writes one (etcd's
//! `saveDB` and `saveWALAndSnap`): the backend `db`, a WAL whose metadata names the new
//! member and cluster and whose entries bootstrap the new cluster's membership (one
//! `AddNode` per member at term 1, all committed), and a `.snap` at the last of them.

use super::layout::DataDirPaths;
use super::wal::segment_header;
use super::wal_writer::{make_dir, write_file};
use super::{
    DataDirError, WalMetadata, WalRecord, encode_backend, encode_record, encode_snap, segment_name,
    snap_name,
};
use crate::raft::{ConfChange, ConfState, Entry, EntryType, HardState, Snapshot, SnapshotMetadata};
use crate::vfs::{Vfs, join};

/// The term every restored entry and the snapshot carry, as etcd writes them.
const RESTORE_TERM: u64 = 1;

/// What a restored data-dir holds.
#[derive(Clone, Copy, Debug)]
pub struct RestoredDataDir<'a> {
    /// The new member's id and the new cluster's id.
    pub metadata: WalMetadata,
    /// One `AddNode` per member of the new cluster, in member id order (etcd's
    /// `MemberIDs`); the first one's id is the hard state's vote, as etcd writes it.
    pub peers: &'a [ConfChange],
    /// The snapshot data: the store, with the new cluster as its membership.
    pub store: &'a [u8],
}

impl RestoredDataDir<'_> {
    /// Writes the data-dir at `paths`, whose directories must not hold anything yet (the
    /// caller checks, with etcd's message).
    pub fn write(&self, vfs: &mut Vfs, paths: &DataDirPaths) -> Result<(), DataDirError> {
        let commit = u64::try_from(self.peers.len()).unwrap_or(u64::MAX);
        for dir in [paths.data_dir(), &paths.member_dir(), &paths.snap_dir()] {
            make_dir(vfs, dir)?;
        }
        // The restored store's consistent index is the last bootstrap entry, so a member
        // starting from it applies nothing twice.
        write_file(vfs, &paths.db_path(), &encode_backend(commit, self.store))?;
        make_dir(vfs, paths.wal_dir())?;
        let segment = join(paths.wal_dir(), &segment_name(0, 0));
        write_file(vfs, &segment, &self.wal_segment(commit))?;
        let snap = Snapshot {
            // The store travels in `db`, as in every data-dir the lab writes.
            data: Vec::new(),
            metadata: SnapshotMetadata {
                conf_state: ConfState {
                    voters: self.peers.iter().map(|cc| cc.node_id).collect(),
                    learners: Default::default(),
                },
                index: commit,
                term: RESTORE_TERM,
            },
        };
        let snap_path = join(&paths.snap_dir(), &snap_name(RESTORE_TERM, commit));
        write_file(vfs, &snap_path, &encode_snap(&snap))
    }

    /// The one WAL segment: metadata and the empty snapshot's marker (`wal.Create`), the
    /// bootstrap entries and hard state (`w.Save`), then the snapshot's marker.
    fn wal_segment(&self, commit: u64) -> Vec<u8> {
        let mut out = segment_header().to_vec();
        let entries = (1..).zip(self.peers).map(|(index, cc)| {
            WalRecord::Entry(Entry {
                entry_type: EntryType::EntryConfChange,
                term: RESTORE_TERM,
                index,
                data: cc.encode(),
            })
        });
        let hard_state = HardState {
            term: RESTORE_TERM,
            vote: self.peers.first().map(|cc| cc.node_id),
            commit_index: commit,
        };
        let records = std::iter::once(WalRecord::Metadata(self.metadata))
            .chain(std::iter::once(WalRecord::Snapshot { index: 0, term: 0 }))
            .chain(entries)
            .chain([
                WalRecord::State(hard_state),
                WalRecord::Snapshot {
                    index: commit,
                    term: RESTORE_TERM,
                },
            ]);
        for record in records {
            encode_record(&record, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_dir::load;
    use crate::raft::ConfChangeType;

    fn add(id: u64) -> ConfChange {
        ConfChange {
            change_type: ConfChangeType::AddNode,
            node_id: id,
            context: Vec::new(),
        }
    }

    #[test]
    fn a_restored_data_dir_has_the_reference_layout_and_loads_as_a_restart_at_index_n() {
        let mut vfs = Vfs::new(0);
        let paths = DataDirPaths::new("/srv/r-etcd1.etcd", None);
        let peers = [add(0x1993), add(0x746d), add(0xdbfb)];
        let restored = RestoredDataDir {
            metadata: WalMetadata {
                member_id: 0x746d,
                cluster_id: 0x4b25,
            },
            peers: &peers,
            store: b"{\"store\":\"kv\"}",
        };
        restored.write(&mut vfs, &paths).expect("writable");
        let names = |dir: &str| -> Vec<String> {
            let entries = vfs.read_dir(dir).unwrap_or_default();
            entries.into_iter().map(|e| e.name).collect()
        };
        assert_eq!(
            names("/srv/r-etcd1.etcd/member/snap"),
            ["0000000000000001-0000000000000003.snap", "db"]
        );
        assert_eq!(
            names("/srv/r-etcd1.etcd/member/wal"),
            ["0000000000000000-0000000000000000.wal"]
        );
        let state = load(&vfs, &paths).expect("loads").expect("has a WAL");
        assert_eq!(state.metadata, restored.metadata);
        let snap = state.storage.snapshot();
        assert_eq!((snap.metadata.term, snap.metadata.index), (1, 3));
        assert_eq!(snap.data, b"{\"store\":\"kv\"}");
        assert_eq!(snap.metadata.conf_state.voters.len(), 3);
        let hs = state.storage.hard_state();
        assert_eq!((hs.term, hs.commit_index, hs.vote), (1, 3, Some(0x1993)));
    }
}
