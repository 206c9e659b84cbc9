//! Parsing reference transcripts: the markdown the recorder wrote, in; a [`Transcript`] out.
//!
//! The recorder's format: `## ` headings; each command in a ```` ```console ```` block
//! (`$ ` starts a command, further lines are its heredoc); then `stdout:` and `stderr:`,
//! each `(empty)` or a fenced block; then ``exit code: **N**  (elapsed 0.03s, at
//! 10:17:07.812 UTC)``. Signals are bullets: `` - `kill -9 6218` (etcd2) at 10:38:11.476 UTC``.
//! Everything else (prose, log excerpts in other fenced blocks) is skipped. Malformed text
//! never fails the parse: what cannot be read is left out.

use thiserror::Error;

use super::transcript::{Action, Expected, Section, ShellCommand, Step, TimeOfDay, Transcript};
use crate::time::SimDuration;

/// Longest transcript accepted (unit: bytes).
pub const MAX_TRANSCRIPT_BYTES: usize = 4 << 20;
/// Most steps in one transcript.
pub const MAX_STEPS: usize = 10_000;

/// Why a transcript was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TranscriptError {
    /// Larger than [`MAX_TRANSCRIPT_BYTES`].
    #[error("transcript is larger than {MAX_TRANSCRIPT_BYTES} bytes")]
    TooLarge,
    /// More than [`MAX_STEPS`] steps.
    #[error("transcript has more than {MAX_STEPS} steps")]
    TooManySteps,
}

/// Parses a whole transcript.
pub fn parse_transcript(text: &str) -> Result<Transcript, TranscriptError> {
    if text.len() > MAX_TRANSCRIPT_BYTES {
        return Err(TranscriptError::TooLarge);
    }
    let mut parser = Parser {
        lines: text.lines().collect(),
        next: 0,
        transcript: Transcript::default(),
        steps: 0,
        scratch: Expected::default(),
    };
    parser.run()?;
    parser
        .transcript
        .sections
        .retain(|s| !(s.title.is_empty() && s.steps.is_empty()));
    Ok(parser.transcript)
}

struct Parser<'a> {
    lines: Vec<&'a str>,
    /// Index of the next line to read.
    next: usize,
    transcript: Transcript,
    steps: usize,
    /// Where output recorded before any step goes (it is dropped).
    scratch: Expected,
}

impl<'a> Parser<'a> {
    fn run(&mut self) -> Result<(), TranscriptError> {
        while let Some(line) = self.take() {
            let number = self.next;
            if let Some(title) = line.strip_prefix("## ") {
                self.transcript.sections.push(Section {
                    title: title.trim().to_owned(),
                    line: number,
                    steps: Vec::new(),
                });
            } else if let Some(title) = line.strip_prefix("# ") {
                if self.transcript.title.is_empty() {
                    self.transcript.title = title.trim().to_owned();
                }
            } else if line.starts_with("```console") {
                self.console_block(number)?;
            } else if line.starts_with("```") {
                self.fenced_block();
            } else if let Some(rest) = line.strip_prefix("stdout:") {
                let text = self.output(rest);
                self.expected().stdout = text;
            } else if let Some(rest) = line.strip_prefix("stderr:") {
                let text = self.output(rest);
                self.expected().stderr = text;
            } else if let Some(rest) = line.strip_prefix("exit code:") {
                exit_line(rest, self.expected());
            } else if let Some(action) = signal_bullet(line) {
                self.push(number, action)?;
            }
        }
        Ok(())
    }

