//! Raft's safety properties under random faults: stops, starts, cuts, heals and proposals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{
    Invariants, committed_prefixes_agree, converged, random_commands, recover, run_chaos, run_until,
};
use lab_core::{SimDuration, World};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[test]
fn at_most_one_leader_per_term_over_200_chaotic_seeds() {
    let mut terms_with_leaders = 0;
    for seed in 0..200 {
        let (mut world, mut inv) = run_chaos(seed, SimDuration::from_secs(20));
        committed_prefixes_agree(&world);

        // After the storm: heal and restart everyone. Without pre-vote a member that
        // campaigned in isolation may still disrupt the first new leader, but the cluster
        // must settle on one leader and one commit index.
        recover(&mut world);
        let settled = run_until(&mut world, SimDuration::from_secs(15), converged);
        assert!(
            settled,
            "seed {seed}: did not converge: {:#?}",
            world.members()
        );
        inv.check(&world);
        committed_prefixes_agree(&world);
        terms_with_leaders += inv.leader_terms();
    }
    assert!(terms_with_leaders > 200, "the chaos caused failovers");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Any script of commands, at any spacing, keeps the invariants.
    #[test]
    fn scripted_chaos_keeps_raft_invariants(
        seed in any::<u64>(),
        script in prop::collection::vec((0u64..2_000, any::<u64>()), 1..40),
    ) {
        let mut world = World::demo_cluster(seed);
        let mut inv = Invariants::default();
        for (delay_ms, pick) in script {
            world.advance(SimDuration::from_millis(delay_ms));
            inv.check(&world);
            let mut rng = ChaCha8Rng::seed_from_u64(pick);
            for cmd in random_commands(&mut rng, &world) {
                let _ = world.apply(cmd);
            }
        }
        world.advance(SimDuration::from_secs(2));
        inv.check(&world);
        committed_prefixes_agree(&world);
    }
}
