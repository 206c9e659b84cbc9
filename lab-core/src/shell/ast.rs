//! The shell's own syntax tree: what the interpreter runs. The parsing crate's tree is
//! lowered into this one (`lower.rs`) so the crate can be swapped without touching the
//! interpreter.

/// A parsed input: lines of `;`/`&`/newline separated and-or lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    pub items: Vec<ListItem>,
}

/// One and-or list and whether it runs in the background (`&`).
#[derive(Clone, Debug, PartialEq)]
pub struct ListItem {
    pub and_or: AndOr,
    pub background: bool,
}

/// `a && b || c`.
#[derive(Clone, Debug, PartialEq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `! a | b | c`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
    /// The source text, for `jobs` and the `&` notice.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Simple(SimpleCommand),
    Compound(Compound, Vec<Redirect>),
    /// `name() { ...; }` or `function name { ...; }`: defines a function when run.
    Function(std::sync::Arc<FunctionDef>),
    /// Syntax the crate accepts but this shell does not run (arithmetic, `[[ ]]`, ...).
    Unsupported(String),
}

/// A function definition as parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// The name as typed (bash refuses one with `$` or quotes when the definition runs).
    pub name: String,
    /// The compound command and the definition's redirections: a `Command::Compound`.
    pub body: Command,
    /// The body in bash's canonical layout, from `{ ` to `}` and its redirections, as
    /// `declare -f` and `type` print it after `name () `.
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimpleCommand {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Compound {
    Brace(Program),
    Subshell(Program),
    If {
        branches: Vec<(Program, Program)>,
        otherwise: Option<Program>,
    },
    For {
        name: String,
        /// `None`: `for x; do` iterates over `"$@"`.
        values: Option<Vec<Word>>,
        body: Program,
    },
    While {
        until: bool,
        condition: Program,
        body: Program,
    },
    Case {
        subject: Word,
        arms: Vec<(Vec<Word>, Program)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    /// The fd being redirected; `None` means the operator's default (0 for `<`, 1 for `>`).
    pub fd: Option<u32>,
    pub op: RedirectOp,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RedirectOp {
    /// `<`
    Read(Word),
    /// `>` (and `>|`)
    Write(Word),
    /// `>>`
    Append(Word),
    /// `&>` / `&>>`
    WriteBoth { target: Word, append: bool },
    /// `2>&1`, `>&2`, `<&0`; the word names the fd to copy (or `-` to close).
    Duplicate { input: bool, target: Word },
    /// `<<EOF` / `<<-EOF` / `<<'EOF'`; the body is already tab-stripped.
    HereDoc(Word),
    /// `<<< word`
    HereString(Word),
}

/// A word before expansion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub parts: Vec<WordPart>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WordPart {
    /// Unquoted text: subject to globbing.
    Text(String),
    /// Single-quoted or backslash-escaped text: taken literally.
    Quoted(String),
    /// `"..."`: expansions inside are neither split nor globbed.
    DoubleQuoted(Vec<WordPart>),
    /// `~` or `~user`.
    Tilde(Option<String>),
    Param(ParamExpr),
    /// `$(...)` or backticks.
    CommandSubst(Program),
    /// Valid bash this shell does not expand (arithmetic, arrays, ...): a `bad substitution`.
    Unsupported(String),
}

/// A parameter expansion: `$x`, `${x:-default}`, `${#x}`, ...
#[derive(Clone, Debug, PartialEq)]
pub struct ParamExpr {
    pub param: Param,
    pub op: ParamOp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Param {
    Named(String),
    /// `$0`..`$9`, `${10}`.
    Positional(u32),
    /// `$@` (`concat: false`) or `$*`.
    All {
        concat: bool,
    },
    Count,
    Status,
    Pid,
    LastBackgroundPid,
    Flags,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamOp {
    Plain,
    Length,
    /// `colon`: the `:` forms also treat an empty value as unset.
    Default {
        colon: bool,
        word: Word,
    },
    Assign {
        colon: bool,
        word: Word,
    },
    Alternative {
        colon: bool,
        word: Word,
    },
    Error {
        colon: bool,
        word: Word,
    },
    /// `#`, `##`, `%`, `%%`.
    Trim {
        suffix: bool,
        longest: bool,
        pattern: Word,
    },
}
