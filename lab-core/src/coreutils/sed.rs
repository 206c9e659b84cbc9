//! `sed`: stream editing with `-n`, `-e`, `-i[SUFFIX]`, `-E`/`-r`, and the commands
//! `s/re/repl/[gpI]` (any delimiter), `d`, `p`, `q`, each optionally addressed by a line
//! number, `$`, `/re/` or a range `A,B` of those.

use super::UtilityContext;
use super::args::Spec;
use super::context::lines;
use crate::vfs::WriteMode;

mod script;

use script::{Address, Command, Op};

/// `sed [-n] [-i[SUFFIX]] [-E] {-e SCRIPT | SCRIPT} [FILE]...`.
pub(crate) fn sed(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    // `-i` takes an optional attached suffix, which getopt cannot express: take it here.
    let (in_place, rest): (Vec<String>, Vec<String>) = args
        .iter()
        .cloned()
        .partition(|a| a.starts_with("-i") || a == "--in-place");
    let long = &[
        ("quiet", 'n', false),
        ("expression", 'e', true),
        ("regexp-extended", 'E', false),
    ];
    let spec = Spec {
        cmd: "sed",
        flags: "nErs",
        valued: "e",
        long,
    };
    let mut p = match spec.parse(&rest, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let mut scripts: Vec<String> = p
        .opts
        .iter()
        .filter(|(c, _)| *c == 'e')
        .map(|(_, v)| v.clone())
        .collect();
    if scripts.is_empty() {
        if p.operands.is_empty() {
            ctx.error_raw(
                "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n",
            );
            return 1;
        }
        scripts.push(p.operands.remove(0));
    }
    let extended = p.has('E') || p.has('r');
    let mut commands = Vec::new();
    for (i, s) in scripts.iter().enumerate() {
        match script::parse(s, extended) {
            Ok(mut c) => commands.append(&mut c),
            Err((pos, msg)) => {
                ctx.error(
                    "sed",
                    &format!("-e expression #{}, char {pos}: {msg}", i + 1),
                );
                return 1;
            }
        }
    }
    let quiet = p.has('n');
    if in_place.is_empty() {
        let files = if p.operands.is_empty() {
            vec!["-".to_string()]
        } else {
            p.operands.clone()
        };
        let mut input = Vec::new();
        let mut status = 0;
        for f in &files {
            match ctx.read_operand_or(f, |n, e| format!("sed: can't read {n}: {e}")) {
                Some(d) => input.extend(d),
                None => status = 2,
            }
        }
        let out = run(&commands, &input, quiet);
        ctx.out(&out);
        return status;
    }
    edit_in_place(
        ctx,
        &p.operands,
        &commands,
        quiet,
        in_place
            .first()
            .and_then(|a| a.strip_prefix("-i"))
            .unwrap_or(""),
    )
}

fn edit_in_place(
    ctx: &mut UtilityContext<'_>,
    files: &[String],
    commands: &[Command],
    quiet: bool,
    suffix: &str,
) -> i32 {
    if files.is_empty() {
        ctx.error("sed", "no input files");
        return 1;
    }
    let mut status = 0;
    for f in files {
        let Some(data) = ctx.read_operand_or(f, |n, e| format!("sed: can't read {n}: {e}")) else {
            status = 2;
            continue;
        };
        let path = ctx.path(f);
        let out = run(commands, &data, quiet);
        let backup = (!suffix.is_empty()).then(|| format!("{path}{suffix}"));
        let result = backup
            .map_or(Ok(()), |b| ctx.fs.write(&b, &data, WriteMode::Truncate))
            .and_then(|()| ctx.fs.write(&path, &out, WriteMode::Truncate));
        if let Err(e) = result {
            ctx.error("sed", &format!("couldn't edit {f}: {e}"));
            status = 4;
        }
    }
    status
}

/// Runs `commands` over `input`, returning the output.
fn run(commands: &[Command], input: &[u8], quiet: bool) -> Vec<u8> {
    let all = lines(input);
    let last = all.len();
    let mut active = vec![false; commands.len()];
    let mut out = Vec::new();
    'lines: for (i, line) in all.into_iter().enumerate() {
        let n = i + 1;
        let mut space = line.to_vec();
        for (c, in_range) in commands.iter().zip(active.iter_mut()) {
            if !selects(c, n, last, &space, in_range) {
                continue;
            }
            match &c.op {
                Op::Delete => continue 'lines,
                Op::Print => push_line(&mut out, &space),
                Op::Quit => {
                    if !quiet {
                        push_line(&mut out, &space);
                    }
                    return out;
                }
                Op::Substitute {
                    re,
                    repl,
                    global,
                    print,
                } => {
                    if let Some(new) = script::substitute(re, repl, *global, &space) {
                        space = new;
                        if *print {
                            push_line(&mut out, &space);
                        }
                    }
                }
            }
        }
        if !quiet {
            push_line(&mut out, &space);
        }
    }
    out
}

fn push_line(out: &mut Vec<u8>, line: &[u8]) {
    if out.len() < super::MAX_OUTPUT_BYTES {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
}

fn matches(a: &Address, n: usize, last: usize, line: &[u8]) -> bool {
    match a {
        Address::Line(k) => *k == n,
        Address::Last => n == last,
        Address::Regex(re) => re.is_match(line),
    }
}

/// Whether command `c` applies to line `n`, tracking an open range in `in_range`.
fn selects(c: &Command, n: usize, last: usize, line: &[u8], in_range: &mut bool) -> bool {
    match (&c.from, &c.to) {
        (None, _) => true,
        (Some(a), None) => matches(a, n, last, line),
        (Some(a), Some(b)) => {
            if *in_range {
                let end = match b {
                    Address::Line(k) => n >= *k,
                    _ => matches(b, n, last, line),
                };
                *in_range = !end;
                true
            } else if matches(a, n, last, line) {
                *in_range = !matches!(b, Address::Line(k) if *k <= n);
                true
            } else {
                false
            }
        }
    }
}
