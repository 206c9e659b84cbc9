//! `date`: the simulated host's clock, in UTC, by default as `Sun Nov 22 10:17:00 UTC 2026`
//! or formatted with `+FORMAT` (strftime `%`-codes, `%s` included).

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Utc};

use super::UtilityContext;
use super::args::Spec;
use super::context::quote_curly;

/// GNU date's default format in the C/POSIX locale.
const DEFAULT_FORMAT: &str = "%a %b %e %H:%M:%S %Z %Y";

/// The Unix time `micros` as a UTC date-time (clamped to chrono's range).
pub(crate) fn utc(micros: u64) -> DateTime<Utc> {
    let secs = i64::try_from(micros / 1_000_000).unwrap_or(i64::MAX);
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// `t` formatted with strftime `format`; `None` if the format has an unknown `%`-code.
pub(crate) fn strftime(t: &DateTime<Utc>, format: &str) -> Option<String> {
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return None;
    }
    let mut out = String::new();
    std::fmt::Write::write_fmt(
        &mut out,
        format_args!("{}", t.format_with_items(items.into_iter())),
    )
    .ok()?;
    Some(out)
}

/// `date [-u] [+FORMAT]`.
pub(crate) fn date(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[("utc", 'u', false), ("universal", 'u', false)];
    let spec = Spec {
        cmd: "date",
        flags: "uR",
        valued: "d",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    if let Some(d) = p.value('d') {
        ctx.error("date", &format!("invalid date {}", quote_curly(d)));
        return 1;
    }
    let format = match p.operands.as_slice() {
        [] if p.has('R') => "%a, %d %b %Y %H:%M:%S +0000",
        [] => DEFAULT_FORMAT,
        [f] if f.starts_with('+') => f.get(1..).unwrap_or_default(),
        [f, ..] => {
            ctx.error("date", &format!("invalid date {}", quote_curly(f)));
            return 1;
        }
    };
    match strftime(&utc(ctx.now_unix_micros), format) {
        Some(text) => {
            ctx.print(&format!("{text}\n"));
            0
        }
        None => {
            ctx.error("date", &format!("invalid format {}", quote_curly(format)));
            1
        }
    }
}
