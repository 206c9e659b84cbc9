//! Safety evidence for the engine: the seeded fault-injecting harness behind `lab check`.
//!
//! | module | role |
//! |---|---|
//! | `scenario` | [`Scenario`]: the cluster, timings and fault mix a seed stands for |
//! | `faults`, `churn` | [`Fault`]: what a step does to the cluster; membership changes |
//! | `cluster` | `ClusterView`: who leads, votes, learns and runs, as faults aim at them |
//! | `runner` | [`check_seed`]: one seeded run, checked after every step; [`CheckSummary`] |
//! | `invariants` | [`InvariantChecker`]: election safety, log matching, leader completeness, ... |
//! | `workload` | [`Workload`]: client sessions sending requests to any member; the history |
//! | `history` | [`KvOp`]: one client operation, its call, its return and what it was told |
//! | `linearizability` | [`check_history`]: Wing & Gong's search, per key, with "maybe happened" ops |

mod churn;
mod cluster;
mod faults;
mod history;
mod invariants;
mod linearizability;
#[cfg(test)]
mod linearizability_tests;
mod runner;
mod scenario;
mod workload;

pub use churn::ChurnCounts;
pub use faults::Fault;
pub use history::{KvInput, KvOp, KvOutput};
pub use invariants::{InvariantChecker, Violation};
pub use linearizability::{Linearizability, MAX_SEARCH_STATES, check_history};
pub use runner::{CheckSummary, DEFAULT_STEPS, Failure, MAX_STEPS, SeedOutcome, check_seed};
pub use scenario::{MAX_MEMBERS, MIN_MEMBERS, Scenario};
pub use workload::{MAX_HISTORY, Workload};
