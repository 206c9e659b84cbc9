//! `journalctl` argv (`-u UNIT`, `-f`, `-n N`/`--lines=N`, `-e`, `-x`, `--no-pager`, `-l`,
//! `--since`/`--until`, `-b`) → a [`JournalQuery`], and its output in systemd 219's short
//! format with the `-- Logs begin at … --` header.

use thiserror::Error;

use super::journal::Journal;
use super::output::CmdOutput;
use super::systemctl::mangle_unit_name;
use super::time_span::parse_time_span;
use super::timestamp::format_timestamp;

const USEC_PER_DAY: u64 = 86_400_000_000;

/// What `journalctl` was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JournalQuery {
    pub units: Vec<String>,
    /// `-f`: print the last 10 lines, then keep following (the host streams new lines).
    pub follow: bool,
    /// `-n`: the newest N lines; `None` is all.
    pub lines: Option<usize>,
    /// `-e`: jump to the end (implies `-n 1000`).
    pub pager_end: bool,
    pub catalog: bool,
    pub since_us: Option<u64>,
    pub until_us: Option<u64>,
}

/// A bad `journalctl` argument.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JournalctlError {
    #[error("Failed to parse timestamp: {0}")]
    Timestamp(String),
    #[error("Failed to parse lines '{0}'")]
    Lines(String),
    #[error("journalctl: unrecognized option '{0}'")]
    Option(String),
    #[error("journalctl: option '{0}' requires an argument")]
    Missing(String),
}

/// Parses `journalctl ARGS` at `now_us` (relative `--since` forms need it).
pub fn parse_journalctl(args: &[&str], now_us: u64) -> Result<JournalQuery, JournalctlError> {
    let mut query = JournalQuery::default();
    let mut rest = args.iter().copied().peekable();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg, None),
        };
        let mut value = || {
            inline
                .or_else(|| rest.next())
                .ok_or_else(|| JournalctlError::Missing(name.to_string()))
        };
        match name {
            "-u" | "--unit" => query.units.push(mangle_unit_name(value()?)),
            "-f" | "--follow" => query.follow = true,
            "-e" | "--pager-end" => query.pager_end = true,
            "-x" | "--catalog" => query.catalog = true,
            "--no-pager" | "-l" | "--full" | "-b" | "--boot" | "-a" | "--all" | "-q"
            | "--quiet" => {}
            "--since" | "-S" => query.since_us = Some(parse_when(value()?, now_us)?),
            "--until" | "-U" => query.until_us = Some(parse_when(value()?, now_us)?),
            "-n" | "--lines" => {
                let given =
                    inline.or_else(|| rest.next_if(|a| a.chars().all(|c| c.is_ascii_digit())));
                query.lines = Some(match given {
                    Some(n) => n
                        .parse()
                        .map_err(|_| JournalctlError::Lines(n.to_string()))?,
                    None => 10,
                });
            }
            _ if arg.starts_with("-n") => {
                let n = arg.get(2..).unwrap_or("");
                query.lines = Some(
                    n.parse()
                        .map_err(|_| JournalctlError::Lines(n.to_string()))?,
                );
            }
            _ if arg.starts_with("-u") && arg.len() > 2 => query
                .units
                .push(mangle_unit_name(arg.get(2..).unwrap_or(""))),
            _ => return Err(JournalctlError::Option(arg.to_string())),
        }
    }
    Ok(query)
}

/// `now`, `today`, `yesterday`, `YYYY-MM-DD [HH:MM[:SS]]`, `-5min`, `5 min ago`.
fn parse_when(text: &str, now_us: u64) -> Result<u64, JournalctlError> {
    let bad = || JournalctlError::Timestamp(text.to_string());
    let midnight = now_us - now_us % USEC_PER_DAY;
    match text {
        "now" => return Ok(now_us),
        "today" => return Ok(midnight),
        "yesterday" => return Ok(midnight.saturating_sub(USEC_PER_DAY)),
        _ => {}
    }
    let relative = text.strip_prefix('-').or_else(|| text.strip_suffix(" ago"));
    if let Some(span) = relative {
        let span = parse_time_span(span)
            .map_err(|_| bad())?
            .as_micros()
            .ok_or_else(bad)?;
        return Ok(now_us.saturating_sub(span));
    }
    let (date, clock) = text.split_once(' ').unwrap_or((text, "00:00:00"));
    let numbers =
        |t: &str, sep: char| -> Option<Vec<u32>> { t.split(sep).map(|p| p.parse().ok()).collect() };
    let (Some(d), Some(c)) = (numbers(date, '-'), numbers(clock, ':')) else {
        return Err(bad());
    };
    let (&[y, mo, day], [h, mi, rest @ ..]) = (d.as_slice(), c.as_slice()) else {
        return Err(bad());
    };
    let month = time::Month::try_from(u8::try_from(mo).map_err(|_| bad())?).map_err(|_| bad())?;
    let date = time::Date::from_calendar_date(
        i32::try_from(y).map_err(|_| bad())?,
        month,
        u8::try_from(day).map_err(|_| bad())?,
    )
    .map_err(|_| bad())?;
    let sec = rest.first().copied().unwrap_or(0);
    let at = date
        .with_hms(
            u8::try_from(*h).map_err(|_| bad())?,
            u8::try_from(*mi).map_err(|_| bad())?,
            u8::try_from(sec).map_err(|_| bad())?,
        )
        .map_err(|_| bad())?
        .assume_utc();
    u64::try_from(at.unix_timestamp())
        .ok()
        .and_then(|s| s.checked_mul(1_000_000))
        .ok_or_else(bad)
}

impl JournalQuery {
    /// The output of the query over `journal`.
    pub fn render(&self, journal: &Journal) -> CmdOutput {
        let (Some(first), Some(last)) = (journal.first_us(), journal.last_us()) else {
            return CmdOutput::stdout_lines(&["-- No entries --"]);
        };
        let header = format!(
            "-- Logs begin at {}, end at {}. --",
            format_timestamp(first),
            format_timestamp(last)
        );
        let mut lines: Vec<String> = journal
            .entries()
            .filter(|e| {
                self.units.is_empty() || e.unit.as_ref().is_some_and(|u| self.units.contains(u))
            })
            .filter(|e| {
                self.since_us.is_none_or(|s| e.realtime_us >= s)
                    && self.until_us.is_none_or(|u| e.realtime_us <= u)
            })
            .map(|e| e.short_line())
            .collect();
        let limit = self
            .lines
            .or(if self.pager_end { Some(1_000) } else { None })
            .or(if self.follow { Some(10) } else { None });
        if let Some(n) = limit {
            lines.drain(..lines.len().saturating_sub(n));
        }
        if lines.is_empty() {
            lines.push("-- No entries --".to_string());
        }
        lines.insert(0, header);
        CmdOutput::stdout_lines(&lines)
    }
}

#[cfg(test)]
mod tests;
