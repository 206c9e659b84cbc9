//! The shell's resource limits. Each one turns a runaway input (a huge paste, an endless
//! loop, a script sourcing itself) into a bash-style error instead of a hang or a crash.

/// Largest input `parse` accepts, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;
/// Largest result of one word's expansion, a command substitution's output, or a pipe
/// buffer, in bytes.
pub const MAX_EXPANSION_BYTES: usize = 1024 * 1024;
/// Iterations of all `for`/`while`/`until` loops in one `run`.
pub const MAX_LOOP_ITERATIONS: u32 = 10_000;
/// Nesting of scripts, `source`, `bash -c`, subshells and command substitutions, in levels.
pub const MAX_DEPTH: usize = 16;
/// Names one glob pattern may expand to.
pub const MAX_GLOB_MATCHES: usize = 10_000;
/// Background jobs one shell tracks at once.
pub const MAX_JOBS: usize = 64;
/// `(` open at once in one input (`$(` and `$((` count too): the parser's cost doubles with
/// each (see `parse.rs`).
pub const MAX_PARENS: usize = 10;

/// Most heredoc operators (`<<`, `<<-`) in one input (unit: operators). Real lines have one
/// or two; the shell-syntax crate's tokenizer allocates without bound on long chains of
/// pending heredocs (found by fuzzing), so more are refused before it sees them.
pub const MAX_HEREDOCS: usize = 4;
