//! [`Journal`]: one host's bounded journal of log records, and journalctl's short format
//! (`Mar 01 13:53:39 etcd-1 etcd[1234]: message`).

use std::collections::VecDeque;

use super::timestamp::format_short_time;

/// Records kept per host; the oldest are dropped first, as journald rotates.
pub const JOURNAL_MAX_ENTRIES: usize = 10_000;
/// Longest message kept, in bytes; longer ones are cut at a character boundary.
pub const JOURNAL_MAX_MESSAGE_BYTES: usize = 4_096;

/// One record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Unix microseconds.
    pub realtime_us: u64,
    pub hostname: String,
    /// `SYSLOG_IDENTIFIER`: `etcd`, `systemd`.
    pub identifier: String,
    pub pid: u32,
    pub message: String,
    /// The unit the record is about (`_SYSTEMD_UNIT` or `UNIT`), for `journalctl -u`.
    pub unit: Option<String>,
}

impl JournalEntry {
    /// The short-format line.
    pub fn short_line(&self) -> String {
        format!(
            "{} {} {}[{}]: {}",
            format_short_time(self.realtime_us),
            self.hostname,
            self.identifier,
            self.pid,
            self.message
        )
    }
}

/// A host's journal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Journal {
    entries: VecDeque<JournalEntry>,
}

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a record, dropping the oldest beyond [`JOURNAL_MAX_ENTRIES`].
    pub fn push(&mut self, mut entry: JournalEntry) {
        if entry.message.len() > JOURNAL_MAX_MESSAGE_BYTES {
            let mut end = JOURNAL_MAX_MESSAGE_BYTES;
            while !entry.message.is_char_boundary(end) {
                end = end.saturating_sub(1);
            }
            entry.message.truncate(end);
        }
        if self.entries.len() >= JOURNAL_MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Records oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &JournalEntry> {
        self.entries.iter()
    }

    /// The newest `lines` short-format lines about `unit`, oldest first (for `systemctl status`).
    pub fn tail_for_unit(&self, unit: &str, lines: usize) -> Vec<String> {
        let mut tail: Vec<String> = self
            .entries
            .iter()
            .rev()
            .filter(|e| e.unit.as_deref() == Some(unit))
            .take(lines)
            .map(JournalEntry::short_line)
            .collect();
        tail.reverse();
        tail
    }

    pub fn first_us(&self) -> Option<u64> {
        self.entries.front().map(|e| e.realtime_us)
    }

    pub fn last_us(&self) -> Option<u64> {
        self.entries.back().map(|e| e.realtime_us)
    }
}
