//! `SimTime`: an instant on the world's virtual clock.

use core::fmt;
use core::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

use super::SimDuration;

/// An instant of virtual time: microseconds since the world was created.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimTime(u64);

impl SimTime {
    /// The moment the world was created.
    pub const ZERO: SimTime = SimTime(0);
    /// The end of time; used as "never".
    pub const MAX: SimTime = SimTime(u64::MAX);

    /// The instant `us` microseconds after the start.
    pub const fn from_micros(us: u64) -> SimTime {
        SimTime(us)
    }

    /// The instant `ms` milliseconds after the start (saturating).
    pub const fn from_millis(ms: u64) -> SimTime {
        SimTime(ms.saturating_mul(1_000))
    }

    /// The instant `s` seconds after the start (saturating).
    pub const fn from_secs(s: u64) -> SimTime {
        SimTime(s.saturating_mul(1_000_000))
    }

    /// Microseconds since the start.
    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// Whole milliseconds since the start, rounded down.
    pub const fn as_millis(self) -> u64 {
        self.0 / 1_000
    }

    /// Whole seconds since the start, rounded down.
    pub const fn as_secs(self) -> u64 {
        self.0 / 1_000_000
    }

    /// Time elapsed since the start.
    pub const fn since_start(self) -> SimDuration {
        SimDuration::from_micros(self.0)
    }

    /// `self + d`, saturating at [`SimTime::MAX`].
    pub const fn saturating_add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.as_micros()))
    }

    /// The span from `earlier` to `self`, or zero if `earlier` is later.
    pub const fn saturating_duration_since(self, earlier: SimTime) -> SimDuration {
        SimDuration::from_micros(self.0.saturating_sub(earlier.0))
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimDuration) -> SimTime {
        self.saturating_add(rhs)
    }
}

impl Sub for SimTime {
    type Output = SimDuration;
    fn sub(self, rhs: SimTime) -> SimDuration {
        self.saturating_duration_since(rhs)
    }
}

impl fmt::Display for SimTime {
    /// Seconds with microsecond precision, e.g. `1.234567s`, like a log timestamp.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:06}s", self.0 / 1_000_000, self.0 % 1_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_durations_and_subtracts_instants() {
        let t = SimTime::from_millis(1_500) + SimDuration::from_millis(500);
        assert_eq!(t, SimTime::from_secs(2));
        assert_eq!(t - SimTime::from_secs(1), SimDuration::from_secs(1));
        assert_eq!(SimTime::ZERO - t, SimDuration::ZERO);
        assert_eq!(SimTime::MAX + SimDuration::from_secs(1), SimTime::MAX);
    }

    #[test]
    fn displays_as_seconds() {
        assert_eq!(SimTime::from_micros(1_234_567).to_string(), "1.234567s");
        assert_eq!(SimTime::from_millis(2_500).as_secs(), 2);
    }
}
