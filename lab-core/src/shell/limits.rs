//! The shell's resource limits. Each one turns a runaway input (a huge paste, an endless
//! loop, a script sourcing itself) into a bash-style error instead of a hang or a crash.

/// Largest input `parse` accepts, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;
/// Largest result of one word's expansion, a command substitution's output, or a pipe
/// buffer, in bytes.
pub const MAX_EXPANSION_BYTES: usize = 1024 * 1024;
/// Iterations of all `for`/`while`/`until` loops in one `run`.
pub const MAX_LOOP_ITERATIONS: u32 = 10_000;
/// Function calls running inside one another, in calls (bash's `FUNCNEST`, unlimited in
/// bash). Each level costs native stack while the interpreter's futures are polled: about
/// 29 KiB per level in a debug build for a body of nested `if`/`while`/`case`/`{ }` around
/// the call (measured: 24 levels need 704-768 KiB, 32 need 896 KiB-1 MiB). At 24 such a
/// body stays under 3/4 of wasm's 1 MiB stack (the test in `tests/functions.rs` runs it in a
/// 1 MiB thread), and far under the 2 MiB of a test thread.
pub const MAX_FUNCTION_DEPTH: usize = 24;
/// Function calls in one `run` (one input line), in calls: `f(){ f; f; }` ends here.
pub const MAX_FUNCTION_CALLS: u32 = 10_000;
/// Functions one shell defines, in definitions.
pub const MAX_FUNCTIONS: usize = 1000;
/// Total text of one shell's function definitions (bash's layout), in bytes.
pub const MAX_FUNCTION_BYTES: usize = 1024 * 1024;
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
