//! systemd time spans (`RestartSec=10s`, `TimeoutStartSec=1min 30s`, `infinity`), as
//! `parse_sec()` reads them: components of a number and a unit, summed; a bare number is
//! seconds.

use thiserror::Error;

/// Longest time span text accepted, in bytes: far beyond any real setting.
pub const MAX_TIME_SPAN_BYTES: usize = 256;

const USEC_PER_SEC: u64 = 1_000_000;

/// A parsed time span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpan {
    /// A finite span, in microseconds.
    Finite(u64),
    /// `infinity`: no timeout at all.
    Infinity,
}

impl TimeSpan {
    /// The span in microseconds, or `None` for `infinity`.
    pub fn as_micros(self) -> Option<u64> {
        match self {
            Self::Finite(us) => Some(us),
            Self::Infinity => None,
        }
    }
}

/// Why a time span did not parse; systemd then ignores the setting with a warning.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TimeSpanError {
    #[error("empty time span")]
    Empty,
    #[error("time span longer than {MAX_TIME_SPAN_BYTES} bytes")]
    TooLong,
    #[error("expected a number at '{0}'")]
    NotANumber(String),
    #[error("unknown time unit '{0}'")]
    UnknownUnit(String),
    #[error("time span overflows")]
    Overflow,
}

/// Parses `text` as systemd does for `*Sec=` settings, into microseconds.
pub fn parse_time_span(text: &str) -> Result<TimeSpan, TimeSpanError> {
    if text.len() > MAX_TIME_SPAN_BYTES {
        return Err(TimeSpanError::TooLong);
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeSpanError::Empty);
    }
    if text == "infinity" {
        return Ok(TimeSpan::Infinity);
    }
    let mut rest = text;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let (component, after) = parse_component(rest)?;
        total = total
            .checked_add(component)
            .ok_or(TimeSpanError::Overflow)?;
        rest = after.trim_start();
    }
    Ok(TimeSpan::Finite(total))
}

/// One `<number>[ ]<unit>` component and the text after it.
fn parse_component(text: &str) -> Result<(u64, &str), TimeSpanError> {
    let number_len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, after_number) = text.split_at(number_len);
    if number.is_empty() || number.starts_with('.') {
        return Err(TimeSpanError::NotANumber(text.to_string()));
    }
    let after_number = after_number.trim_start();
    let unit_len = after_number
        .find(|c: char| !(c.is_alphabetic()))
        .unwrap_or(after_number.len());
    let (unit, after) = after_number.split_at(unit_len);
    let per_unit = unit_micros(unit).ok_or_else(|| TimeSpanError::UnknownUnit(unit.to_string()))?;
    Ok((scale(number, per_unit)?, after))
}

/// Microseconds in one `unit`; an empty unit is seconds.
fn unit_micros(unit: &str) -> Option<u64> {
    let seconds: u64 = match unit {
        "usec" | "us" | "µs" => return Some(1),
        "msec" | "ms" => return Some(1_000),
        "" | "seconds" | "second" | "sec" | "s" => 1,
        "minutes" | "minute" | "min" | "m" => 60,
        "hours" | "hour" | "hr" | "h" => 3_600,
        "days" | "day" | "d" => 86_400,
        "weeks" | "week" | "w" => 604_800,
        "months" | "month" | "M" => 2_629_800,
        "years" | "year" | "y" => 31_557_600,
        _ => return None,
    };
    seconds.checked_mul(USEC_PER_SEC)
}

/// `number` (digits with an optional fraction) times `per_unit`, truncated to microseconds.
fn scale(number: &str, per_unit: u64) -> Result<u64, TimeSpanError> {
    let bad = || TimeSpanError::NotANumber(number.to_string());
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.contains('.') {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let mut total = whole.checked_mul(per_unit).ok_or(TimeSpanError::Overflow)?;
    // Fractions beyond 9 digits cannot change a microsecond result of real units.
    let mut divisor: u64 = 1;
    let mut numerator: u64 = 0;
    for digit in fraction.chars().take(9) {
        let value = u64::from(digit.to_digit(10).ok_or_else(bad)?);
        numerator = numerator * 10 + value;
        divisor *= 10;
    }
    let part = u128::from(numerator) * u128::from(per_unit) / u128::from(divisor);
    let part = u64::try_from(part).map_err(|_| TimeSpanError::Overflow)?;
    total = total.checked_add(part).ok_or(TimeSpanError::Overflow)?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_tutorials_use() {
        assert_eq!(parse_time_span("10s"), Ok(TimeSpan::Finite(10_000_000)));
        assert_eq!(parse_time_span("5"), Ok(TimeSpan::Finite(5_000_000)));
        assert_eq!(
            parse_time_span("1min 30s"),
            Ok(TimeSpan::Finite(90_000_000))
        );
        assert_eq!(parse_time_span("1min30s"), Ok(TimeSpan::Finite(90_000_000)));
        assert_eq!(parse_time_span("100ms"), Ok(TimeSpan::Finite(100_000)));
        assert_eq!(parse_time_span("1.5s"), Ok(TimeSpan::Finite(1_500_000)));
        assert_eq!(parse_time_span("2 h"), Ok(TimeSpan::Finite(7_200_000_000)));
        assert_eq!(parse_time_span("infinity"), Ok(TimeSpan::Infinity));
    }

    #[test]
    fn nonsense_is_an_error_not_a_guess() {
        assert_eq!(parse_time_span(""), Err(TimeSpanError::Empty));
        assert!(matches!(
            parse_time_span("10 parsecs"),
            Err(TimeSpanError::UnknownUnit(_))
        ));
        assert!(matches!(
            parse_time_span("s"),
            Err(TimeSpanError::NotANumber(_))
        ));
        assert!(matches!(
            parse_time_span("1.2.3s"),
            Err(TimeSpanError::NotANumber(_))
        ));
        assert_eq!(
            parse_time_span("99999999999999999y"),
            Err(TimeSpanError::Overflow)
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = parse_time_span(&text);
        }
    }
}
