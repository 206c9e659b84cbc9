//! `Network`: directed links between hosts, with latency, loss, duplication, cuts and a bound
//! on messages in flight.
//!
//! Each direction of each host pair is its own link, so one-way partitions and one-way
//! faults are possible. Every message draws its own latency from its link's range, so with
//! jitter later messages can overtake earlier ones: reordering follows from jitter, as in
//! etcd when its pipeline and stream transports race. The RNG is drawn from only for what is
//! configured (a loss or duplication draw only on links with a non-zero percentage), so
//! default links consume the same randomness as before faults existed.

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::DropReason;
use super::arrivals::Arrivals;
use crate::time::{SimDuration, SimTime};

/// Default bound on messages in flight across the whole network.
pub const DEFAULT_MAX_IN_FLIGHT: u32 = 10_000;
/// Longest one-way latency a link may be given (unit: ms): a minute is already far beyond
/// any election timeout etcd accepts (50 s).
pub const MAX_LATENCY_MS: u64 = 60_000;
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
    /// `None`: the network's default range.
    latency: Option<LatencyRange>,
    /// Chance each message is lost (unit: percent, 0..=100).
    loss_percent: u8,
    /// Chance each message arrives twice (unit: percent, 0..=100).
    duplicate_percent: u8,
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

    /// The latency range of `from` → `to`.
    pub fn latency(&self, from: usize, to: usize) -> LatencyRange {
        self.links
            .get(&(from, to))
            .and_then(|l| l.latency)
            .unwrap_or(self.latency)
    }

    /// The loss and duplication percentages of `from` → `to`.
    pub fn faults(&self, from: usize, to: usize) -> (u8, u8) {
        self.links
            .get(&(from, to))
            .map_or((0, 0), |l| (l.loss_percent, l.duplicate_percent))
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

    /// Restores every link (cuts only; latency, loss and duplication stay).
    pub(crate) fn heal_all(&mut self) {
        for link in self.links.values_mut() {
            link.cut = false;
        }
    }

    /// Every link up, at the default latency, losing and duplicating nothing.
    pub(crate) fn reset(&mut self) {
        self.links.clear();
    }

    /// Sets the latency of `from` → `to`; the caller validated it.
    pub(crate) fn set_latency(&mut self, from: usize, to: usize, latency: LatencyRange) {
        self.links.entry((from, to)).or_default().latency = Some(latency);
    }

    /// Sets the loss percentage of `from` → `to` (0..=100, validated by the caller).
    pub(crate) fn set_loss(&mut self, from: usize, to: usize, percent: u8) {
        self.links.entry((from, to)).or_default().loss_percent = percent.min(100);
    }

    /// Sets the duplication percentage of `from` → `to` (0..=100, validated by the caller).
    pub(crate) fn set_duplication(&mut self, from: usize, to: usize, percent: u8) {
        self.links.entry((from, to)).or_default().duplicate_percent = percent.min(100);
    }

    /// Accepts a message from host `from` to host `to` at `now` and returns when it arrives
    /// (twice, if the link duplicated it), or why it was dropped. Each arrival counts as one
    /// message in flight.
    pub(crate) fn send(
        &mut self,
        now: SimTime,
        from: usize,
        to: usize,
        rng: &mut ChaCha8Rng,
    ) -> Result<Arrivals, DropReason> {
        if !self.is_up(from, to) {
            return Err(DropReason::LinkCut);
        }
        if self.in_flight >= self.max_in_flight {
            return Err(DropReason::NetworkFull);
        }
        if from == to {
            self.in_flight += 1;
            return Ok(Arrivals::once(now + LOOPBACK_LATENCY));
        }
        let (loss, duplicate) = self.faults(from, to);
        if chance(rng, loss) {
            return Err(DropReason::Lost);
        }
        let latency = self.latency(from, to);
        let first = now + draw_latency(latency, rng);
        let mut arrivals = Arrivals::once(first);
        if chance(rng, duplicate) && self.in_flight + 1 < self.max_in_flight {
            arrivals = Arrivals::twice(first, now + draw_latency(latency, rng));
        }
        self.in_flight += arrivals.len() as u32;
        Ok(arrivals)
    }

    /// A message left the network (delivered or discarded at the receiver).
    pub(crate) fn delivered(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    /// A message that waited at a paused receiver is handed back for delivery.
    pub(crate) fn redeliver(&mut self) {
        self.in_flight = self.in_flight.saturating_add(1);
    }
}

/// True with probability `percent`/100; draws only for 1..=99.
fn chance(rng: &mut ChaCha8Rng, percent: u8) -> bool {
    match percent {
        0 => false,
        100.. => true,
        p => rng.random_range(0..100u8) < p,
    }
}

fn draw_latency(range: LatencyRange, rng: &mut ChaCha8Rng) -> SimDuration {
    let (lo, hi) = (range.min.as_micros(), range.max.as_micros());
    SimDuration::from_micros(if hi > lo {
        rng.random_range(lo..=hi)
    } else {
        lo
    })
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn delivers_within_the_latency_range_reordered_by_jitter() {
        let mut net = Network::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut arrivals = Vec::new();
        for _ in 0..100 {
            let at = net.send(SimTime::ZERO, 0, 1, &mut rng).expect("link is up");
            assert_eq!(at.len(), 1, "no duplication by default");
            assert!(at[0] >= SimTime::from_micros(500) && at[0] <= SimTime::from_micros(2_000));
            arrivals.extend(at);
        }
        assert!(arrivals.windows(2).any(|w| w[1] < w[0]), "jitter reorders");
        assert_eq!(net.in_flight(), 100);
    }

    #[test]
    fn loss_and_duplication_follow_their_percentages() {
        let mut net = Network::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        net.set_loss(0, 1, 100);
        assert_eq!(
            net.send(SimTime::ZERO, 0, 1, &mut rng),
            Err(DropReason::Lost)
        );
        net.set_loss(0, 1, 0);
        net.set_duplication(0, 1, 100);
        let fixed = SimDuration::from_millis(7);
        net.set_latency(
            0,
            1,
            LatencyRange {
                min: fixed,
                max: fixed,
            },
        );
        let at = SimTime::ZERO + fixed;
        let sent = net.send(SimTime::ZERO, 0, 1, &mut rng).map(|a| a.to_vec());
        assert_eq!(sent, Ok(vec![at, at]));
        assert_eq!(net.in_flight(), 2);
        assert_eq!(net.faults(1, 0), (0, 0), "the other direction is untouched");
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
