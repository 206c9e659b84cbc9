//! `backup` on data-dirs the lab wrote: what it drops, the new identities, and that the
//! result loads as a data-dir with the source's keys (with `--with-v3`) and no membership.

use super::*;
use crate::data_dir::{DataDirPaths, RestoredDataDir, load};
use crate::mvcc::{InternalRaftRequest, KvRequest};
use crate::raft::{ConfChange, ConfChangeType};

fn entry(index: u64, entry_type: EntryType, data: Vec<u8>) -> Entry {
    Entry {
        entry_type,
        term: 2,
        index,
        data,
    }
}

#[test]
fn conf_changes_attributes_and_without_v3_v3_requests_are_dropped_and_the_rest_renumbered() {
    let put = InternalRaftRequest {
        id: 1,
        request: KvRequest::Put {
            key: "k".into(),
            value: "v".into(),
            lease: 0,
        },
    }
    .encode()
    .expect("encodes");
    let publish = ClusterRequest::MemberAttrSet {
        member_id: 0xabc,
        name: "n1".into(),
        client_urls: Vec::new(),
    }
    .encode();
    let entries = vec![
        entry(4, EntryType::EntryConfChange, Vec::new()),
        entry(5, EntryType::EntryNormal, Vec::new()),
        entry(6, EntryType::EntryNormal, publish),
        entry(7, EntryType::EntryNormal, put),
    ];
    let mut log = Vec::new();
    let (kept, removed) = filter(entries.clone(), true, &mut log);
    assert_eq!(removed, 2);
    assert_eq!(kept.iter().map(|e| e.index).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(
        log,
        [
            "ignoring EntryConfChange raft entry",
            "ignoring member attribute update on /0/members/abc/attributes"
        ]
    );
    let mut log = Vec::new();
    let (kept, removed) = filter(entries, false, &mut log);
    assert_eq!((kept.len(), removed), (1, 3));
    assert_eq!(
        log.last().map(String::as_str),
        Some("ignoring v3 raft entry")
    );
}

#[test]
fn a_backup_loads_with_new_ids_and_no_membership() {
    let mut vfs = Vfs::new(0);
    let peers = [ConfChange {
        change_type: ConfChangeType::AddNode,
        node_id: 0x1993,
        context: Vec::new(),
    }];
    let store = EtcdServer::default()
        .restored_snapshot_data(&RaftCluster::default(), 1)
        .expect("encodes");
    let source = DataDirPaths::new("/var/lib/etcd", None);
    RestoredDataDir {
        metadata: WalMetadata {
            member_id: 0x1993,
            cluster_id: 0x4b25,
        },
        peers: &peers,
        store: &store,
    }
    .write(&mut vfs, &source)
    .expect("writable");
    let opts = Options {
        data_dir: "/var/lib/etcd".into(),
        backup_dir: "backup".into(),
        with_v3: true,
        ..Options::default()
    };
    // 2026-11-22 20:14:20.628 UTC, in microseconds.
    let now = 1_795_378_460_628_000;
    let (log, fatal) = backup(&mut vfs, "/root", &opts, now);
    // The bootstrap conf change sits in the snapshot: nothing after it to drop.
    assert_eq!((log.len(), fatal), (0, None));
    let copied = load(&vfs, &DataDirPaths::new("/root/backup", None))
        .expect("loads")
        .expect("has a WAL");
    let base = ((now / 1_000) & ((1 << 40) - 1)) << 8;
    assert_eq!(copied.metadata.member_id, base + 1);
    assert_eq!(copied.metadata.cluster_id, base + 2);
    let server = EtcdServer::restore(copied.storage.snapshot()).expect("the store");
    assert_eq!(server.cluster().len(), 0);
    let again = backup(&mut vfs, "/root", &opts, now);
    assert_eq!(
        again.1.as_deref(),
        Some(
            "failed creating backup snapshot dir backup/member/snap: expected \"backup/member/snap\" to be empty, got [\"0000000000000001-0000000000000001.snap\" \"db\"]"
        )
    );
}
