//! The workload of `check perf`: etcdctl's generator, paced by a token bucket of the load's
//! rate (burst 1) into a channel as deep as there are clients, and one worker per client
//! putting what it takes from the channel, each request timed; beside them the progress bar,
//! redrawn every 200 ms and advanced every second until the run's 60 s are up.
//!
//! Everything runs in one task on virtual time: the loop sleeps until the next tick of the
//! generator or the bar, or until a put in flight answers, whichever comes first.

use std::cell::RefCell;

use futures_util::StreamExt as _;
use futures_util::future::{Either, select};
use futures_util::stream::FuturesUnordered;

use super::api::EtcdApi;
use super::client::{Client, Status};
use super::context::Ctx;
use super::output::Output;
use super::pb::PutRequest;
use super::perf_report::PerfReport;
use super::progress_bar::{self, ProgressBar};
use super::rpc::{Request, Response};

/// The most puts one run sends (unit: requests): a bound on what the cluster's logs and
/// stores hold in a browser tab. Load `s` (150/s for 60 s) stays below it; the larger
/// loads stop there and report the throughput they reached.
pub(super) const MAX_PUTS: u64 = 12_000;
/// How long one put may wait for its answer (unit: microseconds of virtual time). etcdctl
/// gives them no deadline at all; the lab stops waiting after this and counts an error.
const MAX_PUT_WAIT_MICROS: u64 = 300_000_000;
/// The size of each key after the prefix and of each value (unit: bytes), as etcdctl's.
const KEY_SIZE: usize = 256;
const VALUE_SIZE: usize = 1024;
const SEC: u64 = 1_000_000;

/// A workload model: writes per second, concurrent clients, seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Load {
    pub limit: u64,
    pub clients: usize,
    pub secs: u64,
}

impl Load {
    /// `--load`: `s`, `m`, `l`, `xl` or their long names.
    pub(super) fn named(name: &str) -> Option<Self> {
        let (limit, clients) = match name {
            "s" | "small" => (150, 50),
            "m" | "medium" => (1000, 200),
            "l" | "large" => (8000, 500),
            "xl" | "xLarge" => (15000, 1000),
            _ => return None,
        };
        Some(Self {
            limit,
            clients,
            secs: 60,
        })
    }
}

/// What a finished put hands back: its worker, its latency (µs) and its answer.
type Done = (usize, u64, Result<Response, Status>);

/// Runs `load` against `--endpoints`, writing under `prefix` and drawing the bar; returns
/// the measurements and the run's length (µs) as `pkg/report` counts it.
pub(super) async fn run<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    load: Load,
    prefix: &str,
) -> (PerfReport, u64) {
    let api = ctx.api;
    let endpoints = ctx.endpoints();
    let clients: Vec<Client<'_, A>> = (0..load.clients)
        .filter_map(|_| Client::new(api, &endpoints, ctx.dial_timeout_micros()))
        .collect();
    let start = api.now_unix_micros();
    let mut run = Run::new(start, load, clients.len());
    ctx.out(&run.bar.frame(start));
    let mut in_flight = FuturesUnordered::new();
    let mut report = PerfReport::default();
    let mut total = None;
    loop {
        let now = api.now_unix_micros();
        run.tick_bar(ctx, now);
        run.generate(now);
        while run.queued > 0 {
            let Some(worker) = run.idle.pop() else {
                break;
            };
            let Some(client) = clients.get(worker) else {
                break;
            };
            run.queued -= 1;
            in_flight.push(put(api, client, &ctx.out, worker, request(api, prefix)));
        }
        if run.generator_done && run.queued == 0 && in_flight.is_empty() && total.is_none() {
            total = Some(now.saturating_sub(start));
        }
        if total.is_some() && run.bar_done {
            break;
        }
        let wait = run.next_timer().saturating_sub(now);
        let sleep = std::pin::pin!(api.sleep(wait));
        if in_flight.is_empty() {
            sleep.await;
            continue;
        }
        if let Either::Left((Some((worker, micros, result)), _)) =
            select(in_flight.next(), sleep).await
        {
            match result {
                Ok(_) => report.success(micros),
                Err(status) => report.error(status.error_text()),
            }
            run.idle.push(worker);
        }
    }
    (report, total.unwrap_or_default())
}

/// One timed put by `worker`.
async fn put<'c, A: EtcdApi>(
    api: &A,
    client: &Client<'c, A>,
    log: &RefCell<Output<'_>>,
    worker: usize,
    request: Request,
) -> Done {
    let start = api.now_unix_micros();
    let deadline = start.saturating_add(MAX_PUT_WAIT_MICROS);
    let result = client.unary(log, request, deadline).await;
    let micros = api.now_unix_micros().saturating_sub(start);
    (worker, micros, result)
}

/// `OpPut(prefix + key, value)`. etcdctl's key is a random varint in 256 zero bytes and its
/// value 1024 zero bytes; the lab's store holds UTF-8, so the random part is written in hex
/// and the padding with `0` characters, which keeps every size as etcdctl's.
fn request<A: EtcdApi>(api: &A, prefix: &str) -> Request {
    let random = format!("{:016x}", api.random_u128() as u64);
    let key = format!("{prefix}{random:0<KEY_SIZE$}");
    Request::Put(PutRequest {
        key: key.into_bytes(),
        value: vec![b'0'; VALUE_SIZE],
        ..PutRequest::default()
    })
}

