//! TTLs of v2 nodes as etcd 3.4 keeps them: an absolute expiration in Unix nanoseconds
//! (computed by the member that took the request, carried through Raft), the remaining
//! `ttl` shown in whole seconds rounded up, the expiration written as Go's `RFC3339Nano` in
//! UTC, and [`TtlOptions`] (etcd's `TTLOptionSet`).

use serde::{Deserialize, Serialize};

use crate::time::{SimTime, WallClock};

/// Nanoseconds in a second.
const NANOS_PER_SEC: i64 = 1_000_000_000;

/// etcd's `minExpireTime`, 2000-01-01T00:00:00Z (unit: Unix nanoseconds): a create whose
/// expiration lies before it makes a permanent node instead.
pub const MIN_EXPIRE_UNIX_NANOS: i64 = 946_684_800 * NANOS_PER_SEC;

/// What a write says about its node's life (etcd's `TTLOptionSet`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TtlOptions {
    /// When the node expires (unit: Unix nanoseconds); `None` makes it permanent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    /// `refresh=true`: keep the value, renew the TTL, tell no watcher.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refresh: bool,
}

impl TtlOptions {
    /// A TTL of `ttl_secs` from `now`; `refresh` as asked.
    pub fn after(now: i64, ttl_secs: u64, refresh: bool) -> Self {
        Self {
            expiration: Some(expiration_after(now, ttl_secs)),
            refresh,
        }
    }
}

/// The lab's wall clock at virtual instant `t` (unit: Unix nanoseconds), as the store's
/// clock reads it.
pub fn unix_nanos(t: SimTime) -> i64 {
    let micros = i64::try_from(WallClock::at(t).unix_micros).unwrap_or(i64::MAX);
    micros.saturating_mul(1_000)
}

/// `clock.Now().Add(time.Duration(ttl) * time.Second).UnixNano()`: Go's int64 arithmetic
/// wraps, so a huge `ttl` lands in the past (or before 2000, which makes a create
/// permanent) exactly as on a real member.
pub fn expiration_after(now: i64, ttl_secs: u64) -> i64 {
    let duration = ttl_secs.cast_signed().wrapping_mul(NANOS_PER_SEC);
    now.wrapping_add(duration)
}

/// Seconds left before `expiration` at `now`, rounded up (etcd's `expirationAndTTL`): 1..n
/// while alive, 0 or less once due and not yet removed by a SYNC.
pub fn remaining_secs(expiration: i64, now: i64) -> i64 {
    let left = i128::from(expiration) - i128::from(now);
    let nanos = i128::from(NANOS_PER_SEC);
    let mut secs = left / nanos;
    if left % nanos > 0 {
        secs += 1;
    }
    i64::try_from(secs).unwrap_or(if secs < 0 { i64::MIN } else { i64::MAX })
}

/// `2026-11-22T10:17:05.5Z`: Go's `time.RFC3339Nano` in UTC (trailing zeros of the fraction
/// dropped, no fraction for a whole second).
pub fn rfc3339_nano(unix_nanos: i64) -> String {
    let secs = unix_nanos.div_euclid(NANOS_PER_SEC);
    let whole = crate::pki::rfc3339(secs);
    let fraction = format!("{:09}", unix_nanos.rem_euclid(NANOS_PER_SEC));
    let fraction = fraction.trim_end_matches('0');
    match whole.strip_suffix('Z') {
        Some(stem) if !fraction.is_empty() => format!("{stem}.{fraction}Z"),
        _ => whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_rounds_up_to_whole_seconds_and_goes_to_zero_when_due() {
        let now = 1_000 * NANOS_PER_SEC;
        assert_eq!(remaining_secs(now + 5 * NANOS_PER_SEC, now), 5);
        assert_eq!(remaining_secs(now + 4 * NANOS_PER_SEC + 1, now), 5);
        assert_eq!(
            remaining_secs(now - 300_000_000, now),
            0,
            "due, not yet synced"
        );
        assert_eq!(remaining_secs(now - 1_300_000_000, now), -1);
    }

    #[test]
    fn expirations_print_as_go_prints_rfc3339_nano() {
        // Recorded: "expiration":"2026-11-23T08:08:32.949826487Z".
        let at = 1_795_421_312 * NANOS_PER_SEC + 949_826_487;
        assert_eq!(rfc3339_nano(at), "2026-11-23T08:08:32.949826487Z");
        assert_eq!(
            rfc3339_nano(at - 949_826_487 + 500_000_000),
            "2026-11-23T08:08:32.5Z"
        );
        assert_eq!(
            rfc3339_nano(at - 949_826_487),
            "2026-11-23T08:08:32Z",
            "a whole second has no fraction"
        );
    }

    #[test]
    fn a_huge_ttl_wraps_as_go_int64_does() {
        // Recorded: ttl=18446744073709551615 answered "ttl":-1 (one second in the past).
        let now = 1_795_421_312 * NANOS_PER_SEC;
        assert_eq!(expiration_after(now, u64::MAX), now - NANOS_PER_SEC);
        assert_eq!(remaining_secs(expiration_after(now, u64::MAX), now), -1);
    }
}
