//! Lowering words: brush-parser splits a word's text into pieces (quotes, `$x`, `${x:-y}`,
//! `$(...)`); this file maps them onto [`WordPart`]s, parsing command substitutions and
//! default values recursively so `parse` validates the whole input up front.

use brush_parser::ast as b;
use brush_parser::word::{self as bw, ParameterExpr as PE, ParameterTestType, WordPiece};

use super::ast::{Param, ParamExpr, ParamOp, Word, WordPart};
use super::escape::unescape;
use super::lower::{Lower, Lowered};
use super::parse::{options, parse_nested};

/// A word of a command (`$x`, quotes, `~`, substitutions).
pub(crate) fn word(w: &b::Word, depth: usize) -> Lowered<Word> {
    text(&w.value, depth)
}

/// A heredoc body: quotes are ordinary characters, `$` and backquotes still expand.
pub(crate) fn heredoc(body: &str, depth: usize) -> Lowered<Word> {
    if array_subscript(body) {
        return Err(Lower::Unsupported);
    }
    let pieces = bw::parse_heredoc(body, &options()).map_err(|_| Lower::Unsupported)?;
    pieces_to_word(pieces.into_iter().map(|p| p.piece), depth)
}

fn text(value: &str, depth: usize) -> Lowered<Word> {
    if array_subscript(value) {
        return Err(Lower::Unsupported);
    }
    let pieces = bw::parse(value, &options()).map_err(|_| Lower::Unsupported)?;
    pieces_to_word(pieces.into_iter().map(|p| p.piece), depth)
}

/// True when the text holds an array subscript (`${NAME[...`). Arrays are outside this
/// shell's subset, and the crate's word grammar backtracks exponentially on subscripts that
/// nest or do not close (found by fuzzing: five `${A[}:` in one word took 0.7 s, a 374-byte
/// input grew past 2 GiB), so such a word is never handed over: the command is reported as
/// unsupported when it runs.
fn array_subscript(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut from = 0;
    while let Some(pos) = value.get(from..).and_then(|rest| rest.find("${")) {
        let mut i = from + pos + 2;
        from = i;
        if matches!(bytes.get(i), Some(b'#' | b'!')) {
            i += 1;
        }
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            i += 1;
        }
        if bytes.get(i) == Some(&b'[') {
            return true;
        }
    }
    false
}

fn pieces_to_word(pieces: impl Iterator<Item = WordPiece>, depth: usize) -> Lowered<Word> {
    let parts = pieces
        .map(|p| piece(p, depth))
        .collect::<Lowered<Vec<_>>>()?;
    Ok(Word {
        parts: parts.into_iter().flatten().collect(),
    })
}

fn piece(p: WordPiece, depth: usize) -> Lowered<Option<WordPart>> {
    Ok(Some(match p {
        WordPiece::Text(t) => WordPart::Text(t),
        WordPiece::SingleQuotedText(t) => WordPart::Quoted(t),
        WordPiece::AnsiCQuotedText(t) => WordPart::Quoted(unescape(&t, true).0),
        WordPiece::DoubleQuotedSequence(inner) | WordPiece::GettextDoubleQuotedSequence(inner) => {
            WordPart::DoubleQuoted(pieces_to_word(inner.into_iter().map(|p| p.piece), depth)?.parts)
        }
        WordPiece::TildeExpansion(bw::TildeExpr::Home) => WordPart::Tilde(None),
        WordPiece::TildeExpansion(bw::TildeExpr::UserHome(user)) => WordPart::Tilde(Some(user)),
        WordPiece::TildeExpansion(other) => WordPart::Unsupported(format!("{other:?}")),
        WordPiece::ParameterExpansion(expr) => param(expr, depth)?,
        WordPiece::CommandSubstitution(source)
        | WordPiece::BackquotedCommandSubstitution(source) => {
            WordPart::CommandSubst(parse_nested(&source, depth.saturating_add(1))?)
        }
        // `\<newline>` is a continuation: it vanishes.
        WordPiece::EscapeSequence(s) => match s.strip_prefix('\\') {
            Some("\n") => return Ok(None),
            Some(rest) => WordPart::Quoted(rest.to_string()),
            None => WordPart::Quoted(s),
        },
        WordPiece::ArithmeticExpression(e) => WordPart::Unsupported(format!("$(({}))", e.value)),
    }))
}

