//! Linearizable reads through ReadIndex (Raft thesis §6.4, etcd's `MsgReadIndex` with
//! `ReadOnlySafe`): the leader notes its commit index, proves it still leads with a heartbeat
//! round, then the read may be served once that index is applied. Followers forward to the
//! leader and get the index back in MsgReadIndexResp. Serializable reads need nothing from
//! Raft: they read whatever is applied locally (`RaftLog::applied`).

use super::event::StateRole;
use super::quorum::VoteResult;
use super::read_only::ReadState;
use super::{Message, MessageType, PlantedBug, Raft, RaftError};

impl Raft {
    /// Starts a linearizable read identified by `ctx` (etcd's `ReadIndex`). The answer comes
    /// back as a `ReadState` in a later `Ready`; without a leader the request is dropped and
    /// the caller times out, as with etcd.
    pub fn read_index(&mut self, ctx: Vec<u8>) -> Result<(), RaftError> {
        let mut m = Message::new(MessageType::MsgReadIndex, self.id, self.id, self.term);
        m.context = ctx;
        match (self.state, self.lead) {
            (StateRole::Leader, _) => self.handle_read_index(m),
            (StateRole::Follower, Some(lead)) => {
                m.to = lead;
                self.send(m);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Leader side of MsgReadIndex.
    pub(crate) fn handle_read_index(&mut self, m: Message) -> Result<(), RaftError> {
        let commit = self.raft_log.commit_index();
        if self.prs.is_singleton() {
            // A lone voter is the quorum: nobody can have replaced it.
            self.respond_to_read(m, commit);
            return Ok(());
        }
        // PLANTED BUG (StaleLeaderRead): answer without proving we still lead, so a deposed
        // leader in a minority partition serves stale data.
        if self.planted(PlantedBug::StaleLeaderRead) {
            self.respond_to_read(m, commit);
            return Ok(());
        }
        // Until an entry of our term commits we may not know the latest commit index (the
        // previous leader's may be higher); etcd drops the read and the client retries.
        if self.raft_log.term(commit) != Ok(self.term) {
            return Ok(());
        }
        let ctx = m.context.clone();
        self.read_only.add_request(commit, ctx.clone(), m);
        self.confirm_reads(self.id, &ctx);
        self.bcast_heartbeat();
        Ok(())
    }

    /// `from` acknowledged a heartbeat carrying `ctx`; once a quorum has, complete it and
    /// every read queued before it.
    pub(crate) fn confirm_reads(&mut self, from: u64, ctx: &[u8]) {
        let Some(acks) = self.read_only.recv_ack(from, ctx) else {
            return;
        };
        if self.prs.vote_result(acks) != VoteResult::Won {
            return;
        }
        for status in self.read_only.advance(ctx) {
            self.respond_to_read(status.req, status.index);
        }
    }

    fn respond_to_read(&mut self, req: Message, index: u64) {
        if req.from == self.id {
            self.push_read_state(ReadState {
                index,
                request_ctx: req.context,
            });
        } else {
            let mut resp =
                Message::new(MessageType::MsgReadIndexResp, self.id, req.from, self.term);
            resp.index = index;
            resp.context = req.context;
            self.send(resp);
        }
    }
}
