//! What an etcd process prints when raft panics: raft's logger line (no level), then Go's
//! `panic:` and the panicking goroutine's trace, as etcd 3.4.23 printed for a follower whose
//! log was lost (`tocommit(10) is out of range [lastIndex(0)]`). The frames keep function
//! and file:line; Go's argument words and the goroutine number are as recorded, since no
//! learner can act on them.

use crate::time::WallClock;

/// Frames Go prints for raft's `Panicf`, whichever check failed.
const PANICF_FRAMES: [(&str, &str); 2] = [
    (
        "log.(*Logger).Panicf(0xc0004b0140?, {0x1069bcf?, 0x4100c7?}, {0xc000414300?, 0xe8dba0?, 0xc00026a101?})",
        "log/log.go:258 +0x74",
    ),
    (
        "go.etcd.io/etcd/raft.(*DefaultLogger).Panicf(0x0?, {0x1069bcf?, 0x6?}, {0xc000414300?, 0x43add3?, 0xc00044c400?})",
        "go.etcd.io/etcd/raft/logger.go:127 +0x26",
    ),
];

/// The rest of the trace when a heartbeat commits past the end of the log.
const COMMIT_FRAMES: [(&str, &str); 5] = [
    (
        "go.etcd.io/etcd/raft.(*raftLog).commitTo(0xc0002260e0, 0xa)",
        "go.etcd.io/etcd/raft/log.go:203 +0x103",
    ),
    (
        "go.etcd.io/etcd/raft.(*raft).handleHeartbeat(_, {0x8, 0xb2d55896d6df81df, 0x56751703a8f4538d, 0x2, 0x0, 0x0, {0x0, 0x0, 0x0}, ...})",
        "go.etcd.io/etcd/raft/raft.go:1389 +0x45",
    ),
    (
        "go.etcd.io/etcd/raft.stepFollower(_, {0x8, 0xb2d55896d6df81df, 0x56751703a8f4538d, 0x2, 0x0, 0x0, {0x0, 0x0, 0x0}, ...})",
        "go.etcd.io/etcd/raft/raft.go:1334 +0x3d8",
    ),
    (
        "go.etcd.io/etcd/raft.(*raft).Step(_, {0x8, 0xb2d55896d6df81df, 0x56751703a8f4538d, 0x2, 0x0, 0x0, {0x0, 0x0, 0x0}, ...})",
        "go.etcd.io/etcd/raft/raft.go:990 +0x1055",
    ),
    (
        "go.etcd.io/etcd/raft.(*node).run(0xc000204900)",
        "go.etcd.io/etcd/raft/node.go:354 +0xa05",
    ),
];

/// The lines of a raft panic with message `error`.
pub fn raft_panic_lines(at: &WallClock, error: &str) -> Vec<String> {
    let mut lines = vec![
        format!("raft{} {error}", at.raft_log()),
        format!("panic: {error}"),
        String::new(),
        "goroutine 137 [running]:".to_owned(),
    ];
    let commit = error.starts_with("tocommit(");
    let frames = PANICF_FRAMES
        .iter()
        .chain(COMMIT_FRAMES.iter().filter(|_| commit));
    for (call, place) in frames {
        lines.push((*call).to_owned());
        lines.push(format!("\t{place}"));
    }
    lines.push("created by go.etcd.io/etcd/raft.RestartNode".to_owned());
    lines.push("\tgo.etcd.io/etcd/raft/node.go:242 +0x24a".to_owned());
    lines
}
