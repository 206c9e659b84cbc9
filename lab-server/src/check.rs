//! `lab check`: the seeded fault-injecting safety harness, over many seeds.
//!
//! Seeds run on every core; each is deterministic on its own, so the outcome does not depend on
//! the scheduling. Failing seeds are reported in seed order, then one summary line.

use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use lab_core::check::{CheckSummary, SeedOutcome, check_seed};
use lab_core::raft::PlantedBug;

use crate::cli::CheckArgs;

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{violations} violation(s) found")]
    Violations { violations: u64 },
}

/// Failing seeds reported in full, with their action logs; further ones are listed by seed.
const FULL_REPORTS: usize = 5;

pub fn run(args: CheckArgs) -> Result<(), CheckError> {
    let first = args.seed.unwrap_or(0);
    let count = match (args.seed, args.seeds) {
        (Some(_), None) => 1,
        (_, Some(n)) => n,
        (None, None) => 100,
    };
    let outcomes = run_seeds(first, count, args.steps, args.plant);
    let mut summary = CheckSummary::default();
    let mut out = String::new();
    let mut failing = Vec::new();
    for outcome in &outcomes {
        summary.add(outcome);
        if !outcome.passed() {
            if failing.len() < FULL_REPORTS {
                out.push_str(&outcome.report());
            }
            failing.push(outcome.seed.to_string());
        } else if count == 1 && args.verbose {
            for a in &outcome.actions {
                out.push_str(a);
                out.push('\n');
            }
        }
    }
    if failing.len() > FULL_REPORTS {
        out.push_str(&format!("failing seeds: {}\n", failing.join(" ")));
    }
    out.push_str(&format!("{}\n{summary}\n", summary.details()));
    // A closed pipe (`lab check | head`) is the reader's choice, not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    match summary.violations {
        0 => Ok(()),
        violations => Err(CheckError::Violations { violations }),
    }
}

/// Runs seeds `first..first + count` on all cores; results in seed order.
fn run_seeds(first: u64, count: u64, steps: u32, plant: Option<PlantedBug>) -> Vec<SeedOutcome> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let next = AtomicU64::new(0);
    let done = Mutex::new(Vec::with_capacity(count as usize));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let outcome = check_seed(first.wrapping_add(i), steps, plant);
                    // A poisoned lock only means another seed's thread panicked; keep its data.
                    done.lock().unwrap_or_else(|e| e.into_inner()).push(outcome);
                }
            });
        }
    });
    let mut outcomes = done.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by_key(|o| o.seed);
    outcomes
}
