//! `PeerStreams`: how each running etcd member sees each of its peers over rafthttp, as
//! the facts its log lines report.
//!
//! etcd keeps two long-lived HTTP streams per direction between two members (`Message` and
//! `MsgApp v2`): a member's *readers* are connections it dials to the peer, its *writers* are
//! the peer's dials to it. A peer is *active* from the first stream established until a
//! stream fails while active; later failures are only debug-logged (rafthttp's
//! `peerStatus`), which is why each outage shows one `became inactive` line. Readers redial
//! every 100 ms (the caller steps this on every tick); a reset connection (the peer process
//! died) is noticed at once, silence (link cut, firewall dropping, host powered off) after
//! `ConnReadTimeout`. Two probers check each peer every 30 s, every 5 s while it is unhealthy.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::time::{SimDuration, SimTime};

/// rafthttp's `ConnReadTimeout`: a stream silent this long is declared lost.
pub const CONN_READ_TIMEOUT: SimDuration = SimDuration::from_secs(5);
/// The prober's check interval while a peer is healthy (`statusMonitoringInterval`).
pub const PROBE_INTERVAL: SimDuration = SimDuration::from_secs(30);
/// The prober's check interval while a peer is unhealthy (`statusErrorInterval`).
pub const PROBE_ERROR_INTERVAL: SimDuration = SimDuration::from_secs(5);

/// One of the four streams between a member and a peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stream {
    /// Dialed by this member, carrying the peer's raft messages.
    MessageReader,
    /// Dialed by this member, carrying the peer's log appends.
    MsgAppReader,
    /// Dialed by the peer, carrying this member's raft messages.
    MessageWriter,
    /// Dialed by the peer, carrying this member's log appends.
    MsgAppWriter,
}

impl Stream {
    /// rafthttp's stream type name: `stream Message` or `stream MsgApp v2`.
    pub fn kind(self) -> &'static str {
        match self {
            Stream::MessageReader | Stream::MessageWriter => "stream Message",
            Stream::MsgAppReader | Stream::MsgAppWriter => "stream MsgApp v2",
        }
    }
}

/// `stream Message reader`, as rafthttp names the stream in its lines.
impl fmt::Display for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = match self {
            Stream::MessageReader | Stream::MsgAppReader => "reader",
            Stream::MessageWriter | Stream::MsgAppWriter => "writer",
        };
        write!(f, "{} {side}", self.kind())
    }
}

/// A change worth a log line in how a member sees a peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StreamChange {
    /// `peer X became active`.
    Activated,
    /// `established a TCP streaming connection with peer X (stream ...)`.
    Established(Stream),
    /// `lost the TCP streaming connection with peer X (stream ...)`.
    Lost(Stream),
    /// `failed to <action> X on <stream> (<reason>)` and `peer X became inactive`.
    Deactivated {
        /// `dial` or `read`.
        action: String,
        /// The stream that failed.
        stream: Stream,
        /// Go's error text (`unexpected EOF`, `dial tcp ...: connect: connection refused`).
        reason: String,
    },
    /// `health check for peer X could not connect: <error>`.
    HealthCheckFailed {
        /// Go's dial error.
        error: String,
    },
}

/// For people: `established stream Message reader`, `inactive (dial: ...)`.
impl fmt::Display for StreamChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamChange::Activated => f.write_str("active"),
            StreamChange::Established(s) => write!(f, "established {s}"),
            StreamChange::Lost(s) => write!(f, "lost {s}"),
            StreamChange::Deactivated { action, reason, .. } => {
                write!(f, "inactive ({action}: {reason})")
            }
            StreamChange::HealthCheckFailed { error } => write!(f, "health check failed: {error}"),
        }
    }
}

/// Whether the peer can be reached right now, as a dial would find out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// A dial would succeed.
    Up,
    /// The peer's process is gone but its host answers: connections are reset at once.
    Reset(String),
    /// Packets are dropped or refused on the way: established streams go silent.
    Silent(String),
}

impl Reach {
    fn error(&self) -> Option<&str> {
        match self {
            Reach::Up => None,
            Reach::Reset(e) | Reach::Silent(e) => Some(e),
        }
    }
}

/// How one member sees one peer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PeerLink {
    active: bool,
    /// Since when the peer has been active (rafthttp's `activeSince`).
    active_since: Option<SimTime>,
    readers_up: bool,
    writers_up: bool,
    /// When the readers' connection stopped answering, while they still think it is up.
    silent_since: Option<SimTime>,
    /// When the writers' connection broke; they notice at their next write.
    writers_broken_at: Option<SimTime>,
    next_probe: Option<SimTime>,
}

