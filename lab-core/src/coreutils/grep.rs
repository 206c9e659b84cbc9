//! `grep`: print lines matching a pattern (GNU grep's options `-E -F -i -v -q -c -n -o -w
//! -h -H -l -r -s -e`, exit 0 when something matched, 1 when nothing did, 2 on error).

use regex::bytes::Regex;

use super::UtilityContext;
use super::args::{Parsed, Spec};
use super::context::lines;
use super::pattern::compile;

const LONG: &[(&str, char, bool)] = &[
    ("extended-regexp", 'E', false),
    ("fixed-strings", 'F', false),
    ("ignore-case", 'i', false),
    ("invert-match", 'v', false),
    ("quiet", 'q', false),
    ("silent", 'q', false),
    ("count", 'c', false),
    ("line-number", 'n', false),
    ("only-matching", 'o', false),
    ("word-regexp", 'w', false),
    ("no-filename", 'h', false),
    ("with-filename", 'H', false),
    ("recursive", 'r', false),
    ("files-with-matches", 'l', false),
    ("no-messages", 's', false),
    ("regexp", 'e', true),
];

const USAGE: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...\n";

/// `grep [OPTION]... PATTERNS [FILE]...`.
pub(crate) fn grep(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let spec = Spec {
        cmd: "grep",
        flags: "EFGivqcnowhHrRlsx",
        valued: "e",
        long: LONG,
    };
    let before = ctx.stderr.len();
    let mut p = match spec.parse(args, ctx, 2) {
        Ok(p) => p,
        Err(status) => {
            // GNU grep puts its usage line between the complaint and the `Try` line.
            if let Some(end) = ctx.stderr.iter().skip(before).position(|&b| b == b'\n') {
                let at = before + end + 1;
                ctx.stderr.splice(at..at, USAGE.bytes());
            }
            return status;
        }
    };
    let mut patterns: Vec<String> = p
        .opts
        .iter()
        .filter(|(c, _)| *c == 'e')
        .map(|(_, v)| v.clone())
        .collect();
    if patterns.is_empty() {
        if p.operands.is_empty() {
            ctx.error_raw(USAGE);
            return ctx.usage_error_plain("grep", 2);
        }
        patterns.push(p.operands.remove(0));
    }
    let joined: Vec<String> = patterns
        .iter()
        .flat_map(|p| p.split('\n'))
        .map(str::to_string)
        .collect();
    let pattern = if p.has('F') {
        joined.join("\n")
    } else {
        joined.join(if p.has('E') { "|" } else { r"\|" })
    };
    let regex = if p.has('F') {
        let alts: Vec<String> = joined.iter().map(|s| regex::escape(s)).collect();
        compile(&alts.join("|"), true, false, p.has('i'), p.has('w'))
    } else {
        compile(&pattern, p.has('E'), false, p.has('i'), p.has('w'))
    };
    let regex = match regex {
        Ok(r) if p.has('x') => Regex::new(&format!("^(?:{})$", r.as_str())).unwrap_or(r),
        Ok(r) => r,
        Err(msg) => {
            ctx.error("grep", &msg);
            return 2;
        }
    };
    Grep {
        p: &p,
        regex,
        matched: false,
        error: false,
    }
    .run(ctx)
}

struct Grep<'p> {
    p: &'p Parsed,
    regex: Regex,
    matched: bool,
    error: bool,
}

impl Grep<'_> {
    fn run(mut self, ctx: &mut UtilityContext<'_>) -> i32 {
        let recursive = self.p.has('r') || self.p.has('R');
        let mut files = self.p.operands.clone();
        if files.is_empty() {
            files.push(if recursive { ".".into() } else { "-".into() });
        }
        let many = files.len() > 1 || recursive;
        let show_name = (many || self.p.has('H')) && !self.p.has('h');
        for f in &files {
            if self.matched && self.p.has('q') {
                break;
            }
            self.operand(ctx, f, show_name, recursive);
        }
        match (self.matched, self.error) {
            (true, _) if self.p.has('q') => 0,
            (_, true) => 2,
            (true, false) => 0,
            (false, false) => 1,
        }
    }

    fn operand(&mut self, ctx: &mut UtilityContext<'_>, f: &str, show_name: bool, recursive: bool) {
        let path = ctx.path(f);
        if f != "-" && ctx.fs.is_dir(&path) {
            if !recursive {
                self.complain(ctx, &format!("{f}: Is a directory"));
                return;
            }
            let Ok(entries) = ctx.fs.walk(&path, true) else {
                return;
            };
            for (suffix, meta) in entries {
                if meta.is_file() {
                    let name = format!("{}{suffix}", f.trim_end_matches('/'));
                    if let Ok(data) = ctx.fs.read(&format!("{path}{suffix}")) {
                        let data = data.to_vec();
                        self.search(ctx, &name, &data, show_name);
                    }
                }
            }
            return;
        }
        let silent = self.p.has('s');
        let data = if silent {
            ctx.fs.read(&path).ok().map(<[u8]>::to_vec)
        } else {
            ctx.read_operand("grep", f)
        };
        match data {
            Some(d) => {
                let name = if f == "-" { "(standard input)" } else { f };
                self.search(ctx, name, &d, show_name);
            }
            None => self.error = true,
        }
    }

    fn complain(&mut self, ctx: &mut UtilityContext<'_>, msg: &str) {
        self.error = true;
        if !self.p.has('s') {
            ctx.error("grep", msg);
        }
    }

    fn search(&mut self, ctx: &mut UtilityContext<'_>, name: &str, data: &[u8], show_name: bool) {
        let p = self.p;
        let invert = p.has('v');
        let binary = data.contains(&0);
        let mut count = 0u64;
        for (i, line) in lines(data).into_iter().enumerate() {
            if self.regex.is_match(line) == invert {
                continue;
            }
            count += 1;
            self.matched = true;
            if p.has('q') {
                return;
            }
            if p.has('c') || p.has('l') || binary || ctx.out_full() {
                continue;
            }
            let prefix = match (show_name, p.has('n')) {
                (true, true) => format!("{name}:{}:", i + 1),
                (true, false) => format!("{name}:"),
                (false, true) => format!("{}:", i + 1),
                (false, false) => String::new(),
            };
            if p.has('o') && !invert {
                for m in self
                    .regex
                    .find_iter(line)
                    .filter(|m| !m.as_bytes().is_empty())
                {
                    ctx.print(&prefix);
                    ctx.out(m.as_bytes());
                    ctx.out(b"\n");
                }
            } else {
                ctx.print(&prefix);
                ctx.out(line);
                ctx.out(b"\n");
            }
        }
        if p.has('l') {
            if count > 0 {
                ctx.print(&format!("{name}\n"));
            }
        } else if p.has('c') {
            ctx.print(&if show_name {
                format!("{name}:{count}\n")
            } else {
                format!("{count}\n")
            });
        } else if binary && count > 0 {
            ctx.print(&format!("Binary file {name} matches\n"));
        }
    }
}
