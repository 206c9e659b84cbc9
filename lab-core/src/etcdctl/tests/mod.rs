//! Tests of `etcdctl` against the transcripts recorded from etcd 3.4.23: each story sets a
//! fake cluster to the recorded state, runs the recorded command line and expects the
//! recorded stdout, stderr and exit code (with `took = …` durations from the fake clock).

mod fake;
mod model;
mod model_members;
mod props;
mod scenario_basics;
mod scenario_cli;
mod scenario_disaster_recovery;
mod scenario_hashkv;
mod scenario_quorum_loss;
mod scenario_reconfiguration;

use serde::Deserialize;

use fake::{Fake, Outcome};

/// One recorded command.
#[derive(Clone, Debug, Deserialize)]
pub struct Reference {
    pub cmd: String,
    #[serde(default)]
    pub stdout: String,
    #[serde(default)]
    pub stderr: String,
    pub code: i32,
    pub index: usize,
}

/// The recorded command number `index` of scenario `file` (`"01"`, `"03"`, `"05"`, `"07"`).
pub fn reference(file: &str, index: usize) -> Reference {
    let text = match file {
        "01" => include_str!("reference_01.json"),
        "03" => include_str!("reference_03.json"),
        "07" => include_str!("reference_07.json"),
        _ => include_str!("reference_05.json"),
    };
    let all: Vec<Reference> = serde_json::from_str(text).expect("the fixture is JSON");
    all.into_iter()
        .find(|r| r.index == index)
        .expect("a recorded command at that index")
}

/// Runs the recorded command line on `fake` and returns what it printed.
pub fn replay(fake: &Fake, reference: &Reference) -> Outcome {
    let line = reference
        .cmd
        .strip_prefix("etcdctl")
        .expect("an etcdctl command");
    fake.run(line)
}

/// Replays `reference` and expects exactly its output.
#[track_caller]
pub fn expect_same(fake: &Fake, reference: &Reference) {
    let outcome = replay(fake, reference);
    assert_eq!(
        outcome.stdout, reference.stdout,
        "stdout of `{}`",
        reference.cmd
    );
    assert_eq!(
        outcome.stderr, reference.stderr,
        "stderr of `{}`",
        reference.cmd
    );
    assert_eq!(
        outcome.code, reference.code,
        "exit code of `{}`",
        reference.cmd
    );
}

/// Replays `reference`, then expects its output with every zap `ts` set to the fake's
/// clock at the end of the run (the recordings were made at other wall-clock times).
#[track_caller]
pub fn expect_same_now(fake: &Fake, reference: &Reference) {
    let outcome = replay(fake, reference);
    let ts = super::gofmt::zap_timestamp(fake.now());
    let mut stderr = String::new();
    for (i, part) in reference.stderr.split("\"ts\":\"").enumerate() {
        if i > 0 {
            stderr.push_str("\"ts\":\"");
            stderr.push_str(&ts);
            stderr.push_str(part.get(24..).unwrap_or(""));
        } else {
            stderr.push_str(part);
        }
    }
    assert_eq!(
        outcome.stdout, reference.stdout,
        "stdout of `{}`",
        reference.cmd
    );
    assert_eq!(outcome.stderr, stderr, "stderr of `{}`", reference.cmd);
    assert_eq!(
        outcome.code, reference.code,
        "exit code of `{}`",
        reference.cmd
    );
}

/// The reference with its `took` durations replaced by `tooks`, in order.
pub fn with_tooks(mut reference: Reference, tooks: &[&str]) -> Reference {
    let mut tooks = tooks.iter();
    for stream in [&mut reference.stdout, &mut reference.stderr] {
        let mut text = String::new();
        for (i, part) in stream.split("took = ").enumerate() {
            if i > 0 {
                let end = part.find('\n').unwrap_or(part.len());
                text.push_str("took = ");
                text.push_str(tooks.next().expect("a took for each line"));
                text.push_str(&part[end..]);
            } else {
                text.push_str(part);
            }
        }
        *stream = text;
    }
    reference
}

pub const THREE: &str = "--endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379";
