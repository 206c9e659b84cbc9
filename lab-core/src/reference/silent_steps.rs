//! `SilentStep`: commands the recorder ran without recording them, which later steps depend
//! on. Replaying without them would judge the lab against data it never got.
//!
//! Each is reconstructed from what the recording shows afterwards and says so below; lease
//! grants carry the ID the recording's later steps use, which [`LeaseIds`](super::LeaseIds)
//! pairs with the ID the lab grants.

/// One unrecorded command, run just before the recorded step at `before_line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SilentStep {
    /// 1-based transcript line of the step it precedes.
    pub before_line: usize,
    /// The command, as typed.
    pub command: &'static str,
    /// For a `lease grant`: the ID the recording's later steps name.
    pub recorded_lease: Option<u64>,
}

/// Scenario 1, "Leases": the transcript notes "one extra `lease grant 60` was run silently
/// before"; its ID is the other one `lease list` shows (…814, the recorded grant is …816).
const SCENARIO_01: &[SilentStep] = &[SilentStep {
    before_line: 1153,
    command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 lease grant 60",
    recorded_lease: Some(0x4813_a202_c25b_a814),
}];

/// Scenario 7, "Original cluster … with some data": `get /app --prefix` lists
/// `/app/config/key1..3` that no step wrote, `/app/name` has create revision 5 (three writes
/// before it), the raft index is four entries past the recorded writes, and `put --lease`
/// names a lease no step granted (TTL 3600 s per `lease timetolive`).
const SCENARIO_07: &[SilentStep] = &[
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 put /app/config/key1 value1",
        recorded_lease: None,
    },
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 put /app/config/key2 value2",
        recorded_lease: None,
    },
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 put /app/config/key3 value3",
        recorded_lease: None,
    },
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 lease grant 3600",
        recorded_lease: Some(0x2855_a202_e192_1b04),
    },
];

/// The silent steps of scenario `name` (`07-disaster-recovery`).
pub fn silent_steps(name: &str) -> &'static [SilentStep] {
    match name {
        "01-static-bootstrap" => SCENARIO_01,
        "07-disaster-recovery" => SCENARIO_07,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL3: &str = "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379";

    #[test]
    fn silent_steps_use_the_scenarios_endpoints() {
        for name in ["01-static-bootstrap", "07-disaster-recovery"] {
            assert!(!silent_steps(name).is_empty());
            assert!(
                silent_steps(name)
                    .iter()
                    .all(|s| s.command.starts_with(ALL3))
            );
        }
        assert!(silent_steps("03-kill-leader-quorum-loss").is_empty());
    }
}
