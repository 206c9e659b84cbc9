//! `PlantedBug`: deliberate protocol bugs, for validating a safety harness.
//!
//! A checker that never fails proves nothing. `lab check --plant NAME` runs the simulation with
//! one of these switched on and expects the checker to object. Each bug is one small, commented
//! branch in the engine (grep for the variant name); with `planted_bug: None` none is reachable.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// One deliberate deviation from correct Raft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlantedBug {
    /// A voter grants a second vote in a term it already voted in: two leaders per term.
    DoubleVote,
    /// A leader advances its commit index on its own acknowledgement alone.
    CommitWithoutQuorum,
    /// A vote or append response leaves in a `Ready` whose persist set lacks the state it
    /// promises: the node answers before it has written anything down.
    ReplyBeforePersist,
    /// A leader answers ReadIndex at once, without a heartbeat round to confirm it still leads.
    StaleLeaderRead,
    /// A follower accepts MsgApp from a leader of a lower term.
    AppendWithoutTermCheck,
}

impl PlantedBug {
    /// Every bug, in declaration order.
    pub const ALL: [PlantedBug; 5] = [
        PlantedBug::DoubleVote,
        PlantedBug::CommitWithoutQuorum,
        PlantedBug::ReplyBeforePersist,
        PlantedBug::StaleLeaderRead,
        PlantedBug::AppendWithoutTermCheck,
    ];

    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PlantedBug::DoubleVote => "double-vote",
            PlantedBug::CommitWithoutQuorum => "commit-without-quorum",
            PlantedBug::ReplyBeforePersist => "reply-before-persist",
            PlantedBug::StaleLeaderRead => "stale-leader-read",
            PlantedBug::AppendWithoutTermCheck => "append-without-term-check",
        }
    }
}

impl fmt::Display for PlantedBug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name given to `--plant` is not a known bug.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error(
    "unknown planted bug {0:?} (expected one of: double-vote, commit-without-quorum, reply-before-persist, stale-leader-read, append-without-term-check)"
)]
pub struct UnknownPlantedBug(pub String);

impl FromStr for PlantedBug {
    type Err = UnknownPlantedBug;

    fn from_str(s: &str) -> Result<PlantedBug, UnknownPlantedBug> {
        PlantedBug::ALL
            .into_iter()
            .find(|b| b.name() == s)
            .ok_or_else(|| UnknownPlantedBug(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for bug in PlantedBug::ALL {
            assert_eq!(bug.to_string().parse::<PlantedBug>(), Ok(bug));
        }
        assert_eq!(
            "reply-before-persist".parse(),
            Ok(PlantedBug::ReplyBeforePersist)
        );
        assert!("double_vote".parse::<PlantedBug>().is_err());
    }
}
