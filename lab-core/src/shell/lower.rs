//! Lowering brush-parser's command tree into the shell's own [`ast`](super::ast). Valid
//! bash this shell does not run (arithmetic commands, process substitution, arrays) becomes
//! `Command::Unsupported`, reported when executed, not when parsed.

use brush_parser::ast as b;

use std::sync::Arc;

use super::ast::{
    AndOr, Command, Compound, Connector, FunctionDef, ListItem, Pipeline, Program, Redirect,
    RedirectOp, SimpleCommand, Word, WordPart,
};
use super::lower_word::{heredoc, word};
use super::parse::ParseError;

/// Why a piece of the crate's tree could not be lowered.
pub(crate) enum Lower {
    Parse(ParseError),
    /// Valid bash outside this shell's subset.
    Unsupported,
}

impl From<ParseError> for Lower {
    fn from(e: ParseError) -> Self {
        Self::Parse(e)
    }
}

pub(crate) type Lowered<T> = Result<T, Lower>;

pub(crate) fn program(p: &b::Program, depth: usize) -> Result<Program, ParseError> {
    let mut items = Vec::new();
    for list in &p.complete_commands {
        items.extend(compound_list(list, depth)?.items);
    }
    Ok(Program { items })
}

fn compound_list(list: &b::CompoundList, depth: usize) -> Result<Program, ParseError> {
    let items = list
        .0
        .iter()
        .map(|b::CompoundListItem(and_or_list, separator)| {
            Ok(ListItem {
                and_or: and_or(and_or_list, depth)?,
                background: matches!(separator, b::SeparatorOperator::Async),
            })
        })
        .collect::<Result<Vec<_>, ParseError>>()?;
    Ok(Program { items })
}

fn and_or(list: &b::AndOrList, depth: usize) -> Result<AndOr, ParseError> {
    let rest = list
        .additional
        .iter()
        .map(|next| match next {
            b::AndOr::And(p) => Ok((Connector::And, pipeline(p, depth)?)),
            b::AndOr::Or(p) => Ok((Connector::Or, pipeline(p, depth)?)),
        })
        .collect::<Result<Vec<_>, ParseError>>()?;
    Ok(AndOr {
        first: pipeline(&list.first, depth)?,
        rest,
    })
}

fn pipeline(p: &b::Pipeline, depth: usize) -> Result<Pipeline, ParseError> {
    let commands = p
        .seq
        .iter()
        .map(|c| command(c, depth))
        .collect::<Result<Vec<_>, ParseError>>()?;
    Ok(Pipeline {
        negated: p.bang,
        commands,
        text: super::func_text::pipeline_text(p),
    })
}

fn command(c: &b::Command, depth: usize) -> Result<Command, ParseError> {
    let lowered = match c {
        b::Command::Simple(s) => simple(s, depth).map(Command::Simple),
        b::Command::Compound(compound_command, redirects) => compound(compound_command, depth)
            .and_then(|cc| {
                let list = redirects.as_ref().map(|r| r.0.as_slice()).unwrap_or(&[]);
                Ok(Command::Compound(cc, redirect_list(list, depth)?))
            }),
        b::Command::Function(f) => function(f, depth),
        b::Command::ExtendedTest(..) => Err(Lower::Unsupported),
    };
    match lowered {
        Ok(command) => Ok(command),
        Err(Lower::Parse(e)) => Err(e),
        Err(Lower::Unsupported) => Ok(Command::Unsupported(c.to_string())),
    }
}

/// A definition: its body lowered (a body this shell cannot run fails when called, as
/// the definition itself is valid) and its text in bash's layout.
fn function(f: &b::FunctionDefinition, depth: usize) -> Lowered<Command> {
    let b::FunctionBody(compound_command, redirects) = &f.body;
    let list = redirects.as_ref().map(|r| r.0.as_slice()).unwrap_or(&[]);
    let body = match compound(compound_command, depth) {
        Ok(cc) => Command::Compound(cc, redirect_list(list, depth)?),
        Err(Lower::Unsupported) => Command::Unsupported(f.body.to_string()),
        Err(e) => return Err(e),
    };
    Ok(Command::Function(Arc::new(FunctionDef {
        name: f.fname.value.clone(),
        body,
        text: super::func_text::function_body(&f.body),
    })))
}

fn simple(s: &b::SimpleCommand, depth: usize) -> Lowered<SimpleCommand> {
    let mut out = SimpleCommand::default();
    for item in s.prefix.iter().flat_map(|p| p.0.iter()) {
        match item {
            b::CommandPrefixOrSuffixItem::AssignmentWord(assignment, _) => {
                out.assignments.push(assignment_word(assignment, depth)?);
            }
            other => suffix_item(other, &mut out, depth)?,
        }
    }
    if let Some(name) = &s.word_or_name {
        out.words.push(word(name, depth)?);
    }
    for item in s.suffix.iter().flat_map(|p| p.0.iter()) {
        suffix_item(item, &mut out, depth)?;
    }
    Ok(out)
}

fn suffix_item(
    item: &b::CommandPrefixOrSuffixItem,
    out: &mut SimpleCommand,
    depth: usize,
) -> Lowered<()> {
    match item {
        b::CommandPrefixOrSuffixItem::IoRedirect(r) => out.redirects.push(redirect(r, depth)?),
        // `export A=b`: after the command name an assignment is an ordinary argument.
        b::CommandPrefixOrSuffixItem::Word(w)
        | b::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => out.words.push(word(w, depth)?),
        b::CommandPrefixOrSuffixItem::ProcessSubstitution(..) => return Err(Lower::Unsupported),
    }
    Ok(())
}

