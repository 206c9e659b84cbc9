//! `RaftEvent` and `StateRole`: what a node reports about itself, worded like etcd-io/raft's
//! log lines ("1 became leader at term 2").
//!
//! The world turns these into trace entries and the interaction tests print them; they are
//! observations only and never feed back into the protocol.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ConfState, NodeId, RaftError};

/// A node's role in the protocol (etcd's `StateType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StateRole {
    /// Follows a leader, or waits for one.
    Follower,
    /// Asking for votes.
    Candidate,
    /// Accepts proposals and replicates them.
    Leader,
    /// Asking whether it *would* get votes, without raising its term (pre-vote).
    PreCandidate,
}

impl StateRole {
    /// etcd's name for the role (`StateFollower`, ...), as its logs and tests print it.
    pub fn etcd_name(self) -> &'static str {
        match self {
            StateRole::Follower => "StateFollower",
            StateRole::Candidate => "StateCandidate",
            StateRole::Leader => "StateLeader",
            StateRole::PreCandidate => "StatePreCandidate",
        }
    }
}

/// Where a voter and a candidate stand when a vote is decided: etcd's vote lines print it
/// (`[logterm: 1, index: 3, vote: 0] cast MsgVote for 2 [logterm: 1, index: 3]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotePositions {
    /// The voter's last log term and index.
    pub voter: (u64, u64),
    /// Whom the voter had voted for this term before deciding (0: nobody).
    pub vote: NodeId,
    /// The candidate's last log term and index, from its request.
    pub candidate: (u64, u64),
}

/// Something a node did that a person watching would want to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RaftEvent {
    /// "became follower at term N" (with the leader, if known).
    BecameFollower {
        /// The new term.
        term: u64,
        /// The leader, if already known.
        lead: Option<NodeId>,
    },
    /// "is starting a new election at term N" (the current term, before any increase).
    ElectionStarted {
        /// The term the node is in when its election timeout fires.
        term: u64,
    },
    /// "has received G MsgVoteResp votes and R vote rejections".
    VotesTallied {
        /// Counting pre-votes rather than votes.
        pre_vote: bool,
        /// Votes granted so far, our own included.
        granted: usize,
        /// Votes refused so far.
        rejected: usize,
    },
    /// "became pre-candidate at term N" (the term is not raised yet).
    BecamePreCandidate {
        /// The current term.
        term: u64,
    },
    /// "became candidate at term N".
    BecameCandidate {
        /// The new term.
        term: u64,
    },
    /// "became leader at term N".
    BecameLeader {
        /// The term.
        term: u64,
    },
    /// "cast MsgVote for X" or "rejected MsgVote from X" (or MsgPreVote when `pre_vote`).
    Voted {
        /// Who asked.
        candidate: NodeId,
        /// The candidate's term.
        term: u64,
        /// Granted or rejected.
        granted: bool,
        /// A pre-vote: a promise about a hypothetical election, nothing recorded.
        pre_vote: bool,
        /// The logs' positions, for the detailed log line.
        positions: VotePositions,
    },
    /// "ignored MsgVote from X at term N: lease is not expired" (check-quorum's lease).
    IgnoredVote {
        /// Who asked.
        candidate: NodeId,
        /// The term asked for.
        term: u64,
        /// A pre-vote rather than a vote.
        pre_vote: bool,
        /// Ticks until this node would listen again.
        remaining_ticks: u32,
        /// The logs' positions, for the detailed log line.
        positions: VotePositions,
    },
    /// "stepped down to follower since quorum is not active" (check-quorum).
    SteppedDown {
        /// The term the leader held.
        term: u64,
    },
    /// "[term N] starts to transfer leadership to X".
    TransferStarted {
        /// The term.
        term: u64,
        /// The node that should take over.
        transferee: NodeId,
    },
    /// "[term N] abort transferring leadership to X" (it did not win within an election
    /// timeout, or a newer transfer replaced it).
    TransferAborted {
        /// The term.
        term: u64,
        /// The node that did not take over.
        transferee: NodeId,
    },
    /// "switched to configuration voters=(1 2 3) learners=(4)".
    ConfChanged(ConfState),
    /// "ignoring conf change at index N: possible unapplied conf change" (etcd replaces the
    /// entry with an empty one, so the proposal silently never takes effect).
    ConfChangeIgnored {
        /// The index of the unapplied change still pending.
        pending: u64,
        /// What is applied so far.
        applied: u64,
    },
    /// "sent snapshot[index: N, term: T] to X".
    SnapshotSent {
        /// The follower.
        to: NodeId,
        /// Snapshot index.
        index: u64,
        /// Snapshot term.
        term: u64,
    },
    /// "restored snapshot [index: N, term: T]".
    SnapshotRestored {
        /// Snapshot index.
        index: u64,
        /// Snapshot term.
        term: u64,
    },
    /// An internal invariant broke where etcd would panic; the operation was abandoned.
    InternalError(RaftError),
}

