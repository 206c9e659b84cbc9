//! Parameter expansion: `$x`, `$1`, `$?`, `$$`, `$#`, `${x:-default}`, `${x:=v}`,
//! `${x:+alt}`, `${x:?msg}`, `${#x}` and `${x#pat}`-style trimming.

use super::ast::{Param, ParamExpr, ParamOp};
use super::expand::Expanded;
use super::glob;
use super::interp::{Flow, Interp};
use super::io::Io;
use super::os::Os;

impl<O: Os> Interp<O> {
    /// The value of a parameter; `None` when unset.
    fn lookup(&self, param: &Param) -> Option<String> {
        let shell = &self.shell;
        match param {
            Param::Named(name) => shell.var(name).map(str::to_string),
            Param::Positional(0) => Some(shell.arg0.clone()),
            Param::Positional(n) => {
                let index = usize::try_from(*n).ok()?.checked_sub(1)?;
                shell.positional.get(index).cloned()
            }
            Param::All { .. } => Some(shell.positional.join(" ")),
            Param::Count => Some(shell.positional.len().to_string()),
            Param::Status => Some(shell.last_status.to_string()),
            Param::Pid => Some(shell.pid.to_string()),
            Param::LastBackgroundPid => shell.last_background.map(|p| p.to_string()),
            Param::Flags => Some("hB".to_string()),
        }
    }

    pub(crate) async fn parameter(&mut self, expr: &ParamExpr, io: &mut Io) -> Expanded<String> {
        let value = self.lookup(&expr.param);
        let missing = |colon: &bool| value.as_deref().is_none_or(|v| *colon && v.is_empty());
        match &expr.op {
            ParamOp::Plain => Ok(value.unwrap_or_default()),
            ParamOp::Length => Ok(value.unwrap_or_default().chars().count().to_string()),
            ParamOp::Default { colon, word } if missing(colon) => {
                self.expand_string(word, io).await
            }
            ParamOp::Assign { colon, word } if missing(colon) => {
                let new = self.expand_string(word, io).await?;
                match &expr.param {
                    Param::Named(name) => {
                        self.shell.set_var(name, &new);
                        Ok(new)
                    }
                    other => self.param_error(io, other, "cannot assign in this way"),
                }
            }
            ParamOp::Alternative { colon, word } => match missing(colon) {
                true => Ok(String::new()),
                false => self.expand_string(word, io).await,
            },
            ParamOp::Error { colon, word } if missing(colon) => {
                let mut message = self.expand_string(word, io).await?;
                if message.is_empty() {
                    message = "parameter null or not set".to_string();
                }
                self.param_error(io, &expr.param, &message)
            }
            ParamOp::Trim {
                suffix,
                longest,
                pattern,
            } => {
                let value = value.unwrap_or_default();
                let pattern = self.expand_pattern(pattern, io).await?;
                Ok(trim(&value, &pattern, *suffix, *longest))
            }
            ParamOp::Default { .. } | ParamOp::Assign { .. } | ParamOp::Error { .. } => {
                Ok(value.unwrap_or_default())
            }
        }
    }

    fn param_error(&mut self, io: &mut Io, param: &Param, message: &str) -> Expanded<String> {
        let name = match param {
            Param::Named(name) => name.clone(),
            Param::Positional(n) => n.to_string(),
            _ => "$".to_string(),
        };
        io.error(&self.os, &format!("{name}: {message}"));
        self.shell.last_status = 1;
        Err(Flow::Normal)
    }
}

/// `${x#p}`, `${x##p}`, `${x%p}`, `${x%%p}`: drop the shortest or longest matching prefix
/// or suffix.
fn trim(value: &str, pattern: &str, suffix: bool, longest: bool) -> String {
    let cuts: Vec<usize> = value
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(value.len()))
        .collect();
    let ordered: Box<dyn Iterator<Item = &usize>> = match (suffix, longest) {
        (false, false) | (true, true) => Box::new(cuts.iter()),
        (false, true) | (true, false) => Box::new(cuts.iter().rev()),
    };
    for &cut in ordered {
        let (head, tail) = value.split_at(cut);
        if !suffix && glob::matches(pattern, head) {
            return tail.to_string();
        }
        if suffix && glob::matches(pattern, tail) {
            return head.to_string();
        }
    }
    value.to_string()
}
