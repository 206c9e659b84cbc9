//! Virtual time: the only clock lab-core knows.
//!
//! The world advances this clock by processing events; nothing here reads the host's wall clock,
//! so a run replays identically in a test, in the browser and on the server. Both types count
//! whole microseconds in a `u64` (about 584 000 years), and all arithmetic saturates instead of
//! panicking, because a panic in WebAssembly kills the page.

mod sim_duration;
mod sim_time;
mod wall_clock;

pub use sim_duration::SimDuration;
pub use sim_time::SimTime;
pub use wall_clock::{LAB_EPOCH_UNIX_SECS, WallClock};
