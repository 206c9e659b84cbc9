//! `sort` (`-n -r -u -k N[,M] -t SEP`) and `uniq` (`-c -d -u`).

use std::cmp::Ordering;

use super::UtilityContext;
use super::args::Spec;
use super::context::{lines, quote_curly};

struct Key {
    start: usize,
    end: Option<usize>,
}

/// Parses `-k N[,M]` (character offsets like `2.3` are reduced to their field).
fn parse_key(text: &str) -> Option<Key> {
    let field = |s: &str| {
        s.split('.')
            .next()?
            .trim_end_matches(char::is_alphabetic)
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
    };
    match text.split_once(',') {
        Some((a, b)) => Some(Key {
            start: field(a)?,
            end: Some(field(b)?),
        }),
        None => Some(Key {
            start: field(text)?,
            end: None,
        }),
    }
}

fn key_of<'l>(line: &'l [u8], key: Option<&Key>, sep: Option<u8>) -> &'l [u8] {
    let Some(k) = key else { return line };
    let fields: Vec<(usize, usize)> = match sep {
        Some(s) => {
            let mut v = Vec::new();
            let mut start = 0;
            for (i, &b) in line.iter().enumerate() {
                if b == s {
                    v.push((start, i));
                    start = i + 1;
                }
            }
            v.push((start, line.len()));
            v
        }
        None => {
            let mut v = Vec::new();
            let mut i = 0;
            while i < line.len() {
                let start = i;
                while line.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                while line.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                    i += 1;
                }
                v.push((start, i));
            }
            v
        }
    };
    let Some(&(from, _)) = fields.get(k.start - 1) else {
        return &[];
    };
    let to = k
        .end
        .and_then(|e| fields.get(e - 1))
        .map_or(line.len(), |&(_, e)| e);
    line.get(from..to.max(from)).unwrap_or_default()
}

fn numeric(v: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(v);
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
        .map_or(t.len(), |(i, _)| i);
    t.get(..end).and_then(|n| n.parse().ok()).unwrap_or(0.0)
}

/// `sort [-n] [-r] [-u] [-k N[,M]] [-t SEP] [FILE]...`.
pub(crate) fn sort(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("numeric-sort", 'n', false),
        ("reverse", 'r', false),
        ("unique", 'u', false),
        ("key", 'k', true),
        ("field-separator", 't', true),
    ];
    let spec = Spec {
        cmd: "sort",
        flags: "nrubfsV",
        valued: "kto",
        long,
    };
    let p = match spec.parse(args, ctx, 2) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let key = match p.value('k').map(|k| (k, parse_key(k))) {
        Some((k, None)) => {
            return ctx.usage_error(
                "sort",
                &format!(
                    "invalid number at field start: invalid count at start of {}",
                    quote_curly(k)
                ),
                2,
            );
        }
        Some((_, k)) => k,
        None => None,
    };
    let sep = match p.value('t').map(str::as_bytes) {
        None => None,
        Some([b]) => Some(*b),
        Some(_) => return ctx.usage_error("sort", "multi-character tab", 2),
    };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut data = Vec::new();
    for f in &files {
        match ctx.read_operand_or(f, |n, e| format!("sort: cannot read: {n}: {e}")) {
            Some(d) => data.push(d),
            None => return 2,
        }
    }
    let mut all: Vec<&[u8]> = data.iter().flat_map(|d| lines(d)).collect();
    let (num, fold) = (p.has('n'), p.has('f'));
    let cmp_key = |a: &[u8], b: &[u8]| -> Ordering {
        let (ka, kb) = (key_of(a, key.as_ref(), sep), key_of(b, key.as_ref(), sep));
        if num {
            numeric(ka)
                .partial_cmp(&numeric(kb))
                .unwrap_or(Ordering::Equal)
        } else if fold {
            ka.to_ascii_uppercase().cmp(&kb.to_ascii_uppercase())
        } else {
            ka.cmp(kb)
        }
    };
    all.sort_by(|a, b| {
        let o = cmp_key(a, b);
        let o = if o.is_eq() && !p.has('u') && !p.has('s') {
            a.cmp(b)
        } else {
            o
        };
        if p.has('r') { o.reverse() } else { o }
    });
    if p.has('u') {
        all.dedup_by(|a, b| cmp_key(a, b).is_eq());
    }
    for line in all {
        ctx.out(line);
        ctx.out(b"\n");
    }
    0
}

/// `uniq [-c] [-d] [-u] [INPUT]`: collapses adjacent equal lines.
pub(crate) fn uniq(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("count", 'c', false),
        ("repeated", 'd', false),
        ("unique", 'u', false),
        ("ignore-case", 'i', false),
    ];
    let spec = Spec {
        cmd: "uniq",
        flags: "cdui",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let file = p.operands.first().map_or("-", String::as_str);
    let Some(data) = ctx.read_operand("uniq", file) else {
        return 1;
    };
    let same = |a: &[u8], b: &[u8]| {
        if p.has('i') {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut groups: Vec<(&[u8], u64)> = Vec::new();
    for line in lines(&data) {
        match groups.last_mut() {
            Some((l, n)) if same(l, line) => *n += 1,
            _ => groups.push((line, 1)),
        }
    }
    for (line, n) in groups {
        if (p.has('d') && n < 2) || (p.has('u') && n > 1) {
            continue;
        }
        if p.has('c') {
            ctx.print(&format!("{n:>7} "));
        }
        ctx.out(line);
        ctx.out(b"\n");
    }
    0
}
