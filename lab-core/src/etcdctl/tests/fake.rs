//! A fake [`EtcdApi`] with its own virtual clock and a one-future executor that jumps the
//! clock to the next timer whenever everything waits, so concurrent calls finish in the
//! order their latencies say.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use super::super::{CallTimeouts, EtcdApi, Invocation, Request, Response, RpcError, Stream, run};
use super::model::Model;

/// 2026-11-22T10:17:08.164Z, in unix µs: five seconds before the reference's first timeout.
pub const START_MICROS: u64 = 1_795_342_628_164_000;

/// What one run printed and returned.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Exactly what went to stdout (`-w protobuf` is not text).
    pub stdout_bytes: Vec<u8>,
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// The fake cluster: a [`Model`] answering calls after per-endpoint latencies.
pub struct Fake {
    pub model: RefCell<Model>,
    now: Cell<u64>,
    timers: RefCell<Vec<(u64, Waker)>>,
    randoms: RefCell<VecDeque<u128>>,
    seed: Cell<u64>,
    pub calls: RefCell<Vec<(String, Request)>>,
}

impl Fake {
    pub fn new(model: Model) -> Self {
        Self {
            model: RefCell::new(model),
            now: Cell::new(START_MICROS),
            timers: RefCell::new(Vec::new()),
            randoms: RefCell::new(VecDeque::new()),
            seed: Cell::new(42),
            calls: RefCell::new(Vec::new()),
        }
    }

    /// Queues the next values `random_u128` returns (a client's UUID, then its
    /// round-robin start).
    pub fn script_random(&self, values: &[u128]) {
        self.randoms.borrow_mut().extend(values.iter().copied());
    }

    pub fn now(&self) -> u64 {
        self.now.get()
    }

    /// Runs `etcdctl <line>` (split at spaces; `''` is an empty argument).
    pub fn run(&self, line: &str) -> Outcome {
        self.run_with(line, &[], b"")
    }

    pub fn run_with(&self, line: &str, env: &[(&str, &str)], stdin: &[u8]) -> Outcome {
        let args: Vec<String> = line
            .split(' ')
            .filter(|a| !a.is_empty())
            .map(|a| {
                if a == "''" {
                    String::new()
                } else {
                    a.to_owned()
                }
            })
            .collect();
        self.run_args(&args, env, stdin)
    }

    pub fn run_args(&self, args: &[String], env: &[(&str, &str)], stdin: &[u8]) -> Outcome {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut sink = |stream: Stream, bytes: &[u8]| match stream {
            Stream::Stdout => stdout.extend_from_slice(bytes),
            Stream::Stderr => stderr.extend_from_slice(bytes),
        };
        let invocation = Invocation {
            args,
            env: &env,
            stdin,
        };
        let code = self.block_on(run(invocation, self, &mut sink));
        Outcome {
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stdout_bytes: stdout,
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            code,
        }
    }

    /// Polls `future`, moving the clock to the earliest timer each time it waits.
    fn block_on<F: Future>(&self, future: F) -> F::Output {
        let mut future = pin!(future);
        let mut context = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
                return value;
            }
            let mut timers = self.timers.borrow_mut();
            let Some(next) = timers.iter().map(|(at, _)| *at).min() else {
                panic!("etcdctl waits on nothing: deadlock");
            };
            self.now.set(self.now.get().max(next));
            let now = self.now.get();
            let (due, waiting): (Vec<_>, Vec<_>) = timers.drain(..).partition(|(at, _)| *at <= now);
            *timers = waiting;
            drop(timers);
            due.into_iter().for_each(|(_, waker)| waker.wake());
        }
    }

    fn delay(&self, micros: u64) -> Delay<'_> {
        Delay {
            fake: self,
            until: self.now.get().saturating_add(micros),
        }
    }
}

/// Resolves once the fake clock reaches `until`.
struct Delay<'a> {
    fake: &'a Fake,
    until: u64,
}

impl Future for Delay<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.fake.now.get() >= self.until {
            return Poll::Ready(());
        }
        self.fake
            .timers
            .borrow_mut()
            .push((self.until, cx.waker().clone()));
        Poll::Pending
    }
}

impl EtcdApi for Fake {
    async fn call(
        &self,
        endpoint: &str,
        request: Request,
        timeouts: CallTimeouts,
    ) -> Result<Response, RpcError> {
        self.calls
            .borrow_mut()
            .push((endpoint.to_owned(), request.clone()));
        let plan = self.model.borrow().plan(endpoint, &request);
        if let Some(reason) = plan.unreachable {
            return Err(RpcError::Unreachable { reason });
        }
        match plan.latency_micros {
            Some(latency) if latency <= timeouts.timeout_micros => {
                self.delay(latency).await;
                self.model.borrow_mut().serve(endpoint, &request)
            }
            _ => {
                self.delay(timeouts.timeout_micros).await;
                Err(RpcError::DeadlineExceeded)
            }
        }
    }

    async fn sleep(&self, micros: u64) {
        self.delay(micros).await;
    }

    fn now_unix_micros(&self) -> u64 {
        self.now.get()
    }

    fn random_u128(&self) -> u128 {
        if let Some(value) = self.randoms.borrow_mut().pop_front() {
            return value;
        }
        // splitmix64, twice.
        let next = || {
            let mut z = self.seed.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
            self.seed.set(z);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        (u128::from(next()) << 64) | u128::from(next())
    }
}

/// The 128 bits behind a UUID printed in the reference, so warnings match byte for byte.
pub fn uuid_bits(text: &str) -> u128 {
    u128::from_str_radix(&text.replace('-', ""), 16).expect("a UUID from the reference")
}
