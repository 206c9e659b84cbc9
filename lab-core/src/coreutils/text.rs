//! `wc` and `tr`.

use super::UtilityContext;
use super::args::Spec;
use super::context::{quote_curly, quote_shell};

/// `wc [-l] [-w] [-c] [-m] [FILE]...` with GNU's column widths and a `total` line.
pub(crate) fn wc(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("lines", 'l', false),
        ("words", 'w', false),
        ("bytes", 'c', false),
        ("chars", 'm', false),
    ];
    let spec = Spec {
        cmd: "wc",
        flags: "lwcm",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let mut cols: Vec<char> = "lwmc".chars().filter(|c| p.has(*c)).collect();
    if cols.is_empty() {
        cols = vec!['l', 'w', 'c'];
    }
    let stdin_only = p.operands.is_empty();
    let files = if stdin_only {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut rows: Vec<(Vec<u64>, String)> = Vec::new();
    let mut status = 0;
    let mut total_bytes = 0usize;
    for f in &files {
        let Some(data) = ctx.read_operand("wc", f) else {
            status = 1;
            continue;
        };
        total_bytes = total_bytes.saturating_add(data.len());
        let text = String::from_utf8_lossy(&data);
        let counts = cols.iter().map(|c| match c {
            'l' => data.iter().filter(|&&b| b == b'\n').count() as u64,
            'w' => data
                .split(|b| b.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .count() as u64,
            'm' => text.chars().count() as u64,
            _ => data.len() as u64,
        });
        rows.push((
            counts.collect(),
            if stdin_only { String::new() } else { f.clone() },
        ));
    }
    if rows.len() > 1 {
        let totals = (0..cols.len())
            .map(|i| rows.iter().filter_map(|(c, _)| c.get(i)).sum())
            .collect();
        rows.push((totals, "total".into()));
    }
    // GNU sizes columns from the inputs' total byte count, not from the counts shown.
    let widest = total_bytes.to_string().len();
    let width = match (cols.len(), files.len()) {
        (1, 1) => 0,
        _ if files.iter().any(|f| f == "-") => widest.max(7),
        _ => widest,
    };
    for (counts, name) in rows {
        let mut line: Vec<String> = counts.iter().map(|n| format!("{n:>width$}")).collect();
        if !name.is_empty() {
            line.push(name);
        }
        ctx.print(&format!("{}\n", line.join(" ")));
    }
    status
}

/// Expands a `tr` set: ranges (`a-z`), escapes (`\n`, `\t`, `\\`) and classes
/// (`[:upper:]`...). Bytes only; at most 256 distinct values matter, but the expanded
/// list is capped at 4096 entries.
fn expand_set(set: &str) -> Result<Vec<u8>, String> {
    type Class = (&'static str, fn(&u8) -> bool);
    const CLASSES: &[Class] = &[
        ("[:upper:]", u8::is_ascii_uppercase),
        ("[:lower:]", u8::is_ascii_lowercase),
        ("[:digit:]", u8::is_ascii_digit),
        ("[:alpha:]", u8::is_ascii_alphabetic),
        ("[:alnum:]", u8::is_ascii_alphanumeric),
        ("[:space:]", u8::is_ascii_whitespace),
        ("[:punct:]", u8::is_ascii_punctuation),
    ];
    let mut raw = Vec::new();
    let mut rest = set.as_bytes();
    'outer: while let Some(&c) = rest.first() {
        for (name, test) in CLASSES {
            if let Some(r) = rest.strip_prefix(name.as_bytes()) {
                raw.extend((0..=255u8).filter(test));
                rest = r;
                continue 'outer;
            }
        }
        let (byte, used) = match (c, rest.get(1)) {
            (b'\\', Some(_)) => tr_escape(rest),
            _ => (c, 1),
        };
        rest = rest.get(used..).unwrap_or_default();
        if let (Some(b'-'), Some(&end)) = (rest.first(), rest.get(1)) {
            if end < byte {
                let range = format!("{}-{}", byte as char, end as char);
                return Err(format!(
                    "range-endpoints of {} are in reverse collating sequence order",
                    quote_curly(&range)
                ));
            }
            raw.extend(byte..=end);
            rest = rest.get(2..).unwrap_or_default();
        } else {
            raw.push(byte);
        }
        if raw.len() > 4096 {
            break;
        }
    }
    Ok(raw)
}

/// The byte a backslash escape at the start of `rest` stands for, and the bytes it spans:
/// GNU tr's `\n \r \t \a \b \f \v`, octal `\NNN` (up to three digits, at most 0o377), and
/// any other character as itself.
fn tr_escape(rest: &[u8]) -> (u8, usize) {
    let digits = rest
        .iter()
        .skip(1)
        .take(3)
        .take_while(|b| (b'0'..=b'7').contains(b))
        .fold((0u16, 0usize), |(value, n), b| {
            (value * 8 + u16::from(b - b'0'), n + 1)
        });
    if let (value, n @ 1..) = digits
        && let Ok(byte) = u8::try_from(value)
    {
        return (byte, 1 + n);
    }
    let byte = match rest.get(1).copied().unwrap_or(b'\\') {
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'a' => 0x07,
        b'b' => 0x08,
        b'f' => 0x0c,
        b'v' => 0x0b,
        other => other,
    };
    (byte, 2)
}

/// `tr [-d] [-s] SET1 [SET2]`.
pub(crate) fn tr(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[("delete", 'd', false), ("squeeze-repeats", 's', false)];
    let spec = Spec {
        cmd: "tr",
        flags: "dsc",
        valued: "",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let (delete, squeeze) = (p.has('d'), p.has('s'));
    let sets: Result<Vec<Vec<u8>>, String> = p.operands.iter().map(|s| expand_set(s)).collect();
    let sets = match sets {
        Ok(s) => s,
        Err(msg) => {
            ctx.error("tr", &msg);
            return 1;
        }
    };
    let (set1, set2) = match (sets.as_slice(), delete, squeeze) {
        ([], _, _) => return ctx.usage_error("tr", "missing operand", 1),
        ([_], false, false) => {
            let msg = format!(
                "missing operand after {}\nTwo strings must be given when translating.",
                quote_shell(&p.operands.join(" "))
            );
            return ctx.usage_error("tr", &msg, 1);
        }
        ([s1], _, _) => (s1.clone(), Vec::new()),
        ([s1, s2, ..], _, _) => (s1.clone(), s2.clone()),
    };
    let mut map: Vec<Option<u8>> = (0..=255u8).map(Some).collect();
    for (i, &b) in set1.iter().enumerate() {
        if let Some(slot) = map.get_mut(usize::from(b)) {
            *slot = if delete {
                None
            } else {
                set2.get(i).or(set2.last()).copied().or(Some(b))
            };
        }
    }
    let squeeze_set: &[u8] = if set2.is_empty() || (delete && !squeeze) {
        &set1
    } else {
        &set2
    };
    let mut out = Vec::with_capacity(ctx.stdin.len());
    for &b in ctx.stdin {
        let Some(Some(m)) = map.get(usize::from(b)).copied() else {
            continue;
        };
        if squeeze && out.last() == Some(&m) && squeeze_set.contains(&m) {
            continue;
        }
        out.push(m);
    }
    ctx.out(&out);
    0
}
