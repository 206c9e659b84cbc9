//! `LeaseIds`: the lease IDs a recording shows, paired with the ones the lab granted.
//!
//! A lease ID is not something two runs can agree on: etcd builds it from the low 16 bits of
//! the ID of whichever member served the grant (the balancer's pick), the Unix time in
//! milliseconds that member started at, and how many request IDs it handed out since. So,
//! as a person copies the ID `lease grant` printed into the next command, the replay
//! remembers each recorded grant's ID beside the lab's, types the lab's where a command
//! names the recorded one, and shows the recorded one where the lab prints its own (hex as
//! in `lease grant`/`lease list`, decimal as in `-w json`).

use regex::Regex;

/// Most pairs remembered per replay (unit: leases); the recordings grant a handful.
pub const MAX_LEASE_PAIRS: usize = 64;

/// Recorded lease ID ↔ lab lease ID.
#[derive(Clone, Debug)]
pub struct LeaseIds {
    pairs: Vec<(u64, u64)>,
    granted: Option<Regex>,
    hex: Option<Regex>,
    decimal: Option<Regex>,
}

impl Default for LeaseIds {
    fn default() -> Self {
        Self::new()
    }
}

impl LeaseIds {
    /// No pairs yet.
    pub fn new() -> LeaseIds {
        let compile = |re: &str| Regex::new(re).ok();
        LeaseIds {
            pairs: Vec::new(),
            granted: compile(r"(?m)^lease ([0-9a-f]{16}) granted with TTL"),
            hex: compile(r"\b[0-9a-f]{16}\b"),
            decimal: compile(r"\b[0-9]{15,20}\b"),
        }
    }

    /// Pairs the IDs `lease grant` printed in the recording and in the lab, in order.
    pub fn learn(&mut self, recorded: &str, lab: &str) {
        let Some(granted) = &self.granted else { return };
        let ids = |text: &str| -> Vec<u64> {
            granted
                .captures_iter(text)
                .filter_map(|c| u64::from_str_radix(c.get(1)?.as_str(), 16).ok())
                .collect()
        };
        let pairs: Vec<(u64, u64)> = ids(recorded).into_iter().zip(ids(lab)).collect();
        for pair in pairs {
            self.remember(pair.0, pair.1);
        }
    }

    /// Remembers one pair (the first pairing of a recorded ID wins).
    pub fn remember(&mut self, recorded: u64, lab: u64) {
        let known = self.pairs.iter().any(|&(r, _)| r == recorded);
        if !known && self.pairs.len() < MAX_LEASE_PAIRS {
            self.pairs.push((recorded, lab));
        }
    }

    /// `command` with each recorded ID replaced by the lab's.
    pub fn to_lab(&self, command: &str) -> String {
        self.replace(command, |&(recorded, lab)| (recorded, lab))
    }

    /// `text` (the lab's output) with each lab ID replaced by the recorded one.
    pub fn to_recorded(&self, text: &str) -> String {
        self.replace(text, |&(recorded, lab)| (lab, recorded))
    }

    fn replace(&self, text: &str, direction: impl Fn(&(u64, u64)) -> (u64, u64)) -> String {
        if self.pairs.is_empty() {
            return text.to_owned();
        }
        let map: Vec<(u64, u64)> = self.pairs.iter().map(direction).collect();
        let lookup = |id: Option<u64>| map.iter().find(|(from, _)| Some(*from) == id);
        let mut text = text.to_owned();
        if let Some(hex) = &self.hex {
            text = hex
                .replace_all(&text, |c: &regex::Captures<'_>| {
                    let found = &c[0];
                    match lookup(u64::from_str_radix(found, 16).ok()) {
                        Some((_, to)) => format!("{to:016x}"),
                        None => found.to_owned(),
                    }
                })
                .into_owned();
        }
        if let Some(decimal) = &self.decimal {
            text = decimal
                .replace_all(&text, |c: &regex::Captures<'_>| {
                    let found = &c[0];
                    match lookup(found.parse().ok()) {
                        Some((_, to)) => to.to_string(),
                        None => found.to_owned(),
                    }
                })
                .into_owned();
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_granted_id_is_typed_as_the_labs_and_shown_as_the_recorded_one() {
        let mut ids = LeaseIds::new();
        ids.learn(
            "lease 4813a202c25ba816 granted with TTL(60s)\n",
            "lease 694d7d8a1c6f3e05 granted with TTL(60s)\n",
        );
        assert_eq!(
            ids.to_lab("etcdctl put --lease=4813a202c25ba816 k v"),
            "etcdctl put --lease=694d7d8a1c6f3e05 k v"
        );
        let lab_json = format!("{{\"lease\":{}}}", 0x694d_7d8a_1c6f_3e05_u64);
        assert_eq!(
            ids.to_recorded(&lab_json),
            format!("{{\"lease\":{}}}", 0x4813_a202_c25b_a816_u64)
        );
        assert_eq!(
            ids.to_recorded("lease 694d7d8a1c6f3e05 revoked\n"),
            "lease 4813a202c25ba816 revoked\n"
        );
    }

    #[test]
    fn other_ids_and_numbers_are_left_alone() {
        let mut ids = LeaseIds::new();
        ids.remember(1, 2);
        let text = "member a3b3534325d6dc15 revision 22 1234567890123456789";
        assert_eq!(ids.to_recorded(text), text);
        assert_eq!(LeaseIds::new().to_lab(text), text);
    }

    #[test]
    fn the_first_pairing_of_a_recorded_id_wins_and_pairs_are_bounded() {
        let mut ids = LeaseIds::new();
        ids.remember(10, 20);
        ids.remember(10, 30);
        assert_eq!(ids.to_lab("000000000000000a"), "0000000000000014");
        for n in 0..(MAX_LEASE_PAIRS as u64 * 2) {
            ids.remember(1000 + n, n);
        }
        assert_eq!(ids.pairs.len(), MAX_LEASE_PAIRS);
    }
}
