//! `World::demo_cluster`: the three-member cluster most tutorials start from.

use std::net::Ipv4Addr;

use super::{Command, MemberSpec, World};
use crate::raft::PlantedBug;

/// Names of the demo members; each runs on a host of the same name.
const DEMO_MEMBERS: [&str; 3] = ["etcd-1", "etcd-2", "etcd-3"];

impl World {
    /// Three hosts `etcd-1`..`etcd-3` at 10.0.0.11–13, one member each (same names), etcd's
    /// default timings (heartbeat 100 ms, election 1000 ms), all started at time 0.
    pub fn demo_cluster(seed: u64) -> World {
        World::demo_cluster_planted(seed, None)
    }

    /// The demo cluster with `bug` planted in every member from the start (for validating
    /// safety checkers: `lab check --plant NAME`).
    pub fn demo_cluster_planted(seed: u64, bug: Option<PlantedBug>) -> World {
        let mut world = World::new(seed);
        world.set_planted_bug(bug);
        for cmd in demo_commands() {
            // The demo's input is fixed and valid; a test covers that this never fails.
            let applied = world.apply(cmd);
            debug_assert!(applied.is_ok(), "demo setup failed: {applied:?}");
        }
        world
    }
}

/// The commands that build the demo cluster, in order.
pub(crate) fn demo_commands() -> Vec<Command> {
    let hosts = DEMO_MEMBERS
        .iter()
        .zip(11u8..)
        .map(|(&name, last)| Command::AddHost {
            name: name.to_owned(),
            ip: Ipv4Addr::new(10, 0, 0, last),
        });
    let members = DEMO_MEMBERS
        .iter()
        .map(|&name| Command::AddMember(MemberSpec::new(name, name, &DEMO_MEMBERS)));
    let starts = DEMO_MEMBERS
        .iter()
        .map(|&name| Command::StartMember(name.to_owned()));
    hosts.chain(members).chain(starts).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_setup_is_valid() {
        let mut world = World::new(1);
        for cmd in demo_commands() {
            assert_eq!(world.apply(cmd), Ok(()));
        }
        let names: Vec<String> = world.members().into_iter().map(|m| m.name).collect();
        assert_eq!(names, DEMO_MEMBERS);
        assert!(world.members().iter().all(|m| m.running));
    }

    #[test]
    fn a_planted_bug_reaches_every_member() {
        let bug = Some(PlantedBug::DoubleVote);
        let world = World::demo_cluster_planted(1, bug);
        let nodes = world.members.iter().filter_map(|m| m.node.as_ref());
        assert_eq!(
            nodes.map(|n| n.raft().planted_bug()).collect::<Vec<_>>(),
            [bug; 3]
        );
    }
}
