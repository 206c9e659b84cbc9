//! lab-core's integration tests, linked into one binary: one test executable per file cost a
//! link of the whole engine each (over 100 MB apiece, 22 of them), which ran CI's disk out.
//! Each file below is still its own story and module; run one with
//! `cargo test -p lab-core --test stories MODULE` (for example `golden_scripts`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod interaction;

mod chaos_clients;
mod check_planted;
mod clients;
mod determinism;
mod election;
mod errors;
mod etcd_processes;
mod failover;
mod faults;
mod fuzz_regressions;
mod golden_scripts;
mod lab_etcdctl;
mod leadership;
mod membership;
mod purity;
mod raft_interaction;
mod reference_transcripts;
mod replication;
mod safety;
mod snapshots;
mod v2_ttl;
