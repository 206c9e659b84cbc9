//! Go's text formats that etcdctl's output is made of: `%q` quoting, `time.Duration`
//! printing and parsing, go-humanize's byte sizes, zap's ISO 8601 timestamps, and the hex
//! forms of `--hex`.

use std::fmt::Write as _;

/// Nanoseconds per unit, for durations.
const NANOS_PER_MICRO: u64 = 1_000;
const NANOS_PER_MILLI: u64 = 1_000_000;
const NANOS_PER_SEC: u64 = 1_000_000_000;

/// Go's `strconv.Quote` of a byte string (as `%q` of `string(bytes)` prints it).
pub(super) fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_add(2));
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_quoted_char(&mut out, c);
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}

fn push_quoted_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        // Go's IsPrint: graphic characters plus the ASCII space.
        c if c == ' ' || !(c.is_control() || c.is_whitespace()) => out.push(c),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x1_0000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// `--hex` form of a byte string: `\x66\x6f\x6f`.
pub(super) fn hex_escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(4));
    for b in bytes {
        let _ = write!(out, "\\x{b:02x}");
    }
    out
}

/// Go's `time.Duration.String` for a duration in nanoseconds: `5.496037ms`, `2s`, `1m30s`.
pub(super) fn duration_string(nanos: u64) -> String {
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < NANOS_PER_MICRO {
        return format!("{nanos}ns");
    }
    if nanos < NANOS_PER_MILLI {
        return format!("{}µs", decimal(nanos, NANOS_PER_MICRO));
    }
    if nanos < NANOS_PER_SEC {
        return format!("{}ms", decimal(nanos, NANOS_PER_MILLI));
    }
    let secs = nanos / NANOS_PER_SEC;
    let frac = nanos % NANOS_PER_SEC;
    let (hours, minutes, seconds) = (secs / 3600, (secs / 60) % 60, secs % 60);
    let secs_text = decimal(seconds * NANOS_PER_SEC + frac, NANOS_PER_SEC);
    match (hours, minutes) {
        (0, 0) => format!("{secs_text}s"),
        (0, m) => format!("{m}m{secs_text}s"),
        (h, m) => format!("{h}h{m}m{secs_text}s"),
    }
}

/// `value / unit` with the fraction's trailing zeros dropped (`5.496037`, `2`).
fn decimal(value: u64, unit: u64) -> String {
    let whole = value / unit;
    let frac = value % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = unit.ilog10() as usize;
    let frac_text = format!("{frac:0digits$}");
    format!("{whole}.{}", frac_text.trim_end_matches('0'))
}

/// Go's `time.ParseDuration`, in nanoseconds; negative durations are refused (no etcdctl
/// timeout can use one). The error is Go's text.
pub(super) fn parse_duration(text: &str) -> Result<u64, String> {
    let invalid = || format!("time: invalid duration {}", quote(text.as_bytes()));
    let mut rest = text.strip_prefix('+').unwrap_or(text);
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() || rest.starts_with('-') {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        if number.is_empty() || number == "." {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => {
                return Err(format!(
                    "time: missing unit in duration {}",
                    quote(text.as_bytes())
                ));
            }
            other => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote(other.as_bytes()),
                    quote(text.as_bytes())
                ));
            }
        };
        total += value * scale;
        rest = next;
    }
    // Go refuses what overflows an int64 of nanoseconds.
    if !total.is_finite() || total > i64::MAX as f64 {
        return Err(invalid());
    }
    Ok(total as u64)
}

/// go-humanize's `Bytes`: SI units, one decimal below 10 (`20 kB`, `22 MB`, `9.5 kB`).
pub(super) fn humanize_bytes(size: u64) -> String {
    const SIZES: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if size < 10 {
        return format!("{size} B");
    }
    let exponent = (size as f64).log10().div_euclid(3.0).floor();
    let suffix = SIZES.get(exponent as usize).copied().unwrap_or("EB");
    let value = ((size as f64) / 1000f64.powf(exponent) * 10.0 + 0.5).floor() / 10.0;
    if value < 10.0 {
        format!("{value:.1} {suffix}")
    } else {
        format!("{value:.0} {suffix}")
    }
}

/// zap's ISO 8601 timestamp in UTC with milliseconds: `2026-11-22T10:17:13.164Z`.
pub(super) fn zap_timestamp(unix_micros: u64) -> String {
    let secs = unix_micros / 1_000_000;
    let millis = (unix_micros % 1_000_000) / 1_000;
    let days = secs / 86_400;
    let day_secs = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        day_secs / 3600,
        (day_secs / 60) % 60,
        day_secs % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// A version-4 UUID from 128 random bits, as clientv3 names its resolver
/// (`f15e1250-3632-4bb4-bfe4-b711cb28493c`).
pub(super) fn uuid_v4(random: u128) -> String {
    uuid::Builder::from_random_bytes(random.to_be_bytes())
        .into_uuid()
        .hyphenated()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_as_go_does() {
        assert_eq!(duration_string(5_496_037), "5.496037ms");
        assert_eq!(duration_string(3_521_190), "3.52119ms");
        assert_eq!(duration_string(2_000_000_000), "2s");
        assert_eq!(duration_string(90_500_000_000), "1m30.5s");
        assert_eq!(duration_string(3_600_000_000_000), "1h0m0s");
        assert_eq!(duration_string(1_500), "1.5µs");
    }

    #[test]
    fn durations_parse_as_go_does() {
        assert_eq!(parse_duration("5s"), Ok(5_000_000_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(
            parse_duration("abc"),
            Err("time: invalid duration \"abc\"".into())
        );
        assert_eq!(
            parse_duration("5"),
            Err("time: missing unit in duration \"5\"".into())
        );
        assert_eq!(
            parse_duration("5x"),
            Err("time: unknown unit \"x\" in duration \"5x\"".into())
        );
    }

    #[test]
    fn sizes_are_humanized_with_go_rounding() {
        assert_eq!(humanize_bytes(20_480), "20 kB");
        assert_eq!(humanize_bytes(24_576), "25 kB");
        assert_eq!(humanize_bytes(22_007_808), "22 MB");
        assert_eq!(humanize_bytes(9_500), "9.5 kB");
        assert_eq!(humanize_bytes(5), "5 B");
    }

    #[test]
    fn timestamps_and_quotes_match_the_reference() {
        // 2026-11-22T10:17:13.164Z
        assert_eq!(
            zap_timestamp(1_795_342_633_164_000),
            "2026-11-22T10:17:13.164Z"
        );
        assert_eq!(quote(b"a\"b\n\xff"), "\"a\\\"b\\n\\xff\"");
        assert_eq!(hex_escaped(b"foo"), "\\x66\\x6f\\x6f");
    }

    #[test]
    fn uuids_are_version_4() {
        let text = uuid_v4(0);
        assert_eq!(text, "00000000-0000-4000-8000-000000000000");
    }
}
