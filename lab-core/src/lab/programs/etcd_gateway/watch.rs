//! `POST /v3/watch` as curl follows it: the body's `create_request` becomes a watcher on
//! the member reached (the same watcher hub etcdctl's watches use), and every batch of its
//! events is one `{"result":…}` line of a chunked answer that ends only when curl is
//! interrupted (or the member goes away). The first message is `created`; a start
//! revision below the compacted one is created, then cancelled with `compact_revision`.

use std::pin::pin;

use futures_util::future::{Either, select};

use super::decode::text;
use super::json_in::{DecodeError, Message, parse_body};
use super::json_out::{Obj, header};
use crate::etcdctl::ResponseHeader;
use crate::lab::program::ProgramCtx;
use crate::lab::programs::etcd_http::{HttpRequest, HttpResponse, with_cors};
use crate::lab::programs::etcdctl::header_of;
use crate::lab::signals;
use crate::lab::{Lab, sleep};
use crate::sim::{Connection, World};
use crate::time::SimDuration;
use crate::watch::{Event, EventKind, WatchCreate, WatchError};

/// How often the following curl looks for new events and for Ctrl-C (unit: virtual time).
const POLL: SimDuration = SimDuration::from_millis(100);

/// What a watch request's body asks for.
enum Opened {
    /// An answer that is not a stream (a body that does not decode).
    Answer(HttpResponse),
    /// No `create_request`: the gateway waits for one and writes nothing at all.
    Silent,
    /// The stream's first messages; `watcher` is `None` once it was cancelled.
    Stream {
        lines: Vec<String>,
        watcher: Option<i64>,
    },
}

/// Follows `request` (a [`super::is_watch`] one) for curl: `Ok(status)` when it ended
/// (128 + N when signal N, Ctrl-C's SIGINT or `kill`'s, ends curl), `Err(answer)` when the gateway answered at once, for curl to print.
pub(crate) async fn curl_watch(
    ctx: &mut ProgramCtx<'_>,
    conn: Connection,
    request: &HttpRequest,
    head: impl Fn(&HttpResponse) -> String,
) -> Result<i32, HttpResponse> {
    ctx.lab.set_waiting(ctx.host);
    // curl dies by these, and its connection closing cancels the watcher: the lab cancels
    // it before curl ends.
    ctx.signals
        .catch(&[signals::HUP, signals::INT, signals::TERM]);
    let (mut lines, watcher) = match open(&ctx.lab, conn, &request.body) {
        Opened::Answer(answer) => return Err(with_cors(answer)),
        Opened::Silent => (Vec::new(), None),
        Opened::Stream { lines, watcher } => {
            let started = super::success(String::new());
            let started = HttpResponse {
                chunked: true,
                ..started
            };
            (
                std::iter::once(head(&started)).chain(lines).collect(),
                watcher,
            )
        }
    };
    loop {
        for line in lines.drain(..) {
            ctx.print(&line);
        }
        let signals = ctx.signals.clone();
        let caught = match select(pin!(sleep(&ctx.lab, POLL)), pin!(signals.caught())).await {
            Either::Left(_) => None,
            Either::Right((sig, _)) => Some(sig),
        };
        if let Some(sig) = caught {
            if let Some(id) = watcher {
                cancel(&ctx.lab, conn, id);
            }
            return Ok(128_i32.saturating_add(sig));
        }
        if let Some(id) = watcher {
            let more = next_lines(&mut ctx.lab.world_mut(), conn, id);
            match more {
                Some(more) => lines = more,
                None => {
                    ctx.eprint("curl: (18) transfer closed with outstanding read data remaining\n");
                    return Ok(18);
                }
            }
        }
    }
}

