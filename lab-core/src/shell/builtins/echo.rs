//! `echo` (`-n`, `-e`, `-E`) and `printf` (`%s %d %i %c %x %o %b %%`, widths, `-` flag,
//! the format reused while arguments remain).

use crate::shell::escape::unescape;
use crate::shell::interp::{Flow, Interp};
use crate::shell::io::Io;
use crate::shell::os::{Os, Stream};

pub(super) fn echo<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let (mut newline, mut escapes, mut rest) = (true, false, args);
    while let Some((flag, tail)) = rest.split_first() {
        let letters = flag
            .strip_prefix('-')
            .filter(|l| !l.is_empty() && l.chars().all(|c| "neE".contains(c)));
        let Some(letters) = letters else { break };
        for c in letters.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = tail;
    }
    let mut text = rest.join(" ");
    let mut stop = false;
    if escapes {
        (text, stop) = unescape(&text, false);
    }
    if newline && !stop {
        text.push('\n');
    }
    io.write(&interp.os, Stream::Stdout, text.as_bytes());
    interp.status(0)
}

pub(super) fn printf<O: Os>(interp: &mut Interp<O>, args: &[String], io: &mut Io) -> Flow {
    let Some((format, mut rest)) = args.split_first() else {
        // bash prints a builtin's usage line without its own name in front.
        io.write(
            &interp.os,
            Stream::Stderr,
            b"printf: usage: printf [-v var] format [arguments]\n",
        );
        return interp.status(2);
    };
    let mut out = String::new();
    let mut status = 0;
    loop {
        let used = format_once(format, rest, &mut out, &mut status);
        rest = rest.get(used..).unwrap_or_default();
        if used == 0 || rest.is_empty() {
            break;
        }
    }
    io.write(&interp.os, Stream::Stdout, out.as_bytes());
    interp.status(status)
}

/// One pass over the format; returns how many arguments it consumed.
fn format_once(format: &str, args: &[String], out: &mut String, status: &mut i32) -> usize {
    let (text, _) = unescape(format, false);
    let mut chars = text.chars().peekable();
    let mut used = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '-' || d == '.' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let Some(conv) = chars.next() else {
            out.push('%');
            break;
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = args.get(used).map(String::as_str).unwrap_or_default();
        used = used.saturating_add(1);
        let body = convert(conv, arg, status);
        out.push_str(&pad(&body, &spec));
    }
    used
}

fn convert(conv: char, arg: &str, status: &mut i32) -> String {
    let mut number = || -> i64 {
        if arg.is_empty() {
            return 0;
        }
        arg.parse::<i64>().unwrap_or_else(|_| {
            *status = 1;
            0
        })
    };
    match conv {
        'd' | 'i' => number().to_string(),
        'x' => format!("{:x}", number()),
        'o' => format!("{:o}", number()),
        'c' => arg.chars().next().map(String::from).unwrap_or_default(),
        'b' => unescape(arg, false).0,
        _ => arg.to_string(),
    }
}

/// Width (`%5s`, `%-10s`); precision truncates strings (`%.3s`).
fn pad(body: &str, spec: &str) -> String {
    let left = spec.starts_with('-');
    let spec = spec.trim_start_matches('-');
    let (width, precision) = match spec.split_once('.') {
        Some((w, p)) => (w, p.parse::<usize>().ok()),
        None => (spec, None),
    };
    let body: String = match precision {
        Some(p) => body.chars().take(p).collect(),
        None => body.to_string(),
    };
    let width = width.parse::<usize>().unwrap_or(0).min(4096);
    let fill = width.saturating_sub(body.chars().count());
    let spaces = " ".repeat(fill);
    if left {
        format!("{body}{spaces}")
    } else {
        format!("{spaces}{body}")
    }
}
