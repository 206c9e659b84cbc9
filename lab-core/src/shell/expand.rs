//! Word expansion, bash's order: tilde, parameters and command substitution, then word
//! splitting of unquoted results, then pathname expansion. Errors are reported on stderr
//! here and come back as the [`Flow`] the caller returns.

use super::ast::{Param, ParamOp, Program, Word, WordPart};
use super::glob;
use super::interp::{Boxed, Flow, Interp};
use super::io::Io;
use super::limits::{MAX_DEPTH, MAX_EXPANSION_BYTES};
use super::os::Os;

/// A piece of an expanded word.
#[derive(Debug)]
pub(crate) enum Seg {
    Text {
        text: String,
        quoted: bool,
        split: bool,
    },
    /// Between the fields of `"$@"`.
    Break,
}

/// A field being assembled: its text, its glob pattern (quoted parts escaped).
#[derive(Default)]
struct Field {
    text: String,
    pattern: String,
    magic: bool,
    present: bool,
}

pub(crate) type Expanded<T> = Result<T, Flow>;

impl<O: Os> Interp<O> {
    /// Arguments: split and globbed.
    pub async fn expand_fields(&mut self, words: &[Word], io: &mut Io) -> Expanded<Vec<String>> {
        let mut out = Vec::new();
        let mut total = 0usize;
        for word in words {
            let mut segs = Vec::new();
            self.segments(&word.parts, false, io, &mut segs).await?;
            for field in split(segs, &self.ifs()) {
                let globbed = if field.magic {
                    glob::expand(&self.os, &self.shell.cwd, &field.pattern)
                } else {
                    Vec::new()
                };
                if globbed.is_empty() {
                    out.push(field.text);
                } else {
                    out.extend(globbed);
                }
            }
            total = out.iter().map(String::len).sum();
        }
        self.check_size(total, io)?;
        Ok(out)
    }

    /// Assignments, redirection targets, heredocs: no splitting, no globbing.
    pub async fn expand_string(&mut self, word: &Word, io: &mut Io) -> Expanded<String> {
        let mut segs = Vec::new();
        self.segments(&word.parts, false, io, &mut segs).await?;
        let text = segs
            .into_iter()
            .map(|s| match s {
                Seg::Text { text, .. } => text,
                Seg::Break => " ".to_string(),
            })
            .collect::<String>();
        self.check_size(text.len(), io)?;
        Ok(text)
    }

    /// `case` arms and `${x#pat}`: quoted parts match literally.
    pub async fn expand_pattern(&mut self, word: &Word, io: &mut Io) -> Expanded<String> {
        let mut segs = Vec::new();
        self.segments(&word.parts, false, io, &mut segs).await?;
        Ok(segs
            .into_iter()
            .map(|s| match s {
                Seg::Text {
                    text, quoted: true, ..
                } => glob::escape(&text),
                Seg::Text { text, .. } => text,
                Seg::Break => " ".to_string(),
            })
            .collect())
    }

    fn check_size(&mut self, len: usize, io: &mut Io) -> Expanded<()> {
        if len <= MAX_EXPANSION_BYTES {
            return Ok(());
        }
        io.error(
            &self.os,
            &format!("expansion: result longer than {MAX_EXPANSION_BYTES} bytes"),
        );
        self.shell.last_status = 1;
        Err(Flow::Normal)
    }

    fn ifs(&self) -> String {
        self.shell.var("IFS").unwrap_or(" \t\n").to_string()
    }

