//! `for`, `while` and `until`, with `break N`/`continue N` and the per-run iteration budget.

use super::ast::{Program, Word};
use super::interp::{Flow, Interp};
use super::io::Io;
use super::limits::MAX_LOOP_ITERATIONS;
use super::os::Os;

impl<O: Os> Interp<O> {
    /// Entering a `for`, `while` or `until` loop, where `break` and `continue` mean
    /// something: the depth to restore after it.
    pub(super) fn enter_loop(&mut self) -> u32 {
        let outer = self.loop_depth;
        self.loop_depth = outer.saturating_add(1);
        outer
    }

    /// Spends one loop iteration; `Err` once the run's budget is gone.
    fn tick(&mut self, io: &mut Io) -> Result<(), Flow> {
        if self.os.interrupted() {
            self.shell.last_status = 130;
            return Err(Flow::Abort);
        }
        match self.loops_left.checked_sub(1) {
            Some(left) => {
                self.loops_left = left;
                Ok(())
            }
            None => {
                let message = format!("loop: more than {MAX_LOOP_ITERATIONS} iterations");
                io.error(&self.os, &message);
                self.shell.last_status = 1;
                Err(Flow::Abort)
            }
        }
    }

    pub(super) async fn for_loop(
        &mut self,
        name: &str,
        values: &Option<Vec<Word>>,
        body: &Program,
        io: &mut Io,
    ) -> Flow {
        let items = match values {
            Some(words) => match self.expand_fields(words, io).await {
                Ok(items) => items,
                Err(flow) => return flow,
            },
            None => self.shell.positional.clone(),
        };
        self.shell.last_status = 0;
        for item in items {
            if let Err(flow) = self.tick(io) {
                return flow;
            }
            self.shell.set_var(name, &item);
            match after_body(self.program(body, io).await) {
                AfterBody::Next => {}
                AfterBody::Stop => break,
                AfterBody::Leave(flow) => return flow,
            }
        }
        Flow::Normal
    }

    pub(super) async fn while_loop(
        &mut self,
        until: bool,
        condition: &Program,
        body: &Program,
        io: &mut Io,
    ) -> Flow {
        let mut status = 0;
        loop {
            if let Err(flow) = self.tick(io) {
                return flow;
            }
            let flow = self.program(condition, io).await;
            if flow != Flow::Normal {
                return flow;
            }
            if (self.shell.last_status == 0) == until {
                break;
            }
            match after_body(self.program(body, io).await) {
                AfterBody::Next => {}
                AfterBody::Stop => break,
                AfterBody::Leave(flow) => return flow,
            }
            status = self.shell.last_status;
        }
        self.status(status)
    }
}

/// What a loop does once its body ran.
enum AfterBody {
    Next,
    Stop,
    /// Leave this loop and hand the flow outwards (`break 2`, `exit`, Ctrl-C).
    Leave(Flow),
}

fn after_body(flow: Flow) -> AfterBody {
    match flow {
        Flow::Normal | Flow::Continue(0 | 1) => AfterBody::Next,
        Flow::Break(0 | 1) => AfterBody::Stop,
        Flow::Break(n) => AfterBody::Leave(Flow::Break(n.saturating_sub(1))),
        Flow::Continue(n) => AfterBody::Leave(Flow::Continue(n.saturating_sub(1))),
        other => AfterBody::Leave(other),
    }
}
