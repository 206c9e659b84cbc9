//! Stories for the data-dir formats: every file round-trips, damage is a typed error (never a
//! panic, never a silently empty member), and a data-dir written Ready by Ready reads back
//! as exactly what was written.

use proptest::prelude::*;

use super::*;
use crate::raft::{ConfState, Entry, EntryType, HardState, Ready, Snapshot, SnapshotMetadata};
use crate::vfs::{Vfs, WriteMode};

const META: WalMetadata = WalMetadata {
    member_id: 0x8e9e_05c5_2164_694d,
    cluster_id: 0xcdf8_1819_4e3a_8c32,
};

fn paths() -> DataDirPaths {
    DataDirPaths::new("/var/lib/etcd", None)
}

fn entry(term: u64, index: u64, data: &[u8]) -> Entry {
    Entry::new(term, index, data.to_vec())
}

fn ready(entries: Vec<Entry>, hs: Option<HardState>) -> Ready {
    Ready {
        entries,
        hard_state: hs,
        ..Ready::default()
    }
}

fn hs(term: u64, commit_index: u64) -> HardState {
    HardState {
        term,
        vote: Some(1),
        commit_index,
    }
}

fn snapshot(index: u64, term: u64, data: &[u8]) -> Snapshot {
    Snapshot {
        data: data.to_vec(),
        metadata: SnapshotMetadata {
            conf_state: ConfState {
                voters: [1, 2, 3].into(),
                learners: [4].into(),
            },
            index,
            term,
        },
    }
}

fn opened(vfs: &mut Vfs) -> OpenDataDir {
    OpenDataDir::open(vfs, paths(), META).expect("a fresh data-dir opens")
}

/// A data-dir holding entries 1..=`last` (term 1, all committed).
fn with_entries(last: u64) -> (Vfs, OpenDataDir) {
    let mut vfs = Vfs::linux_host("h");
    let mut dir = opened(&mut vfs);
    let ents: Vec<Entry> = (1..=last).map(|i| entry(1, i, b"e")).collect();
    dir.persist(&mut vfs, &ready(ents, Some(hs(1, last))))
        .expect("persisted");
    (vfs, dir)
}

/// A data-dir holding entries 1..=`last` (term 1, all committed) and a snapshot at `at`.
fn snapshotted(last: u64, at: u64, store: &[u8]) -> (Vfs, OpenDataDir) {
    let (mut vfs, mut dir) = with_entries(last);
    dir.save_snapshot(&mut vfs, &snapshot(at, 1, store))
        .expect("saved");
    (vfs, dir)
}

/// The package and text of the fatal line a member starting on `vfs` would print.
fn refusal(vfs: &Vfs) -> (&'static str, String) {
    let err = load(vfs, &paths()).expect_err("refused");
    (err.package(), err.to_string())
}

fn names(vfs: &Vfs, dir: &str) -> Vec<String> {
    vfs.read_dir(dir)
        .expect("dir exists")
        .into_iter()
        .map(|e| e.name)
        .collect()
}

#[test]
fn a_new_member_gets_etcds_layout_with_private_directories() {
    let mut vfs = Vfs::linux_host("h");
    let dir = opened(&mut vfs);
    assert_eq!(names(&vfs, "/var/lib/etcd"), ["member"]);
    assert_eq!(names(&vfs, "/var/lib/etcd/member"), ["snap", "wal"]);
    assert_eq!(names(&vfs, "/var/lib/etcd/member/snap"), ["db"]);
    assert_eq!(
        names(&vfs, "/var/lib/etcd/member/wal"),
        ["0000000000000000-0000000000000000.wal"]
    );
    for d in ["member", "member/snap", "member/wal"] {
        let mode = vfs.metadata(&format!("/var/lib/etcd/{d}")).map(|m| m.mode);
        assert_eq!(mode, Ok(0o700), "{d}");
    }
    assert_eq!(read_metadata(&vfs, &paths()), Ok(Some(META)));
    assert_eq!(dir.metadata(), META);
}

