//! Turning source text into a [`Program`]: brush-parser tokenizes and parses, `lower.rs`
//! converts its tree, and this file maps its failures onto bash's messages (which token was
//! unexpected, or whether the input is merely unfinished).

use brush_parser::{ParseError as CrateError, ParserOptions, Token, TokenizerError};

use super::ast::Program;
use super::limits::{MAX_DEPTH, MAX_HEREDOCS, MAX_INPUT_BYTES, MAX_PARENS};
use super::lower;

/// Why source text is not a runnable program. `Display` is bash's message without `bash: `.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("syntax error near unexpected token `{0}'")]
    UnexpectedToken(String),
    /// The input stops inside a compound command, pipeline or continuation.
    #[error("syntax error: unexpected end of file")]
    UnexpectedEof,
    /// The input stops inside a quote, heredoc or substitution; `{0}` is what would close it.
    #[error("unexpected EOF while looking for matching `{0}'")]
    Unterminated(String),
    #[error("input too long: more than {MAX_INPUT_BYTES} bytes")]
    TooLong,
    #[error("maximum nesting level exceeded ({MAX_DEPTH} levels, {MAX_PARENS} parentheses)")]
    TooDeep,
}

impl ParseError {
    /// True when more lines could complete the input (the terminal then shows `> `).
    pub fn is_incomplete(&self) -> bool {
        matches!(self, Self::UnexpectedEof | Self::Unterminated(_))
    }
}

/// Parses one input (any number of lines); never panics.
pub fn parse(source: &str) -> Result<Program, ParseError> {
    parse_nested(source, 0)
}

/// Parses the text of a command substitution or script `depth` levels below the top.
pub(crate) fn parse_nested(source: &str, depth: usize) -> Result<Program, ParseError> {
    if source.len() > MAX_INPUT_BYTES {
        return Err(ParseError::TooLong);
    }
    if depth > MAX_DEPTH || paren_depth(source) > MAX_PARENS {
        return Err(ParseError::TooDeep);
    }
    if let Some(token) = heredoc_without_delimiter(source) {
        return Err(ParseError::UnexpectedToken(token.to_owned()));
    }
    if source.matches("<<").count() > MAX_HEREDOCS + source.matches("<<<").count() {
        return Err(ParseError::TooDeep);
    }
    if let Some(c) = source
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        // A terminal cannot send these; the crate's tokenizer mishandles some of them.
        return Err(ParseError::UnexpectedToken(c.escape_default().to_string()));
    }
    if let Some(number) = oversized_number(source) {
        return Err(ParseError::UnexpectedToken(number.to_owned()));
    }
    let expansions = scan_expansions(source);
    if let Some(open) = expansions.open {
        // The crate's tokenizer panics at end of input inside `$(`, `${` or a backtick
        // (found by fuzzing); such input is simply not complete yet.
        return Err(ParseError::Unterminated(open.to_owned()));
    }
    if expansions.heredoc_cut_short {
        // `$(cat <<EOF)`: the substitution closes before the heredoc's body can start.
        // The crate's tokenizer loops allocating on it (found by fuzzing); bash reads the
        // body as empty and warns. The lab refuses it: no tutorial writes one.
        return Err(ParseError::UnexpectedToken(")".to_owned()));
    }
    let options = options();
    let tokens = brush_parser::tokenize_str_with_options(source, &options.tokenizer_options())
        .map_err(|e| tokenizer_error(&e))?;
    match brush_parser::parse_tokens(&tokens, &options) {
        Ok(program) => lower::program(&program, depth),
        Err(CrateError::ParsingNear(position)) => {
            let index = tokens
                .iter()
                .position(|t| t.location().start.index >= position.index)
                .unwrap_or(tokens.len());
            Err(unexpected(&tokens, culprit(&tokens, index, &options)))
        }
        Err(CrateError::ParsingAtEndOfInput) => match culprit(&tokens, tokens.len(), &options) {
            i if i < tokens.len() => Err(unexpected(&tokens, i)),
            _ => Err(ParseError::UnexpectedEof),
        },
        Err(CrateError::Tokenizing { inner, .. }) => Err(tokenizer_error(&inner)),
    }
}

