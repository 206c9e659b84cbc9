//! `RaftConfig`: the knobs of one Raft node, and how etcd's flags map onto them.
//!
//! etcd drives Raft with a logical clock. Its `--heartbeat-interval` (milliseconds, default 100)
//! is the length of one tick; Raft then counts ticks:
//!
//! | etcd flag | Raft knob | default |
//! |---|---|---|
//! | `--heartbeat-interval=100` | tick length (owned by the caller, here the sim) | 100 ms |
//! | `--election-timeout=1000` | `election_tick = election_timeout / heartbeat_interval` | 10 |
//! | (fixed) | `heartbeat_tick` | 1 |
//!
//! A follower that hears nothing for a randomized timeout drawn from
//! `[election_tick, 2 * election_tick)` ticks campaigns, so with defaults a fresh cluster elects
//! a leader 1–2 s after start.

use std::collections::BTreeSet;

use crate::time::SimDuration;

use super::{NodeId, PlantedBug, RaftError};

/// etcd server's `maxSizePerMsg`: entry bytes per append message (1 MiB).
pub const DEFAULT_MAX_SIZE_PER_MSG: u64 = 1024 * 1024;
/// etcd server's `maxInflightMsgs` (4096 / 8).
pub const DEFAULT_MAX_INFLIGHT_MSGS: u32 = 512;
/// Longest uncompacted log a leader accepts proposals into (unit: entries). etcd compacts
/// every `--snapshot-count` (100 000) applied entries, keeping 5 000 for slow followers, so a
/// healthy member never holds more than about 105 000; twice that means the owner stopped
/// compacting, and refusing proposals beats exhausting a browser tab's memory.
pub const DEFAULT_MAX_LOG_ENTRIES: u64 = 200_000;
/// More voters than this is not a cluster anyone should build (etcd recommends 3, 5 or 7).
pub const MAX_VOTERS: usize = 64;

/// Configuration of one Raft node (etcd-io/raft `Config`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftConfig {
    /// This node's id; never 0, which etcd reserves for "none".
    pub id: NodeId,
    /// Ids of the voting members at bootstrap. Ignored once the storage holds a snapshot,
    /// whose `ConfState` wins; later changes travel through the log as `ConfChange` entries.
    pub voters: BTreeSet<NodeId>,
    /// Non-voting members at bootstrap (etcd's `--initial-cluster` never has any; they join
    /// through `member add --learner`).
    pub learners: BTreeSet<NodeId>,
    /// Ticks without hearing from a leader before a follower campaigns (unit: ticks).
    /// Larger values tolerate slower networks but make failover slower. etcd: 10.
    pub election_tick: u32,
    /// Ticks between a leader's heartbeats (unit: ticks). Must be well below `election_tick`,
    /// or followers time out between heartbeats. etcd always uses 1.
    pub heartbeat_tick: u32,
    /// Upper bound on entry bytes in one MsgApp (unit: bytes). A message always carries at
    /// least one entry so a large entry cannot wedge replication. etcd: 1 MiB.
    pub max_size_per_msg: u64,
    /// MsgApps a leader may have outstanding per follower in replicate state (unit: messages).
    /// Bounds memory and network use while a follower is slow. etcd: 512.
    pub max_inflight_msgs: u32,
    /// Longest uncompacted log this node accepts proposals into (unit: entries); see
    /// [`DEFAULT_MAX_LOG_ENTRIES`]. A backstop for an owner that never compacts.
    pub max_log_entries: u64,
    /// Campaign in two phases (Raft thesis §9.6): first ask whether a vote *would* be granted,
    /// without raising the term, so a node returning from a partition cannot depose a healthy
    /// leader. Costs one extra round trip per election. etcd 3.4's `--pre-vote`: default false.
    pub pre_vote: bool,
    /// A leader that has not heard from a quorum within an election timeout steps down, and a
    /// follower that heard from its leader within one ignores votes (the leader lease). etcd's
    /// server always sets it.
    pub check_quorum: bool,
    /// A deliberate protocol bug, to prove a safety checker can see it. `None` in anything
    /// but `lab check --plant NAME`.
    pub planted_bug: Option<PlantedBug>,
}

