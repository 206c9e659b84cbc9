//! `Arrivals`: when a message the network accepted arrives, once or (duplicated) twice.
//!
//! Every message sent gets one, so it is a fixed-size value rather than a `Vec`: a steady run
//! then allocates nothing per send for it.

use crate::time::SimTime;

/// When an accepted message arrives: once, or twice if its link duplicated it. A slice of one
/// or two instants, kept inline because every message sent gets one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Arrivals {
    times: [SimTime; 2],
    len: usize,
}

impl Arrivals {
    pub(crate) fn once(at: SimTime) -> Arrivals {
        Arrivals {
            times: [at, at],
            len: 1,
        }
    }

    pub(crate) fn twice(first: SimTime, second: SimTime) -> Arrivals {
        Arrivals {
            times: [first, second],
            len: 2,
        }
    }
}

impl Arrivals {
    /// The (first) arrival.
    pub(crate) fn at(&self) -> SimTime {
        self.times[0]
    }

    /// The duplicate's arrival, if the link duplicated the message.
    pub(crate) fn duplicate_at(&self) -> Option<SimTime> {
        (self.len == 2).then_some(self.times[1])
    }
}

impl std::ops::Deref for Arrivals {
    type Target = [SimTime];

    fn deref(&self) -> &[SimTime] {
        &self.times[..self.len]
    }
}

impl IntoIterator for Arrivals {
    type Item = SimTime;
    type IntoIter = std::iter::Take<std::array::IntoIter<SimTime, 2>>;

    fn into_iter(self) -> Self::IntoIter {
        self.times.into_iter().take(self.len)
    }
}
