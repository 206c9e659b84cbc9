//! Wall-clock rendering of Unix microseconds the way systemd 219 and journalctl print them.
//! The simulated hosts keep their clocks in UTC, so every timestamp says `UTC`.

use time::OffsetDateTime;

const USEC_PER_SEC: u64 = 1_000_000;
const USEC_PER_MINUTE: u64 = 60 * USEC_PER_SEC;
const USEC_PER_HOUR: u64 = 60 * USEC_PER_MINUTE;
const USEC_PER_DAY: u64 = 24 * USEC_PER_HOUR;
const USEC_PER_WEEK: u64 = 7 * USEC_PER_DAY;
const USEC_PER_MONTH: u64 = 2_629_800 * USEC_PER_SEC;
const USEC_PER_YEAR: u64 = 31_557_600 * USEC_PER_SEC;

fn datetime(unix_us: u64) -> Option<OffsetDateTime> {
    let nanos = i128::from(unix_us).checked_mul(1_000)?;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

fn weekday_abbrev(at: &OffsetDateTime) -> &'static str {
    match at.weekday() {
        time::Weekday::Monday => "Mon",
        time::Weekday::Tuesday => "Tue",
        time::Weekday::Wednesday => "Wed",
        time::Weekday::Thursday => "Thu",
        time::Weekday::Friday => "Fri",
        time::Weekday::Saturday => "Sat",
        time::Weekday::Sunday => "Sun",
    }
}

fn month_abbrev(at: &OffsetDateTime) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let index = usize::from(u8::from(at.month())).saturating_sub(1);
    NAMES.get(index).copied().unwrap_or("???")
}

/// `Tue 2022-03-01 13:53:39 UTC`, systemd's `format_timestamp()`; `n/a` if out of range.
pub fn format_timestamp(unix_us: u64) -> String {
    let Some(at) = datetime(unix_us) else {
        return "n/a".to_string();
    };
    format!(
        "{} {:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        weekday_abbrev(&at),
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `Mar 01 13:53:39`, the time column of journalctl's short format.
pub fn format_short_time(unix_us: u64) -> String {
    let Some(at) = datetime(unix_us) else {
        return "n/a".to_string();
    };
    format!(
        "{} {:02} {:02}:{:02}:{:02}",
        month_abbrev(&at),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `5s ago`, `2min 3s ago`, `1h 5min ago`…: systemd 219's `format_timestamp_relative()`
/// for an instant `then` seen at `now`. A future instant reads `now`, as in systemd.
pub fn format_relative(then_us: u64, now_us: u64) -> String {
    let d = now_us.saturating_sub(then_us);
    let (y, mo, w, day, h, min, s) = (
        USEC_PER_YEAR,
        USEC_PER_MONTH,
        USEC_PER_WEEK,
        USEC_PER_DAY,
        USEC_PER_HOUR,
        USEC_PER_MINUTE,
        USEC_PER_SEC,
    );
    if d >= y {
        format!("{} years {} months ago", d / y, (d % y) / mo)
    } else if d >= mo {
        format!("{} months {} days ago", d / mo, (d % mo) / day)
    } else if d >= w {
        format!("{} weeks {} days ago", d / w, (d % w) / day)
    } else if d >= 2 * day {
        format!("{} days ago", d / day)
    } else if d >= 25 * h {
        format!("1 day {}h ago", (d - day) / h)
    } else if d >= 6 * h {
        format!("{}h ago", d / h)
    } else if d >= h {
        format!("{}h {}min ago", d / h, (d % h) / min)
    } else if d >= 5 * min {
        format!("{}min ago", d / min)
    } else if d >= min {
        format!("{}min {}s ago", d / min, (d % min) / s)
    } else if d >= s {
        format!("{}s ago", d / s)
    } else if d >= 1_000 {
        format!("{}ms ago", d / 1_000)
    } else if d > 0 {
        format!("{d}us ago")
    } else {
        "now".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tue 2022-03-01 13:53:39 UTC, when seed 000 was posted.
    const POSTED: u64 = 1_646_142_819_000_000;

    #[test]
    fn absolute_forms() {
        assert_eq!(format_timestamp(POSTED), "Tue 2022-03-01 13:53:39 UTC");
        assert_eq!(format_short_time(POSTED), "Mar 01 13:53:39");
        assert_eq!(format_timestamp(u64::MAX), "n/a");
    }

    #[test]
    fn relative_forms_follow_systemds_thresholds() {
        let ago = |secs: u64| format_relative(POSTED, POSTED + secs * USEC_PER_SEC);
        assert_eq!(ago(0), "now");
        assert_eq!(ago(5), "5s ago");
        assert_eq!(ago(123), "2min 3s ago");
        assert_eq!(ago(600), "10min ago");
        assert_eq!(ago(3_900), "1h 5min ago");
        assert_eq!(ago(7 * 3_600), "7h ago");
        assert_eq!(ago(26 * 3_600), "1 day 2h ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
        assert_eq!(ago(9 * 86_400), "1 weeks 2 days ago");
        assert_eq!(format_relative(POSTED, POSTED + 1_500), "1ms ago");
    }
}