impl RaftConfig {
    /// A config for `id` among `voters` with etcd's default timings (10 / 1 ticks).
    pub fn new(id: NodeId, voters: impl IntoIterator<Item = NodeId>) -> RaftConfig {
        RaftConfig {
            id,
            voters: voters.into_iter().collect(),
            learners: BTreeSet::new(),
            election_tick: 10,
            heartbeat_tick: 1,
            max_size_per_msg: DEFAULT_MAX_SIZE_PER_MSG,
            max_inflight_msgs: DEFAULT_MAX_INFLIGHT_MSGS,
            max_log_entries: DEFAULT_MAX_LOG_ENTRIES,
            pre_vote: false,
            check_quorum: false,
            planted_bug: None,
        }
    }

    /// Sets `election_tick` from etcd's two timing flags, as etcd does (integer division).
    pub fn with_etcd_timings(
        mut self,
        heartbeat_interval: SimDuration,
        election_timeout: SimDuration,
    ) -> RaftConfig {
        self.election_tick = election_ticks(heartbeat_interval, election_timeout);
        self.heartbeat_tick = 1;
        self
    }

    /// Checks the config like etcd-io/raft's `Config.validate`, with etcd's messages.
    pub fn validate(&self) -> Result<(), RaftError> {
        if self.id == 0 {
            return Err(RaftError::InvalidConfig("cannot use none as id"));
        }
        if self.heartbeat_tick == 0 {
            return Err(RaftError::InvalidConfig(
                "heartbeat tick must be greater than 0",
            ));
        }
        if self.election_tick <= self.heartbeat_tick {
            return Err(RaftError::InvalidConfig(
                "election tick must be greater than heartbeat tick",
            ));
        }
        if self.max_inflight_msgs == 0 {
            return Err(RaftError::InvalidConfig(
                "max inflight messages must be greater than 0",
            ));
        }
        self.validate_voters()
    }

    fn validate_voters(&self) -> Result<(), RaftError> {
        if self.voters.is_empty() {
            return Err(RaftError::InvalidConfig("raft: voters must not be empty"));
        }
        if self.voters.len() > MAX_VOTERS {
            return Err(RaftError::InvalidConfig("raft: too many voters (limit 64)"));
        }
        if self.voters.contains(&0) || self.learners.contains(&0) {
            return Err(RaftError::InvalidConfig("cannot use none as id"));
        }
        if self.voters.len() + self.learners.len() > MAX_VOTERS * 2 {
            return Err(RaftError::InvalidConfig(
                "raft: too many learners (limit 64)",
            ));
        }
        if !self.voters.is_disjoint(&self.learners) {
            return Err(RaftError::InvalidConfig(
                "raft: a node cannot be both a voter and a learner",
            ));
        }
        Ok(())
    }
}

/// etcd's `ElectionTicks`: `election_timeout / heartbeat_interval`, rounded down, at least 1.
///
/// Saturates rather than overflowing `u32`; etcd itself rejects timeouts above 50 s.
pub fn election_ticks(heartbeat_interval: SimDuration, election_timeout: SimDuration) -> u32 {
    let tick = heartbeat_interval.as_micros().max(1);
    let ticks = election_timeout.as_micros() / tick;
    u32::try_from(ticks).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etcd_defaults_give_ten_election_ticks() {
        let cfg = RaftConfig::new(1, [1, 2, 3]).with_etcd_timings(
            SimDuration::from_millis(100),
            SimDuration::from_millis(1_000),
        );
        assert_eq!((cfg.election_tick, cfg.heartbeat_tick), (10, 1));
        assert_eq!(cfg.validate(), Ok(()));
    }

    #[test]
    fn rejects_what_etcd_rejects() {
        let mut cfg = RaftConfig::new(0, [1]);
        assert_eq!(
            cfg.validate(),
            Err(RaftError::InvalidConfig("cannot use none as id"))
        );
        cfg.id = 1;
        cfg.election_tick = 1;
        assert_eq!(
            cfg.validate(),
            Err(RaftError::InvalidConfig(
                "election tick must be greater than heartbeat tick"
            ))
        );
        cfg.election_tick = 10;
        cfg.voters.clear();
        assert!(cfg.validate().is_err());
    }

    #[test]
    fn election_ticks_round_down() {
        let ms = SimDuration::from_millis;
        assert_eq!(election_ticks(ms(100), ms(1_250)), 12);
        assert_eq!(election_ticks(ms(0), ms(10)), 10_000);
        assert_eq!(election_ticks(ms(100), ms(0)), 1);
    }
}
