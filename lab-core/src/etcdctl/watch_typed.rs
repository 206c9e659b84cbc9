//! `watch -i` on a terminal: `watch …` lines read as they are typed while the watches
//! they opened print their events — etcdctl's read loop plus one `go printWatchCh` per
//! line, here one future polled beside the read.
//!
//! Every future is polled on every round (no wakers): the lab's jobs are polled with a
//! no-op waker, so a combinator that waits to be woken (`FuturesUnordered`) would never
//! poll a watch again.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::Poll;

use super::api::EtcdApi;
use super::cmd_watch::{MAX_INTERACTIVE_LINES, eof, interactive_line, print_typed};
use super::context::{Ctx, Format};
use super::error::CtlError;

/// Most watches one `watch -i` keeps open (unit: watches); a line beyond it is refused as
/// the server refuses a stream with too many watchers.
const MAX_TYPED_WATCHES: usize = 64;

type Pending<'a> = Pin<Box<dyn Future<Output = Result<(), CtlError>> + 'a>>;

/// Reads typed lines until Ctrl-D (exit 3, as for piped input), printing the events of the
/// watches they open meanwhile.
pub(super) async fn watch_typed<A: EtcdApi>(
    ctx: &mut Ctx<'_, '_, A>,
    format: Format,
    env: &[String],
) -> Result<(), CtlError> {
    let ctx: &Ctx<'_, '_, A> = ctx;
    let mut watches: Vec<Pending<'_>> = Vec::new();
    let mut read = Box::pin(ctx.api.read_terminal_line());
    let mut lines = 0usize;
    poll_fn(|cx| {
        while let Poll::Ready(typed) = read.as_mut().poll(cx) {
            let Some(typed) = typed else {
                return Poll::Ready(Err(eof()));
            };
            lines = lines.saturating_add(1);
            if lines > MAX_INTERACTIVE_LINES {
                return Poll::Ready(Err(eof()));
            }
            let line = typed.strip_suffix('\n').unwrap_or(&typed);
            match interactive_line(ctx, line, env) {
                Err(err) => return Poll::Ready(Err(err)),
                Ok(Some(_)) if watches.len() >= MAX_TYPED_WATCHES => ctx.errln(&format!(
                    "Invalid command {line} (more than {MAX_TYPED_WATCHES} watches)"
                )),
                Ok(Some(watch)) => watches.push(Box::pin(print_typed(ctx, format, watch))),
                Ok(None) => {}
            }
            read = Box::pin(ctx.api.read_terminal_line());
        }
        let mut i = 0;
        while let Some(watch) = watches.get_mut(i) {
            match watch.as_mut().poll(cx) {
                Poll::Pending => i += 1,
                Poll::Ready(Ok(())) => drop(watches.remove(i)),
                Poll::Ready(Err(err)) => return Poll::Ready(Err(err)),
            }
        }
        Poll::Pending
    })
    .await
}
