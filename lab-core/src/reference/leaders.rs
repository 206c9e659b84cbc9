//! Who won each election. etcd's election winner is random (each member draws its election
//! timeout), so a lab seeded otherwise elects another member, and every later step that
//! names "the leader" (its id in a table, its pid in `kill -9`) differs for no fault of the
//! lab. So the harness picks a lab seed that reproduces the recorded winners: it reads the
//! leader off each recorded `endpoint status` and off the lab's output of the same command,
//! and keeps the seed whose leaders agree with the recording longest. Only the seed is
//! chosen; every output is still judged as the lab printed it.

use super::replay::{ReplaySetup, replay};
use super::report::Replay;
use super::transcript::Transcript;

/// Seeds tried per transcript before keeping the best (unit: replays of the whole
/// transcript): `setup.seed`, `setup.seed + 1`, ...
pub const MAX_SEED_TRIES: u64 = 64;

/// A leader seen by an `endpoint status`: the recording's, and the lab's at the same step
/// (`None` when the lab's output names none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderSeen {
    /// 1-based line of the step in the transcript.
    pub line: usize,
    /// The member id the recording shows as leader.
    pub recorded: String,
    /// The member id the lab showed.
    pub lab: Option<String>,
}

/// Whether `command` prints leaders that [`leader_in`] reads.
pub(super) fn shows_leader(command: &str) -> bool {
    command.contains("endpoint status") && !command.contains("-w json")
}

/// The member id `endpoint status` output names as leader: a table row whose `IS LEADER`
/// cell is `true`, or a plain line whose fifth field is (`127.0.0.1:2379, 8e9e05c52164694d,
/// 3.4.23, 25 kB, true, false, 2, 9, 9, `).
pub(super) fn leader_in(stdout: &str) -> Option<String> {
    let mut columns: Option<(usize, usize)> = None;
    for line in stdout.lines() {
        if line.starts_with('|') {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let at = |name: &str| cells.iter().position(|c| *c == name);
            if let (Some(id), Some(leader)) = (at("ID"), at("IS LEADER")) {
                columns = Some((id, leader));
                continue;
            }
            let (id, leader) = columns?;
            if cells.get(leader) == Some(&"true") {
                return cells.get(id).map(|c| (*c).to_owned());
            }
            continue;
        }
        let fields: Vec<&str> = line.split(", ").collect();
        if fields.len() >= 9 && fields.get(4) == Some(&"true") {
            return fields.get(1).map(|f| (*f).to_owned());
        }
    }
    None
}

impl Replay {
    /// How many recorded leaders, from the first, the lab reproduced.
    pub fn leaders_agreed(&self) -> usize {
        self.leaders
            .iter()
            .take_while(|seen| seen.lab.as_deref() == Some(seen.recorded.as_str()))
            .count()
    }
}

/// Replays `transcript` with up to [`MAX_SEED_TRIES`] seeds from `setup.seed` on, and returns
/// the replay whose leaders agree with the recording longest (the first such seed); it stops
/// at the first seed that reproduces them all.
pub fn replay_with_recorded_leaders(
    transcript: &Transcript,
    setup: &ReplaySetup,
) -> Result<Replay, String> {
    let mut best: Option<Replay> = None;
    for offset in 0..MAX_SEED_TRIES {
        let setup = ReplaySetup {
            seed: setup.seed.wrapping_add(offset),
            ..setup.clone()
        };
        let candidate = replay(transcript, &setup)?;
        let all = candidate.leaders_agreed() == candidate.leaders.len();
        let better = best
            .as_ref()
            .is_none_or(|b| candidate.leaders_agreed() > b.leaders_agreed());
        if better {
            best = Some(candidate);
        }
        if all {
            break;
        }
    }
    best.ok_or_else(|| "no seed tried".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
+-----------------+------------------+---------+---------+-----------+------------+
|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER |
+-----------------+------------------+---------+---------+-----------+------------+
| 127.0.0.1:21379 | 158d2c9442d7483e |  3.4.23 |   25 kB |     false |      false |
| 127.0.0.1:22379 | c7f85f563d9b5b00 |  3.4.23 |   25 kB |      true |      false |
+-----------------+------------------+---------+---------+-----------+------------+
";

    #[test]
    fn the_leader_is_read_off_a_status_table_and_off_plain_lines() {
        assert_eq!(leader_in(TABLE).as_deref(), Some("c7f85f563d9b5b00"));
        let plain = "127.0.0.1:21379, 158d2c9442d7483e, 3.4.23, 25 kB, false, false, 2, 9, 9, \n\
                     127.0.0.1:23379, e4a02ceb6009da9f, 3.4.23, 25 kB, true, false, 2, 9, 9, \n";
        assert_eq!(leader_in(plain).as_deref(), Some("e4a02ceb6009da9f"));
    }

    #[test]
    fn output_without_a_leader_names_none() {
        let no_leader = TABLE.replace("     true |", "    false |");
        assert_eq!(leader_in(&no_leader), None);
        assert_eq!(leader_in("Error: context deadline exceeded\n"), None);
    }

    #[test]
    fn agreement_counts_leaders_from_the_first_until_one_differs() {
        let seen = |recorded: &str, lab: Option<&str>| LeaderSeen {
            line: 1,
            recorded: recorded.to_owned(),
            lab: lab.map(str::to_owned),
        };
        let replay = Replay {
            leaders: vec![seen("a", Some("a")), seen("b", None), seen("c", Some("c"))],
            ..Replay::default()
        };
        assert_eq!(replay.leaders_agreed(), 1);
    }
}
