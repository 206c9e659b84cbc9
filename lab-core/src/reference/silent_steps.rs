//! `SilentStep`: commands the recorder ran without recording them, which later steps depend
//! on. Replaying without them would judge the lab against data it never got.
//!
//! Each is reconstructed from what the recording shows afterwards and says so below. A lease
//! grant asks for the ID the recording's later steps name, through the JSON gateway (etcd's
//! `LeaseGrant` takes an `ID`; etcdctl has no flag for it), so the lab's store holds what
//! the recorder's did, byte for byte: `snapshot status` hashes it.

/// One unrecorded command, run just before the recorded step at `before_line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SilentStep {
    /// 1-based transcript line of the step it precedes.
    pub before_line: usize,
    /// The command, as typed.
    pub command: &'static str,
}

/// Scenario 1, "Leases": the transcript notes "one extra `lease grant 60` was run silently
/// before"; its ID is the other one `lease list` shows (0x4813a202c25ba814, the recorded
/// grant is …816).
const SCENARIO_01: &[SilentStep] = &[SilentStep {
    before_line: 1153,
    command: r#"curl -s -X POST http://127.0.0.1:21379/v3/lease/grant -d '{"TTL":60,"ID":"5193672928022734868"}'"#,
}];

/// Scenario 3, "Appendix: … (fresh cluster, token tkn-s03b)": the fresh members listen on
/// the ports the first cluster's etcd1..3 still held at the end of "Restore quorum", so the
/// recorder had stopped those members first (how is not recorded; SIGTERM is assumed).
///
/// Then the appendix's puts: "launched in parallel at different offsets after the kill"
/// against the two survivors, keys `off<offset>` (their values are not recorded); only
/// the `get` after them is a recorded step. They start with the kill of etcd2.
const SCENARIO_03: &[SilentStep] = &[
    SilentStep {
        before_line: 1055,
        command: "kill $(jobs -p) && wait",
    },
    SilentStep {
        before_line: 1066,
        // In a subshell, so that the terminal gets no job notices for them.
        command: "(for offset in 0.1 0.5 0.9 1.2 1.5 2.0 3.0 6.0; do \
            (sleep $offset; etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:23379 put off$offset v) >/dev/null 2>&1 & \
            done)",
    },
];

/// Scenario 5, "A learner that stays a learner": `member remove "$(member-id-of-etcd8)"`
/// calls a shell function the recorder defined without recording it; its comment says
/// the substitution came out empty because etcd8 was never added. This definition looks
/// the name up in `member list` as such a helper would. The step still differs: real
/// etcdctl 3.4.23 answers a quoted empty argument with `bad member ID arg
/// (strconv.ParseUint: parsing "": invalid syntax)` (checked), while the recorded `member
/// ID is not provided` needs no argument at all, so the line that ran was not this one.
const SCENARIO_05: &[SilentStep] = &[SilentStep {
    before_line: 2130,
    command: "member-id-of-etcd8() { etcdctl --endpoints=127.0.0.1:21379 member list | grep ', etcd8,' | cut -d, -f1; }",
}];

/// Scenario 7, "Original cluster … with some data": `get /app --prefix` lists
/// `/app/config/key1..3` that no step wrote, `/app/name` has create revision 5 (three writes
/// before it), the raft index is four entries past the recorded writes, and `put --lease`
/// names a lease no step granted (TTL 3600 s per `lease timetolive`).
const SCENARIO_07: &[SilentStep] = &[
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 put /app/config/key1 value1",
    },
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 put /app/config/key2 value2",
    },
    SilentStep {
        before_line: 21,
        command: "etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,127.0.0.1:23379 put /app/config/key3 value3",
    },
    SilentStep {
        before_line: 21,
        // 0x2855a202e1921b04.
        command: r#"curl -s -X POST http://127.0.0.1:21379/v3/lease/grant -d '{"TTL":3600,"ID":"2906407267795606276"}'"#,
    },
];

/// The silent steps of scenario `name` (`07-disaster-recovery`).
pub fn silent_steps(name: &str) -> &'static [SilentStep] {
    match name {
        "01-static-bootstrap" => SCENARIO_01,
        "03-kill-leader-quorum-loss" => SCENARIO_03,
        "05-runtime-reconfiguration" => SCENARIO_05,
        "07-disaster-recovery" => SCENARIO_07,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_steps_use_the_scenarios_endpoints() {
        for name in ["01-static-bootstrap", "07-disaster-recovery"] {
            assert!(!silent_steps(name).is_empty());
            assert!(silent_steps(name).iter().all(|s| {
                s.command
                    .starts_with("etcdctl --endpoints=127.0.0.1:21379,127.0.0.1:22379,")
                    || s.command
                        .contains(" http://127.0.0.1:21379/v3/lease/grant ")
            }));
        }
        assert!(silent_steps("02-unknown").is_empty());
    }

    #[test]
    fn scenario_05_defines_the_recorders_lookup_function() {
        let steps = silent_steps("05-runtime-reconfiguration");
        assert_eq!(steps.len(), 1);
        assert!(steps[0].command.starts_with("member-id-of-etcd8() {"));
    }

    #[test]
    fn scenario_03_appendix_stops_the_first_cluster_then_writes_at_the_offsets() {
        let steps = silent_steps("03-kill-leader-quorum-loss");
        assert_eq!(
            steps.iter().map(|s| s.before_line).collect::<Vec<_>>(),
            [1055, 1066]
        );
        assert!(steps[1].command.contains("0.1 0.5 0.9 1.2 1.5 2.0 3.0 6.0"));
    }

    #[test]
    fn lease_grants_ask_for_the_recorded_ids() {
        let asked = |name| {
            silent_steps(name)
                .iter()
                .find(|s| s.command.contains("lease/grant"))
                .map(|s| s.command)
                .unwrap_or_default()
        };
        let id = |hex| {
            u64::from_str_radix(hex, 16)
                .map(|id| format!("\"ID\":\"{id}\""))
                .unwrap_or_default()
        };
        assert!(asked("01-static-bootstrap").contains(&id("4813a202c25ba814")));
        assert!(asked("07-disaster-recovery").contains(&id("2855a202e1921b04")));
    }
}
