//! `WallClock`: the calendar time the lab shows (log lines, `date`, the journal), derived
//! from virtual time.
//!
//! Virtual time zero is a fixed instant, [`LAB_EPOCH_UNIX_SECS`], not the machine's clock:
//! that keeps every transcript the same from run to run, which golden tests rely on.

use time::OffsetDateTime;

use super::SimTime;

/// The calendar time at virtual time zero: 2026-11-22 10:17:00 UTC (unit: seconds since the
/// Unix epoch).
pub const LAB_EPOCH_UNIX_SECS: u64 = 1_795_342_620;

/// A calendar instant in UTC, broken into fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    /// Microseconds since the Unix epoch.
    pub unix_micros: u64,
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
    /// Microseconds within the second.
    pub micros: u32,
    /// Day of the week, 0 = Sunday.
    pub weekday: u8,
}

impl WallClock {
    /// The calendar time at virtual instant `t`.
    pub fn at(t: SimTime) -> WallClock {
        WallClock::from_unix_micros(
            LAB_EPOCH_UNIX_SECS
                .saturating_mul(1_000_000)
                .saturating_add(t.as_micros()),
        )
    }

    /// The calendar time `unix_micros` after the Unix epoch (clamped to year 9999).
    pub fn from_unix_micros(unix_micros: u64) -> WallClock {
        const MAX_SECS: u64 = 253_402_300_799; // 9999-12-31 23:59:59
        let secs = (unix_micros / 1_000_000).min(MAX_SECS);
        let dt = i64::try_from(secs)
            .ok()
            .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        WallClock {
            unix_micros,
            year: dt.year(),
            month: u8::from(dt.month()),
            day: dt.day(),
            hour: dt.hour(),
            minute: dt.minute(),
            second: dt.second(),
            micros: (unix_micros % 1_000_000) as u32,
            weekday: dt.weekday().number_days_from_sunday(),
        }
    }

    /// Whole seconds since the Unix epoch.
    pub fn unix_secs(&self) -> u64 {
        self.unix_micros / 1_000_000
    }

    /// English three-letter month name, `Nov`.
    pub fn month_abbrev(&self) -> &'static str {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        MONTHS
            .get(usize::from(self.month.saturating_sub(1)))
            .copied()
            .unwrap_or("Jan")
    }

    /// English three-letter weekday name, `Sun`.
    pub fn weekday_abbrev(&self) -> &'static str {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        DAYS.get(usize::from(self.weekday))
            .copied()
            .unwrap_or("Sun")
    }

    /// `2026-11-22 10:17:01.573831`, capnslog's timestamp.
    pub fn capnslog(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.micros
        )
    }

    /// `2026/11/22 10:17:01`, the raft logger's timestamp (after its `raft` prefix).
    pub fn raft_log(&self) -> String {
        format!(
            "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_zero_is_the_lab_epoch() {
        let w = WallClock::at(SimTime::from_micros(1_573_831));
        assert_eq!(w.capnslog(), "2026-11-22 10:17:01.573831");
        assert_eq!(w.raft_log(), "2026/11/22 10:17:01");
        assert_eq!((w.weekday_abbrev(), w.month_abbrev()), ("Sun", "Nov"));
    }

    #[test]
    fn absurd_instants_clamp_instead_of_panicking() {
        let w = WallClock::from_unix_micros(u64::MAX);
        assert_eq!(w.year, 9999);
    }
}
