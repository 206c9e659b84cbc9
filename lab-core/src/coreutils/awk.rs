//! `awk`: a documented subset of POSIX awk, enough for the one-liners tutorials pipe into.
//!
//! Supported: `-F SEP` (one character, `\t`, or a regular expression), rules
//! `PATTERN { ACTION }`, `PATTERN` alone, `{ ACTION }`, `BEGIN`/`END`; patterns `/re/`,
//! `!/re/`, comparisons (`NR==2`, `$3 > 10`, `$1 == "x"`), `EXPR ~ /re/`; actions: `print`
//! with fields (`$2`, `$NF`, `$(NF-1)`, `$0`), `NR`, `NF`, string and number literals,
//! `+`/`-`, juxtaposition (concatenation) and `,` (joined by a space), statements separated
//! by `;`. Anything else is refused with a clear error (exit 2), never guessed at.

use regex::bytes::Regex;

use super::UtilityContext;
use super::args::Spec;
use super::context::lines;
use super::pattern::compile;

mod parse;

use parse::{Expr, Program, When};

/// Most fields one record is split into (bounds `$N` lookups and memory).
const MAX_FIELDS: usize = 10_000;

/// `awk [-F SEP] 'PROGRAM' [FILE]...`.
pub(crate) fn awk(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "awk",
        flags: "",
        valued: "Fv",
        long: &[("field-separator", 'F', true)],
    };
    let mut p = match spec.parse(args, ctx, 2) {
        Ok(p) => p,
        Err(status) => return status,
    };
    if p.operands.is_empty() {
        ctx.error_raw("Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\n");
        return 2;
    }
    let source = p.operands.remove(0);
    let program = match parse::parse(&source) {
        Ok(prog) => prog,
        Err(msg) => {
            ctx.error("awk", &format!("cmd. line:1: {source}"));
            ctx.error(
                "awk",
                &format!("cmd. line:1: {msg} (the lab's awk supports a subset)"),
            );
            return 2;
        }
    };
    let sep = match p.value('F').map(field_separator).transpose() {
        Ok(s) => s,
        Err(msg) => {
            ctx.error("awk", &msg);
            return 2;
        }
    };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands
    };
    let mut run = Run {
        program: &program,
        sep,
        nr: 0,
        status: 0,
    };
    run.rules(ctx, Phase::Begin, &[]);
    for f in &files {
        match ctx.read_operand_or(f, |n, e| {
            format!("awk: fatal: cannot open file `{n}' for reading: {e}")
        }) {
            Some(data) => {
                for line in lines(&data) {
                    run.nr += 1;
                    run.rules(ctx, Phase::Record, line);
                }
            }
            None => run.status = 2,
        }
    }
    run.rules(ctx, Phase::End, &[]);
    run.status
}

fn field_separator(sep: &str) -> Result<Regex, String> {
    let text = match sep {
        "t" | "\\t" => "\t".to_string(),
        s if s.chars().count() == 1 => regex::escape(s),
        s => s.to_string(),
    };
    compile(&text, true, false, false, false).map_err(|e| format!("fatal: {e}: /{sep}/"))
}

/// Which rules a run step fires.
#[derive(Clone, Copy)]
enum Phase {
    Begin,
    Record,
    End,
}

struct Run<'p> {
    program: &'p Program,
    sep: Option<Regex>,
    nr: u64,
    status: i32,
}

impl Run<'_> {
    fn rules(&mut self, ctx: &mut UtilityContext<'_>, phase: Phase, line: &[u8]) {
        let fields = self.split(line);
        let rec = Record {
            line,
            fields: &fields,
            nr: self.nr,
        };
        for rule in &self.program.rules {
            let fires = match (&rule.when, phase) {
                (When::Begin, Phase::Begin) | (When::End, Phase::End) => true,
                (When::Always, Phase::Record) => true,
                (When::If(e), Phase::Record) => truthy(&rec.eval(e)),
                _ => false,
            };
            if !fires {
                continue;
            }
            for print in &rule.prints {
                let out: Vec<Vec<u8>> = if print.is_empty() {
                    vec![line.to_vec()]
                } else {
                    print.iter().map(|e| rec.eval(e)).collect()
                };
                ctx.out(&out.join(&b' '));
                ctx.out(b"\n");
            }
        }
    }

    fn split<'l>(&self, line: &'l [u8]) -> Vec<&'l [u8]> {
        let fields: Vec<&[u8]> = match &self.sep {
            None => line
                .split(|b| b.is_ascii_whitespace())
                .filter(|f| !f.is_empty())
                .collect(),
            Some(_) if line.is_empty() => Vec::new(),
            Some(re) => re.split(line).collect(),
        };
        fields.into_iter().take(MAX_FIELDS).collect()
    }
}

struct Record<'a> {
    line: &'a [u8],
    fields: &'a [&'a [u8]],
    nr: u64,
}

fn truthy(v: &[u8]) -> bool {
    !(v.is_empty() || number(v) == Some(0.0))
}

/// The numeric value of `v` if it is entirely a number (awk's "numeric string").
fn number(v: &[u8]) -> Option<f64> {
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

fn format_number(n: f64) -> Vec<u8> {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:.6}")
    }
    .into_bytes()
}

impl Record<'_> {
    fn eval(&self, e: &Expr) -> Vec<u8> {
        match e {
            Expr::Str(s) => s.as_bytes().to_vec(),
            Expr::Num(n) => format_number(*n),
            Expr::Nr => self.nr.to_string().into_bytes(),
            Expr::Nf => self.fields.len().to_string().into_bytes(),
            Expr::Field(i) => {
                let n = number(&self.eval(i)).unwrap_or(0.0);
                match n as usize {
                    0 => self.line.to_vec(),
                    k => self
                        .fields
                        .get(k - 1)
                        .map(|f| f.to_vec())
                        .unwrap_or_default(),
                }
            }
            Expr::Concat(parts) => parts.iter().flat_map(|p| self.eval(p)).collect(),
            Expr::Arith(op, a, b) => {
                let (x, y) = (
                    number(&self.eval(a)).unwrap_or(0.0),
                    number(&self.eval(b)).unwrap_or(0.0),
                );
                format_number(if *op == '+' { x + y } else { x - y })
            }
            Expr::Cmp(op, a, b) => bool_value(compare(op, &self.eval(a), &self.eval(b))),
            Expr::Match(a, re, negate) => bool_value(re.is_match(&self.eval(a)) != *negate),
            Expr::LineMatch(re, negate) => bool_value(re.is_match(self.line) != *negate),
        }
    }
}

fn bool_value(b: bool) -> Vec<u8> {
    if b { b"1".to_vec() } else { b"0".to_vec() }
}

fn compare(op: &str, a: &[u8], b: &[u8]) -> bool {
    let ord = match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.cmp(b),
    };
    match op {
        "==" => ord.is_eq(),
        "!=" => ord.is_ne(),
        "<" => ord.is_lt(),
        "<=" => ord.is_le(),
        ">" => ord.is_gt(),
        _ => ord.is_ge(),
    }
}
