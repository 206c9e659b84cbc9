//! Parsing lab scripts: text in, [`Statement`]s out, or the first error with its line.
//!
//! A shell line whose input is not complete yet (an open heredoc, quote or `\`
//! continuation) takes the following lines verbatim, exactly as a terminal would after its
//! `> ` prompt; the caller says when input is complete, so this module does not depend on the
//! shell's grammar.

use std::net::Ipv4Addr;

use thiserror::Error;

use super::statement::{Expectation, Statement, StatementKind};
use crate::time::SimDuration;

/// Longest script accepted (unit: bytes).
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;
/// Most statements in one script.
pub const MAX_STATEMENTS: usize = 10_000;
/// Longest `sleep`, `latency` or other duration (unit: virtual time): one day.
pub const MAX_DURATION: SimDuration = SimDuration::from_secs(86_400);

/// Why a script was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}: {message}")]
pub struct ScriptError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, for a person.
    pub message: String,
}

/// Parses a whole script. `input_complete` tells whether a shell input is complete (the
/// shell's own judgement: quotes, heredocs, continuations).
pub fn parse_script(
    text: &str,
    input_complete: &dyn Fn(&str) -> bool,
) -> Result<Vec<Statement>, ScriptError> {
    if text.len() > MAX_SCRIPT_BYTES {
        return Err(ScriptError {
            line: 1,
            message: format!("script is larger than {MAX_SCRIPT_BYTES} bytes"),
        });
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut statements = Vec::new();
    let mut i = 0;
    while let Some(raw) = lines.get(i) {
        let line = i + 1;
        i += 1;
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if statements.len() >= MAX_STATEMENTS {
            return Err(error(
                line,
                format!("more than {MAX_STATEMENTS} statements"),
            ));
        }
        let kind = if let Some((host, first)) = split_shell_line(raw.trim_start()) {
            let mut input = first.to_owned();
            while !input_complete(&input) {
                let Some(next) = lines.get(i) else {
                    let msg =
                        "shell input never ends (an open quote, heredoc or `\\` continuation)";
                    return Err(error(line, msg.to_owned()));
                };
                input.push('\n');
                input.push_str(next);
                i += 1;
            }
            StatementKind::Shell {
                host: host.to_owned(),
                input,
            }
        } else {
            parse_control(text).map_err(|message| error(line, message))?
        };
        statements.push(Statement { line, kind });
    }
    Ok(statements)
}

fn error(line: usize, message: String) -> ScriptError {
    ScriptError { line, message }
}

/// `NAME$ LINE` or `NAME# LINE` → (NAME, LINE). The prompt character must follow the name
/// directly and be followed by a space or the end of the line.
fn split_shell_line(text: &str) -> Option<(&str, &str)> {
    let end = text.find(['$', '#'])?;
    let (name, rest) = text.split_at(end);
    if !is_name(name) {
        return None;
    }
    let rest = rest.get(1..)?;
    if rest.is_empty() {
        return Some((name, ""));
    }
    rest.strip_prefix(' ').map(|line| (name, line))
}

/// `dns srv NAME PRIORITY WEIGHT PORT TARGET`.
fn parse_dns(args: &[&str]) -> Result<StatementKind, String> {
    const USAGE: &str = "usage: dns srv NAME PRIORITY WEIGHT PORT TARGET";
    let ["srv", owner, priority, weight, port, target] = args else {
        return Err(USAGE.to_owned());
    };
    let number = |s: &str| {
        s.parse::<u16>()
            .map_err(|_| format!("{USAGE}: {s:?} is not 0-65535"))
    };
    let dns_name = |s: &str| {
        let ok = !s.is_empty()
            && s.len() <= 253
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        ok.then(|| s.to_owned())
            .ok_or_else(|| format!("{USAGE}: bad DNS name {s:?}"))
    };
    let record = crate::sim::SrvRecord {
        priority: number(priority)?,
        weight: number(weight)?,
        port: number(port)?,
        target: dns_name(target)?,
    };
    Ok(StatementKind::DnsSrv {
        name: dns_name(owner)?,
        record,
    })
}

/// Host names: letters, digits, `-`, `_` and `.`, at most 63 bytes.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn parse_control(text: &str) -> Result<StatementKind, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (keyword, args) = words.split_first().ok_or("empty statement")?;
    match *keyword {
        "host" => parse_host(args),
        "sleep" => Ok(StatementKind::Sleep(parse_duration(one(
            args,
            "sleep DURATION",
        )?)?)),
        "cut" => parse_cut(args),
        "heal" => match args {
            [] => Ok(StatementKind::Heal(None)),
            [a, b] => Ok(StatementKind::Heal(Some((name(a)?, name(b)?)))),
            _ => Err("usage: heal [A B]".to_owned()),
        },
        "latency" => match args {
            [a, b, d] => Ok(StatementKind::Latency {
                a: name(a)?,
                b: name(b)?,
                latency: parse_duration(d)?,
            }),
            _ => Err("usage: latency A B DURATION".to_owned()),
        },
        "loss" => match args {
            [a, b, p] => Ok(StatementKind::Loss {
                a: name(a)?,
                b: name(b)?,
                percent: parse_percent(p)?,
            }),
            _ => Err("usage: loss A B PERCENT".to_owned()),
        },
        "dns" => parse_dns(args),
        "crash" => Ok(StatementKind::Crash(name(one(args, "crash NAME")?)?)),
        "boot" => Ok(StatementKind::Boot(name(one(args, "boot NAME")?)?)),
        "interrupt" => Ok(StatementKind::Interrupt(name(one(
            args,
            "interrupt NAME",
        )?)?)),
        "eof" => Ok(StatementKind::Eof(name(one(args, "eof NAME")?)?)),
        "typeahead" => parse_typeahead(text),
        "seed" => {
            let n = one(args, "seed N")?;
            n.parse()
                .map(StatementKind::Seed)
                .map_err(|_| format!("seed must be a whole number, not {n:?}"))
        }
        "expect" => parse_expect(text.trim_start_matches("expect").trim()),
        other => Err(format!(
            "unknown statement {other:?} (a shell line is written `HOST$ command`)"
        )),
    }
}

