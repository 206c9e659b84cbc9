//! Go's text syntaxes that etcd's flags inherit: `strconv` numbers and booleans as the
//! `flag` package parses them, `time.Duration` in both directions, and `%q` quoting for
//! error messages. Messages match Go 1.19's (the toolchain etcd 3.4.23 was built with).

use std::fmt;

/// Why a flag value was refused, worded as Go 1.19's `flag` package words it.
pub const PARSE_ERROR: &str = "parse error";
/// A number that does not fit the flag's Go type.
pub const RANGE_ERROR: &str = "value out of range";

/// Longest numeric or duration literal accepted, in bytes; longer input is refused as a
/// parse error before any arithmetic.
const MAX_LITERAL_BYTES: usize = 128;

/// `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Result<bool, &'static str> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(PARSE_ERROR),
    }
}

/// `strconv.ParseUint(s, 0, bits)`: base prefixes `0x`, `0o`, `0b`, a leading `0` for
/// octal, and `_` separators.
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, &'static str> {
    if s.len() > MAX_LITERAL_BYTES || !underscores_ok(s) {
        return Err(PARSE_ERROR);
    }
    let (radix, digits) = split_radix(s);
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(PARSE_ERROR);
    }
    let value = u64::from_str_radix(&digits, radix).map_err(|_| RANGE_ERROR)?;
    let max = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    if value > max {
        return Err(RANGE_ERROR);
    }
    Ok(value)
}

/// `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int(s: &str) -> Result<i64, &'static str> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        _ => (false, s),
    };
    if body.starts_with(['+', '-']) {
        return Err(PARSE_ERROR);
    }
    let magnitude = parse_uint(body, 64)?;
    if negative {
        if magnitude == 1u64 << 63 {
            return Ok(i64::MIN);
        }
        i64::try_from(magnitude)
            .map(|m| -m)
            .map_err(|_| RANGE_ERROR)
    } else {
        i64::try_from(magnitude).map_err(|_| RANGE_ERROR)
    }
}

fn split_radix(s: &str) -> (u32, &str) {
    let lower = s.get(..2).map(str::to_ascii_lowercase);
    match lower.as_deref() {
        Some("0x") => (16, s.get(2..).unwrap_or_default()),
        Some("0o") => (8, s.get(2..).unwrap_or_default()),
        Some("0b") => (2, s.get(2..).unwrap_or_default()),
        _ if s.len() > 1 && s.starts_with('0') => (8, s.get(1..).unwrap_or_default()),
        _ => (10, s),
    }
}

/// Go's `underscoreOK`: `_` only between digits or right after a base prefix.
fn underscores_ok(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let hex = bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1] | 0x20, b'x');
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
    }
    while let Some(&c) = bytes.get(i) {
        i += 1;
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// A Go `time.Duration`: signed nanoseconds, written and read the way Go does (`1h0m0s`,
/// `1.5s`, `100ms`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoDuration(pub i64);

const NANOS_PER: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

impl GoDuration {
    /// Nanoseconds in one second.
    pub const SECOND: i64 = 1_000_000_000;

    /// Builds a duration from whole seconds (saturating).
    pub fn from_secs(secs: i64) -> Self {
        Self(secs.saturating_mul(Self::SECOND))
    }

    /// `time.ParseDuration`; every failure is the flag package's `parse error`.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        if s.len() > MAX_LITERAL_BYTES {
            return Err(PARSE_ERROR);
        }
        let (negative, mut rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        if rest == "0" {
            return Ok(Self(0));
        }
        if rest.is_empty() {
            return Err(PARSE_ERROR);
        }
        let mut total: u64 = 0;
        while !rest.is_empty() {
            let (nanos, tail) = duration_term(rest)?;
            total = total.checked_add(nanos).ok_or(PARSE_ERROR)?;
            rest = tail;
        }
        let limit = if negative {
            1u64 << 63
        } else {
            i64::MAX as u64
        };
        if total > limit {
            return Err(PARSE_ERROR);
        }
        let signed = if negative {
            0i64.wrapping_sub_unsigned(total)
        } else {
            total as i64
        };
        Ok(Self(signed))
    }
}