#[test]
fn what_was_persisted_reads_back_after_a_restart() {
    let mut vfs = Vfs::linux_host("h");
    let mut dir = opened(&mut vfs);
    let ents = vec![
        entry(1, 1, b""),
        entry(1, 2, b"put a 1"),
        entry(1, 3, b"put b 2"),
    ];
    dir.persist(&mut vfs, &ready(ents, Some(hs(1, 2))))
        .expect("persisted");
    // A new leader overwrites the uncommitted suffix.
    dir.persist(&mut vfs, &ready(vec![entry(2, 3, b"x")], Some(hs(2, 3))))
        .expect("persisted");
    let state = load(&vfs, &paths()).expect("readable").expect("has a WAL");
    assert_eq!(state.metadata, META);
    assert_eq!(&state.storage, dir.storage());
    assert_eq!(state.storage.last_index(), 3);
    assert_eq!(state.storage.term(3), Ok(2));
    assert_eq!(state.storage.hard_state(), hs(2, 3));
    // Reopened after a restart, the member appends where it left off.
    let mut again = OpenDataDir::open(&mut vfs, paths(), WalMetadata::default()).expect("opens");
    assert_eq!(
        again.metadata(),
        META,
        "metadata comes from the WAL, not the caller"
    );
    again
        .persist(&mut vfs, &ready(vec![entry(2, 4, b"y")], Some(hs(2, 4))))
        .expect("persisted");
    let state = load(&vfs, &paths()).expect("readable").expect("has a WAL");
    assert_eq!(state.storage.last_index(), 4);
}

#[test]
fn a_snapshot_writes_snap_and_db_and_a_restart_starts_from_it() {
    let (vfs, dir) = snapshotted(10, 8, b"store");
    assert_eq!(
        names(&vfs, "/var/lib/etcd/member/snap"),
        ["0000000000000001-0000000000000008.snap", "db"]
    );
    let state = load(&vfs, &paths()).expect("readable").expect("has a WAL");
    assert_eq!(state.storage.snapshot(), &snapshot(8, 1, b"store"));
    assert_eq!(state.storage.first_index(), 9, "no replay from index 1");
    assert_eq!(&state.storage, dir.storage());
}

#[test]
fn segments_are_cut_when_full_and_old_ones_purged_once_snapshotted() {
    let mut vfs = Vfs::linux_host("h");
    let mut dir = opened(&mut vfs);
    let big = vec![7u8; 200 * 1024];
    for i in 1..=40 {
        dir.persist(&mut vfs, &ready(vec![entry(1, i, &big)], Some(hs(1, i))))
            .expect("persisted");
    }
    let wal = names(&vfs, "/var/lib/etcd/member/wal");
    assert!(
        wal.len() > MAX_WALS,
        "no snapshot yet, so nothing purged: {wal:?}"
    );
    dir.save_snapshot(&mut vfs, &snapshot(40, 1, b"s"))
        .expect("saved");
    let wal = names(&vfs, "/var/lib/etcd/member/wal");
    assert_eq!(wal.len(), MAX_WALS, "{wal:?}");
    let state = load(&vfs, &paths()).expect("readable").expect("has a WAL");
    assert_eq!(state.storage.snapshot().metadata.index, 40);
    assert_eq!(&state.storage, dir.storage());
}

#[test]
fn files_removed_under_a_running_member_stay_removed() {
    let (mut vfs, mut dir) = with_entries(1);
    assert!(dir.cached(&vfs).is_some());
    vfs.remove("/var/lib/etcd/member", true).expect("rm -rf");
    assert!(
        dir.cached(&vfs).is_none(),
        "the copy no longer matches the disk"
    );
    dir.persist(&mut vfs, &ready(vec![entry(1, 2, b"")], Some(hs(1, 2))))
        .expect("writes to the unlinked file succeed");
    assert!(!vfs.exists("/var/lib/etcd/member"), "nothing recreated");
    assert_eq!(
        load(&vfs, &paths()),
        Ok(None),
        "the next start is a new member"
    );
}

