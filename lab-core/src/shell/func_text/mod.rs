//! Bash's canonical layout of a function, as `declare -f` and `type` print it. Bash does not
//! keep the text as typed: it prints the parsed tree again (`print_cmd.c`). This walks
//! brush-parser's tree the same way: 4-space indents, `;` after each command of a list but
//! the last, `then`/`do` after their condition's `;`, `elif` as a nested `if` under `else`,
//! redirections after the words, heredoc bodies after the line. Words are printed as typed
//! (bash 5.2 also re-lays out the text inside `$( )`, and keeps the spaces inside `(( ))`,
//! which the parser trims; this does not).

use brush_parser::ast as b;

/// Spaces per nesting level.
pub(super) const INDENT: usize = 4;

mod compound;
mod words;

/// A pipeline as `jobs` and job notices print it: the same printer outside a function
/// definition, where bash puts a list on one line (`a; b`) and a brace group too (`{ a; }`).
pub(crate) fn pipeline_text(pipeline: &b::Pipeline) -> String {
    let mut p = Printer {
        one_line: true,
        ..Printer::default()
    };
    p.pipeline(pipeline);
    p.out
}

/// `{ \n    body\n}` and the definition's redirections: what follows `name () \n`.
pub(crate) fn function_body(body: &b::FunctionBody) -> String {
    let mut p = Printer::default();
    p.braces(body);
    p.out
}

#[derive(Default)]
pub(super) struct Printer {
    pub(super) out: String,
    pub(super) indentation: usize,
    /// Commands still to start without an indent (they continue the current line).
    pub(super) skip: u32,
    /// Heredocs whose bodies follow the current line: (body, delimiter).
    pub(super) heredocs: Vec<(String, String)>,
    /// Outside a function definition (bash's `inside_function_def == 0`): lists and brace
    /// groups stay on one line.
    pub(super) one_line: bool,
}

impl Printer {
    pub(super) fn put(&mut self, s: &str) {
        self.out.push_str(s);
    }

    pub(super) fn indent(&mut self) {
        self.out.extend(std::iter::repeat_n(' ', self.indentation));
    }

    pub(super) fn newline(&mut self, s: &str) {
        self.out.push('\n');
        self.indent();
        self.put(s);
    }

    /// `;` unless the line already ends a command (`&`, a newline).
    pub(super) fn semicolon(&mut self) {
        if !matches!(self.out.chars().last(), Some('&' | '\n')) {
            self.out.push(';');
        }
    }

    /// A command starts: indented, unless it continues a line.
    pub(super) fn start(&mut self) {
        if self.skip > 0 {
            self.skip = self.skip.saturating_sub(1);
        } else {
            self.indent();
        }
    }

    /// Prints the pending heredoc bodies (after `cstring`, a connector).
    pub(super) fn heredoc_bodies(&mut self, cstring: &str) {
        if self.heredocs.is_empty() {
            return;
        }
        self.put(cstring);
        self.out.push('\n');
        for (body, delimiter) in std::mem::take(&mut self.heredocs) {
            self.put(&body);
            self.put(&delimiter);
            self.out.push('\n');
        }
        if !cstring.is_empty() && cstring != ";" {
            self.out.push(' ');
        }
    }

    fn connector(&mut self, s: &str) {
        if self.heredocs.is_empty() {
            self.put(s);
        } else {
            self.heredoc_bodies(s);
        }
    }

    fn braces(&mut self, body: &b::FunctionBody) {
        self.put("{ \n");
        self.indentation = self.indentation.saturating_add(INDENT);
        match &body.0 {
            b::CompoundCommand::BraceGroup(g) => self.list(&g.list),
            other => {
                self.start();
                self.compound(other);
            }
        }
        self.heredoc_bodies("");
        self.indentation = self.indentation.saturating_sub(INDENT);
        let redirects = body.1.as_ref().map(|r| r.0.as_slice()).unwrap_or(&[]);
        match (&body.0, redirects) {
            (_, []) => self.newline("}"),
            (b::CompoundCommand::BraceGroup(_), _) => {
                self.newline("} ");
                self.redirects(redirects);
            }
            (_, _) => {
                self.put(" ");
                self.redirects(redirects);
                self.newline("}");
            }
        }
    }

    pub(super) fn list(&mut self, list: &b::CompoundList) {
        self.start();
        let mut background = false;
        for (i, b::CompoundListItem(and_or, separator)) in list.0.iter().enumerate() {
            if i == 0 {
                self.skip = self.skip.saturating_add(1);
            } else if background {
                self.connector(" &");
                self.put(" ");
                self.skip = self.skip.saturating_add(1);
            } else {
                if self.heredocs.is_empty() {
                    self.put(";");
                } else {
                    self.heredoc_bodies("");
                }
                if self.one_line {
                    self.put(" ");
                    self.skip = self.skip.saturating_add(1);
                } else {
                    self.put("\n");
                }
            }
            self.and_or(and_or);
            background = matches!(separator, b::SeparatorOperator::Async);
        }
        if background {
            self.connector(" &");
        }
    }

    fn and_or(&mut self, list: &b::AndOrList) {
        self.start();
        self.skip = self.skip.saturating_add(1);
        self.pipeline(&list.first);
        for next in &list.additional {
            let (op, p) = match next {
                b::AndOr::And(p) => (" && ", p),
                b::AndOr::Or(p) => (" || ", p),
            };
            self.connector(op);
            self.skip = self.skip.saturating_add(1);
            self.pipeline(p);
        }
    }

    fn pipeline(&mut self, p: &b::Pipeline) {
        self.start();
        match p.timed {
            Some(b::PipelineTimed::Timed(_)) => self.put("time "),
            Some(b::PipelineTimed::TimedWithPosixOutput(_)) => self.put("time -p "),
            None => {}
        }
        if p.bang {
            self.put("! ");
        }
        for (i, command) in p.seq.iter().enumerate() {
            if i > 0 {
                self.connector(" |");
                self.put(" ");
            }
            self.skip = self.skip.saturating_add(1);
            self.command(command);
        }
    }

    pub(super) fn command(&mut self, c: &b::Command) {
        self.start();
        match c {
            b::Command::Simple(s) => self.simple(s),
            b::Command::Compound(cc, redirects) => {
                self.compound(cc);
                if let Some(r) = redirects.as_ref().filter(|r| !r.0.is_empty()) {
                    self.put(" ");
                    self.redirects(&r.0);
                }
            }
            b::Command::Function(f) => {
                self.put(&format!("function {} () \n", f.fname.value));
                self.indent();
                self.braces(&f.body);
            }
            b::Command::ExtendedTest(..) => self.put(c.to_string().trim()),
        }
    }
}