/// One `<number><unit>` term of a duration: its nanoseconds and the text after it.
fn duration_term(s: &str) -> Result<(u64, &str), &'static str> {
    let int_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (int_part, rest) = s.split_at(int_end);
    let (frac_part, rest) = match rest.strip_prefix('.') {
        Some(r) => {
            let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            r.split_at(end)
        }
        None => ("", rest),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(PARSE_ERROR);
    }
    let unit_end = rest
        .find(|c: char| c == '.' || c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (unit, tail) = rest.split_at(unit_end);
    let scale = NANOS_PER
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, n)| *n)
        .ok_or(PARSE_ERROR)?;
    let whole: u64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().map_err(|_| PARSE_ERROR)?
    };
    let mut nanos = whole.checked_mul(scale).ok_or(PARSE_ERROR)?;
    let mut place = scale;
    for digit in frac_part.bytes().take(20) {
        place /= 10;
        nanos = nanos
            .checked_add(u64::from(digit - b'0') * place)
            .ok_or(PARSE_ERROR)?;
    }
    Ok((nanos, tail))
}

impl fmt::Display for GoDuration {
    /// `time.Duration.String`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let u = self.0.unsigned_abs();
        if u == 0 {
            return f.write_str("0s");
        }
        if u < 1_000_000_000 {
            let (unit, scale) = match u {
                0..1_000 => ("ns", 1),
                1_000..1_000_000 => ("µs", 1_000),
                _ => ("ms", 1_000_000),
            };
            return write!(f, "{sign}{}{unit}", decimal(u, scale));
        }
        let secs = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
        let secs_text = decimal(s * 1_000_000_000 + frac, 1_000_000_000);
        match (h, m) {
            (0, 0) => write!(f, "{sign}{secs_text}s"),
            (0, _) => write!(f, "{sign}{m}m{secs_text}s"),
            _ => write!(f, "{sign}{h}h{m}m{secs_text}s"),
        }
    }
}

/// `value / scale` with the fraction's trailing zeros dropped, as Go's `fmtFrac` does.
fn decimal(value: u64, scale: u64) -> String {
    let whole = value / scale;
    let frac = value % scale;
    if frac == 0 {
        return whole.to_string();
    }
    let width = scale.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Go's `%q` (`strconv.Quote`) for the strings etcd puts in its messages.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%q` on a `[]string`: `["a" "b"]`.
pub fn go_quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| go_quote(s)).collect();
    format!("[{}]", quoted.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_go_base_prefixes_and_refuse_garbage() {
        assert_eq!(parse_uint("100", 64), Ok(100));
        assert_eq!(parse_uint("0x10", 64), Ok(16));
        assert_eq!(parse_uint("010", 64), Ok(8));
        assert_eq!(parse_uint("1_000", 64), Ok(1000));
        assert_eq!(parse_uint("abc", 64), Err(PARSE_ERROR));
        assert_eq!(parse_uint("+5", 64), Err(PARSE_ERROR));
        assert_eq!(parse_uint("-5", 64), Err(PARSE_ERROR));
        assert_eq!(parse_uint("4294967296", 32), Err(RANGE_ERROR));
        assert_eq!(parse_uint("99999999999999999999", 64), Err(RANGE_ERROR));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("-0x10"), Ok(-16));
        assert_eq!(parse_int("--1"), Err(PARSE_ERROR));
    }

    #[test]
    fn durations_read_and_print_like_go() {
        assert_eq!(GoDuration::parse("5s"), Ok(GoDuration(5_000_000_000)));
        assert_eq!(GoDuration::parse("1.5h"), Ok(GoDuration(5_400_000_000_000)));
        assert_eq!(GoDuration::parse("100ms"), Ok(GoDuration(100_000_000)));
        assert_eq!(GoDuration::parse("5"), Err(PARSE_ERROR));
        assert_eq!(GoDuration::parse(""), Err(PARSE_ERROR));
        assert_eq!(GoDuration(7_200_000_000_000).to_string(), "2h0m0s");
        assert_eq!(GoDuration(1_500_000_000).to_string(), "1.5s");
        assert_eq!(GoDuration(100_000_000).to_string(), "100ms");
        assert_eq!(GoDuration(0).to_string(), "0s");
        assert_eq!(GoDuration(-90_000_000_000).to_string(), "-1m30s");
    }

    #[test]
    fn quoting_escapes_like_strconv_quote() {
        assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(go_quote_list(&["x".into(), "y".into()]), "[\"x\" \"y\"]");
    }
}
