//! Shell functions: the table of definitions a shell keeps between lines (and its size
//! limits), the call frames that hold what a call restores when it returns (`$1`.., `local`
//! variables), and running a definition or a call.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::FunctionDef;
use super::interp::{Flow, Interp};
use super::io::Io;
use super::limits::{MAX_FUNCTION_BYTES, MAX_FUNCTION_CALLS, MAX_FUNCTION_DEPTH, MAX_FUNCTIONS};
use super::os::Os;

/// The functions a shell has defined, by name.
#[derive(Clone, Debug, Default)]
pub(crate) struct Functions {
    defs: BTreeMap<String, Arc<FunctionDef>>,
    /// Total length of the definitions' texts.
    bytes: usize,
}

impl Functions {
    pub fn get(&self, name: &str) -> Option<Arc<FunctionDef>> {
        self.defs.get(name).cloned()
    }

    /// Adds or replaces `name`; `Err` is bash's message when a limit would be passed.
    fn define(&mut self, name: &str, def: &Arc<FunctionDef>) -> Result<(), String> {
        let old = self.defs.get(name).map_or(0, |d| d.text.len());
        let bytes = self
            .bytes
            .saturating_sub(old)
            .saturating_add(def.text.len());
        if old == 0 && self.defs.len() >= MAX_FUNCTIONS {
            return Err(format!("{name}: more than {MAX_FUNCTIONS} functions"));
        }
        if bytes > MAX_FUNCTION_BYTES {
            return Err(format!(
                "{name}: function definitions larger than {MAX_FUNCTION_BYTES} bytes"
            ));
        }
        self.bytes = bytes;
        self.defs.insert(name.to_string(), Arc::clone(def));
        Ok(())
    }

    /// `unset -f`: true when `name` was defined.
    pub fn remove(&mut self, name: &str) -> bool {
        match self.defs.remove(name) {
            Some(def) => {
                self.bytes = self.bytes.saturating_sub(def.text.len());
                true
            }
            None => false,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Arc<FunctionDef>)> {
        self.defs.iter()
    }
}

/// `name () \n{ \n    ...\n}` as `declare -f` and `type` print it (without a final newline).
pub(crate) fn definition(name: &str, def: &FunctionDef) -> String {
    let keyword = if RESERVED_WORDS.contains(&name) {
        "function "
    } else {
        ""
    };
    format!("{keyword}{name} () \n{}", def.text)
}

/// Bash's reserved words (`type if`: `if is a shell keyword`).
pub(crate) const RESERVED_WORDS: &[&str] = &[
    "!", "[[", "]]", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for",
    "function", "if", "in", "select", "then", "time", "until", "while", "{", "}",
];

/// What a call changed, restored when it returns.
#[derive(Clone, Debug, Default)]
pub(crate) struct Frame {
    /// The caller's `$1`...
    positional: Vec<String>,
    /// The `local` variables' outer values, in the order they were made local.
    locals: Vec<Saved>,
}

#[derive(Clone, Debug)]
struct Saved {
    name: String,
    value: Option<String>,
    exported: bool,
}

impl<O: Os> Interp<O> {
    /// Runs a definition: bash refuses names with `$` or quotes (outside posix mode any other
    /// word is a valid name, `x/y` and `a.b:c` included).
    pub(crate) fn define_function(&mut self, def: &Arc<FunctionDef>, io: &mut Io) -> Flow {
        if def.name.contains(['$', '\'', '"', '\\', '`']) {
            io.error(&self.os, &format!("`{}': not a valid identifier", def.name));
            return self.status(1);
        }
        match self.shell.functions.define(&def.name, def) {
            Ok(()) => self.status(0),
            Err(message) => {
                io.error(&self.os, &message);
                self.status(1)
            }
        }
    }

    /// Calls a function: `argv[1..]` are its `$1`..; `return` ends it. Past the nesting or
    /// call limit the whole input line is abandoned, as bash abandons it past `FUNCNEST`.
    pub(crate) async fn call_function(
        &mut self,
        def: Arc<FunctionDef>,
        mut argv: Vec<String>,
        io: &mut Io,
    ) -> Flow {
        if self.shell.frames.len() >= MAX_FUNCTION_DEPTH {
            let message = format!(
                "{}: maximum function nesting level exceeded ({MAX_FUNCTION_DEPTH})",
                def.name
            );
            io.error(&self.os, &message);
            return self.abort(1);
        }
        let Some(left) = self.calls_left.checked_sub(1) else {
            let message = format!(
                "{}: more than {MAX_FUNCTION_CALLS} function calls",
                def.name
            );
            io.error(&self.os, &message);
            return self.abort(1);
        };
        self.calls_left = left;
        let args = if argv.is_empty() {
            Vec::new()
        } else {
            argv.split_off(1)
        };
        let positional = std::mem::replace(&mut self.shell.positional, args);
        self.shell.frames.push(Frame {
            positional,
            locals: Vec::new(),
        });
        // A function's `break` does not reach its caller's loops.
        let loop_depth = std::mem::take(&mut self.loop_depth);
        let flow = self.command(&def.body, io).await;
        self.loop_depth = loop_depth;
        if let Some(frame) = self.shell.frames.pop() {
            self.shell.positional = frame.positional;
            for saved in frame.locals.into_iter().rev() {
                match saved.value {
                    Some(value) => self.shell.set_var(&saved.name, &value),
                    None => self.shell.unset(&saved.name),
                }
                if saved.exported {
                    self.shell.exported.insert(saved.name);
                } else {
                    self.shell.exported.remove(&saved.name);
                }
            }
        }
        match flow {
            Flow::Return | Flow::Break(_) | Flow::Continue(_) => Flow::Normal,
            other => other,
        }
    }

    fn abort(&mut self, status: i32) -> Flow {
        self.shell.last_status = status;
        Flow::Abort
    }

    /// `local NAME[=VALUE]`: the variable's outer value comes back when the innermost call
    /// returns. A new local without a value is unset, as in bash. False outside a function.
    pub(crate) fn make_local(&mut self, name: &str, value: Option<&str>) -> bool {
        let Some(frame) = self.shell.frames.last_mut() else {
            return false;
        };
        let fresh = !frame.locals.iter().any(|s| s.name == name);
        if fresh {
            frame.locals.push(Saved {
                name: name.to_string(),
                value: self.shell.vars.get(name).cloned(),
                exported: self.shell.exported.contains(name),
            });
        }
        match value {
            Some(value) => self.shell.set_var(name, value),
            None if fresh => self.shell.unset(name),
            None => {}
        }
        true
    }

    /// The innermost call's locals, for `local` without arguments.
    pub(crate) fn locals(&self) -> Vec<String> {
        self.shell
            .frames
            .last()
            .map(|f| f.locals.iter().map(|s| s.name.clone()).collect())
            .unwrap_or_default()
    }
}
