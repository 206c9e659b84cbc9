//! `ConfChange`, `ConfChangeType` and `ConfState`: single-server membership changes as log
//! entries (etcd 3.4's `raftpb.ConfChange`, applied with `ApplyConfChange`).
//!
//! A change takes effect when the owner applies its committed entry and calls
//! `RawNode::apply_conf_change`, on every node alike. Adding or removing one voter at a time
//! keeps any two consecutive majorities overlapping (Raft thesis §4.1), which is why the leader
//! allows at most one unapplied change in its log (`pending_conf_index`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{NodeId, RaftError};

/// What a `ConfChange` does (etcd's `ConfChangeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConfChangeType {
    /// Add a voter, or promote a learner to voter.
    AddNode,
    /// Remove a voter or learner.
    RemoveNode,
    /// Update a member's context (its URLs, in etcd); Raft's configuration is unchanged.
    UpdateNode,
    /// Add a non-voting member that receives the log but counts in no quorum.
    AddLearnerNode,
}

impl ConfChangeType {
    fn code(self) -> u8 {
        match self {
            ConfChangeType::AddNode => 0,
            ConfChangeType::RemoveNode => 1,
            ConfChangeType::UpdateNode => 2,
            ConfChangeType::AddLearnerNode => 3,
        }
    }
}

/// One membership change, the payload of an `EntryType::ConfChange` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfChange {
    /// Add, remove, update or add as learner.
    pub change_type: ConfChangeType,
    /// The member concerned; never 0.
    pub node_id: NodeId,
    /// Opaque to Raft; etcd puts the member's JSON (name, peer URLs) here.
    pub context: Vec<u8>,
}

/// Bytes of an encoded `ConfChange` before its context: type (1) and node id (8).
const HEADER_BYTES: usize = 9;

impl ConfChange {
    /// A change of `change_type` for `node_id` with no context.
    pub fn new(change_type: ConfChangeType, node_id: NodeId) -> ConfChange {
        ConfChange {
            change_type,
            node_id,
            context: Vec::new(),
        }
    }

    /// Entry payload: type byte, node id (big-endian), context. Fixed and dependency-free,
    /// so a log written in the browser reads back natively.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_BYTES + self.context.len());
        out.push(self.change_type.code());
        out.extend_from_slice(&self.node_id.to_be_bytes());
        out.extend_from_slice(&self.context);
        out
    }

    /// Reads what [`ConfChange::encode`] wrote.
    pub fn decode(data: &[u8]) -> Result<ConfChange, RaftError> {
        let (Some(&code), Some(id)) = (data.first(), data.get(1..HEADER_BYTES)) else {
            return Err(RaftError::MalformedConfChange);
        };
        let change_type = match code {
            0 => ConfChangeType::AddNode,
            1 => ConfChangeType::RemoveNode,
            2 => ConfChangeType::UpdateNode,
            3 => ConfChangeType::AddLearnerNode,
            _ => return Err(RaftError::MalformedConfChange),
        };
        let node_id =
            u64::from_be_bytes(id.try_into().map_err(|_| RaftError::MalformedConfChange)?);
        if node_id == 0 {
            return Err(RaftError::MalformedConfChange);
        }
        Ok(ConfChange {
            change_type,
            node_id,
            context: data.get(HEADER_BYTES..).unwrap_or_default().to_vec(),
        })
    }
}

/// The membership a snapshot or an applied change leaves behind (etcd's `ConfState`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfState {
    /// Voting members.
    pub voters: BTreeSet<NodeId>,
    /// Non-voting members.
    pub learners: BTreeSet<NodeId>,
}

impl ConfState {
    /// Is `id` a voter or learner?
    pub fn contains(&self, id: NodeId) -> bool {
        self.voters.contains(&id) || self.learners.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_and_rejects_garbage() {
        let mut cc = ConfChange::new(ConfChangeType::AddLearnerNode, 0xabc);
        cc.context = b"{\"name\":\"etcd-4\"}".to_vec();
        assert_eq!(ConfChange::decode(&cc.encode()), Ok(cc));
        assert_eq!(ConfChange::decode(b""), Err(RaftError::MalformedConfChange));
        assert_eq!(
            ConfChange::decode(&[9, 0, 0, 0, 0, 0, 0, 0, 1]),
            Err(RaftError::MalformedConfChange)
        );
        assert_eq!(
            ConfChange::decode(&[0; 9]),
            Err(RaftError::MalformedConfChange),
            "node id 0 means none"
        );
    }
}
