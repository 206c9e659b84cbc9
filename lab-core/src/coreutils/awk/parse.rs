//! The awk subset's parser: program text to rules of print statements.

use regex::bytes::Regex;

use super::compile;

/// Most nested parentheses/fields in one expression (bounds recursion).
const MAX_DEPTH: usize = 32;

/// When a rule fires.
pub(crate) enum When {
    Begin,
    End,
    Always,
    If(Expr),
}

/// An expression of the subset.
pub(crate) enum Expr {
    Str(String),
    Num(f64),
    Nr,
    Nf,
    Field(Box<Expr>),
    Concat(Vec<Expr>),
    Arith(char, Box<Expr>, Box<Expr>),
    Cmp(String, Box<Expr>, Box<Expr>),
    Match(Box<Expr>, Regex, bool),
    LineMatch(Regex, bool),
}

/// A rule: when it fires and the `print` statements it runs (an empty list prints `$0`).
pub(crate) struct Rule {
    pub(crate) when: When,
    pub(crate) prints: Vec<Vec<Expr>>,
}

/// A parsed program.
pub(crate) struct Program {
    pub(crate) rules: Vec<Rule>,
}

struct Parser<'s> {
    src: &'s [u8],
    pos: usize,
    depth: usize,
}

/// Parses `source`; the error says what is not supported or malformed.
pub(crate) fn parse(source: &str) -> Result<Program, String> {
    let mut p = Parser {
        src: source.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut rules = Vec::new();
    loop {
        p.skip_space(true);
        if p.peek().is_none() {
            return Ok(Program { rules });
        }
        rules.push(p.rule()?);
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn eat(&mut self, text: &str) -> bool {
        self.skip_space(false);
        let hit = self
            .src
            .get(self.pos..)
            .is_some_and(|r| r.starts_with(text.as_bytes()));
        if hit {
            self.pos += text.len();
        }
        hit
    }

    fn skip_space(&mut self, newlines: bool) {
        while let Some(c) = self.peek() {
            if c == b' ' || c == b'\t' || (newlines && (c == b'\n' || c == b';')) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> String {
        self.skip_space(false);
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.pos += 1;
        }
        String::from_utf8_lossy(self.src.get(start..self.pos).unwrap_or_default()).into_owned()
    }

    fn rule(&mut self) -> Result<Rule, String> {
        let save = self.pos;
        let when = match self.word().as_str() {
            "BEGIN" => When::Begin,
            "END" => When::End,
            _ => {
                self.pos = save;
                self.skip_space(false);
                if self.peek() == Some(b'{') {
                    When::Always
                } else {
                    When::If(self.expr()?)
                }
            }
        };
        if !self.eat("{") {
            self.skip_space(false);
            return match self.peek() {
                None | Some(b'\n') | Some(b';') => Ok(Rule {
                    when,
                    prints: vec![Vec::new()],
                }),
                _ => Err("syntax error: expected `{`".into()),
            };
        }
        let mut prints = Vec::new();
        loop {
            self.skip_space(true);
            if self.eat("}") {
                return Ok(Rule { when, prints });
            }
            match self.word().as_str() {
                "print" => prints.push(self.print_args()?),
                "" => return Err("syntax error: unexpected character in action".into()),
                w => return Err(format!("`{w}` is not supported")),
            }
        }
    }

    fn print_args(&mut self) -> Result<Vec<Expr>, String> {
        let mut args = Vec::new();
        loop {
            self.skip_space(false);
            if matches!(self.peek(), None | Some(b'}' | b';' | b'\n')) {
                return Ok(args);
            }
            if self.peek() == Some(b'>') || self.peek() == Some(b'|') {
                return Err("output redirection is not supported".into());
            }
            args.push(self.concat()?);
            if !self.eat(",") {
                self.skip_space(false);
                if !matches!(self.peek(), None | Some(b'}' | b';' | b'\n')) {
                    return Err("syntax error in print".into());
                }
            }
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        self.skip_space(false);
        if self.peek() == Some(b'!') && self.src.get(self.pos + 1) == Some(&b'/') {
            self.pos += 1;
            return Ok(Expr::LineMatch(self.regex()?, true));
        }
        if self.peek() == Some(b'/') {
            return Ok(Expr::LineMatch(self.regex()?, false));
        }
        let left = self.concat()?;
        for op in ["==", "!=", "<=", ">=", "<", ">", "!~", "~"] {
            if self.eat(op) {
                if op.ends_with('~') {
                    self.skip_space(false);
                    return Ok(Expr::Match(Box::new(left), self.regex()?, op == "!~"));
                }
                let right = self.concat()?;
                return Ok(Expr::Cmp(op.into(), Box::new(left), Box::new(right)));
            }
        }
        Ok(left)
    }

    fn regex(&mut self) -> Result<Regex, String> {
        if self.peek() != Some(b'/') {
            return Err("expected /regular expression/".into());
        }
        self.pos += 1;
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.pos += 2,
                b'/' => break,
                _ => self.pos += 1,
            }
        }
        let text =
            String::from_utf8_lossy(self.src.get(start..self.pos).unwrap_or_default()).into_owned();
        if !self.eat("/") {
            return Err("unterminated regexp".into());
        }
        compile(&text, true, false, false, false)
    }

    fn concat(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.sum()?];
        loop {
            self.skip_space(false);
            match self.peek() {
                Some(b'$' | b'"' | b'(' | b'0'..=b'9' | b'N') => parts.push(self.sum()?),
                _ => break,
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Concat(parts)
        })
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut left = self.primary()?;
        loop {
            self.skip_space(false);
            let op = match self.peek() {
                Some(c @ (b'+' | b'-')) => c as char,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Arith(op, Box::new(left), Box::new(self.primary()?));
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("expression nested too deeply".into());
        }
        let e = self.primary_inner();
        self.depth -= 1;
        e
    }

    fn primary_inner(&mut self) -> Result<Expr, String> {
        self.skip_space(false);
        match self.peek() {
            Some(b'$') => {
                self.pos += 1;
                Ok(Expr::Field(Box::new(self.primary()?)))
            }
            Some(b'"') => self.string(),
            Some(b'(') => {
                self.pos += 1;
                let e = self.expr()?;
                if self.eat(")") {
                    Ok(e)
                } else {
                    Err("missing )".into())
                }
            }
            Some(b'0'..=b'9') => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
                    self.pos += 1;
                }
                let text =
                    String::from_utf8_lossy(self.src.get(start..self.pos).unwrap_or_default())
                        .into_owned();
                text.parse()
                    .map(Expr::Num)
                    .map_err(|_| format!("bad number {text}"))
            }
            _ => match self.word().as_str() {
                "NR" | "FNR" => Ok(Expr::Nr),
                "NF" => Ok(Expr::Nf),
                "" => Err("syntax error".into()),
                w => Err(format!("`{w}` is not supported")),
            },
        }
    }

    fn string(&mut self) -> Result<Expr, String> {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'"' => return Ok(Expr::Str(String::from_utf8_lossy(&out).into_owned())),
                b'\\' => {
                    let e = self.peek().unwrap_or(b'\\');
                    self.pos += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        o => o,
                    });
                }
                o => out.push(o),
            }
        }
        Err("unterminated string".into())
    }
}
