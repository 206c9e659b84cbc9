//! Stories for the shaped faults: what each one does to a settled five-member cluster.

use rand::SeedableRng;

use super::*;

/// A five-member world with a leader, and its scenario.
fn settled() -> (Scenario, World) {
    let mut scenario = Scenario::from_seed(7);
    scenario.members = (1..=5).map(|i| format!("m{i}")).collect();
    let (mut world, _) = scenario.build(None);
    for _ in 0..1_000 {
        if world.leader().is_some() {
            break;
        }
        world.advance(SimDuration::from_millis(scenario.heartbeat_ms));
    }
    (scenario, world)
}

#[test]
fn a_deposed_leader_wakes_cut_off_and_proposes_before_anything_heals() {
    let (scenario, world) = settled();
    let view = ClusterView::of(&world);
    let leader = view.leader.as_ref().map(|l| l.name.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let fault = scenario.deposed_leader(&mut rng, &view);
    assert!(fault.exclusive, "a random heal would spoil it");
    assert_eq!(
        fault.now.first(),
        leader.clone().map(Command::PauseMember).as_ref()
    );
    let (thaw_at, thaw) = &fault.later[0];
    let (heal_at, heal_all) = &fault.later[1];
    assert!(thaw_at < heal_at);
    assert!(thaw.iter().any(|c| matches!(c, Command::Propose { .. })));
    assert_eq!(thaw.first(), leader.map(Command::ResumeMember).as_ref());
    assert!(
        heal_all
            .iter()
            .all(|c| matches!(c, Command::HealLink { .. }))
    );
}

#[test]
fn a_crash_at_a_bare_quorum_leaves_exactly_a_quorum_running() {
    let (scenario, world) = settled();
    let view = ClusterView::of(&world);
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let fault = scenario.crash_at_quorum(&mut rng, &view);
    let stopped = fault
        .now
        .iter()
        .filter(|c| matches!(c, Command::StopMember(_)))
        .count();
    assert_eq!(view.running_voters() - stopped, view.quorum());
    assert!(matches!(
        fault.now.last(),
        Some(Command::CrashAfterNextSend(_))
    ));
    assert_eq!(fault.later[0].1.len(), stopped + 1, "everyone restarts");
}
