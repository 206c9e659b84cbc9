//! `base64` and `seq`: generating and re-encoding text.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::UtilityContext;
use super::args::Spec;
use super::context::{quote_curly, quote_shell};

/// `base64 [-d] [-w COLS] [FILE]`: encodes (wrapped at 76 columns) or decodes.
pub(crate) fn base64(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("decode", 'd', false),
        ("wrap", 'w', true),
        ("ignore-garbage", 'i', false),
    ];
    let spec = Spec {
        cmd: "base64",
        flags: "di",
        valued: "w",
        long,
    };
    let p = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let file = p.operands.first().map_or("-", String::as_str);
    let Some(data) = ctx.read_operand("base64", file) else {
        return 1;
    };
    if p.has('d') {
        let clean: Vec<u8> = data
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        return match STANDARD.decode(clean) {
            Ok(bytes) => {
                ctx.out(&bytes);
                0
            }
            Err(_) => {
                ctx.error("base64", "invalid input");
                1
            }
        };
    }
    let wrap: usize = p.value('w').and_then(|w| w.parse().ok()).unwrap_or(76);
    let encoded = STANDARD.encode(&data);
    if wrap == 0 {
        ctx.print(&encoded);
    } else {
        for chunk in encoded.as_bytes().chunks(wrap) {
            ctx.out(chunk);
            ctx.out(b"\n");
        }
    }
    0
}

/// `seq [-s SEP] [FIRST [INCREMENT]] LAST` over integers; stops when stdout is full.
pub(crate) fn seq(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "seq",
        flags: "w",
        valued: "sf",
        long: &[("separator", 's', true)],
    };
    // Negative numbers are operands, not options.
    let (nums, opts): (Vec<String>, Vec<String>) = args
        .iter()
        .cloned()
        .partition(|a| a.starts_with('-') && a.get(1..).is_some_and(|r| r.parse::<i64>().is_ok()));
    let mut p = match spec.parse(&opts, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    p.operands.extend(nums);
    let mut values = Vec::new();
    for op in &p.operands {
        match op.parse::<i64>() {
            Ok(v) => values.push(v),
            Err(_) => {
                return ctx.usage_error(
                    "seq",
                    &format!("invalid floating point argument: {}", quote_curly(op)),
                    1,
                );
            }
        }
    }
    let (first, step, last) = match values.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        [] => return ctx.usage_error("seq", "missing operand", 1),
        [.., extra] => {
            return ctx.usage_error(
                "seq",
                &format!("extra operand {}", quote_shell(&extra.to_string())),
                1,
            );
        }
    };
    if step == 0 {
        return ctx.usage_error(
            "seq",
            &format!("invalid Zero increment value: {}", quote_curly("0")),
            1,
        );
    }
    let sep = p.value('s').unwrap_or("\n").to_string();
    let mut v = first;
    let mut wrote = false;
    while (step > 0 && v <= last) || (step < 0 && v >= last) {
        if ctx.out_full() {
            break;
        }
        ctx.print(&format!("{}{v}", if wrote { sep.as_str() } else { "" }));
        wrote = true;
        match v.checked_add(step) {
            Some(n) => v = n,
            None => break,
        }
    }
    if wrote {
        ctx.print("\n");
    }
    0
}