#[test]
fn a_learner_overwriting_the_wal_gets_etcds_fatal_error() {
    let (mut vfs, _) = with_entries(1);
    let seg = "/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal";
    vfs.write(seg, b"x\n", WriteMode::Truncate)
        .expect("echo x >");
    let why = "read wal error (unexpected EOF) and cannot be repaired";
    assert_eq!(refusal(&vfs), ("etcdserver", why.to_owned()));
}

#[test]
fn a_flipped_byte_is_a_crc_mismatch() {
    let (mut vfs, _) = with_entries(1);
    let seg = "/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal";
    let mut bytes = vfs.read(seg).expect("exists").to_vec();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    vfs.write(seg, &bytes, WriteMode::Truncate)
        .expect("written");
    assert_eq!(
        load(&vfs, &paths()),
        Err(DataDirError::ReadWal(WalError::CrcMismatch))
    );
}

#[test]
fn a_missing_or_stale_db_and_a_missing_first_segment_are_refused() {
    let (vfs, _) = snapshotted(3, 3, b"s");
    let db = "/var/lib/etcd/member/snap/db";
    let mut copy = vfs.clone();
    copy.remove(db, false).expect("rm db");
    assert_eq!(
        load(&copy, &paths()),
        Err(DataDirError::BackendBehindSnapshot)
    );
    copy.write(db, b"junk", WriteMode::Truncate)
        .expect("written");
    let why = "cannot open database at /var/lib/etcd/member/snap/db (invalid database)";
    assert_eq!(refusal(&copy), ("backend", why.to_owned()));
    let mut copy = vfs.clone();
    copy.remove("/var/lib/etcd/member/snap", true)
        .expect("rm snap");
    assert!(
        load(&copy, &paths()).is_ok(),
        "no snapshot: the WAL from index 1 suffices"
    );
}

#[test]
fn a_dedicated_wal_dir_holds_the_segments() {
    let mut vfs = Vfs::linux_host("h");
    let paths = DataDirPaths::new("/var/lib/etcd", Some("/var/lib/etcd-wal"));
    assert!(paths.has_dedicated_wal_dir());
    let mut dir = OpenDataDir::open(&mut vfs, paths.clone(), META).expect("opens");
    dir.persist(&mut vfs, &ready(vec![entry(1, 1, b"")], Some(hs(1, 1))))
        .expect("persisted");
    assert_eq!(names(&vfs, "/var/lib/etcd/member"), ["snap"]);
    assert_eq!(names(&vfs, "/var/lib/etcd-wal").len(), 1);
    assert!(dir.cached(&vfs).is_some());
    let state = load(&vfs, &paths).expect("readable").expect("has a WAL");
    assert_eq!(state.storage.last_index(), 1);
}

#[test]
fn snap_and_db_files_round_trip_and_refuse_damage() {
    let snap = snapshot(9, 2, b"data");
    let bytes = encode_snap(&snap);
    assert_eq!(decode_snap(&bytes), Ok(snap));
    assert_eq!(decode_snap(b""), Err(SnapError::Empty));
    let mut bad = bytes.clone();
    if let Some(b) = bad.last_mut() {
        *b ^= 1;
    }
    assert_eq!(decode_snap(&bad), Err(SnapError::CrcMismatch));
    let db = encode_backend(9, b"store");
    assert_eq!(decode_backend(&db), Ok((9, b"store".to_vec())));
    assert_eq!(decode_backend(&db[..10]), Err(BackendError::Invalid));
    assert_eq!(snap_name(2, 9), "0000000000000002-0000000000000009.snap");
    assert_eq!(
        segment_name(1, 0x10),
        "0000000000000001-0000000000000010.wal"
    );
}

