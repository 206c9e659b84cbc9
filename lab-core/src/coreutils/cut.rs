//! `cut`: select fields (`-d -f -s`) or characters/bytes (`-c`, `-b`) from each line.

use super::UtilityContext;
use super::args::Spec;
use super::context::{lines, quote_curly};

/// Inclusive 1-based ranges; `usize::MAX` stands for "to the end of the line".
type Ranges = Vec<(usize, usize)>;

/// Parses `1,3-4,6-` style lists; `None` if malformed.
fn parse_list(list: &str) -> Option<Ranges> {
    let mut out = Vec::new();
    for part in list.split(',') {
        let num = |s: &str, default: usize| {
            if s.is_empty() {
                Some(default)
            } else {
                s.parse::<usize>().ok().filter(|&n| n > 0)
            }
        };
        let range = match part.split_once('-') {
            Some(("", "")) => return None,
            Some((a, b)) => (num(a, 1)?, num(b, usize::MAX)?),
            None => (num(part, 0).filter(|&n| n > 0)?, num(part, 0)?),
        };
        if range.0 > range.1 {
            return None;
        }
        out.push(range);
    }
    Some(out)
}

fn selected(ranges: &Ranges, i: usize) -> bool {
    ranges.iter().any(|&(a, b)| a <= i && i <= b)
}

/// `cut -d DELIM -f LIST [-s] [FILE]...` or `cut -c LIST [FILE]...`.
pub(crate) fn cut(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("delimiter", 'd', true),
        ("fields", 'f', true),
        ("characters", 'c', true),
    ];
    let spec = Spec {
        cmd: "cut",
        flags: "sn",
        valued: "dfcb",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let (list, by_field) = match (p.value('f'), p.value('c').or(p.value('b'))) {
        (Some(f), None) => (f, true),
        (None, Some(c)) => (c, false),
        (Some(_), Some(_)) => {
            return ctx.usage_error("cut", "only one type of list may be specified", 1);
        }
        (None, None) => {
            return ctx.usage_error(
                "cut",
                "you must specify a list of bytes, characters, or fields",
                1,
            );
        }
    };
    let Some(ranges) = parse_list(list) else {
        return ctx.usage_error(
            "cut",
            &format!("invalid field value {}", quote_curly(list)),
            1,
        );
    };
    let delim = p.value('d').unwrap_or("\t");
    let [delim] = delim.as_bytes() else {
        return ctx.usage_error("cut", "the delimiter must be a single character", 1);
    };
    if !by_field && p.has('d') {
        let msg = "an input delimiter may be specified only when operating on fields";
        return ctx.usage_error("cut", msg, 1);
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut status = 0;
    for f in &files {
        let Some(data) = ctx.read_operand("cut", f) else {
            status = 1;
            continue;
        };
        for line in lines(&data) {
            if by_field {
                if !line.contains(delim) {
                    if !p.has('s') {
                        ctx.out(line);
                        ctx.out(b"\n");
                    }
                    continue;
                }
                let picked: Vec<&[u8]> = line
                    .split(|b| b == delim)
                    .enumerate()
                    .filter(|(i, _)| selected(&ranges, i + 1))
                    .map(|(_, f)| f)
                    .collect();
                ctx.out(&picked.join(&[*delim][..]));
            } else {
                let picked: Vec<u8> = line
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| selected(&ranges, i + 1))
                    .map(|(_, b)| *b)
                    .collect();
                ctx.out(&picked);
            }
            ctx.out(b"\n");
        }
    }
    status
}
