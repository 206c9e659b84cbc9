//! `etcdctl backup` (v2, etcd 3.4.23's `backup_command.go`): copies a member's data-dir into
//! a new one that no cluster knows — the `.snap` as is, the WAL from that snapshot on with
//! conf changes and member attribute updates dropped (and v3 requests too, without
//! `--with-v3`) and the rest renumbered, new WAL metadata (node and cluster id from etcd's
//! `idutil` generator at the current millisecond), and a `db` stripped of membership:
//! copied with `--with-v3`, else empty. A member started on it with `--force-new-cluster`
//! comes up alone with the data.
//!
//! Limits: at most [`MAX_SEGMENTS`] WAL segments read.

use super::super::gofmt::quote;
use super::super::output::Output;
use super::super::{EtcdApi, Stream};
use super::flags;
use super::help;
use crate::data_dir::{
    WalMetadata, WalRecord, decode_backend, decode_segment, decode_snap, encode_backend,
    encode_record, segment_header, segment_name,
};
use crate::raft::{Entry, EntryType, HardState, Snapshot, SnapshotMetadata};
use crate::sim::{ClusterRequest, EtcdServer, RaftCluster};
use crate::vfs::{FsError, Vfs, join};

/// The most WAL segments one backup reads (unit: files).
const MAX_SEGMENTS: usize = 1_000;
/// Status of a failed backup (`log.Fatal`).
const EXIT_FATAL: i32 = 1;
/// Directory mode etcd's `CreateDirAll` uses.
const DIR_MODE: u32 = 0o700;

/// The options of one backup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Options {
    data_dir: String,
    wal_dir: String,
    backup_dir: String,
    backup_wal_dir: String,
    with_v3: bool,
}

/// `etcdctl backup …`.
pub(super) fn run<A: EtcdApi>(args: &[String], api: &A, out: &mut Output<'_>) -> i32 {
    let specs = [
        ("data-dir", false),
        ("wal-dir", false),
        ("backup-dir", false),
        ("backup-wal-dir", false),
        ("with-v3", true),
        ("help, h", true),
    ];
    let found = match flags::parse(args, &specs) {
        Ok((found, _)) => found,
        Err(why) => {
            out.errln(&format!("Incorrect Usage: {why}\n"));
            out.out(help::BACKUP);
            return super::EXIT_BAD_ARGS;
        }
    };
    if flags::is_set(&found, "help") {
        out.out(help::BACKUP);
        return 0;
    }
    let text = |name| flags::value(&found, name).unwrap_or_default().to_owned();
    let opts = Options {
        data_dir: text("data-dir"),
        wal_dir: text("wal-dir"),
        backup_dir: text("backup-dir"),
        backup_wal_dir: text("backup-wal-dir"),
        with_v3: flags::is_set(&found, "with-v3"),
    };
    let now = api.now_unix_micros();
    let Some((lines, fatal)) = api.with_files(|vfs, cwd| backup(vfs, cwd, &opts, now)) else {
        out.errln("etcdctl backup: this etcdctl has no file system in the lab");
        return EXIT_FATAL;
    };
    let stamp = log_stamp(now);
    for line in lines.iter().chain(&fatal) {
        out.write(Stream::Stderr, format!("{stamp} I | {line}\n").as_bytes());
    }
    if fatal.is_some() { EXIT_FATAL } else { 0 }
}

/// capnslog's time stamp, which the v2 etcdctl's log lines carry.
fn log_stamp(unix_micros: u64) -> String {
    i64::try_from(unix_micros)
        .ok()
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S%.6f").to_string())
        .unwrap_or_default()
}

/// Go's `filepath.Join(dir, rest)` for a relative `rest`.
fn go_join(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        return rest.to_owned();
    }
    format!("{}/{rest}", dir.trim_end_matches('/'))
}

/// The log lines and, if it failed, the fatal one.
type Outcome = (Vec<String>, Option<String>);

fn backup(vfs: &mut Vfs, cwd: &str, opts: &Options, now_micros: u64) -> Outcome {
    let mut log = Vec::new();
    match copy(vfs, cwd, opts, now_micros, &mut log) {
        Ok(()) => (log, None),
        Err(fatal) => (log, Some(fatal)),
    }
}

