//! `InvariantChecker`: Raft's safety properties, checked against the world after every step.
//!
//! What it checks (Raft paper, figure 3), using only what the world shows from outside:
//! - election safety: at most one leader per term, over the whole run;
//! - log matching: two logs holding an entry with the same index and term agree on every entry
//!   up to it;
//! - leader completeness: an entry known committed before term `T` is in the log of any leader
//!   of term `T` or later;
//! - state-machine safety: an index, once committed, never holds a different entry;
//! - a member's commit index never goes back, across restarts too (etcd persists it);
//! - no Raft assertion fires: a node refusing to overwrite a committed entry, or to commit
//!   past its log, is where etcd would panic, and in the simulation no peer is malicious;
//! - durability: an entry known committed stays on a majority of the members (in their logs or
//!   covered by their snapshots), running or not, since that majority is what keeps it.

use std::collections::BTreeMap;
use std::fmt;

use crate::raft::Entry;
use crate::sim::{TraceKind, World};

/// A broken property, with what shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    TwoLeaders {
        term: u64,
        first: String,
        second: String,
    },
    LogMismatch {
        a: String,
        b: String,
        index: u64,
    },
    LeaderMissingCommitted {
        leader: String,
        term: u64,
        index: u64,
    },
    CommittedEntryChanged {
        member: String,
        index: u64,
    },
    CommitWentBack {
        member: String,
        from: u64,
        to: u64,
    },
    CommittedEntryLost {
        index: u64,
        holders: usize,
        members: usize,
    },
    RaftAssertion {
        member: String,
        error: String,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::TwoLeaders {
                term,
                first,
                second,
            } => {
                write!(
                    f,
                    "election safety: {first} and {second} both led term {term}"
                )
            }
            Violation::LogMismatch { a, b, index } => write!(
                f,
                "log matching: {a} and {b} share an entry's index and term but differ at or before index {index}"
            ),
            Violation::LeaderMissingCommitted {
                leader,
                term,
                index,
            } => write!(
                f,
                "leader completeness: {leader}, leader of term {term}, lacks committed index {index}"
            ),
            Violation::CommittedEntryChanged { member, index } => write!(
                f,
                "state-machine safety: {member} holds a different entry at committed index {index}"
            ),
            Violation::CommitWentBack { member, from, to } => {
                write!(f, "commit index of {member} went back from {from} to {to}")
            }
            Violation::CommittedEntryLost {
                index,
                holders,
                members,
            } => write!(
                f,
                "durability: committed index {index} is held by {holders} of {members} members, not a majority"
            ),
            Violation::RaftAssertion { member, error } => {
                write!(f, "raft assertion on {member}: {error}")
            }
        }
    }
}

/// A committed entry as first seen: its identity, and the term in which it was seen committed
/// (an upper bound of the term that committed it).
#[derive(Clone, Copy, Debug)]
struct Committed {
    term: u64,
    fingerprint: u64,
    seen_in_term: u64,
}

/// Remembers what it has seen across steps; feed it the world after each step.
#[derive(Debug, Default)]
pub struct InvariantChecker {
    /// Next trace sequence number to read: leaders are taken from the trace, so one that
    /// reigned only between two observations is still seen.
    trace_cursor: u64,
    leaders: BTreeMap<u64, String>,
    committed: BTreeMap<u64, Committed>,
    commit_index: BTreeMap<String, u64>,
    /// Fewest voters any leader's configuration had when observed, and whether it ever
    /// changed: an entry committed under a configuration is on a majority of it, so this is
    /// the smallest majority every committed entry must still have (counted over all members,
    /// removed ones too, since a correct Raft never drops a committed entry from any disk).
    min_voters: Option<usize>,
    voters_changed: bool,
}