/// Every (member, peer) pair's view, keyed by member indices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeerStreams {
    links: BTreeMap<(usize, usize), PeerLink>,
}

impl PeerStreams {
    /// Forgets what `member` knew: its process (re)started, or stopped.
    pub fn reset(&mut self, member: usize) {
        self.links.retain(|(m, _), _| *m != member);
    }

    /// Steps `member`'s view of `peer` at `now`, given whether `member` can dial the peer
    /// (`out`) and the peer can dial `member` (`back`); returns what to log, in order.
    pub fn step(
        &mut self,
        member: usize,
        peer: usize,
        now: SimTime,
        out: &Reach,
        back: &Reach,
    ) -> Vec<StreamChange> {
        let link = self.links.entry((member, peer)).or_default();
        let mut changes = Vec::new();
        link.step_readers(now, out, &mut changes);
        link.step_writers(now, back, &mut changes);
        link.step_probe(now, out, &mut changes);
        link.active_since = match (link.active, link.active_since) {
            (true, None) => Some(now),
            (true, since) => since,
            (false, _) => None,
        };
        changes
    }

    /// How many of `member`'s peers are active (rafthttp's `ActivePeers`).
    pub fn active_peers(&self, member: usize) -> usize {
        self.links
            .iter()
            .filter(|((m, _), link)| *m == member && link.active)
            .count()
    }

    /// Since when `member` has seen `peer` active, if it does now.
    pub fn active_since(&self, member: usize, peer: usize) -> Option<SimTime> {
        self.links.get(&(member, peer)).and_then(|l| l.active_since)
    }
}

impl PeerLink {
    fn activate(&mut self, changes: &mut Vec<StreamChange>) {
        if !self.active {
            self.active = true;
            changes.push(StreamChange::Activated);
        }
    }

    fn deactivate(
        &mut self,
        action: &str,
        stream: Stream,
        reason: &str,
        out: &mut Vec<StreamChange>,
    ) {
        if self.active {
            self.active = false;
            out.push(StreamChange::Deactivated {
                action: action.to_owned(),
                stream,
                reason: reason.to_owned(),
            });
        }
    }

    fn step_readers(&mut self, now: SimTime, reach: &Reach, changes: &mut Vec<StreamChange>) {
        if self.readers_up {
            let reason = match reach {
                Reach::Up => {
                    self.silent_since = None;
                    return;
                }
                Reach::Reset(_) => "unexpected EOF".to_owned(),
                Reach::Silent(_) => {
                    let since = *self.silent_since.get_or_insert(now);
                    if now < since + CONN_READ_TIMEOUT {
                        return;
                    }
                    "i/o timeout".to_owned()
                }
            };
            self.readers_up = false;
            self.silent_since = None;
            changes.push(StreamChange::Lost(Stream::MessageReader));
            self.deactivate("read", Stream::MessageReader, &reason, changes);
            changes.push(StreamChange::Lost(Stream::MsgAppReader));
            return;
        }
        match reach.error() {
            None => {
                self.readers_up = true;
                self.activate(changes);
                changes.push(StreamChange::Established(Stream::MessageReader));
                changes.push(StreamChange::Established(Stream::MsgAppReader));
            }
            Some(error) => self.deactivate("dial", Stream::MsgAppReader, error, changes),
        }
    }

    fn step_writers(&mut self, now: SimTime, back: &Reach, changes: &mut Vec<StreamChange>) {
        if !self.writers_up {
            if *back == Reach::Up {
                self.writers_up = true;
                self.activate(changes);
                changes.push(StreamChange::Established(Stream::MsgAppWriter));
                changes.push(StreamChange::Established(Stream::MessageWriter));
            }
            return;
        }
        if *back == Reach::Up && self.readers_up {
            self.writers_broken_at = None;
            return;
        }
        let broken = *self.writers_broken_at.get_or_insert(now);
        if now >= broken + CONN_READ_TIMEOUT {
            self.writers_up = false;
            self.writers_broken_at = None;
            changes.push(StreamChange::Lost(Stream::MessageWriter));
            changes.push(StreamChange::Lost(Stream::MsgAppWriter));
        }
    }

    fn step_probe(&mut self, now: SimTime, reach: &Reach, changes: &mut Vec<StreamChange>) {
        let due = *self.next_probe.get_or_insert(now + PROBE_INTERVAL);
        if now < due {
            return;
        }
        let next = match reach.error() {
            Some(error) => {
                let error = error.to_owned();
                changes.push(StreamChange::HealthCheckFailed { error });
                PROBE_ERROR_INTERVAL
            }
            None => PROBE_INTERVAL,
        };
        self.next_probe = Some(due + next);
    }
}

#[cfg(test)]
mod tests;
