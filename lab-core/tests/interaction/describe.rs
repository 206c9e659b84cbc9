//! Text forms of Raft values as etcd-io/raft's `Describe*` functions print them, so the
//! golden transcripts read like etcd's `testdata/*.txt`.

use std::fmt::Write;

use lab_core::raft::{
    ConfChange, ConfChangeType, ConfState, Entry, EntryType, Message, NodeId, Progress,
    ProgressState, Ready, Snapshot,
};

/// `1/3 EntryNormal "data"` or `1/4 EntryConfChange v4`.
pub fn entry(e: &Entry) -> String {
    match e.entry_type {
        EntryType::EntryNormal => {
            let data = String::from_utf8_lossy(&e.data);
            format!("{}/{} EntryNormal {:?}", e.term, e.index, data)
        }
        EntryType::EntryConfChange => {
            let cc = ConfChange::decode(&e.data)
                .map(|cc| conf_change(&cc))
                .unwrap_or_else(|err| err.to_string());
            format!("{}/{} EntryConfChange {cc}", e.term, e.index)
        }
    }
}

/// `v4` (add voter), `l4` (add learner), `r4` (remove), `u4` (update), as etcd's
/// `ConfChangesToString`.
pub fn conf_change(cc: &ConfChange) -> String {
    let prefix = match cc.change_type {
        ConfChangeType::AddNode => 'v',
        ConfChangeType::AddLearnerNode => 'l',
        ConfChangeType::RemoveNode => 'r',
        ConfChangeType::UpdateNode => 'u',
    };
    format!("{prefix}{:x}", cc.node_id)
}

fn ids(set: &std::collections::BTreeSet<NodeId>) -> String {
    let parts: Vec<String> = set.iter().map(|id| format!("{id:x}")).collect();
    parts.join(" ")
}

/// `Voters:[1 2 3] Learners:[4]`.
pub fn conf_state(cs: &ConfState) -> String {
    format!(
        "Voters:[{}] Learners:[{}]",
        ids(&cs.voters),
        ids(&cs.learners)
    )
}

/// `Index:11 Term:1 ConfState:Voters:[1 2 3] Learners:[]`.
pub fn snapshot(s: &Snapshot) -> String {
    let md = &s.metadata;
    format!(
        "Index:{} Term:{} ConfState:{}",
        md.index,
        md.term,
        conf_state(&md.conf_state)
    )
}

/// `1->2 MsgApp Term:1 Log:1/2 Commit:2 Entries:[1/3 EntryNormal "x"]`.
pub fn message(m: &Message) -> String {
    let mut out = format!(
        "{:x}->{:x} {:?} Term:{} Log:{}/{}",
        m.from, m.to, m.msg_type, m.term, m.log_term, m.index
    );
    if m.reject {
        let _ = write!(out, " Rejected (Hint: {})", m.reject_hint);
    }
    if m.commit != 0 {
        let _ = write!(out, " Commit:{}", m.commit);
    }
    if !m.entries.is_empty() {
        let ents: Vec<String> = m.entries.iter().map(entry).collect();
        let _ = write!(out, " Entries:[{}]", ents.join(", "));
    }
    if let Some(snap) = &m.snapshot {
        let _ = write!(out, " Snapshot: {}", snapshot(snap));
    }
    if !m.context.is_empty() {
        let _ = write!(out, " Context:{}", String::from_utf8_lossy(&m.context));
    }
    out
}

/// A `Ready` in etcd's `DescribeReady` layout, one item per line.
pub fn ready(rd: &Ready) -> Vec<String> {
    let must_sync = rd.hard_state.is_some() || !rd.entries.is_empty();
    let mut lines = vec![format!("Ready MustSync={must_sync}:")];
    if let Some(ss) = rd.soft_state {
        let lead = ss.lead.unwrap_or(0);
        lines.push(format!("Lead:{lead:x} State:{}", ss.raft_state.etcd_name()));
    }
    if let Some(hs) = rd.hard_state {
        let vote = hs.vote.unwrap_or(0);
        let (term, commit) = (hs.term, hs.commit_index);
        lines.push(format!(
            "HardState Term:{term} Vote:{vote:x} Commit:{commit}"
        ));
    }
    if let Some(snap) = &rd.snapshot {
        lines.push(format!("Snapshot {}", snapshot(snap)));
    }
    section(&mut lines, "Entries:", rd.entries.iter().map(entry));
    section(
        &mut lines,
        "CommittedEntries:",
        rd.committed_entries.iter().map(entry),
    );
    section(&mut lines, "Messages:", rd.messages.iter().map(message));
    let reads = rd.read_states.iter().map(|rs| {
        let ctx = String::from_utf8_lossy(&rs.request_ctx);
        format!("Index:{} RequestCtx:{ctx}", rs.index)
    });
    section(&mut lines, "ReadStates:", reads);
    lines
}

fn section(lines: &mut Vec<String>, title: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if !items.is_empty() {
        lines.push(title.to_owned());
        lines.extend(items);
    }
}

/// `StateReplicate match=11 next=12`, with etcd's extras.
pub fn progress(pr: &Progress) -> String {
    let state = match pr.state {
        ProgressState::Probe => "StateProbe",
        ProgressState::Replicate => "StateReplicate",
        ProgressState::Snapshot => "StateSnapshot",
    };
    let mut out = format!("{state} match={} next={}", pr.matched, pr.next_index);
    if pr.is_learner {
        out.push_str(" learner");
    }
    if pr.is_paused() {
        out.push_str(" paused");
    }
    if pr.pending_snapshot > 0 {
        let _ = write!(out, " pendingSnap={}", pr.pending_snapshot);
    }
    if !pr.recent_active {
        out.push_str(" inactive");
    }
    out
}
