//! `IdPairs`: IDs built from a clock that a recording shows, paired with the lab's.
//!
//! Two runs cannot agree on these:
//! - A lease ID: etcd builds it from the low 16 bits of the ID of whichever member served
//!   the grant (the balancer's pick), the Unix time in milliseconds that member started at,
//!   and how many request IDs it handed out since.
//! - The ID of a member added at runtime: SHA-1 over its peer URLs and the Unix second the
//!   serving member read its clock. The replay runs the command in the recorded second, but
//!   a recording can show an ID from a nearby second (05's `member add etcd7` shows the one
//!   of two seconds before the command started). Such a pair is kept only when the recorded
//!   ID is etcd's formula for the same URLs at a second close to the step, so a lab that
//!   hashes wrongly still fails.
//!
//! So, as a person copies the ID a command printed into the next command, the replay
//! remembers each recorded ID beside the lab's, types the lab's where a command names the
//! recorded one, and shows the recorded one where the lab prints its own (hex as in `lease
//! grant`/`member list`, decimal as in `-w json`).

use regex::Regex;

use crate::sim::etcd_member_id;

/// Most pairs remembered per replay (unit: IDs); the recordings grant a handful.
pub const MAX_ID_PAIRS: usize = 64;

/// How far from the step a recorded `member add` may have read its clock (unit: seconds).
pub const MAX_MEMBER_CLOCK_SKEW_SECS: u64 = 5;

/// Recorded lease ID ↔ lab lease ID.
#[derive(Clone, Debug)]
pub struct IdPairs {
    pairs: Vec<(u64, u64)>,
    granted: Option<Regex>,
    added: Option<Regex>,
    peer_urls: Option<Regex>,
    hex: Option<Regex>,
    decimal: Option<Regex>,
}

impl Default for IdPairs {
    fn default() -> Self {
        Self::new()
    }
}

impl IdPairs {
    /// No pairs yet.
    pub fn new() -> IdPairs {
        let compile = |re: &str| Regex::new(re).ok();
        IdPairs {
            pairs: Vec::new(),
            granted: compile(r"(?m)^lease ([0-9a-f]{16}) granted with TTL"),
            added: compile(r"(?m)^Member ([0-9a-f]{16}) added to cluster"),
            peer_urls: compile(r"--peer-urls[= ]([^ ]+)"),
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

    /// Pairs the IDs `member add` printed in the recording and in the lab for `command`, run
    /// at Unix second `now_secs`, when the recorded ID is etcd's for the command's peer URLs
    /// at a second within [`MAX_MEMBER_CLOCK_SKEW_SECS`] of it.
    pub fn learn_added_member(&mut self, command: &str, recorded: &str, lab: &str, now_secs: u64) {
        let (Some(added), Some(peer_urls)) = (&self.added, &self.peer_urls) else {
            return;
        };
        let id = |text: &str| -> Option<u64> {
            u64::from_str_radix(added.captures(text)?.get(1)?.as_str(), 16).ok()
        };
        let (Some(recorded), Some(lab)) = (id(recorded), id(lab)) else {
            return;
        };
        let Some(urls) = peer_urls.captures(command).and_then(|c| c.get(1)) else {
            return;
        };
        let urls: Vec<&str> = urls.as_str().trim_matches('"').split(',').collect();
        let first = now_secs.saturating_sub(MAX_MEMBER_CLOCK_SKEW_SECS);
        let last = now_secs.saturating_add(MAX_MEMBER_CLOCK_SKEW_SECS);
        if (first..=last).any(|secs| etcd_member_id(&urls, "", Some(secs)) == recorded) {
            self.remember(recorded, lab);
        }
    }

    /// Remembers one pair (the first pairing of a recorded ID wins).
    pub fn remember(&mut self, recorded: u64, lab: u64) {
        let known = self.pairs.iter().any(|&(r, _)| r == recorded);
        if !known && self.pairs.len() < MAX_ID_PAIRS {
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
        let mut ids = IdPairs::new();
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

    const ADD_ETCD7: &str = "etcdctl member add etcd7 --learner --peer-urls=http://127.0.0.1:27380";

    #[test]
    fn a_member_added_in_a_nearby_second_is_shown_with_its_recorded_id() {
        // 05's recording: `member add etcd7` ran at 10:45:52 and printed the ID etcd hashes
        // for 10:45:50 (1795344350); the lab hashed the second it ran in.
        let at = 1_795_344_352;
        let mut ids = IdPairs::new();
        ids.learn_added_member(
            ADD_ETCD7,
            "Member 63744de0d3dc5604 added to cluster   2e67c5e19f4a4c\n",
            "Member 7f427ba1efec52dc added to cluster   2e67c5e19f4a4c\n",
            at,
        );
        assert_eq!(
            ids.to_lab("etcdctl member promote 63744de0d3dc5604"),
            "etcdctl member promote 7f427ba1efec52dc"
        );
        assert_eq!(
            ids.to_recorded("| 7f427ba1efec52dc | started | etcd7 |"),
            "| 63744de0d3dc5604 | started | etcd7 |"
        );
    }

    #[test]
    fn a_recorded_member_id_that_is_not_etcds_formula_is_not_paired() {
        let mut ids = IdPairs::new();
        let far_away = 1_795_344_352 + 60;
        ids.learn_added_member(
            ADD_ETCD7,
            "Member 63744de0d3dc5604 added to cluster   2e67c5e19f4a4c\n",
            "Member 7f427ba1efec52dc added to cluster   2e67c5e19f4a4c\n",
            far_away,
        );
        ids.learn_added_member(
            "etcdctl member add etcd7 --peer-urls=http://127.0.0.1:27381",
            "Member 63744de0d3dc5604 added to cluster   2e67c5e19f4a4c\n",
            "Member 7f427ba1efec52dc added to cluster   2e67c5e19f4a4c\n",
            1_795_344_352,
        );
        assert!(ids.pairs.is_empty());
    }

    #[test]
    fn other_ids_and_numbers_are_left_alone() {
        let mut ids = IdPairs::new();
        ids.remember(1, 2);
        let text = "member a3b3534325d6dc15 revision 22 1234567890123456789";
        assert_eq!(ids.to_recorded(text), text);
        assert_eq!(IdPairs::new().to_lab(text), text);
    }

    #[test]
    fn the_first_pairing_of_a_recorded_id_wins_and_pairs_are_bounded() {
        let mut ids = IdPairs::new();
        ids.remember(10, 20);
        ids.remember(10, 30);
        assert_eq!(ids.to_lab("000000000000000a"), "0000000000000014");
        for n in 0..(MAX_ID_PAIRS as u64 * 2) {
            ids.remember(1000 + n, n);
        }
        assert_eq!(ids.pairs.len(), MAX_ID_PAIRS);
    }
}
