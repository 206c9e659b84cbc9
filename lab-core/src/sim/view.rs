//! `MemberView` and `Role`: read-only snapshots of members for the UI and the server.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::raft::StateRole;

/// What a member is doing, as shown to the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Following a leader, or waiting for one.
    Follower,
    /// Campaigning.
    Candidate,
    /// Leading.
    Leader,
    /// The process is not running.
    Stopped,
}

impl From<StateRole> for Role {
    fn from(state: StateRole) -> Role {
        match state {
            StateRole::Follower => Role::Follower,
            // The UI has no separate badge for the pre-vote phase: both are campaigning.
            StateRole::Candidate | StateRole::PreCandidate => Role::Candidate,
            StateRole::Leader => Role::Leader,
        }
    }
}

/// A member at one instant. For a stopped member, `term` and `commit_index` are what its
/// data-dir holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// Member (Raft) id.
    pub id: u64,
    /// Member name (`--name`).
    pub name: String,
    /// Host name.
    pub host: String,
    /// Host address.
    pub ip: Ipv4Addr,
    /// Is the process running?
    pub running: bool,
    /// Raft role, or `Stopped`.
    pub role: Role,
    /// Current term.
    pub term: u64,
    /// Who it voted for in `term`, if anyone.
    pub vote: Option<u64>,
    /// Id of the leader it follows, if known (its own id when leader).
    pub leader: Option<u64>,
    /// Highest log index it knows to be committed.
    pub commit_index: u64,
    /// Index of its last log entry.
    pub last_index: u64,
}
