//! The safety harness validated on itself: with each planted Raft bug, some seed among the
//! first 1,000 must report a violation; without one, none may.

use lab_core::check::{DEFAULT_STEPS, check_seed};
use lab_core::raft::PlantedBug;

/// Seeds each planted bug must be caught within.
const SEEDS: u64 = 1_000;

fn first_failing_seed(bug: PlantedBug) -> Option<u64> {
    (0..SEEDS).find(|&seed| !check_seed(seed, DEFAULT_STEPS, Some(bug)).passed())
}

fn assert_caught(bug: PlantedBug) {
    let seed = first_failing_seed(bug);
    assert!(seed.is_some(), "{bug} went unnoticed over {SEEDS} seeds");
}

#[test]
fn a_vote_granted_twice_in_a_term_is_caught() {
    assert_caught(PlantedBug::DoubleVote);
}

#[test]
fn a_commit_without_a_quorum_is_caught() {
    assert_caught(PlantedBug::CommitWithoutQuorum);
}

#[test]
fn a_reply_sent_before_its_state_is_persisted_is_caught() {
    assert_caught(PlantedBug::ReplyBeforePersist);
}

#[test]
fn a_read_served_by_a_deposed_leader_is_caught() {
    assert_caught(PlantedBug::StaleLeaderRead);
}

#[test]
fn an_append_accepted_without_the_term_check_is_caught() {
    assert_caught(PlantedBug::AppendWithoutTermCheck);
}

#[test]
fn the_failure_report_names_the_seed_and_replays() {
    let bug = PlantedBug::DoubleVote;
    let bad = first_failing_seed(bug).expect("caught");
    let once = check_seed(bad, DEFAULT_STEPS, Some(bug));
    let again = check_seed(bad, DEFAULT_STEPS, Some(bug));
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