/// The etcd log line without the leading node id, which the printer adds.
impl fmt::Display for RaftEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RaftEvent::BecameFollower { term, .. } => write!(f, "became follower at term {term}"),
            RaftEvent::ElectionStarted { term } => {
                write!(f, "is starting a new election at term {term}")
            }
            RaftEvent::VotesTallied {
                pre_vote,
                granted,
                rejected,
            } => {
                let kind = if *pre_vote {
                    "MsgPreVoteResp"
                } else {
                    "MsgVoteResp"
                };
                write!(
                    f,
                    "has received {granted} {kind} votes and {rejected} vote rejections"
                )
            }
            RaftEvent::BecamePreCandidate { term } => {
                write!(f, "became pre-candidate at term {term}")
            }
            RaftEvent::BecameCandidate { term } => write!(f, "became candidate at term {term}"),
            RaftEvent::BecameLeader { term } => write!(f, "became leader at term {term}"),
            RaftEvent::Voted {
                candidate,
                term,
                granted,
                pre_vote,
                ..
            } => {
                let kind = if *pre_vote { "MsgPreVote" } else { "MsgVote" };
                let verb = if *granted { "cast" } else { "rejected" };
                let prep = if *granted { "for" } else { "from" };
                write!(f, "{verb} {kind} {prep} {candidate:x} at term {term}")
            }
            RaftEvent::IgnoredVote {
                candidate,
                term,
                pre_vote,
                remaining_ticks,
                ..
            } => {
                let kind = if *pre_vote { "MsgPreVote" } else { "MsgVote" };
                write!(
                    f,
                    "ignored {kind} from {candidate:x} at term {term}: lease is not expired (remaining ticks: {remaining_ticks})"
                )
            }
            RaftEvent::SteppedDown { .. } => {
                f.write_str("stepped down to follower since quorum is not active")
            }
            RaftEvent::TransferStarted { term, transferee } => {
                write!(
                    f,
                    "[term {term}] starts to transfer leadership to {transferee:x}"
                )
            }
            RaftEvent::TransferAborted { term, transferee } => {
                write!(
                    f,
                    "[term {term}] abort transferring leadership to {transferee:x}"
                )
            }
            RaftEvent::ConfChanged(cs) => write!(
                f,
                "switched to configuration voters=({}) learners=({})",
                ids(&cs.voters),
                ids(&cs.learners)
            ),
            RaftEvent::ConfChangeIgnored { pending, applied } => write!(
                f,
                "ignoring conf change: possible unapplied conf change at index {pending} (applied to {applied})"
            ),
            RaftEvent::SnapshotSent { to, index, term } => {
                write!(f, "sent snapshot[index: {index}, term: {term}] to {to:x}")
            }
            RaftEvent::SnapshotRestored { index, term } => {
                write!(f, "restored snapshot [index: {index}, term: {term}]")
            }
            RaftEvent::InternalError(err) => write!(f, "internal error: {err}"),
        }
    }
}

fn ids(set: &std::collections::BTreeSet<NodeId>) -> String {
    let parts: Vec<String> = set.iter().map(|id| format!("{id:x}")).collect();
    parts.join(" ")
}