fn param(expr: PE, depth: usize) -> Lowered<WordPart> {
    let shown = parameter_text(&expr);
    let sub = |value: Option<String>| -> Lowered<Word> {
        text(&value.unwrap_or_default(), depth.saturating_add(1))
    };
    let colon = |t: &ParameterTestType| matches!(t, ParameterTestType::UnsetOrNull);
    let (parameter, indirect, op) = match expr {
        PE::Parameter {
            parameter,
            indirect,
        } => (parameter, indirect, ParamOp::Plain),
        PE::ParameterLength {
            parameter,
            indirect,
        } => (parameter, indirect, ParamOp::Length),
        PE::UseDefaultValues {
            parameter,
            indirect,
            test_type,
            default_value,
        } => {
            let op = ParamOp::Default {
                colon: colon(&test_type),
                word: sub(default_value)?,
            };
            (parameter, indirect, op)
        }
        PE::AssignDefaultValues {
            parameter,
            indirect,
            test_type,
            default_value,
        } => {
            let op = ParamOp::Assign {
                colon: colon(&test_type),
                word: sub(default_value)?,
            };
            (parameter, indirect, op)
        }
        PE::UseAlternativeValue {
            parameter,
            indirect,
            test_type,
            alternative_value,
        } => {
            let op = ParamOp::Alternative {
                colon: colon(&test_type),
                word: sub(alternative_value)?,
            };
            (parameter, indirect, op)
        }
        PE::IndicateErrorIfNullOrUnset {
            parameter,
            indirect,
            test_type,
            error_message,
        } => {
            let op = ParamOp::Error {
                colon: colon(&test_type),
                word: sub(error_message)?,
            };
            (parameter, indirect, op)
        }
        PE::RemoveSmallestPrefixPattern {
            parameter,
            indirect,
            pattern,
        } => (parameter, indirect, trim(false, false, sub(pattern)?)),
        PE::RemoveLargestPrefixPattern {
            parameter,
            indirect,
            pattern,
        } => (parameter, indirect, trim(false, true, sub(pattern)?)),
        PE::RemoveSmallestSuffixPattern {
            parameter,
            indirect,
            pattern,
        } => (parameter, indirect, trim(true, false, sub(pattern)?)),
        PE::RemoveLargestSuffixPattern {
            parameter,
            indirect,
            pattern,
        } => (parameter, indirect, trim(true, true, sub(pattern)?)),
        _ => return Ok(WordPart::Unsupported(shown)),
    };
    match (lower_param(parameter), indirect) {
        (Some(param), false) => Ok(WordPart::Param(ParamExpr { param, op })),
        _ => Ok(WordPart::Unsupported(shown)),
    }
}

fn trim(suffix: bool, longest: bool, pattern: Word) -> ParamOp {
    ParamOp::Trim {
        suffix,
        longest,
        pattern,
    }
}

fn lower_param(p: bw::Parameter) -> Option<Param> {
    use bw::SpecialParameter as S;
    Some(match p {
        bw::Parameter::Named(name) => Param::Named(name),
        bw::Parameter::Positional(n) => Param::Positional(n),
        bw::Parameter::Special(S::AllPositionalParameters { concatenate }) => Param::All {
            concat: concatenate,
        },
        bw::Parameter::Special(S::PositionalParameterCount) => Param::Count,
        bw::Parameter::Special(S::LastExitStatus) => Param::Status,
        bw::Parameter::Special(S::ProcessId) => Param::Pid,
        bw::Parameter::Special(S::LastBackgroundProcessId) => Param::LastBackgroundPid,
        bw::Parameter::Special(S::CurrentOptionFlags) => Param::Flags,
        bw::Parameter::Special(S::ShellName) => Param::Positional(0),
        _ => return None,
    })
}

/// `${...}` as bash shows it in `bad substitution`.
fn parameter_text(expr: &PE) -> String {
    match expr {
        PE::Parameter { parameter, .. } => parameter.to_string(),
        other => format!("{other:?}"),
    }
}
