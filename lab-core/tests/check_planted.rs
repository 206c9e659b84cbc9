//! The safety harness validated on itself: with each planted Raft bug, some seed among the
//! first 1,000 must report a violation; without one, none may.

use lab_core::check::{DEFAULT_STEPS, check_seed};
use lab_core::raft::PlantedBug;

/// Seeds each planted bug must be caught within.
const SEEDS: u64 = 1_000;

fn first_failing_seed(bug: PlantedBug) -> Option<u64> {
    (0..SEEDS).find(|&seed| !check_seed(seed, DEFAULT_STEPS, Some(bug)).passed())
}

#[test]
fn a_vote_granted_twice_in_a_term_is_caught() {
    let seed = first_failing_seed(PlantedBug::DoubleVote);
    assert!(
        seed.is_some(),
        "double-vote went unnoticed over {SEEDS} seeds"
    );
}

#[test]
fn a_commit_without_a_quorum_is_caught() {
    let seed = first_failing_seed(PlantedBug::CommitWithoutQuorum);
    assert!(
        seed.is_some(),
        "commit-without-quorum went unnoticed over {SEEDS} seeds"
    );
}

#[test]
fn the_failure_report_names_the_seed_and_replays() {
    let bad = first_failing_seed(PlantedBug::DoubleVote).expect("caught");
    let once = check_seed(bad, DEFAULT_STEPS, Some(PlantedBug::DoubleVote));
    let again = check_seed(bad, DEFAULT_STEPS, Some(PlantedBug::DoubleVote));
    assert_eq!(once.report(), again.report(), "a seed replays exactly");
    assert!(once.report().contains(&format!("replay with --seed {bad}")));
    assert!(
        once.report().contains("election safety"),
        "{}",
        once.report()
    );
}

#[test]
fn correct_raft_passes_a_hundred_seeds() {
    for seed in 0..100 {
        let outcome = check_seed(seed, DEFAULT_STEPS, None);
        assert!(outcome.passed(), "{}", outcome.report());
    }
}