fn copy(
    vfs: &mut Vfs,
    cwd: &str,
    opts: &Options,
    now_micros: u64,
    log: &mut Vec<String>,
) -> Result<(), String> {
    let abs = |p: &str| {
        if p.starts_with('/') {
            p.to_owned()
        } else {
            join(cwd, p)
        }
    };
    let src_snap = go_join(&opts.data_dir, "member/snap");
    let dest_snap = go_join(&opts.backup_dir, "member/snap");
    let src_wal = or_default(&opts.wal_dir, || go_join(&opts.data_dir, "member/wal"));
    let dest_wal = or_default(&opts.backup_wal_dir, || {
        go_join(&opts.backup_dir, "member/wal")
    });
    create_dir_all(vfs, &abs(&dest_snap), &dest_snap)?;
    let walsnap = save_snap(vfs, &abs(&src_snap), &src_snap, &abs(&dest_snap))?;
    let (_, mut state, entries) = read_wal(vfs, &abs(&src_wal), &src_wal, walsnap)?;
    let (kept, removed) = filter(entries, opts.with_v3, log);
    state.commit_index = state.commit_index.saturating_sub(removed);
    let db = backend(
        vfs,
        &abs(&go_join(&src_snap, "db")),
        opts.with_v3,
        state.commit_index,
    )?;
    write(vfs, &abs(&go_join(&dest_snap, "db")), &db)?;
    // idutil.NewGenerator(0, now): the low 40 bits of the Unix millisecond, shifted by 8.
    let base = ((now_micros / 1_000) & ((1 << 40) - 1)) << 8;
    let metadata = WalMetadata {
        member_id: base.saturating_add(1),
        cluster_id: base.saturating_add(2),
    };
    let mut segment = segment_header().to_vec();
    let (index, term) = walsnap;
    let records = [
        WalRecord::Metadata(metadata),
        WalRecord::Snapshot { index: 0, term: 0 },
    ]
    .into_iter()
    .chain(kept.into_iter().map(WalRecord::Entry))
    .chain([WalRecord::State(state), WalRecord::Snapshot { index, term }]);
    for record in records {
        encode_record(&record, &mut segment);
    }
    let dest_wal_abs = abs(&dest_wal);
    vfs.create_dir(&dest_wal_abs, true, DIR_MODE)
        .map_err(|e| fs_text("mkdir", &dest_wal, e))?;
    write(vfs, &join(&dest_wal_abs, &segment_name(0, 0)), &segment)
}

fn or_default(given: &str, default: impl FnOnce() -> String) -> String {
    if given.is_empty() {
        default()
    } else {
        given.to_owned()
    }
}

/// Go's `*PathError` text: the errno's message in lower case, as Go's `syscall` words it.
fn fs_text(op: &str, path: &str, e: FsError) -> String {
    let errno = e.to_string();
    let mut chars = errno.chars();
    let errno = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => errno,
    };
    format!("{op} {path}: {errno}")
}

fn write(vfs: &mut Vfs, path: &str, bytes: &[u8]) -> Result<(), String> {
    vfs.write(path, bytes, crate::vfs::WriteMode::Truncate)
        .map_err(|e| fs_text("open", path, e))
}

/// etcd's `fileutil.CreateDirAll`: made if missing, refused if it holds anything.
fn create_dir_all(vfs: &mut Vfs, dir: &str, shown: &str) -> Result<(), String> {
    let failed = |why: String| format!("failed creating backup snapshot dir {shown}: {why}");
    vfs.create_dir(dir, true, DIR_MODE)
        .or_else(|e| if vfs.exists(dir) { Ok(()) } else { Err(e) })
        .map_err(|e| failed(fs_text("mkdir", shown, e)))?;
    let names: Vec<String> = vfs
        .read_dir(dir)
        .map_err(|e| failed(e.to_string()))?
        .into_iter()
        .map(|e| quote(e.name.as_bytes()))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    Err(failed(format!(
        "expected {} to be empty, got [{}]",
        quote(shown.as_bytes()),
        names.join(" ")
    )))
}

