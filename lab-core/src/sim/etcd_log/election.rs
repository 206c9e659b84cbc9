//! raft's election lines with the details etcd 3.4 prints (`[logterm: 1, index: 3] sent
//! MsgVote request to ...`), and its `switched to configuration` line. Texts exclude the
//! leading member id, which the raft logger's caller adds.

use crate::raft::{ConfState, MessageType, VotePositions};

/// The vote message kind raft names in its lines.
fn vote_kind(pre_vote: bool) -> &'static str {
    if pre_vote { "MsgPreVote" } else { "MsgVote" }
}

/// `[logterm: 1, index: 3] sent MsgVote request to 2a51f264ed200d47 at term 2` (raft's
/// `campaign`; for a pre-vote the term is the current one, not the one asked about).
pub fn vote_request_text(pre_vote: bool, log_term: u64, index: u64, to: u64, term: u64) -> String {
    format!(
        "[logterm: {log_term}, index: {index}] sent {} request to {to:x} at term {term}",
        vote_kind(pre_vote)
    )
}

/// `received MsgVoteResp from X at term 2`, or `received MsgVoteResp rejection from X ...`
/// (raft's `poll`, the candidate's own vote included).
pub fn vote_response_text(pre_vote: bool, from: u64, term: u64, granted: bool) -> String {
    let rejection = if granted { "" } else { " rejection" };
    format!(
        "received {}Resp{rejection} from {from:x} at term {term}",
        vote_kind(pre_vote)
    )
}

/// `[logterm: 1, index: 3, vote: 0] cast MsgVote for X [logterm: 1, index: 3] at term 2`,
/// `rejected` for a refusal, `ignored ... : lease is not expired (remaining ticks: N)` with
/// `lease_ticks` for a vote check-quorum's lease ignored.
pub fn vote_text(
    pre_vote: bool,
    candidate: u64,
    at: VotePositions,
    term: u64,
    verdict: Verdict,
) -> String {
    let ((lt, li), (clt, cli)) = (at.voter, at.candidate);
    let (verb, prep, tail) = match verdict {
        Verdict::Cast => ("cast", "for", String::new()),
        Verdict::Rejected => ("rejected", "from", String::new()),
        Verdict::Ignored { remaining_ticks } => (
            "ignored",
            "from",
            format!(": lease is not expired (remaining ticks: {remaining_ticks})"),
        ),
    };
    format!(
        "[logterm: {lt}, index: {li}, vote: {:x}] {verb} {} {prep} {candidate:x} [logterm: {clt}, index: {cli}] at term {term}{tail}",
        at.vote,
        vote_kind(pre_vote)
    )
}

/// What a voter did with a vote request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Granted.
    Cast,
    /// Refused (already voted, or the candidate's log is behind).
    Rejected,
    /// Not even considered: the voter heard from a leader within the election timeout.
    Ignored {
        /// Ticks until the voter listens again.
        remaining_ticks: u32,
    },
}

/// `[term: 1] received a MsgVote message with higher term from X [term: 2]` (raft's `Step`
/// before it follows the higher term).
pub fn higher_term_text(term: u64, msg_type: MessageType, from: u64, msg_term: u64) -> String {
    format!(
        "[term: {term}] received a {msg_type:?} message with higher term from {from:x} [term: {msg_term}]"
    )
}

/// `switched to configuration voters=(3049484937995488583 11795863396876213269)`: raft 3.4
/// prints ids in decimal, sorted, and names learners only when there are some.
pub fn conf_change_text(cs: &ConfState) -> String {
    let decimal = |ids: &std::collections::BTreeSet<u64>| {
        ids.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
    };
    let mut text = format!("switched to configuration voters=({})", decimal(&cs.voters));
    if !cs.learners.is_empty() {
        text.push_str(&format!(" learners=({})", decimal(&cs.learners)));
    }
    text
}

/// The text raft logs for `event` (without the member id), with the details etcd prints
/// where the event's own wording is shorter.
pub fn raft_event_text(event: &crate::raft::RaftEvent) -> String {
    use crate::raft::RaftEvent;
    match event {
        RaftEvent::Voted {
            candidate,
            term,
            granted,
            pre_vote,
            positions,
        } => {
            let verdict = if *granted {
                Verdict::Cast
            } else {
                Verdict::Rejected
            };
            vote_text(*pre_vote, *candidate, *positions, *term, verdict)
        }
        RaftEvent::IgnoredVote {
            candidate,
            term,
            pre_vote,
            remaining_ticks,
            positions,
        } => {
            let verdict = Verdict::Ignored {
                remaining_ticks: *remaining_ticks,
            };
            vote_text(*pre_vote, *candidate, *positions, *term, verdict)
        }
        RaftEvent::ConfChanged(cs) => conf_change_text(cs),
        other => other.to_string(),
    }
}