fn assignment_word(a: &b::Assignment, depth: usize) -> Lowered<(String, Word)> {
    match (&a.name, &a.value, a.append) {
        (b::AssignmentName::VariableName(name), b::AssignmentValue::Scalar(value), false) => {
            Ok((name.clone(), word(value, depth)?))
        }
        _ => Err(Lower::Unsupported),
    }
}

fn compound(c: &b::CompoundCommand, depth: usize) -> Lowered<Compound> {
    let list = |l: &b::CompoundList| compound_list(l, depth).map_err(Lower::Parse);
    Ok(match c {
        b::CompoundCommand::BraceGroup(g) => Compound::Brace(list(&g.list)?),
        b::CompoundCommand::Subshell(s) => Compound::Subshell(list(&s.list)?),
        b::CompoundCommand::IfClause(i) => {
            let mut branches = vec![(list(&i.condition)?, list(&i.then)?)];
            let mut otherwise = None;
            for clause in i.elses.iter().flatten() {
                match &clause.condition {
                    Some(condition) => branches.push((list(condition)?, list(&clause.body)?)),
                    None => otherwise = Some(list(&clause.body)?),
                }
            }
            Compound::If {
                branches,
                otherwise,
            }
        }
        b::CompoundCommand::ForClause(f) => Compound::For {
            name: f.variable_name.clone(),
            values: match &f.values {
                Some(values) => Some(words(values, depth)?),
                None => None,
            },
            body: list(&f.body.list)?,
        },
        b::CompoundCommand::WhileClause(w) | b::CompoundCommand::UntilClause(w) => {
            Compound::While {
                until: matches!(c, b::CompoundCommand::UntilClause(_)),
                condition: list(&w.0)?,
                body: list(&w.1.list)?,
            }
        }
        b::CompoundCommand::CaseClause(case) => {
            let mut arms = Vec::new();
            for item in &case.cases {
                if !matches!(item.post_action, b::CaseItemPostAction::ExitCase) {
                    return Err(Lower::Unsupported);
                }
                let body = match &item.cmd {
                    Some(cmd) => list(cmd)?,
                    None => Program::default(),
                };
                arms.push((words(&item.patterns, depth)?, body));
            }
            Compound::Case {
                subject: word(&case.value, depth)?,
                arms,
            }
        }
        _ => return Err(Lower::Unsupported),
    })
}

fn words(ws: &[b::Word], depth: usize) -> Lowered<Vec<Word>> {
    ws.iter().map(|w| word(w, depth)).collect()
}

fn redirect_list(list: &[b::IoRedirect], depth: usize) -> Lowered<Vec<Redirect>> {
    list.iter().map(|r| redirect(r, depth)).collect()
}

fn fd(n: &Option<b::IoFd>) -> Lowered<Option<u32>> {
    n.map(|n| u32::try_from(n).map_err(|_| Lower::Unsupported))
        .transpose()
}

fn redirect(r: &b::IoRedirect, depth: usize) -> Lowered<Redirect> {
    let (n, op) = match r {
        b::IoRedirect::File(n, kind, target) => (n, file_redirect(kind, target, depth)?),
        b::IoRedirect::HereDocument(n, doc) => {
            let body = if doc.requires_expansion {
                heredoc(&doc.doc.value, depth)?
            } else {
                Word {
                    parts: vec![WordPart::Quoted(doc.doc.value.clone())],
                }
            };
            (n, RedirectOp::HereDoc(body))
        }
        b::IoRedirect::HereString(n, w) => (n, RedirectOp::HereString(word(w, depth)?)),
        b::IoRedirect::OutputAndError(w, append) => {
            let target = word(w, depth)?;
            let op = RedirectOp::WriteBoth {
                target,
                append: *append,
            };
            (&None, op)
        }
    };
    Ok(Redirect { fd: fd(n)?, op })
}

fn file_redirect(
    kind: &b::IoFileRedirectKind,
    target: &b::IoFileRedirectTarget,
    depth: usize,
) -> Lowered<RedirectOp> {
    let target = match target {
        b::IoFileRedirectTarget::Filename(w) | b::IoFileRedirectTarget::Duplicate(w) => {
            word(w, depth)?
        }
        b::IoFileRedirectTarget::Fd(n) => Word {
            parts: vec![WordPart::Text(n.to_string())],
        },
        b::IoFileRedirectTarget::ProcessSubstitution(..) => return Err(Lower::Unsupported),
    };
    Ok(match kind {
        b::IoFileRedirectKind::Read => RedirectOp::Read(target),
        b::IoFileRedirectKind::Write | b::IoFileRedirectKind::Clobber => RedirectOp::Write(target),
        b::IoFileRedirectKind::Append => RedirectOp::Append(target),
        b::IoFileRedirectKind::DuplicateInput => RedirectOp::Duplicate {
            input: true,
            target,
        },
        b::IoFileRedirectKind::DuplicateOutput => RedirectOp::Duplicate {
            input: false,
            target,
        },
        b::IoFileRedirectKind::ReadAndWrite => return Err(Lower::Unsupported),
    })
}