pub(crate) fn options() -> ParserOptions {
    ParserOptions {
        enable_extended_globbing: false,
        ..ParserOptions::default()
    }
}

/// A number the shell-syntax crate would `unwrap()` into an overflowing integer (found by
/// fuzzing): a file-descriptor number of more than 9 digits (`99999999999>x`), a `~N`
/// directory-stack index of more than 9 digits, or a brace-sequence bound of 19 digits or
/// more (`{1..99999999999999999999}`).
fn oversized_number(source: &str) -> Option<&str> {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let len = i - start;
        let before = |k: usize| start.checked_sub(k).and_then(|j| bytes.get(j)).copied();
        let fd = matches!(bytes.get(i), Some(b'<' | b'>'));
        let tilde = before(1) == Some(b'~')
            || (matches!(before(1), Some(b'+' | b'-')) && before(2) == Some(b'~'));
        let brace = matches!(before(1), Some(b'{' | b'.' | b'-'));
        if (len > 9 && (fd || tilde)) || (len >= 19 && brace) {
            return source.get(start..i);
        }
    }
    None
}

/// What [`scan_expansions`] found.
struct Expansions {
    /// The expansion left open at the end (`$(`, `${` or a backtick), if any.
    open: Option<&'static str>,
    /// A heredoc starts inside a command substitution that closes on the same line.
    heredoc_cut_short: bool,
}

/// Follows `$(`, `${` and backticks through `source`, with quotes and backslashes as bash
/// treats them outside heredoc bodies.
fn scan_expansions(source: &str) -> Expansions {
    let mut stack: Vec<char> = Vec::new();
    let mut chars = source.chars().peekable();
    let (mut single, mut double) = (false, false);
    // Depth of the substitution holding a heredoc whose body has not started (no newline
    // yet).
    let mut heredoc_at: Option<usize> = None;
    let mut heredoc_cut_short = false;
    while let Some(c) = chars.next() {
        if single {
            single = c != '\'';
            continue;
        }
        match c {
            '\\' => {
                chars.next();
            }
            '\'' if !double => single = true,
            '"' => double = !double,
            '\n' => heredoc_at = None,
            '<' if !double && chars.peek() == Some(&'<') => {
                chars.next();
                if chars.peek() == Some(&'<') {
                    chars.next(); // a here-string
                } else if matches!(stack.last(), Some(')' | '`')) {
                    heredoc_at = Some(stack.len());
                }
            }
            '$' if chars.peek() == Some(&'(') => {
                chars.next();
                stack.push(')');
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                stack.push('}');
            }
            '`' if stack.last() == Some(&'`') => {
                heredoc_cut_short |= heredoc_at == Some(stack.len());
                stack.pop();
            }
            '`' => stack.push('`'),
            '(' if !double && stack.last() == Some(&')') => stack.push(')'),
            ')' | '}' if stack.last() == Some(&c) => {
                heredoc_cut_short |= heredoc_at == Some(stack.len());
                stack.pop();
            }
            _ => {}
        }
    }
    let open = match stack.last() {
        Some(')') => Some("$("),
        Some('}') => Some("${"),
        Some(_) => Some("`"),
        None => None,
    };
    Expansions {
        open,
        heredoc_cut_short,
    }
}