impl InvariantChecker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the world as it is now against everything seen before.
    pub fn observe(&mut self, world: &World) -> Vec<Violation> {
        let mut violations = Vec::new();
        self.check_new_leaders(world, &mut violations);
        let mut logs: Vec<(String, Vec<Entry>)> = Vec::new();
        for m in world.members() {
            let log = world.log_entries(&m.name).unwrap_or_default();
            self.check_commit_monotonic(&m.name, m.commit_index, &mut violations);
            self.record_committed(&m.name, m.term, m.commit_index, &log, &mut violations);
            if m.running && m.role == crate::Role::Leader {
                self.check_leader(&m.name, m.term, &log, &mut violations);
            }
            logs.push((m.name, log));
        }
        check_log_matching(&logs, &mut violations);
        self.note_voters(world);
        self.check_durable(world, &logs, &mut violations);
        violations
    }

    /// Every committed entry is on a majority: in a member's log, or below its snapshot.
    /// Holders a committed entry needs. Without membership changes, a majority of the
    /// members. With them, a majority of the smallest configuration seen, less one member:
    /// a configuration can come and go between two observations.
    fn durable_majority(&self, members: usize) -> usize {
        match self.min_voters {
            None => members / 2 + 1,
            Some(v) if !self.voters_changed => v / 2 + 1,
            Some(v) => v.saturating_sub(1) / 2 + 1,
        }
    }

    /// Notes every member's configuration, not only the leader's: without a leader when
    /// observed, a change applied in between would otherwise go unseen.
    fn note_voters(&mut self, world: &World) {
        for m in world.members() {
            let Ok(conf) = world.conf_state(&m.name) else {
                continue;
            };
            let v = conf.voters.len();
            if v == 0 {
                continue; // a member not yet configured by any snapshot or join
            }
            if self.min_voters.is_some_and(|m| m != v) {
                self.voters_changed = true;
            }
            self.min_voters = Some(self.min_voters.map_or(v, |m| m.min(v)));
        }
    }

    fn check_durable(
        &self,
        world: &World,
        logs: &[(String, Vec<Entry>)],
        out: &mut Vec<Violation>,
    ) {
        let members = logs.len();
        let need = self.durable_majority(members);
        let snapshots: Vec<u64> = logs
            .iter()
            .map(|(name, _)| world.snapshot_index(name).unwrap_or(0))
            .collect();
        for (&index, c) in &self.committed {
            let holders = logs
                .iter()
                .zip(&snapshots)
                .filter(|((_, log), snap)| index <= **snap || holds(log, index, c))
                .count();
            if holders < need {
                out.push(Violation::CommittedEntryLost {
                    index,
                    holders,
                    members,
                });
                return;
            }
        }
    }

    fn check_new_leaders(&mut self, world: &World, out: &mut Vec<Violation>) {
        let trace = world.trace();
        for event in trace.since(self.trace_cursor) {
            match &event.kind {
                TraceKind::BecameLeader { member, term } => self.note_leader(member, *term, out),
                TraceKind::RaftPanic { member, error } => out.push(Violation::RaftAssertion {
                    member: member.clone(),
                    error: error.clone(),
                }),
                _ => {}
            }
        }
        self.trace_cursor = trace.total_recorded();
    }

    fn note_leader(&mut self, leader: &str, term: u64, out: &mut Vec<Violation>) {
        match self.leaders.get(&term) {
            Some(first) if first != leader => out.push(Violation::TwoLeaders {
                term,
                first: first.clone(),
                second: leader.to_owned(),
            }),
            Some(_) => {}
            None => {
                self.leaders.insert(term, leader.to_owned());
            }
        }
    }

    fn check_commit_monotonic(&mut self, member: &str, now: u64, out: &mut Vec<Violation>) {
        let before = self.commit_index.entry(member.to_owned()).or_insert(0);
        if now < *before {
            out.push(Violation::CommitWentBack {
                member: member.to_owned(),
                from: *before,
                to: now,
            });
        }
        *before = (*before).max(now);
    }

    fn record_committed(
        &mut self,
        member: &str,
        term: u64,
        commit_index: u64,
        log: &[Entry],
        out: &mut Vec<Violation>,
    ) {
        for e in log.iter().take_while(|e| e.index <= commit_index) {
            let seen = self.committed.entry(e.index).or_insert(Committed {
                term: e.term,
                fingerprint: fingerprint(e),
                seen_in_term: term,
            });
            if seen.term != e.term || seen.fingerprint != fingerprint(e) {
                out.push(Violation::CommittedEntryChanged {
                    member: member.to_owned(),
                    index: e.index,
                });
            }
            seen.seen_in_term = seen.seen_in_term.min(term);
        }
    }

    fn check_leader(&mut self, leader: &str, term: u64, log: &[Entry], out: &mut Vec<Violation>) {
        self.note_leader(leader, term, out);
        let first_index = log.first().map_or(1, |e| e.index);
        for (&index, c) in &self.committed {
            // Entries compacted into a snapshot are committed by construction.
            if c.seen_in_term >= term || index < first_index {
                continue;
            }
            let held = log.get((index - first_index) as usize);
            if !held.is_some_and(|e| e.term == c.term && fingerprint(e) == c.fingerprint) {
                out.push(Violation::LeaderMissingCommitted {
                    leader: leader.to_owned(),
                    term,
                    index,
                });
                return;
            }
        }
    }
}

fn holds(log: &[Entry], index: u64, c: &Committed) -> bool {
    let first = log.first().map_or(1, |e| e.index);
    index >= first
        && log
            .get((index - first) as usize)
            .is_some_and(|e| e.term == c.term && fingerprint(e) == c.fingerprint)
}

/// Log matching through prefix hashes: two logs agreeing on (index, term) must agree on the
/// hash of everything up to it. One pass over every log, not one per pair.
fn check_log_matching(logs: &[(String, Vec<Entry>)], out: &mut Vec<Violation>) {
    // (index, term) -> (member, prefix hash); prefixes start at each log's first index, so only
    // logs starting at the same index are compared (compaction hides older entries).
    let mut seen: BTreeMap<(u64, u64, u64), (&str, u64)> = BTreeMap::new();
    for (name, log) in logs {
        let start = log.first().map_or(0, |e| e.index);
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for e in log {
            hash = mix(hash, fingerprint(e));
            match seen.get(&(start, e.index, e.term)) {
                Some(&(other, h)) if h != hash => {
                    out.push(Violation::LogMismatch {
                        a: other.to_owned(),
                        b: name.clone(),
                        index: e.index,
                    });
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert((start, e.index, e.term), (name, hash));
                }
            }
        }
    }
}

/// FNV-1a over an entry's term, index and payload: identity for comparisons, not security.
fn fingerprint(e: &Entry) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in e
        .term
        .to_le_bytes()
        .iter()
        .chain(&e.index.to_le_bytes())
        .chain(&e.data)
    {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0100_0000_01b3).rotate_left(29)
}
