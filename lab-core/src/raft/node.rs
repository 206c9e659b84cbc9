//! `Raft`: the consensus state of one node and its role transitions (etcd's `raft` struct).
//!
//! This file owns the state, timers and role changes; message handling lives in `step.rs` and
//! log shipping in `replicate.rs`. Everything is driven from outside: `tick` advances the
//! logical clock, `step` feeds a message; outgoing messages wait in `msgs` until the owner
//! collects them through a `Ready`.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::event::{RaftEvent, StateRole};
use super::quorum::VoteResult;
use super::{
    Entry, HardState, MemoryStorage, Message, MessageType, NodeId, ProgressTracker, RaftConfig,
    RaftError, RaftLog,
};

/// Outgoing messages held between two `Ready`s; beyond this they are dropped, which Raft
/// tolerates like any network loss.
pub const MAX_OUTBOX: usize = 4_096;
/// Events held between two drains; beyond this new ones are dropped.
pub const MAX_EVENTS: usize = 256;

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
    rng: ChaCha8Rng,
}

impl Raft {
    /// A node restored from `storage` (empty for a new member), as a follower without leader.
    pub fn new(
        config: &RaftConfig,
        storage: MemoryStorage,
        rng: ChaCha8Rng,
    ) -> Result<Raft, RaftError> {
        config.validate()?;
        let hs = storage.hard_state();
        let raft_log = RaftLog::new(storage)?;
        let mut raft = Raft {
            id: config.id,
            term: hs.term,
            vote: hs.vote,
            raft_log,
            prs: ProgressTracker::new(config.voters.clone(), config.max_inflight_msgs),
            state: StateRole::Follower,
            lead: None,
            msgs: Vec::new(),
            events: Vec::new(),
            election_elapsed: 0,
            heartbeat_elapsed: 0,
            election_tick: config.election_tick,
            heartbeat_tick: config.heartbeat_tick,
            randomized_election_timeout: config.election_tick,
            max_size_per_msg: config.max_size_per_msg,
            max_log_entries: config.max_log_entries,
            rng,
        };
        raft.become_follower(hs.term, None);
        Ok(raft)
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

    /// The log.
    pub fn raft_log(&self) -> &RaftLog {
        &self.raft_log
    }

    /// Voters, progress and votes.
    pub fn prs(&self) -> &ProgressTracker {
        &self.prs
    }

    /// Current randomized election timeout (unit: ticks).
    pub fn randomized_election_timeout(&self) -> u32 {
        self.randomized_election_timeout
    }

    /// The state that must be persisted.
    pub fn hard_state(&self) -> HardState {
        HardState {
            term: self.term,
            vote: self.vote,
            commit_index: self.raft_log.commit_index(),
        }
    }

    /// Can this node become leader? Only voters can; learners will not be.
    pub fn promotable(&self) -> bool {
        self.prs.voters().contains(&self.id)
    }

    /// Advances the logical clock by one tick.
    pub fn tick(&mut self) {
        let result = match self.state {
            StateRole::Leader => self.tick_heartbeat(),
            StateRole::Follower | StateRole::Candidate => self.tick_election(),
        };
        if let Err(err) = result {
            self.report(RaftEvent::InternalError(err));
        }
    }

    fn tick_election(&mut self) -> Result<(), RaftError> {
        self.election_elapsed = self.election_elapsed.saturating_add(1);
        if self.promotable() && self.past_election_timeout() {
            self.election_elapsed = 0;
            self.hup()?;
        }
        Ok(())
    }

    fn tick_heartbeat(&mut self) -> Result<(), RaftError> {
        self.heartbeat_elapsed = self.heartbeat_elapsed.saturating_add(1);
        self.election_elapsed = self.election_elapsed.saturating_add(1);
        if self.election_elapsed >= self.election_tick {
            // Check-quorum and leadership-transfer timeouts will run here.
            self.election_elapsed = 0;
        }
        if self.heartbeat_elapsed >= self.heartbeat_tick {
            self.heartbeat_elapsed = 0;
            self.bcast_heartbeat();
        }
        Ok(())
    }

    fn past_election_timeout(&self) -> bool {
        self.election_elapsed >= self.randomized_election_timeout
    }

    fn reset_randomized_election_timeout(&mut self) {
        let lo = self.election_tick;
        let hi = lo.saturating_mul(2);
        self.randomized_election_timeout = if hi > lo {
            self.rng.random_range(lo..hi)
        } else {
            lo
        };
    }

    /// Common part of every role change: new term (forgetting the vote), no leader, fresh
    /// timers, fresh progress and votes.
    fn reset(&mut self, term: u64) {
        if term != self.term {
            self.term = term;
            self.vote = None;
        }
        self.lead = None;
        self.election_elapsed = 0;
        self.heartbeat_elapsed = 0;
        self.reset_randomized_election_timeout();
        self.prs.reset_votes();
        let last_index = self.raft_log.last_index();
        self.prs.reset_progress(last_index + 1);
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.matched = last_index;
        }
    }

    /// Follow `lead` (if known) at `term`.
    pub fn become_follower(&mut self, term: u64, lead: Option<NodeId>) {
        self.reset(term);
        self.lead = lead;
        self.state = StateRole::Follower;
        self.report(RaftEvent::BecameFollower { term, lead });
    }

    /// Start an election in the next term, voting for ourselves. Leaders never do this.
    pub fn become_candidate(&mut self) {
        if self.state == StateRole::Leader {
            return;
        }
        self.reset(self.term.saturating_add(1));
        self.vote = Some(self.id);
        self.state = StateRole::Candidate;
        self.report(RaftEvent::BecameCandidate { term: self.term });
    }

    /// Take over: only a candidate that won its election does this. The empty entry at the
    /// new term lets the leader commit entries from earlier terms (§5.4.2) and tells
    /// followers that this term has a leader.
    pub fn become_leader(&mut self) -> Result<(), RaftError> {
        if self.state == StateRole::Follower {
            return Ok(());
        }
        self.reset(self.term);
        self.lead = Some(self.id);
        self.state = StateRole::Leader;
        if let Some(pr) = self.prs.get_mut(self.id) {
            pr.become_replicate();
        }
        self.report(RaftEvent::BecameLeader { term: self.term });
        self.append_entry(vec![Entry::default()])
    }

    /// An election timeout fired (etcd's local `MsgHup`).
    pub(crate) fn hup(&mut self) -> Result<(), RaftError> {
        if self.state == StateRole::Leader {
            return Ok(());
        }
        self.campaign()
    }

    fn campaign(&mut self) -> Result<(), RaftError> {
        self.become_candidate();
        if self.poll(self.id, true) == VoteResult::Won {
            // A single-voter cluster wins on its own vote.
            return self.become_leader();
        }
        let (index, log_term) = (self.raft_log.last_index(), self.raft_log.last_term());
        for id in self.prs.ids() {
            if id == self.id || !self.prs.voters().contains(&id) {
                continue;
            }
            let mut m = Message::new(MessageType::MsgVote, self.id, id, self.term);
            m.index = index;
            m.log_term = log_term;
            self.send(m);
        }
        Ok(())
    }

    /// Records `id`'s vote and returns the election's outcome so far.
    pub(crate) fn poll(&mut self, id: NodeId, granted: bool) -> VoteResult {
        self.prs.record_vote(id, granted);
        self.prs.tally_votes().2
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
}