/// A `<<` or `<<-` followed by no delimiter word (end of input, a line end, or a control
/// character): bash's `syntax error near unexpected token `newline'`. Checked before the
/// crate sees the input: its tokenizer allocates without bound on such a heredoc (found by
/// fuzzing: `<<\r`).
fn heredoc_without_delimiter(source: &str) -> Option<&'static str> {
    let bytes = source.as_bytes();
    let mut i = 0;
    while let Some(pos) = source.get(i..).and_then(|rest| rest.find("<<")) {
        let mut j = i + pos + 2;
        i = j;
        if bytes.get(j) == Some(&b'<') {
            i = j + 1; // `<<<`, a here-string
            continue;
        }
        if bytes.get(j) == Some(&b'-') {
            j += 1;
        }
        while matches!(bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        match bytes.get(j) {
            None | Some(b'\n') => return Some("newline"),
            Some(c) if c.is_ascii_control() => return Some("newline"),
            _ => {}
        }
        // An empty quoted delimiter (`<<""`): bash would end the body at the first empty
        // line, but the crate's tokenizer allocates without bound on it (fuzzing), so the lab
        // refuses it; no tutorial writes one.
        let word = bytes
            .get(j..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && !b";&|<>()".contains(b));
        if word.clone().all(|b| matches!(b, b'"' | b'\'' | b'\\')) {
            return Some("newline");
        }
    }
    None
}

/// An upper bound on how many `(` are open at once (quotes ignored, so it over-counts).
/// The crate's grammar backtracks exponentially in the number of unclosed `(` (20 take a
/// second), so deeper input is refused before it reaches the parser.
fn paren_depth(source: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in source.chars() {
        match c {
            '(' => {
                depth = depth.saturating_add(1);
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The crate reports the token after a misplaced reserved word (it tried it as a function
/// name), where bash names the reserved word: `fi` alone is "unexpected token `fi'". If the
/// input up to and including the previous word already fails at a newline put after it,
/// that word is the culprit.
fn culprit(tokens: &[Token], index: usize, options: &ParserOptions) -> usize {
    let Some(prev) = index.checked_sub(1) else {
        return index;
    };
    let Some(Token::Word(word, _)) = tokens.get(prev) else {
        return index;
    };
    if !is_reserved(word) {
        return index;
    }
    let mut probe: Vec<Token> = tokens.iter().take(index).cloned().collect();
    let newline_at = probe.len();
    probe.push(Token::Operator("\n".to_string(), Default::default()));
    match brush_parser::parse_tokens(&probe, options) {
        Err(CrateError::ParsingNear(p)) if same_position(&p, probe.get(newline_at)) => prev,
        _ => index,
    }
}

/// The probe's newline has the default position (line 0), which no real token has.
fn same_position(p: &brush_parser::SourcePosition, token: Option<&Token>) -> bool {
    token.is_some_and(|t| {
        let s = &t.location().start;
        (s.index, s.line, s.column) == (p.index, p.line, p.column)
    })
}

fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" | "in" | "{" | "!"
    )
}

fn unexpected(tokens: &[Token], index: usize) -> ParseError {
    match tokens.get(index).map(Token::to_str) {
        None | Some("\n") => ParseError::UnexpectedToken("newline".to_string()),
        Some(text) => ParseError::UnexpectedToken(text.to_string()),
    }
}

fn tokenizer_error(e: &TokenizerError) -> ParseError {
    let closer = match e {
        TokenizerError::UnterminatedSingleQuote(_) => "'",
        TokenizerError::UnterminatedDoubleQuote(_) => "\"",
        TokenizerError::UnterminatedBackquote(_) => "`",
        TokenizerError::UnterminatedCommandSubstitution
        | TokenizerError::UnterminatedExpansion
        | TokenizerError::UnterminatedExtendedGlob(_) => ")",
        TokenizerError::UnterminatedVariable => "}",
        _ => return ParseError::UnexpectedEof,
    };
    ParseError::Unterminated(closer.to_string())
}

/// False while a quote, heredoc, `\` continuation or compound command is still open.
pub fn input_complete(source: &str) -> bool {
    if ends_with_continuation(source) {
        return false;
    }
    match parse(source) {
        Ok(_) => true,
        Err(e) => !e.is_incomplete(),
    }
}

/// `echo a \` + Enter: an odd number of backslashes before the final newline.
fn ends_with_continuation(source: &str) -> bool {
    let body = source.strip_suffix('\n').unwrap_or(source);
    let backslashes = body.chars().rev().take_while(|&c| c == '\\').count();
    backslashes % 2 == 1
}