    pub(crate) fn segments<'a>(
        &'a mut self,
        parts: &'a [WordPart],
        quoted: bool,
        io: &'a mut Io,
        out: &'a mut Vec<Seg>,
    ) -> Boxed<'a, Expanded<()>> {
        Box::pin(async move {
            for part in parts {
                self.segment(part, quoted, io, out).await?;
            }
            Ok(())
        })
    }

    async fn segment(
        &mut self,
        part: &WordPart,
        quoted: bool,
        io: &mut Io,
        out: &mut Vec<Seg>,
    ) -> Expanded<()> {
        let text = |text: String, split: bool| Seg::Text {
            text,
            quoted,
            split,
        };
        match part {
            WordPart::Text(t) => out.push(text(t.clone(), false)),
            WordPart::Quoted(t) => out.push(Seg::Text {
                text: t.clone(),
                quoted: true,
                split: false,
            }),
            WordPart::DoubleQuoted(inner) => {
                if !is_quoted_all(inner) {
                    out.push(Seg::Text {
                        text: String::new(),
                        quoted: true,
                        split: false,
                    });
                }
                self.segments(inner, true, io, out).await?;
            }
            WordPart::Tilde(user) => {
                let home = match user.as_deref() {
                    None => self.shell.home(),
                    Some("root") => "/root".to_string(),
                    Some(name) => format!("/home/{name}"),
                };
                out.push(Seg::Text {
                    text: home,
                    quoted: true,
                    split: false,
                });
            }
            WordPart::Param(expr)
                if quoted
                    && expr.param == (Param::All { concat: false })
                    && expr.op == ParamOp::Plain =>
            {
                for (i, arg) in self.shell.positional.iter().enumerate() {
                    if i > 0 {
                        out.push(Seg::Break);
                    }
                    out.push(Seg::Text {
                        text: arg.clone(),
                        quoted: true,
                        split: false,
                    });
                }
            }
            WordPart::Param(expr) => {
                let value = self.parameter(expr, io).await?;
                out.push(text(value, !quoted));
            }
            WordPart::CommandSubst(program) => {
                let value = self.substitute(program, io).await?;
                out.push(text(value, !quoted));
            }
            WordPart::Unsupported(shown) => {
                io.error(&self.os, &format!("{shown}: bad substitution"));
                self.shell.last_status = 1;
                return Err(Flow::Normal);
            }
        }
        Ok(())
    }

    /// `$(...)`: runs in a subshell; its stdout, minus trailing newlines, is the value.
    pub(crate) async fn substitute(&mut self, program: &Program, io: &mut Io) -> Expanded<String> {
        if self.shell.depth >= MAX_DEPTH {
            io.error(
                &self.os,
                &format!("command substitution: more than {MAX_DEPTH} levels"),
            );
            self.shell.last_status = 1;
            return Err(Flow::Normal);
        }
        let mut sub = self.fork(self.shell.subshell_listing_jobs());
        let mut sub_io = io.capture(Vec::new());
        let flow = sub.program(program, &mut sub_io).await;
        if self.join(sub, flow) == Flow::Abort {
            return Err(Flow::Abort);
        }
        self.subst_status = Some(self.shell.last_status);
        let mut value = String::from_utf8_lossy(&sub_io.captured).into_owned();
        value.truncate(value.trim_end_matches('\n').len());
        Ok(value)
    }
}

/// `"$@"` alone inside quotes: no positional parameters means no field at all.
fn is_quoted_all(inner: &[WordPart]) -> bool {
    matches!(inner, [WordPart::Param(e)] if e.param == (Param::All { concat: false }) && e.op == ParamOp::Plain)
}

/// Word splitting: unquoted expansion results break on `IFS` characters.
fn split(segs: Vec<Seg>, ifs: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut field = Field::default();
    for seg in segs {
        match seg {
            Seg::Break => finish(&mut fields, &mut field),
            Seg::Text {
                text, quoted: true, ..
            } => {
                field.pattern.push_str(&glob::escape(&text));
                field.text.push_str(&text);
                field.present = true;
            }
            Seg::Text { text, split, .. } => {
                for c in text.chars() {
                    if split && ifs.contains(c) {
                        finish(&mut fields, &mut field);
                        continue;
                    }
                    field.text.push(c);
                    field.pattern.push(c);
                    field.magic |= matches!(c, '*' | '?' | '[');
                    field.present = true;
                }
            }
        }
    }
    finish(&mut fields, &mut field);
    fields
}

fn finish(fields: &mut Vec<Field>, field: &mut Field) {
    if field.present {
        fields.push(std::mem::take(field));
    }
}
