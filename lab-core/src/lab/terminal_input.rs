//! Typing into a terminal whose line is still running: input for the program reading the
//! terminal, Ctrl-D, and the typeahead bash runs once the line ends.

use super::Lab;
use crate::shell::{self, Stream};

/// What bash with `ignoreeof` says to Ctrl-D at its prompt: the lab's terminals cannot be
/// closed, so the lab's shell behaves as if it were set.
const IGNORE_EOF: &str = "Use \"exit\" to leave the shell.\n";

impl Lab {
    /// Typed input while a line runs: queued in the terminal (refused when the queue is
    /// full) and echoed unless the reader turned echo off.
    pub(crate) fn type_ahead(&self, host: usize, input: &str) -> Result<(), String> {
        let mut terminals = self.state.terminals.borrow_mut();
        let terminal = terminals.get_mut(host).ok_or("no such host")?;
        let echoed = terminal.tty.type_line(input).map_err(|e| e.to_string())?;
        if let Some(text) = echoed {
            terminal.write(Stream::Stdout, text.as_bytes());
        }
        Ok(())
    }

    /// Ctrl-D in host `host`'s terminal: end of file for the program reading it. At the
    /// prompt the shell does not exit (see [`IGNORE_EOF`]).
    pub fn end_of_input(&self, host: usize) -> Result<(), String> {
        let mut terminals = self.state.terminals.borrow_mut();
        let terminal = terminals.get_mut(host).ok_or("no such host")?;
        if terminal.is_busy() {
            terminal.tty.end_of_input().map_err(|e| e.to_string())
        } else {
            terminal.write(Stream::Stdout, IGNORE_EOF.as_bytes());
            Ok(())
        }
    }

    /// With `false`, commands typed in host `host`'s terminal get no terminal stdin, as if
    /// started with `< /dev/null`: a program that would read what is typed reads nothing
    /// (`read` fails, `etcdctl put KEY` refuses). The reference transcripts were recorded
    /// that way, so their replay runs so.
    pub fn set_terminal_stdin(&self, host: usize, enabled: bool) {
        if let Some(t) = self.state.terminals.borrow_mut().get_mut(host) {
            t.tty.detached_stdin = !enabled;
        }
    }

    /// Do commands in host `host`'s terminal read what is typed (see
    /// [`Lab::set_terminal_stdin`])?
    pub(crate) fn has_terminal_stdin(&self, host: usize) -> bool {
        self.state
            .terminals
            .borrow()
            .get(host)
            .is_some_and(|t| !t.tty.detached_stdin)
    }

    /// Does host `host`'s foreground line wait for typed input (a program or `read` blocked
    /// on the terminal with nothing queued)?
    pub fn reads_terminal(&self, host: usize) -> bool {
        self.state
            .terminals
            .borrow()
            .get(host)
            .is_some_and(|t| t.is_busy() && t.tty.waits_for_input())
    }

    /// Is echo on in host `host`'s terminal (off while a password is asked)?
    pub fn terminal_echo(&self, host: usize) -> bool {
        self.state
            .terminals
            .borrow()
            .get(host)
            .is_none_or(|t| t.tty.echo())
    }

    /// After a line: what was typed meanwhile and not read is the shell's next input, as
    /// readline shows it — the prompt and the line again — then runs it.
    pub(crate) fn run_typeahead(&self, host: usize) {
        let Some((prompt, input)) = self.next_typeahead(host) else {
            return;
        };
        let mut shown = prompt;
        for (i, line) in input.split('\n').enumerate() {
            if i > 0 {
                shown.push_str("> ");
            }
            shown.push_str(line);
            shown.push('\n');
        }
        self.write_terminal(host, Stream::Stdout, shown.as_bytes());
        if let Err(err) = self.type_line(host, &input) {
            self.write_terminal(host, Stream::Stderr, format!("bash: {err}\n").as_bytes());
        }
    }

    /// The prompt and the next complete input in the queue (lines joined while a quote or
    /// heredoc is open); an end of file met on the way gets bash's `ignoreeof` answer.
    fn next_typeahead(&self, host: usize) -> Option<(String, String)> {
        let mut terminals = self.state.terminals.borrow_mut();
        let terminal = terminals.get_mut(host)?;
        let prompt = terminal.prompt()?;
        let mut input: Option<String> = None;
        loop {
            match terminal.tty.read() {
                Some(super::tty::TtyInput::Line(line)) => {
                    let line = line.strip_suffix('\n').unwrap_or(&line);
                    let joined = match input.take() {
                        Some(before) => format!("{before}\n{line}"),
                        None => line.to_owned(),
                    };
                    if shell::input_complete(&joined) {
                        return Some((prompt, joined));
                    }
                    input = Some(joined);
                }
                Some(super::tty::TtyInput::Eof) => {
                    terminal.write(Stream::Stdout, IGNORE_EOF.as_bytes());
                }
                None => return input.map(|input| (prompt, input)),
            }
        }
    }
}
