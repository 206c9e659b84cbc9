//! `Raft`: the consensus state of one node (etcd's `raft` struct).
//!
//! This file owns the state and its accessors. Role changes live in `role.rs`, timers in
//! `tick.rs`, elections in `election.rs`, message handling in `step*.rs`, log shipping in
//! `replicate.rs`, ReadIndex in `read_index.rs`, leadership transfer in `transfer.rs` and
//! membership and snapshots in `membership.rs`. Everything is driven from outside: `tick`
//! advances the logical clock, `step` feeds a message; outgoing messages wait in `msgs` until
//! the owner collects them through a `Ready`.

use rand_chacha::ChaCha8Rng;

use super::event::{RaftEvent, StateRole};
use super::read_only::{ReadOnly, ReadState};
use super::{
    ConfState, HardState, MemoryStorage, Message, NodeId, PlantedBug, ProgressTracker, RaftConfig,
    RaftError, RaftLog,
};

/// Outgoing messages held between two `Ready`s; beyond this they are dropped, which Raft
/// tolerates like any network loss.
pub const MAX_OUTBOX: usize = 4_096;
/// Events held between two drains; beyond this new ones are dropped.
pub const MAX_EVENTS: usize = 256;
/// Completed reads held between two `Ready`s; beyond this they are dropped and the client
/// times out and retries (unit: reads).
pub const MAX_READ_STATES: usize = 4_096;

/// One Raft node.
#[derive(Clone, Debug)]
pub struct Raft {
    pub(crate) id: NodeId,
    pub(crate) term: u64,
    pub(crate) vote: Option<NodeId>,
    pub(crate) raft_log: RaftLog,
    pub(crate) prs: ProgressTracker,
    pub(crate) state: StateRole,
    pub(crate) lead: Option<NodeId>,
    /// The node a leadership transfer is handing over to, if one is under way.
    pub(crate) lead_transferee: Option<NodeId>,
    /// Index of the latest conf change in the leader's log; a new one may only be proposed
    /// once this is applied, so at most one change is ever in flight.
    pub(crate) pending_conf_index: u64,
    /// Reads waiting for a heartbeat round (leader).
    pub(crate) read_only: ReadOnly,
    /// Reads ready to be served once applied; handed out in `Ready::read_states`.
    pub(crate) read_states: Vec<ReadState>,
    pub(crate) msgs: Vec<Message>,
    pub(crate) events: Vec<RaftEvent>,
    /// Ticks since the last election timeout reset (leader: since the last quorum check).
    pub(crate) election_elapsed: u32,
    /// Ticks since the last heartbeat broadcast (leader only).
    pub(crate) heartbeat_elapsed: u32,
    pub(crate) election_tick: u32,
    pub(crate) heartbeat_tick: u32,
    /// Drawn from `[election_tick, 2 * election_tick)` at every role change, so that
    /// followers rarely time out together and split the vote (Raft paper §5.2).
    pub(crate) randomized_election_timeout: u32,
    pub(crate) max_size_per_msg: u64,
    pub(crate) max_log_entries: u64,
    pub(crate) pre_vote: bool,
    pub(crate) check_quorum: bool,
    pub(crate) planted_bug: Option<PlantedBug>,
    pub(crate) rng: ChaCha8Rng,
}

