//! [`run_argv`]: one command run for a program, as Go's `exec.Command(argv…).Run()` runs
//! it — found on `PATH` (or a builtin standing in for its `/usr/bin` program), with no word
//! splitting or expansion of its arguments, in a fresh shell with extra variables
//! exported, its standard output captured for the caller.

use super::builtins::is_builtin;
use super::interp::Interp;
use super::io::Io;
use super::os::{FileKind, Os};
use super::state::{DEFAULT_PATH, Shell};

/// How a command ran: its status and what it printed on stdout (stderr goes to the
/// terminal); `None` when `argv[0]` names no program.
pub async fn run_argv<O: Os>(
    os: O,
    argv: &[String],
    env: &[(String, String)],
    cwd: &str,
) -> Option<(i32, Vec<u8>)> {
    let name = argv.first()?;
    if !is_builtin(name) && !on_path(&os, name, cwd) {
        return None;
    }
    let mut shell = Shell::new("root", cwd, "localhost");
    for (key, value) in env {
        shell.set_var(key, value);
        shell.exported.insert(key.clone());
    }
    let source: Vec<String> = argv.iter().map(|word| single_quoted(word)).collect();
    let program = super::parse::parse(&source.join(" ")).ok()?;
    let mut interp = Interp::new(shell, os);
    let mut io = Io::terminal().capture(Vec::new());
    interp.program(&program, &mut io).await;
    Some((interp.shell.last_status(), io.captured))
}

/// Is `name` an executable file, on `PATH` or by its path?
fn on_path<O: Os>(os: &O, name: &str, cwd: &str) -> bool {
    let executable = |path: &str| os.file_kind(path) == Some(FileKind::Executable);
    if name.contains('/') {
        return executable(&crate::vfs::resolve(cwd, name));
    }
    DEFAULT_PATH
        .split(':')
        .any(|dir| executable(&format!("{dir}/{name}")))
}

/// `word` in single quotes, as bash reads it back unchanged.
fn single_quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_so_the_shell_leaves_them_alone() {
        assert_eq!(single_quoted("a b"), "'a b'");
        assert_eq!(single_quoted("it's $HOME"), r"'it'\''s $HOME'");
    }
}