    fn take(&mut self) -> Option<&'a str> {
        let line = self.lines.get(self.next).copied()?;
        self.next += 1;
        Some(line)
    }

    /// The lines of a fenced block whose opening fence was just read, up to its closing
    /// fence (or the end of the text).
    fn fenced_block(&mut self) -> Vec<&'a str> {
        let mut body = Vec::new();
        while let Some(line) = self.take() {
            if line.trim_end() == "```" {
                break;
            }
            body.push(line);
        }
        body
    }

    fn console_block(&mut self, first_line: usize) -> Result<(), TranscriptError> {
        let start = self.next;
        for (offset, line) in self.fenced_block().into_iter().enumerate() {
            if let Some(command) = line.strip_prefix("$ ") {
                let line = start + offset + 1;
                self.push(line.max(first_line), Action::Shell(shell_command(command)))?;
            } else if let Some(Step {
                action: Action::Shell(command),
                ..
            }) = self.last_step()
            {
                command.text.push('\n');
                command.text.push_str(line);
            }
        }
        Ok(())
    }

    /// `stdout:`/`stderr:` followed by ` (empty)` or by a fenced block on the next line.
    fn output(&mut self, rest: &str) -> Option<String> {
        if rest.trim() == "(empty)" {
            return Some(String::new());
        }
        let opens_fence = self
            .lines
            .get(self.next)
            .is_some_and(|l| l.starts_with("```"));
        if !rest.trim().is_empty() || !opens_fence {
            return None;
        }
        self.next += 1;
        let body = self.fenced_block();
        Some(body.iter().map(|l| format!("{l}\n")).collect())
    }

    fn push(&mut self, line: usize, action: Action) -> Result<(), TranscriptError> {
        if self.steps >= MAX_STEPS {
            return Err(TranscriptError::TooManySteps);
        }
        self.steps += 1;
        if self.transcript.sections.is_empty() {
            self.transcript.sections.push(Section::default());
        }
        if let Some(section) = self.transcript.sections.last_mut() {
            section.steps.push(Step {
                line,
                action,
                expected: None,
            });
        }
        Ok(())
    }

    fn last_step(&mut self) -> Option<&mut Step> {
        self.transcript.sections.last_mut()?.steps.last_mut()
    }

    /// The expectations of the last step, created on first use. Output recorded before
    /// any step goes to a scratch value that is dropped.
    fn expected(&mut self) -> &mut Expected {
        let Parser {
            transcript,
            scratch,
            ..
        } = self;
        match transcript
            .sections
            .last_mut()
            .and_then(|s| s.steps.last_mut())
        {
            Some(step) => step.expected.get_or_insert_with(Expected::default),
            None => scratch,
        }
    }
}

/// `$ etcd ... &    # PID 6584`: the command and its trailing comment. A comment is a `#`
/// after two or more spaces, as the recorder aligns them.
fn shell_command(line: &str) -> ShellCommand {
    let split = line
        .match_indices("  #")
        .map(|(i, _)| i)
        .find(|&i| line.get(i + 3..).is_some_and(|r| r.starts_with(' ')));
    match split.and_then(|i| Some((line.get(..i)?, line.get(i + 3..)?))) {
        Some((text, comment)) => ShellCommand {
            text: text.trim_end().to_owned(),
            comment: Some(comment.trim().to_owned()),
        },
        None => ShellCommand {
            text: line.trim_end().to_owned(),
            comment: None,
        },
    }
}

/// ` **N**  (elapsed 0.03s, at 10:17:07.812 UTC)`.
fn exit_line(rest: &str, expected: &mut Expected) {
    let mut parts = rest.trim().splitn(3, "**");
    let _ = parts.next();
    expected.exit_code = parts.next().and_then(|n| n.trim().parse().ok());
    let details = parts.next().unwrap_or_default();
    let inner = details
        .trim()
        .strip_prefix('(')
        .and_then(|d| d.strip_suffix(')'))
        .unwrap_or_default();
    for field in inner.split(',').map(str::trim) {
        if let Some(secs) = field.strip_prefix("elapsed ") {
            expected.elapsed = parse_seconds(secs);
        } else if let Some(at) = field.strip_prefix("at ") {
            expected.at = TimeOfDay::parse(at.trim_end_matches(" UTC"));
        }
    }
}

/// `0.03s` → 30 ms.
fn parse_seconds(text: &str) -> Option<SimDuration> {
    let text = text.strip_suffix('s')?;
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole: u64 = whole.parse().ok()?;
    if fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = format!("{fraction:0<6}");
    let micros: u64 = padded.parse().ok()?;
    let whole = whole.checked_mul(1_000_000)?;
    Some(SimDuration::from_micros(whole.checked_add(micros)?))
}

/// `` - `kill -9 6218` (etcd2) at 10:38:11.476 UTC ``.
fn signal_bullet(line: &str) -> Option<Action> {
    let rest = line.strip_prefix("- `kill -")?;
    let (command, rest) = rest.split_once('`')?;
    let (signal, pid) = command.split_once(' ')?;
    let rest = rest.trim_start().strip_prefix('(')?;
    let (process, rest) = rest.split_once(')')?;
    let at = rest.trim().strip_prefix("at ")?.trim_end_matches(" UTC");
    Some(Action::Signal {
        signal: signal.to_owned(),
        pid: pid.trim().parse().ok()?,
        process: process.to_owned(),
        at: TimeOfDay::parse(at)?,
    })
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
