//! Conformance with real etcd 3.4.23: every transcript in the reference directory
//! (`$ETCD_REFERENCE_DIR`, default `shared/reference/etcd-3.4.23` beside the repository, where
//! CI puts it) is replayed in a
//! fresh lab and each step judged after normalization (see `lab_core::reference`).
//!
//! `report` prints the per-section table (matched/judged, first mismatch):
//! `cargo test -p lab-core --test stories reference_transcripts::report -- --nocapture`.
//! `REFERENCE_VERBOSE=1` adds every mismatching step, not just the first per section.
//! `allow_listed_sections_conform` fails when a section on [`CONFORMING`] stops matching
//! exactly; add sections to it as they start to match.

use std::path::{Path, PathBuf};

use lab_core::reference::{Replay, ReplaySetup, parse_transcript, replay_with_recorded_leaders};

/// Sections that reproduce exactly today: (transcript file stem, section title).
const CONFORMING: &[(&str, &str)] = &[
    ("01-static-bootstrap", "Membership"),
    ("01-static-bootstrap", "Endpoint health / status"),
    ("01-static-bootstrap", "Key-value basics"),
    ("01-static-bootstrap", "Transactions (txn)"),
    ("01-static-bootstrap", "Leases"),
    ("01-static-bootstrap", "Compaction and defragmentation"),
    ("01-static-bootstrap", "Snapshot"),
    ("01-static-bootstrap", "move-leader"),
    ("01-static-bootstrap", "Alarms"),
    ("01-static-bootstrap", "version / help"),
    ("01-static-bootstrap", "Appendix: empty --endpoints"),
    ("03-kill-leader-quorum-loss", "Bootstrap (token tkn-s03)"),
    (
        "03-kill-leader-quorum-loss",
        "Trial 1: kill -9 the leader etcd2",
    ),
    (
        "03-kill-leader-quorum-loss",
        "Restart etcd2 (same command line, existing data dir)",
    ),
    (
        "03-kill-leader-quorum-loss",
        "Trial 2: kill -9 the leader etcd3",
    ),
    (
        "03-kill-leader-quorum-loss",
        "Restart etcd3 (same command line, existing data dir)",
    ),
    (
        "03-kill-leader-quorum-loss",
        "Trial 3: kill -9 the leader etcd2",
    ),
    (
        "05-runtime-reconfiguration",
        "Bootstrap 3 members (token tkn-s05)",
    ),
    ("05-runtime-reconfiguration", "member add etcd4"),
    (
        "05-runtime-reconfiguration",
        "Adding a second member while etcd4 is still unstarted",
    ),
    ("05-runtime-reconfiguration", "Some member add mistakes"),
    (
        "05-runtime-reconfiguration",
        "Start the added-but-unstarted etcd5 with the values printed by member add",
    ),
    (
        "05-runtime-reconfiguration",
        "member add etcd4 again (cluster fully connected for > 5 s)",
    ),
    (
        "05-runtime-reconfiguration",
        "Learner: member add --learner, member promote",
    ),
    ("05-runtime-reconfiguration", "member update"),
    ("05-runtime-reconfiguration", "member remove"),
    ("05-runtime-reconfiguration", "Remove the current leader"),
    (
        "07-disaster-recovery",
        "Original cluster (token tkn-s07) with some data",
    ),
    ("07-disaster-recovery", "snapshot save"),
    ("07-disaster-recovery", "snapshot restore, one per member"),
    ("07-disaster-recovery", "restore mistakes"),
    ("07-disaster-recovery", "Start the restored cluster"),
];

fn reference_dir() -> PathBuf {
    std::env::var_os("ETCD_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/etcd-3.4.23")
        })
}

/// The transcripts, by file stem; empty (with a note) when the directory is absent.
fn transcripts() -> Vec<(String, PathBuf)> {
    let dir = reference_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no reference transcripts at {}: skipped", dir.display());
        return Vec::new();
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p)))
        .collect();
    files.sort();
    files
}

fn run(stem: &str, path: &Path) -> Replay {
    let text = std::fs::read_to_string(path).expect("readable transcript");
    let transcript = parse_transcript(&text).expect("transcript parses");
    // etcd's election winner is random; the harness picks a lab seed that reproduces the
    // recorded winners (see `lab_core::reference::replay_with_recorded_leaders`).
    replay_with_recorded_leaders(&transcript, &ReplaySetup::for_scenario(stem)).expect("lab set up")
}

#[test]
fn report() {
    let mut summary = Vec::new();
    for (stem, path) in transcripts() {
        let replay = run(&stem, &path);
        let file = format!("{stem}.md");
        println!("{}", replay.render(&file));
        if std::env::var_os("REFERENCE_VERBOSE").is_some() {
            println!("{}", replay.render_misses(&file));
        }
        let (matched, judged) = replay.totals();
        summary.push(format!("  {matched:>3}/{judged:<3} {stem}.md"));
    }
    println!("summary (steps matched / judged):\n{}", summary.join("\n"));
}

#[test]
fn allow_listed_sections_conform() {
    let files = transcripts();
    let mut broken = Vec::new();
    for (stem, path) in &files {
        let wanted: Vec<&str> = CONFORMING
            .iter()
            .filter(|(file, _)| file == stem)
            .map(|(_, section)| *section)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let replay = run(stem, path);
        for title in wanted {
            match replay.section(title) {
                Some(section) if section.conforms() && section.judged() > 0 => {}
                Some(section) => broken.push(format!(
                    "{stem}.md / {title}: {}/{} steps match\n{}",
                    section.matched(),
                    section.judged(),
                    replay.render(&format!("{stem}.md"))
                )),
                None => broken.push(format!("{stem}.md has no section {title:?}")),
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
