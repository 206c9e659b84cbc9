//! `Network`: directed links between hosts, with latency, cuts and a bound on messages in
//! flight.
//!
//! Each direction of each host pair is its own link, so one-way partitions are possible. A link
//! delivers in order (etcd's peers talk over TCP streams): a message never overtakes an earlier
//! one on the same link, even if its random latency is shorter.

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::DropReason;
use crate::time::{SimDuration, SimTime};

/// Default bound on messages in flight across the whole network.
pub const DEFAULT_MAX_IN_FLIGHT: u32 = 10_000;
/// Latency between two members on the same host (unit: microseconds of virtual time).
const LOOPBACK_LATENCY: SimDuration = SimDuration::from_micros(50);

/// One-way latency drawn uniformly from `[min, max]` per message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatencyRange {
    /// Shortest one-way delay.
    pub min: SimDuration,
    /// Longest one-way delay.
    pub max: SimDuration,
}

impl Default for LatencyRange {
    /// 0.5–2 ms: a busy LAN, well under etcd's 100 ms heartbeat.
    fn default() -> LatencyRange {
        LatencyRange {
            min: SimDuration::from_micros(500),
            max: SimDuration::from_micros(2_000),
        }
    }
}

/// State of one direction between two hosts; absent from the map means default and up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Link {
    cut: bool,
    /// When the last message on this link arrives; later sends arrive no earlier.
    last_arrival: SimTime,
}

/// All links, keyed by (sender host, receiver host) index.
#[derive(Clone, Debug)]
pub struct Network {
    links: BTreeMap<(usize, usize), Link>,
    latency: LatencyRange,
    in_flight: u32,
    max_in_flight: u32,
}

impl Default for Network {
    fn default() -> Network {
        Network {
            links: BTreeMap::new(),
            latency: LatencyRange::default(),
            in_flight: 0,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

impl Network {
    /// Is `from` → `to` delivering?
    pub fn is_up(&self, from: usize, to: usize) -> bool {
        self.links.get(&(from, to)).is_none_or(|l| !l.cut)
    }

    /// Messages sent and not yet delivered.
    pub fn in_flight(&self) -> u32 {
        self.in_flight
    }

    /// Cuts `from` → `to`; returns whether it was up.
    pub(crate) fn cut(&mut self, from: usize, to: usize) -> bool {
        let link = self.links.entry((from, to)).or_default();
        !std::mem::replace(&mut link.cut, true)
    }

    /// Restores `from` → `to`; returns whether it was cut.
    pub(crate) fn heal(&mut self, from: usize, to: usize) -> bool {
        self.links
            .get_mut(&(from, to))
            .is_some_and(|l| std::mem::replace(&mut l.cut, false))
    }

    /// Restores every link.
    pub(crate) fn heal_all(&mut self) {
        for link in self.links.values_mut() {
            link.cut = false;
        }
    }

    /// Accepts a message from host `from` to host `to` at `now` and returns when it arrives,
    /// or why it was dropped. The RNG is only drawn from for accepted messages.
    pub(crate) fn send(
        &mut self,
        now: SimTime,
        from: usize,
        to: usize,
        rng: &mut ChaCha8Rng,
    ) -> Result<SimTime, DropReason> {
        if !self.is_up(from, to) {
            return Err(DropReason::LinkCut);
        }
        if self.in_flight >= self.max_in_flight {
            return Err(DropReason::NetworkFull);
        }
        let latency = if from == to {
            LOOPBACK_LATENCY
        } else {
            self.draw_latency(rng)
        };
        let link = self.links.entry((from, to)).or_default();
        let at = (now + latency).max(link.last_arrival);
        link.last_arrival = at;
        self.in_flight += 1;
        Ok(at)
    }

    /// A message left the network (delivered or discarded at the receiver).
    pub(crate) fn delivered(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    fn draw_latency(&self, rng: &mut ChaCha8Rng) -> SimDuration {
        let (lo, hi) = (self.latency.min.as_micros(), self.latency.max.as_micros());
        SimDuration::from_micros(if hi > lo {
            rng.random_range(lo..=hi)
        } else {
            lo
        })
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn delivers_in_order_within_the_latency_range() {
        let mut net = Network::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut last = SimTime::ZERO;
        for _ in 0..100 {
            let at = net.send(SimTime::ZERO, 0, 1, &mut rng).expect("link is up");
            assert!(at >= last, "FIFO per link");
            assert!(at >= SimTime::from_micros(500) && at <= SimTime::from_micros(2_000));
            last = at;
        }
        assert_eq!(net.in_flight(), 100);
    }

    #[test]
    fn cuts_are_one_way_and_heal() {
        let mut net = Network::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(net.cut(0, 1));
        assert!(!net.cut(0, 1), "already cut");
        assert_eq!(
            net.send(SimTime::ZERO, 0, 1, &mut rng),
            Err(DropReason::LinkCut)
        );
        assert!(net.send(SimTime::ZERO, 1, 0, &mut rng).is_ok());
        net.heal_all();
        assert!(net.is_up(0, 1));
    }

    #[test]
    fn bounds_messages_in_flight() {
        let mut net = Network {
            max_in_flight: 2,
            ..Network::default()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(net.send(SimTime::ZERO, 0, 1, &mut rng).is_ok());
        assert!(net.send(SimTime::ZERO, 0, 1, &mut rng).is_ok());
        assert_eq!(
            net.send(SimTime::ZERO, 0, 1, &mut rng),
            Err(DropReason::NetworkFull)
        );
        net.delivered();
        assert!(net.send(SimTime::ZERO, 0, 1, &mut rng).is_ok());
    }
}