impl Raft {
    /// A node restored from `storage` (empty for a new member), as a follower without leader.
    /// Membership comes from the storage's snapshot if it has one; a restart without one
    /// starts with none (the log's conf changes bring it back as they are applied); only a
    /// new member takes `config`'s.
    pub fn new(
        config: &RaftConfig,
        storage: MemoryStorage,
        rng: ChaCha8Rng,
    ) -> Result<Raft, RaftError> {
        config.validate()?;
        let hs = storage.hard_state();
        let restarted = hs != HardState::default() || storage.last_index() > 0;
        let cs = if !storage.snapshot().is_empty() {
            storage.conf_state().clone()
        } else if restarted {
            // etcd's `RestartNode` takes no peers: the log's conf changes rebuild the
            // configuration as the owner applies them again, one at a time.
            ConfState::default()
        } else {
            ConfState {
                voters: config.voters.clone(),
                learners: config.learners.clone(),
            }
        };
        let raft_log = RaftLog::new(storage)?;
        let mut raft = Raft {
            id: config.id,
            term: hs.term,
            vote: hs.vote,
            raft_log,
            prs: ProgressTracker::new(&cs, config.max_inflight_msgs),
            state: StateRole::Follower,
            lead: None,
            lead_transferee: None,
            pending_conf_index: 0,
            read_only: ReadOnly::default(),
            read_states: Vec::new(),
            msgs: Vec::new(),
            events: Vec::new(),
            election_elapsed: 0,
            heartbeat_elapsed: 0,
            election_tick: config.election_tick,
            heartbeat_tick: config.heartbeat_tick,
            randomized_election_timeout: config.election_tick,
            max_size_per_msg: config.max_size_per_msg,
            max_log_entries: config.max_log_entries,
            pre_vote: config.pre_vote,
            check_quorum: config.check_quorum,
            planted_bug: config.planted_bug,
            rng,
        };
        raft.become_follower(hs.term, None);
        Ok(raft)
    }

    /// Ticks without hearing from a leader before a follower campaigns (at least).
    pub fn election_tick(&self) -> u32 {
        self.election_tick
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Current term.
    pub fn term(&self) -> u64 {
        self.term
    }

    /// Who this node voted for in the current term.
    pub fn vote(&self) -> Option<NodeId> {
        self.vote
    }

    /// Current role.
    pub fn state(&self) -> StateRole {
        self.state
    }

    /// The leader this node follows (itself when leader), if known.
    pub fn lead(&self) -> Option<NodeId> {
        self.lead
    }

    /// The node leadership is being handed to, if a transfer is under way.
    pub fn lead_transferee(&self) -> Option<NodeId> {
        self.lead_transferee
    }

    /// Index of the latest proposed conf change (leader), 0 if none.
    pub fn pending_conf_index(&self) -> u64 {
        self.pending_conf_index
    }

    /// The log.
    pub fn raft_log(&self) -> &RaftLog {
        &self.raft_log
    }

    /// Voters, learners, progress and votes.
    pub fn prs(&self) -> &ProgressTracker {
        &self.prs
    }

    /// Reads the leader is still confirming.
    pub fn read_only(&self) -> &ReadOnly {
        &self.read_only
    }

    /// Current randomized election timeout (unit: ticks).
    pub fn randomized_election_timeout(&self) -> u32 {
        self.randomized_election_timeout
    }

    /// Is pre-vote on?
    pub fn pre_vote(&self) -> bool {
        self.pre_vote
    }

    /// Is check-quorum on?
    pub fn check_quorum(&self) -> bool {
        self.check_quorum
    }

    /// The deliberate bug this node runs with, if any.
    pub fn planted_bug(&self) -> Option<PlantedBug> {
        self.planted_bug
    }

    /// The state that must be persisted.
    pub fn hard_state(&self) -> HardState {
        HardState {
            term: self.term,
            vote: self.vote,
            commit_index: self.raft_log.commit_index(),
        }
    }

    /// Can this node become leader? Only voters can: not learners, not removed nodes.
    pub fn promotable(&self) -> bool {
        self.prs.voters().contains(&self.id)
    }

    /// Is `bug` planted in this node? Every call site is one deliberate deviation.
    pub(crate) fn planted(&self, bug: PlantedBug) -> bool {
        self.planted_bug == Some(bug)
    }

    /// Queues `m` for the next `Ready`.
    pub(crate) fn send(&mut self, m: Message) {
        if self.msgs.len() < MAX_OUTBOX {
            self.msgs.push(m);
        }
    }

    /// Records an observation for the owner.
    pub(crate) fn report(&mut self, event: RaftEvent) {
        debug_assert!(
            !matches!(event, RaftEvent::InternalError(_)),
            "raft invariant broken: {event:?}"
        );
        if self.events.len() < MAX_EVENTS {
            self.events.push(event);
        }
    }

    /// Records a completed read for the next `Ready`.
    pub(crate) fn push_read_state(&mut self, rs: ReadState) {
        if self.read_states.len() < MAX_READ_STATES {
            self.read_states.push(rs);
        }
    }
}