fn arb_record() -> impl Strategy<Value = WalRecord> {
    prop_oneof![
        (any::<u64>(), any::<u64>()).prop_map(|(member_id, cluster_id)| {
            WalRecord::Metadata(WalMetadata {
                member_id,
                cluster_id,
            })
        }),
        (
            any::<bool>(),
            any::<u64>(),
            any::<u64>(),
            prop::collection::vec(any::<u8>(), 0..64)
        )
            .prop_map(|(conf, term, index, data)| {
                let entry_type = if conf {
                    EntryType::EntryConfChange
                } else {
                    EntryType::EntryNormal
                };
                WalRecord::Entry(Entry {
                    entry_type,
                    term,
                    index,
                    data,
                })
            }),
        (any::<u64>(), 1..u64::MAX, any::<u64>()).prop_map(|(term, vote, commit_index)| {
            WalRecord::State(HardState {
                term,
                vote: Some(vote),
                commit_index,
            })
        }),
        (any::<u64>(), any::<u64>()).prop_map(|(index, term)| WalRecord::Snapshot { index, term }),
    ]
}

fn segment_of(records: &[WalRecord]) -> Vec<u8> {
    let mut bytes = wal::segment_header().to_vec();
    for r in records {
        encode_record(r, &mut bytes);
    }
    bytes
}

proptest! {
    #[test]
    fn records_round_trip(records in prop::collection::vec(arb_record(), 0..16)) {
        prop_assert_eq!(decode_segment(&segment_of(&records)), Ok(records));
    }

    #[test]
    fn cut_or_flipped_segments_are_errors_never_panics(
        records in prop::collection::vec(arb_record(), 1..8),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
    ) {
        let bytes = segment_of(&records);
        let at = cut.index(bytes.len());
        // A cut on a record boundary is a shorter valid segment; anywhere else an error.
        if let Ok(prefix) = decode_segment(&bytes[..at]) {
            prop_assert!(records.starts_with(&prefix));
        }
        let mut flipped = bytes.clone();
        let i = flip.index(flipped.len());
        flipped[i] ^= 0x5a;
        prop_assert!(decode_segment(&flipped).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode_segment(&bytes);
        let _ = decode_snap(&bytes);
        let _ = decode_backend(&bytes);
    }

    /// Whatever sequence of writes, overwrites and snapshots a member makes, a restart reads
    /// back exactly the state its running copy holds.
    #[test]
    fn the_files_always_read_back_as_the_running_copy(
        steps in prop::collection::vec((1..4u64, 0..3usize, any::<bool>()), 1..40),
    ) {
        let mut vfs = Vfs::linux_host("h");
        let mut dir = opened(&mut vfs);
        // Raft's rules: only uncommitted entries are overwritten, snapshots are of
        // committed ones.
        let (mut last, mut term, mut committed) = (0u64, 1u64, 0u64);
        for (count, rewind, snap) in steps {
            let from = last.saturating_sub(rewind as u64).max(committed) + 1;
            if from <= last {
                term += 1;
            }
            let ents: Vec<Entry> = (from..from + count).map(|i| entry(term, i, b"p")).collect();
            last = from + count - 1;
            committed = from - 1;
            dir.persist(&mut vfs, &ready(ents, Some(hs(term, committed)))).expect("persisted");
            let snap_index = dir.storage().snapshot().metadata.index;
            if snap && committed > snap_index {
                let at_term = dir.storage().term(committed).expect("stored");
                dir.save_snapshot(&mut vfs, &snapshot(committed, at_term, b"s")).expect("saved");
            }
            let state = load(&vfs, &paths()).expect("readable").expect("has a WAL");
            prop_assert_eq!(&state.storage, dir.storage());
            prop_assert!(dir.cached(&vfs).is_some());
        }
    }
}