/// `typeahead NAME LINE`: LINE is everything after the name, as typed.
fn parse_typeahead(text: &str) -> Result<StatementKind, String> {
    let rest = text.trim_start_matches("typeahead").trim_start();
    let (host, input) = rest.split_once(' ').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err("usage: typeahead NAME LINE".to_owned());
    }
    Ok(StatementKind::TypeAhead {
        host: name(host)?,
        input: input.to_owned(),
    })
}

fn one<'a>(args: &[&'a str], usage: &str) -> Result<&'a str, String> {
    match args {
        [only] => Ok(only),
        _ => Err(format!("usage: {usage}")),
    }
}

fn name(s: &str) -> Result<String, String> {
    if is_name(s) {
        Ok(s.to_owned())
    } else {
        Err(format!("{s:?} is not a valid name"))
    }
}

fn parse_host(args: &[&str]) -> Result<StatementKind, String> {
    let (host, ip) = match args {
        [host] => (host, None),
        [host, ip] => {
            let ip: Ipv4Addr = ip
                .parse()
                .map_err(|_| format!("{ip:?} is not an IPv4 address"))?;
            (host, Some(ip))
        }
        _ => return Err("usage: host NAME [IPV4]".to_owned()),
    };
    Ok(StatementKind::Host {
        name: name(host)?,
        ip,
    })
}

fn parse_cut(args: &[&str]) -> Result<StatementKind, String> {
    let (from, to, one_way) = match args {
        [a, b] => (a, b, false),
        [a, "->", b] => (a, b, true),
        _ => return Err("usage: cut A B | cut A -> B".to_owned()),
    };
    Ok(StatementKind::Cut {
        from: name(from)?,
        to: name(to)?,
        one_way,
    })
}

fn parse_percent(s: &str) -> Result<u32, String> {
    let digits = s.strip_suffix('%').unwrap_or(s);
    match digits.parse::<u32>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(format!("{s:?} is not a percentage from 0 to 100")),
    }
}

/// `250us`, `500ms`, `2s`, `1m`, `1h`: a whole number and a unit.
pub fn parse_duration(s: &str) -> Result<SimDuration, String> {
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let bad = || format!("{s:?} is not a duration (e.g. 500ms, 2s, 1m)");
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let micros_per_unit: u64 = match unit {
        "us" => 1,
        "ms" => 1_000,
        "s" => 1_000_000,
        "m" => 60_000_000,
        "h" => 3_600_000_000,
        _ => return Err(bad()),
    };
    let d = SimDuration::from_micros(n.saturating_mul(micros_per_unit));
    if d > MAX_DURATION {
        return Err(format!("{s:?} is longer than a day"));
    }
    Ok(d)
}

fn parse_expect(rest: &str) -> Result<StatementKind, String> {
    let usage = "usage: expect leader [NAME] | expect members N | expect output contains \"TEXT\" \
                 | expect output lacks \"TEXT\" | expect exit N";
    let words: Vec<&str> = rest.split_whitespace().collect();
    let expectation = match words.as_slice() {
        ["leader"] => Expectation::Leader(None),
        ["leader", who] => Expectation::Leader(Some(name(who)?)),
        ["members", n] => Expectation::Members(
            n.parse()
                .map_err(|_| format!("{n:?} is not a member count"))?,
        ),
        ["exit", n] => Expectation::Exit(
            n.parse()
                .map_err(|_| format!("{n:?} is not an exit status"))?,
        ),
        ["output", "contains", ..] => Expectation::OutputContains(quoted_tail(rest, "contains")?),
        ["output", "lacks", ..] => Expectation::OutputLacks(quoted_tail(rest, "lacks")?),
        _ => return Err(usage.to_owned()),
    };
    Ok(StatementKind::Expect(expectation))
}

/// The `"TEXT"` after `keyword`, with `\"` and `\\` unescaped.
fn quoted_tail(rest: &str, keyword: &str) -> Result<String, String> {
    let after = rest
        .split_once(keyword)
        .map(|(_, t)| t.trim())
        .unwrap_or_default();
    let inner = after
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|_| after.len() >= 2)
        .ok_or_else(|| format!("expected \"TEXT\" in double quotes after `{keyword}`"))?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => text.push('\n'),
                Some(other) => text.push(other),
                None => text.push('\\'),
            },
            c => text.push(c),
        }
    }
    Ok(text)
}
