//! Parsing sed scripts of the supported subset, and the `s` command's replacement.

use regex::bytes::Regex;

use super::super::pattern::compile;

/// Most commands in one script (bounds parsing work).
const MAX_COMMANDS: usize = 1_000;

/// A line address.
pub(crate) enum Address {
    Line(usize),
    Last,
    Regex(Regex),
}

/// What a command does.
pub(crate) enum Op {
    Substitute {
        re: Regex,
        repl: Vec<u8>,
        global: bool,
        print: bool,
    },
    Delete,
    Print,
    Quit,
}

/// One command with its optional address or range.
pub(crate) struct Command {
    pub(crate) from: Option<Address>,
    pub(crate) to: Option<Address>,
    pub(crate) op: Op,
}

struct Cursor<'s> {
    chars: Vec<char>,
    pos: usize,
    extended: bool,
    _src: &'s str,
}

type Failure = (usize, String);

/// Parses `script`; the error is GNU's (1-based char position, message).
pub(crate) fn parse(script: &str, extended: bool) -> Result<Vec<Command>, Failure> {
    let mut c = Cursor {
        chars: script.chars().collect(),
        pos: 0,
        extended,
        _src: script,
    };
    let mut out = Vec::new();
    loop {
        c.skip(|ch| ch.is_whitespace() || ch == ';');
        if c.peek().is_none() {
            return Ok(out);
        }
        if out.len() >= MAX_COMMANDS {
            return Err((c.pos, "too many commands".into()));
        }
        out.push(c.command()?);
    }
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek();
        self.pos += 1;
        ch
    }

    fn skip(&mut self, f: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
    }

    fn fail<T>(&self, msg: &str) -> Result<T, Failure> {
        Err((self.pos.min(self.chars.len()), msg.to_string()))
    }

    fn command(&mut self) -> Result<Command, Failure> {
        let from = self.address()?;
        let to = if from.is_some() && self.peek() == Some(',') {
            self.pos += 1;
            match self.address()? {
                Some(a) => Some(a),
                None => return self.fail("unexpected `,'"),
            }
        } else {
            None
        };
        self.skip(char::is_whitespace);
        let op = match self.next() {
            Some('d') => Op::Delete,
            Some('p') => Op::Print,
            Some('q') => Op::Quit,
            Some('s') => self.substitute()?,
            None => return self.fail("missing command"),
            Some(_) => return self.fail("unknown command"),
        };
        self.skip(|ch| ch == ' ' || ch == '\t');
        match self.peek() {
            None | Some(';' | '\n' | '}') => Ok(Command { from, to, op }),
            Some(_) => self.fail("extra characters after command"),
        }
    }

    fn address(&mut self) -> Result<Option<Address>, Failure> {
        match self.peek() {
            Some('$') => {
                self.pos += 1;
                Ok(Some(Address::Last))
            }
            Some(d) if d.is_ascii_digit() => {
                let start = self.pos;
                self.skip(|ch| ch.is_ascii_digit());
                let text: String = self
                    .chars
                    .get(start..self.pos)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                match text.parse::<usize>() {
                    Ok(0) | Err(_) => self.fail("invalid usage of line address 0"),
                    Ok(n) => Ok(Some(Address::Line(n))),
                }
            }
            Some('/') => {
                self.pos += 1;
                let re = self.delimited('/', "unterminated address regex")?;
                Ok(Some(Address::Regex(self.regex(&re)?)))
            }
            _ => Ok(None),
        }
    }

    /// Text up to the unescaped `delim`; `\delim` becomes `delim`.
    fn delimited(&mut self, delim: char, unterminated: &str) -> Result<String, Failure> {
        let mut out = String::new();
        loop {
            match self.next() {
                None => return self.fail(unterminated),
                Some(ch) if ch == delim => return Ok(out),
                Some('\\') => match self.next() {
                    Some(ch) if ch == delim => out.push(ch),
                    Some('n') => out.push('\n'),
                    Some(ch) => {
                        out.push('\\');
                        out.push(ch);
                    }
                    None => return self.fail(unterminated),
                },
                Some(ch) => out.push(ch),
            }
        }
    }

    fn regex(&self, text: &str) -> Result<Regex, Failure> {
        compile(text, self.extended, false, false, false).map_err(|m| (self.pos, m))
    }

    fn substitute(&mut self) -> Result<Op, Failure> {
        let Some(delim) = self.next().filter(|d| *d != '\n' && *d != '\\') else {
            return self.fail("unterminated `s' command");
        };
        let pattern = self.delimited(delim, "unterminated `s' command")?;
        let repl = self.delimited(delim, "unterminated `s' command")?;
        let (mut global, mut print, mut icase) = (false, false, false);
        while let Some(f) = self.peek() {
            match f {
                'g' => global = true,
                'p' => print = true,
                'I' | 'i' => icase = true,
                ';' | '\n' | '}' | ' ' => break,
                _ => return self.fail("unknown option to `s'"),
            }
            self.pos += 1;
        }
        let re =
            compile(&pattern, self.extended, false, icase, false).map_err(|m| (self.pos, m))?;
        Ok(Op::Substitute {
            re,
            repl: repl.into_bytes(),
            global,
            print,
        })
    }
}

/// `line` with the first (or every) match of `re` replaced by `repl`, where `&` is the match
/// and `\1`..`\9` its groups; `None` if nothing matched.
pub(crate) fn substitute(re: &Regex, repl: &[u8], global: bool, line: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(line.len());
    let mut last = 0;
    let mut any = false;
    for caps in re.captures_iter(line) {
        let Some(m) = caps.get(0) else { continue };
        any = true;
        out.extend_from_slice(line.get(last..m.start()).unwrap_or_default());
        expand(repl, &caps, &mut out);
        last = m.end();
        if !global {
            break;
        }
    }
    if !any {
        return None;
    }
    out.extend_from_slice(line.get(last..).unwrap_or_default());
    Some(out)
}

fn expand(repl: &[u8], caps: &regex::bytes::Captures<'_>, out: &mut Vec<u8>) {
    let mut it = repl.iter();
    while let Some(&b) = it.next() {
        match b {
            b'&' => out.extend_from_slice(caps.get(0).map_or(&[][..], |m| m.as_bytes())),
            b'\\' => match it.next() {
                Some(&d @ b'0'..=b'9') => {
                    let group = usize::from(d - b'0');
                    out.extend_from_slice(caps.get(group).map_or(&[][..], |m| m.as_bytes()));
                }
                Some(b'n') => out.push(b'\n'),
                Some(&o) => out.push(o),
                None => out.push(b'\\'),
            },
            o => out.push(o),
        }
    }
}