/// `saveSnap`: the newest `.snap` copied; its index and term, or (0, 0) if there is none.
fn save_snap(vfs: &mut Vfs, src: &str, shown: &str, dest: &str) -> Result<(u64, u64), String> {
    let entries = vfs.read_dir(src).map_err(|e| fs_text("open", shown, e))?;
    let mut names: Vec<String> = entries
        .into_iter()
        .map(|e| e.name)
        .filter(|n| n.ends_with(".snap"))
        .collect();
    names.sort();
    for name in names.into_iter().rev() {
        let Ok(bytes) = vfs.read(&join(src, &name)).map(<[u8]>::to_vec) else {
            continue;
        };
        if let Ok(snap) = decode_snap(&bytes) {
            write(vfs, &join(dest, &name), &bytes)?;
            return Ok((snap.metadata.index, snap.metadata.term));
        }
    }
    Ok((0, 0))
}

type WalContents = (WalMetadata, HardState, Vec<Entry>);

/// `wal.OpenForRead` + `ReadAll` from `walsnap` on.
fn read_wal(vfs: &Vfs, dir: &str, shown: &str, walsnap: (u64, u64)) -> Result<WalContents, String> {
    let mut names: Vec<String> = vfs
        .read_dir(dir)
        .map_err(|e| fs_text("open", shown, e))?
        .into_iter()
        .map(|e| e.name)
        .filter(|n| n.ends_with(".wal"))
        .take(MAX_SEGMENTS)
        .collect();
    names.sort();
    let (mut metadata, mut state, mut entries) = (None, HardState::default(), Vec::new());
    for name in names {
        let bytes = vfs
            .read(&join(dir, &name))
            .map_err(|e| fs_text("open", shown, e))?;
        for record in decode_segment(bytes).map_err(|e| e.to_string())? {
            match record {
                WalRecord::Metadata(m) => metadata = Some(m),
                WalRecord::State(hs) => state = hs,
                WalRecord::Entry(e) if e.index > walsnap.0 => {
                    let at = usize::try_from(e.index - walsnap.0 - 1).unwrap_or(usize::MAX);
                    entries.truncate(at);
                    entries.push(e);
                }
                _ => {}
            }
        }
    }
    let metadata = metadata.ok_or_else(|| "wal: file not found".to_owned())?;
    Ok((metadata, state, entries))
}

/// `loadWAL`'s filter: the entries kept, renumbered, and how many were dropped.
fn filter(entries: Vec<Entry>, with_v3: bool, log: &mut Vec<String>) -> (Vec<Entry>, u64) {
    let mut removed = 0u64;
    let mut kept = Vec::with_capacity(entries.len());
    for mut e in entries {
        e.index = e.index.saturating_sub(removed);
        let dropped = match e.entry_type {
            EntryType::EntryConfChange => Some("ignoring EntryConfChange raft entry".to_owned()),
            _ if e.data.is_empty() => None,
            _ => match ClusterRequest::decode(&e.data) {
                Some(ClusterRequest::MemberAttrSet { member_id, .. }) => Some(format!(
                    "ignoring member attribute update on /0/members/{member_id:x}/attributes"
                )),
                Some(ClusterRequest::ClusterVersionSet { .. }) => None,
                None if with_v3 => None,
                None => Some("ignoring v3 raft entry".to_owned()),
            },
        };
        match dropped {
            Some(line) => {
                log.push(line);
                removed = removed.saturating_add(1);
            }
            None => kept.push(e),
        }
    }
    (kept, removed)
}

/// `saveDB`: the backend without membership; with `with_v3` the source's data, else an
/// empty store whose consistent index is the new commit index.
fn backend(vfs: &Vfs, src_db: &str, with_v3: bool, commit: u64) -> Result<Vec<u8>, String> {
    let (index, store) = if with_v3 {
        let bytes = vfs.read(src_db).map_err(|e| fs_text("open", src_db, e))?;
        decode_backend(bytes).map_err(|e| e.to_string())?
    } else {
        (commit, Vec::new())
    };
    let snapshot = Snapshot {
        data: store,
        metadata: SnapshotMetadata {
            index,
            ..SnapshotMetadata::default()
        },
    };
    let server = EtcdServer::restore(&snapshot).map_err(|e| e.to_string())?;
    let data = server
        .restored_snapshot_data(&RaftCluster::default(), index)
        .map_err(|e| e.to_string())?;
    Ok(encode_backend(index, &data))
}

#[cfg(test)]
mod tests;
