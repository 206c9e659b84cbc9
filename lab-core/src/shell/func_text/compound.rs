//! The compound commands' layout: `{ }`, `( )`, `if`, `for`, `while`/`until`, `case`,
//! `(( ))`.

use brush_parser::ast as b;

use super::{INDENT, Printer};

impl Printer {
    pub(super) fn compound(&mut self, c: &b::CompoundCommand) {
        match c {
            b::CompoundCommand::BraceGroup(g) if self.one_line => {
                self.put("{ ");
                self.skip = self.skip.saturating_add(1);
                self.list(&g.list);
                self.semicolon();
                self.put(" }");
            }
            b::CompoundCommand::BraceGroup(g) => {
                self.put("{ \n");
                self.indentation = self.indentation.saturating_add(INDENT);
                self.list(&g.list);
                self.heredoc_bodies("");
                self.out.push('\n');
                self.indentation = self.indentation.saturating_sub(INDENT);
                self.indent();
                self.put("}");
            }
            b::CompoundCommand::Subshell(s) => {
                self.put("( ");
                self.skip = self.skip.saturating_add(1);
                self.list(&s.list);
                self.heredoc_bodies("");
                self.put(" )");
            }
            b::CompoundCommand::IfClause(i) => {
                let elses = i.elses.as_deref().unwrap_or(&[]);
                self.if_clause(&i.condition, &i.then, elses);
            }
            b::CompoundCommand::ForClause(f) => {
                self.put(&format!("for {}", f.variable_name));
                match &f.values {
                    Some(values) => {
                        let values: Vec<&str> = values.iter().map(|w| w.value.as_str()).collect();
                        self.put(&format!(" in {}", values.join(" ")));
                    }
                    None => self.put(" in \"$@\""),
                }
                self.put(";");
                self.newline("do\n");
                self.body(&f.body.list);
                self.semicolon();
                self.newline("done");
            }
            b::CompoundCommand::WhileClause(w) | b::CompoundCommand::UntilClause(w) => {
                let until = matches!(c, b::CompoundCommand::UntilClause(_));
                self.put(if until { "until " } else { "while " });
                self.skip = self.skip.saturating_add(1);
                self.list(&w.0);
                self.semicolon();
                self.put(" do\n");
                self.body(&w.1.list);
                self.semicolon();
                self.newline("done");
            }
            b::CompoundCommand::CaseClause(case) => self.case(case),
            b::CompoundCommand::Arithmetic(a) => self.put(&format!("(({}))", a.expr.value)),
            b::CompoundCommand::ArithmeticForClause(f) => {
                // Bash fills an empty part with `1`.
                let part = |e: &Option<b::UnexpandedArithmeticExpr>| match e {
                    Some(e) if !e.value.trim().is_empty() => e.value.trim().to_string(),
                    _ => "1".to_string(),
                };
                let head = [&f.initializer, &f.condition, &f.updater]
                    .map(part)
                    .join("; ");
                self.put(&format!("for (({head}))"));
                self.newline("do\n");
                self.body(&f.body.list);
                self.semicolon();
                self.newline("done");
            }
            other => self.put(other.to_string().trim()),
        }
    }

    /// A list one level deeper, with its heredocs.
    pub(super) fn body(&mut self, list: &b::CompoundList) {
        self.indentation = self.indentation.saturating_add(INDENT);
        self.list(list);
        self.heredoc_bodies("");
        self.indentation = self.indentation.saturating_sub(INDENT);
    }

    pub(super) fn if_clause(
        &mut self,
        condition: &b::CompoundList,
        then: &b::CompoundList,
        elses: &[b::ElseClause],
    ) {
        self.put("if ");
        self.skip = self.skip.saturating_add(1);
        self.list(condition);
        self.semicolon();
        self.put(" then\n");
        self.body(then);
        if let Some((first, rest)) = elses.split_first() {
            self.semicolon();
            self.newline("else\n");
            match &first.condition {
                Some(condition) => {
                    self.indentation = self.indentation.saturating_add(INDENT);
                    self.start();
                    self.if_clause(condition, &first.body, rest);
                    self.indentation = self.indentation.saturating_sub(INDENT);
                }
                None => self.body(&first.body),
            }
        }
        self.semicolon();
        self.newline("fi");
    }

    pub(super) fn case(&mut self, case: &b::CaseClauseCommand) {
        self.put(&format!("case {} in ", case.value.value));
        self.indentation = self.indentation.saturating_add(INDENT);
        for item in &case.cases {
            self.newline("");
            let patterns: Vec<&str> = item.patterns.iter().map(|w| w.value.as_str()).collect();
            self.put(&patterns.join(" | "));
            self.put(")\n");
            if let Some(cmd) = &item.cmd {
                self.body(cmd);
            }
            self.newline(match item.post_action {
                b::CaseItemPostAction::ExitCase => ";;",
                b::CaseItemPostAction::UnconditionallyExecuteNextCaseItem => ";&",
                b::CaseItemPostAction::ContinueEvaluatingCases => ";;&",
            });
        }
        self.indentation = self.indentation.saturating_sub(INDENT);
        self.newline("esac");
    }
}
