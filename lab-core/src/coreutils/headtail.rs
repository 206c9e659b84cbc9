//! `head` and `tail`: the first or last lines (`-n N`, `-N`, `tail -n +N`) or bytes (`-c N`).

use super::UtilityContext;
use super::args::Spec;
use super::context::{quote_curly, quote_shell};

/// Most bytes or lines a count may ask for; larger counts are clamped (they already exceed
/// any file the lab can hold).
const MAX_COUNT: u64 = 1 << 40;

/// GNU's obsolete `-5` form rewritten to `-n 5`.
fn normalise(args: &[String]) -> Vec<String> {
    args.iter()
        .flat_map(|a| match a.strip_prefix('-') {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                vec!["-n".into(), n.into()]
            }
            _ => vec![a.clone()],
        })
        .collect()
}

/// A parsed count: the number and whether it had a leading `+` (tail: from line N).
fn count(cmd: &str, text: &str, what: &str, ctx: &mut UtilityContext<'_>) -> Option<(u64, bool)> {
    let (from_start, digits) = match text.strip_prefix('+') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('-').unwrap_or(text)),
    };
    match digits.parse::<u64>() {
        Ok(n) => Some((n.min(MAX_COUNT), from_start)),
        Err(_) => {
            ctx.error(
                cmd,
                &format!("invalid number of {what}: {}", quote_curly(text)),
            );
            None
        }
    }
}

fn run(
    cmd: &'static str,
    args: &[String],
    ctx: &mut UtilityContext<'_>,
    pick: fn(&[u8], u64, bool, bool) -> &[u8],
) -> i32 {
    let long = &[
        ("lines", 'n', true),
        ("bytes", 'c', true),
        ("quiet", 'q', false),
        ("follow", 'f', false),
    ];
    let spec = Spec {
        cmd,
        flags: "qvf",
        valued: "nc",
        long,
    };
    let p = match spec.parse(&normalise(args), ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let bytes = p
        .opts
        .iter()
        .rev()
        .find(|(c, _)| *c == 'n' || *c == 'c')
        .is_some_and(|(c, _)| *c == 'c');
    let text = p.value(if bytes { 'c' } else { 'n' }).unwrap_or("10");
    let Some((n, from_start)) = count(cmd, text, if bytes { "bytes" } else { "lines" }, ctx) else {
        return 1;
    };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let headers = (files.len() > 1 || p.has('v')) && !p.has('q');
    let mut status = 0;
    for (i, f) in files.iter().enumerate() {
        let msg =
            |name: &str, e| format!("{cmd}: cannot open {} for reading: {e}", quote_shell(name));
        let Some(data) = ctx.read_operand_or(f, msg) else {
            status = 1;
            continue;
        };
        if headers {
            let name = if f == "-" { "standard input" } else { f };
            ctx.print(&format!(
                "{}==> {name} <==\n",
                if i > 0 { "\n" } else { "" }
            ));
        }
        ctx.out(pick(&data, n, from_start, bytes));
    }
    status
}

/// Byte offset after the first `n` lines of `data`.
fn after_lines(data: &[u8], n: u64) -> usize {
    if n == 0 {
        return 0;
    }
    let mut seen = 0u64;
    for (i, b) in data.iter().enumerate() {
        if *b == b'\n' {
            seen += 1;
            if seen == n {
                return i + 1;
            }
        }
    }
    data.len()
}

fn head_pick(data: &[u8], n: u64, _: bool, bytes: bool) -> &[u8] {
    let end = if bytes {
        usize::try_from(n).unwrap_or(usize::MAX).min(data.len())
    } else {
        after_lines(data, n)
    };
    data.get(..end).unwrap_or(data)
}

fn tail_pick(data: &[u8], n: u64, from_start: bool, bytes: bool) -> &[u8] {
    let n_usize = usize::try_from(n).unwrap_or(usize::MAX);
    let start = match (bytes, from_start) {
        (true, true) => n_usize.saturating_sub(1).min(data.len()),
        (true, false) => data.len().saturating_sub(n_usize),
        (false, true) => after_lines(data, n.saturating_sub(1)),
        (false, false) => {
            let total = data.iter().filter(|&&b| b == b'\n').count() as u64
                + u64::from(!data.is_empty() && !data.ends_with(b"\n"));
            after_lines(data, total.saturating_sub(n))
        }
    };
    data.get(start..).unwrap_or_default()
}

/// `head [-n N | -N | -c N] [FILE]...`.
pub(crate) fn head(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    run("head", args, ctx, head_pick)
}

/// `tail [-n [+]N | -N | -c N] [FILE]...` (`-f` is accepted and ignored: the lab's
/// commands finish).
pub(crate) fn tail(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    run("tail", args, ctx, tail_pick)
}