/// The clocks of one run (unix µs) and the generator's channel.
struct Run {
    bar: ProgressBar,
    bar_done: bool,
    next_refresh: u64,
    next_add: u64,
    /// The generator: when its bucket gives the next token, counted from `paced_from`.
    paced_from: u64,
    paced: u64,
    limit: u64,
    end: u64,
    sent: u64,
    generator_done: bool,
    /// Puts waiting in the channel, and its depth.
    queued: usize,
    depth: usize,
    idle: Vec<usize>,
}

impl Run {
    fn new(start: u64, load: Load, workers: usize) -> Self {
        Self {
            bar: ProgressBar::start(load.secs, start),
            bar_done: false,
            next_refresh: start.saturating_add(progress_bar::REFRESH_MICROS),
            next_add: start.saturating_add(SEC),
            paced_from: start,
            paced: 0,
            limit: load.limit.max(1),
            end: start.saturating_add(load.secs.saturating_mul(SEC)),
            sent: 0,
            generator_done: workers == 0,
            queued: 0,
            depth: workers,
            idle: (0..workers).rev().collect(),
        }
    }

    /// The bar's second and redraw ticks due by `now`, in time order (a second's step
    /// before a redraw due at the same moment); the last second finishes it.
    fn tick_bar<A: EtcdApi>(&mut self, ctx: &Ctx<'_, '_, A>, now: u64) {
        while !self.bar_done && now >= self.next_add.min(self.next_refresh) {
            if self.next_add <= self.next_refresh {
                self.bar.add(self.next_add);
                self.next_add = self.next_add.saturating_add(SEC);
                if self.bar.current() >= self.bar.total() {
                    ctx.out(&self.bar.finish(now));
                    self.bar_done = true;
                }
            } else {
                ctx.out(&self.bar.frame(self.next_refresh));
                self.next_refresh = self
                    .next_refresh
                    .saturating_add(progress_bar::REFRESH_MICROS);
            }
        }
    }

    /// When the generator's next token comes (unix µs).
    fn next_token(&self) -> u64 {
        let offset = self.paced.saturating_mul(SEC) / self.limit;
        self.paced_from.saturating_add(offset)
    }

    /// Puts the generator sends by `now`: one per token until the run's end or
    /// [`MAX_PUTS`]; a full channel blocks it, and the bucket (burst 1) then gives the
    /// next token as soon as it is unblocked.
    fn generate(&mut self, now: u64) {
        while !self.generator_done {
            let due = self.next_token();
            if due >= self.end || self.sent >= MAX_PUTS {
                self.generator_done = true;
                break;
            }
            if now < due || self.queued >= self.depth {
                break;
            }
            if now > due.saturating_add(SEC / self.limit) {
                self.paced_from = now;
                self.paced = 0;
            }
            self.queued += 1;
            self.sent += 1;
            self.paced += 1;
        }
    }

    /// The next tick of the generator or the bar (unix µs).
    fn next_timer(&self) -> u64 {
        let mut next = u64::MAX;
        if !self.generator_done && self.queued < self.depth {
            next = next.min(self.next_token());
        }
        if !self.bar_done {
            next = next.min(self.next_add).min(self.next_refresh);
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_have_etcdctls_rates_clients_and_aliases() {
        let small = Load::named("small");
        assert_eq!(small, Load::named("s"));
        assert_eq!(
            small.map(|l| (l.limit, l.clients, l.secs)),
            Some((150, 50, 60))
        );
        assert_eq!(Load::named("xLarge").map(|l| l.clients), Some(1000));
        assert_eq!(Load::named("XL"), None);
    }

    #[test]
    fn the_generator_paces_one_put_per_token_and_stops_at_the_end() {
        let load = Load {
            limit: 150,
            clients: 50,
            secs: 60,
        };
        let mut run = Run::new(0, load, 50);
        run.generate(0);
        assert_eq!(run.sent, 1, "the bucket starts with one token");
        run.generate(6_665);
        assert_eq!(run.sent, 1);
        run.generate(6_666);
        assert_eq!(run.sent, 2, "the next token 1/150 s later");
        run.queued = 0;
        for t in (0..60 * SEC).step_by(1_000) {
            run.generate(t);
            run.queued = 0;
        }
        run.generate(60 * SEC);
        assert!(run.generator_done);
        assert_eq!(run.sent, 9_000, "150 a second for 60 s");
    }

    #[test]
    fn a_full_channel_blocks_the_generator() {
        let load = Load {
            limit: 1000,
            clients: 2,
            secs: 60,
        };
        let mut run = Run::new(0, load, 2);
        for t in [0, 1_000, 2_000, 3_000] {
            run.generate(t);
        }
        assert_eq!(run.queued, 2, "as deep as there are clients");
        assert_eq!(run.next_timer(), 200_000, "only the bar's redraw is due");
    }
}
