//! Safety evidence for the engine: the seeded fault-injecting harness behind `lab check`.
//!
//! | module | role |
//! |---|---|
//! | `scenario` | [`Scenario`]: the cluster, timings and faults a seed stands for |
//! | `runner` | [`check_seed`]: one seeded run, checked after every step; [`CheckSummary`] |
//! | `invariants` | [`InvariantChecker`]: election safety, log matching, leader completeness, ... |
//! | `workload` | [`Workload`]: client sessions sending requests to any member; the history |
//! | `history` | [`KvOp`]: one client operation, its call, its return and what it was told |
//! | `linearizability` | [`check_history`]: Wing & Gong's search, per key, with "maybe happened" ops |

mod history;
mod invariants;
mod linearizability;
#[cfg(test)]
mod linearizability_tests;
mod runner;
mod scenario;
mod workload;

pub use history::{KvInput, KvOp, KvOutput};
pub use invariants::{InvariantChecker, Violation};
pub use linearizability::{Linearizability, MAX_SEARCH_STATES, check_history};
pub use runner::{CheckSummary, DEFAULT_STEPS, Failure, MAX_STEPS, SeedOutcome, check_seed};
pub use scenario::{Fault, MAX_MEMBERS, MIN_MEMBERS, Scenario};
pub use workload::{MAX_HISTORY, Workload};