/// Decodes the body and creates the watcher.
fn open(lab: &Lab, conn: Connection, body: &str) -> Opened {
    let create = parse_body(body).and_then(|map| {
        let Some(create) = Message::new(&map).message("create_request")? else {
            return Ok(None);
        };
        watch_create(create).map(Some)
    });
    let create = match create {
        Ok(Some(create)) => create,
        Ok(None) => return Opened::Silent,
        Err(DecodeError(text)) => return Opened::Answer(super::decode_failed(&text, true)),
    };
    let mut world = lab.world_mut();
    let Some(member) = world.members.get_mut(conn.member) else {
        return Opened::Silent;
    };
    let now = member.server.store().revision();
    let created = member.server.watch_create(create);
    let catch_up = created
        .as_ref()
        .ok()
        .and_then(|id| member.server.watchers_mut().take(*id))
        .unwrap_or_default();
    let mut lines = vec![result(header_of(&world, conn, now), |o| {
        o.flag("created", true)
    })];
    match created {
        Ok(id) => {
            let events: Vec<Event> = catch_up.into_iter().flatten().collect();
            if !events.is_empty() {
                lines.push(events_line(&world, conn, now, &events));
            }
            Opened::Stream {
                lines,
                watcher: Some(id),
            }
        }
        Err(err) => {
            lines.push(cancelled(header_of(&world, conn, 0), &err));
            Opened::Stream {
                lines,
                watcher: None,
            }
        }
    }
}

fn watch_create(m: Message<'_>) -> Result<WatchCreate, DecodeError> {
    Ok(WatchCreate {
        key: text(m.bytes("key")?),
        range_end: text(m.bytes("range_end")?),
        start_revision: u64::try_from(m.int64("start_revision")?).unwrap_or(0),
        prev_kv: m.boolean("prev_kv")?,
    })
}

/// The watcher's new batches, one line per revision; `None` once it is gone (the member
/// stopped, or dropped a watcher that fell too far behind).
fn next_lines(world: &mut World, conn: Connection, id: i64) -> Option<Vec<String>> {
    let member = world
        .members
        .get_mut(conn.member)
        .filter(|m| m.is_running())?;
    let batches = member.server.watchers_mut().take(id)?;
    let world: &World = world;
    let lines = batches.iter().map(|batch| {
        let revision = batch.first().map_or(0, Event::revision);
        events_line(world, conn, revision, batch)
    });
    Some(lines.collect())
}

/// Removes the watcher when its client goes.
fn cancel(lab: &Lab, conn: Connection, id: i64) {
    if let Some(member) = lab.world_mut().members.get_mut(conn.member) {
        member.server.watchers_mut().cancel(id);
    }
}

/// `{"result":{"header":…,…}}` and the newline that ends each message.
fn result(header_: ResponseHeader, fields: impl FnOnce(Obj) -> Obj) -> String {
    let body = fields(Obj::new().raw("header", header(&header_))).finish();
    format!("{{\"result\":{body}}}\n")
}

fn cancelled(header_: ResponseHeader, err: &WatchError) -> String {
    result(header_, |o| {
        let o = o.flag("canceled", true);
        match err {
            WatchError::Compacted { compact_revision } => {
                o.uint("compact_revision", *compact_revision)
            }
            WatchError::TooMany(_) => o.text("cancel_reason", &err.to_string()),
        }
    })
}

fn events_line(world: &World, conn: Connection, revision: u64, events: &[Event]) -> String {
    let events = events.iter().map(event).collect();
    result(header_of(world, conn, revision), |o| {
        o.list("events", events)
    })
}

fn event(e: &Event) -> String {
    let o = match e.kind {
        EventKind::Put => Obj::new(),
        EventKind::Delete => Obj::new().raw("type", "\"DELETE\"".to_owned()),
    };
    let o = o.raw("kv", key_value(&e.kv));
    match &e.prev_kv {
        Some(prev) => o.raw("prev_kv", key_value(prev)),
        None => o,
    }
    .finish()
}

fn key_value(kv: &crate::mvcc::KeyValue) -> String {
    Obj::new()
        .bytes("key", kv.key.as_bytes())
        .uint("create_revision", kv.create_revision)
        .uint("mod_revision", kv.mod_revision)
        .uint("version", kv.version)
        .bytes("value", kv.value.as_bytes())
        .int("lease", kv.lease)
        .finish()
}
