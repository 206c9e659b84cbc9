//! [`Client`]: what clientv3 3.4 does between etcdctl and the wire — the round-robin
//! balancer over `--endpoints`, waiting for a connection until the context deadline, the
//! retry interceptor (up to 100 attempts of repeatable RPCs on `Unavailable`, 25 ms ± 10 %
//! apart after each round over a quorum of endpoints), the zap warning line for every failed
//! attempt, and `toErr`'s choice of the final error text.

use std::cell::{Cell, RefCell};

use super::api::{CallTimeouts, EtcdApi, GrpcCode, RpcError};
use super::gofmt::{uuid_v4, zap_timestamp};
use super::output::Output;
use super::rpc::{Request, Response};

/// clientv3's `defaultUnaryMaxRetries`: attempts per call, first one included.
const MAX_UNARY_ATTEMPTS: u32 = 100;
/// clientv3's `defaultBackoffWaitBetween`, in microseconds.
const BACKOFF_WAIT_MICROS: u64 = 25_000;
/// clientv3's `defaultBackoffJitterFraction`.
const BACKOFF_JITTER: f64 = 0.10;
/// How long the balancer waits before dialling unreachable endpoints again, in
/// microseconds (grpc-go's base connection backoff).
const RECONNECT_BACKOFF_MICROS: u64 = 1_000_000;
/// Upper bound on reconnect rounds in one call, in case virtual time does not advance.
const MAX_RECONNECT_ROUNDS: u32 = 100_000;

/// A failed call as a gRPC status, plus whether the context deadline had passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Status {
    pub code: GrpcCode,
    pub desc: String,
    pub deadline_passed: bool,
}

impl Status {
    /// grpc-go's `status.Error` text.
    pub(super) fn rpc_text(&self) -> String {
        format!("rpc error: code = {} desc = {}", self.code, self.desc)
    }

    /// clientv3's `toErr`: etcd's own errors bare, an expired context as
    /// `context deadline exceeded`, anything else as the whole status.
    pub(super) fn error_text(&self) -> String {
        if self.desc.starts_with("etcdserver: ") {
            return self.desc.clone();
        }
        let context_code = matches!(self.code, GrpcCode::DeadlineExceeded | GrpcCode::Canceled);
        if context_code && self.deadline_passed {
            return "context deadline exceeded".to_owned();
        }
        self.rpc_text()
    }

    fn is_context_error(&self) -> bool {
        matches!(self.code, GrpcCode::DeadlineExceeded | GrpcCode::Canceled)
    }

    fn deadline(desc: &str) -> Self {
        Self {
            code: GrpcCode::DeadlineExceeded,
            desc: desc.to_owned(),
            deadline_passed: true,
        }
    }
}

/// One clientv3 client: its endpoints, the name its warnings carry, its balancer state.
pub(super) struct Client<'a, A: EtcdApi> {
    api: &'a A,
    endpoints: Vec<String>,
    target: String,
    passthrough: bool,
    dial_timeout_micros: u64,
    next: Cell<usize>,
}

impl<'a, A: EtcdApi> Client<'a, A> {
    /// `clientv3.New`: a balanced client named `endpoint://client-<uuid>/<host:port>` after
    /// its first endpoint (`endpoint.ParseEndpoint` drops the scheme: grpc dials by host).
    /// `None` when there is no endpoint at all.
    pub(super) fn new(api: &'a A, endpoints: &[String], dial_timeout_micros: u64) -> Option<Self> {
        let first = dial_host(endpoints.first()?);
        let target = format!("endpoint://client-{}/{first}", uuid_v4(api.random_u128()));
        let start = (api.random_u128() % endpoints.len() as u128) as usize;
        Some(Self {
            api,
            endpoints: endpoints.to_vec(),
            target,
            passthrough: false,
            dial_timeout_micros,
            next: Cell::new(start),
        })
    }

    /// The direct connection `Maintenance.Status(ctx, endpoint)` dials.
    pub(super) fn passthrough(api: &'a A, endpoint: &str, dial_timeout_micros: u64) -> Self {
        Self {
            api,
            endpoints: vec![endpoint.to_owned()],
            target: format!("passthrough:///{endpoint}"),
            passthrough: true,
            dial_timeout_micros,
            next: Cell::new(0),
        }
    }

    pub(super) fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// One unary call through the retry interceptor, until `deadline` (unix µs).
    pub(super) async fn unary(
        &self,
        log: &RefCell<Output<'_>>,
        request: Request,
        deadline: u64,
    ) -> Result<Response, Status> {
        let quorum = self.endpoints.len() / 2 + 1;
        let mut last = Status::deadline("context deadline exceeded");
        for attempt in 0..MAX_UNARY_ATTEMPTS {
            if attempt > 0 && (attempt as usize).is_multiple_of(quorum) {
                let wait = self.jittered_backoff();
                let now = self.api.now_unix_micros();
                if now.saturating_add(wait) >= deadline {
                    self.api.sleep(deadline.saturating_sub(now)).await;
                    return Err(Status::deadline("context deadline exceeded"));
                }
                self.api.sleep(wait).await;
            }
            let status = match self.invoke(request.clone(), deadline).await {
                Ok(response) => return Ok(response),
                Err(status) => status,
            };
            self.warn(log, attempt, &status);
            if status.is_context_error() && status.deadline_passed {
                return Err(status);
            }
            if !status.is_context_error() && !safe_to_retry(&status, request.is_repeatable()) {
                return Err(status);
            }
            last = status;
        }
        Err(last)
    }

    /// The balancer: the next reachable endpoint in round-robin order; while none is,
    /// redial every second until the deadline.
    async fn invoke(&self, request: Request, deadline: u64) -> Result<Response, Status> {
        let count = self.endpoints.len();
        let mut last_dial_error = None;
        for _ in 0..MAX_RECONNECT_ROUNDS {
            let start = self.next.get();
            for offset in 0..count {
                let index = (start + offset) % count;
                let Some(endpoint) = self.endpoints.get(index) else {
                    continue;
                };
                let now = self.api.now_unix_micros();
                if now >= deadline {
                    return Err(self.balancer_deadline(last_dial_error));
                }
                let timeouts = CallTimeouts {
                    timeout_micros: deadline - now,
                    dial_timeout_micros: self.dial_timeout_micros,
                };
                let result = self.api.call(endpoint, request.clone(), timeouts).await;
                if let Err(RpcError::Unreachable { reason }) = result {
                    last_dial_error = Some((endpoint.clone(), reason));
                    continue;
                }
                self.next.set((index + 1) % count);
                let passed = self.api.now_unix_micros() >= deadline;
                return result.map_err(|e| match e {
                    RpcError::Server(s) => Status {
                        code: s.code,
                        desc: s.message,
                        deadline_passed: passed,
                    },
                    _ => Status {
                        deadline_passed: passed,
                        ..Status::deadline("context deadline exceeded")
                    },
                });
            }
            let now = self.api.now_unix_micros();
            if now >= deadline {
                break;
            }
            self.api
                .sleep(RECONNECT_BACKOFF_MICROS.min(deadline - now))
                .await;
        }
        Err(self.balancer_deadline(last_dial_error))
    }

    /// What grpc-go reports when the deadline passes with no connection.
    fn balancer_deadline(&self, last_dial_error: Option<(String, String)>) -> Status {
        match last_dial_error {
            Some((_, reason)) if self.passthrough && reason == CONNECTION_CLOSED => {
                Status::deadline(&format!("latest balancer error: {reason}"))
            }
            // The name never became an address, so Go's dial error names none.
            Some((_, reason)) if self.passthrough && reason.starts_with("lookup ") => {
                Status::deadline(&format!(
                    "latest balancer error: connection error: desc = \"transport: Error while dialing dial tcp: {reason}\""
                ))
            }
            Some((_, reason)) if self.passthrough && reason.starts_with("transport: ") => {
                Status::deadline(&format!(
                    "latest balancer error: connection error: desc = \"{reason}\""
                ))
            }
            Some((endpoint, reason)) if self.passthrough => Status::deadline(&format!(
                "latest balancer error: connection error: desc = \"transport: Error while dialing dial tcp {}: {reason}\"",
                host_port(&endpoint)
            )),
            // etcd's own balancer reports only that every endpoint failed, whatever the
            // handshake said (recorded: an x509 mismatch reads just like a refused port).
            Some(_) => {
                Status::deadline("latest balancer error: all SubConns are in TransientFailure")
            }
            None => Status::deadline("context deadline exceeded"),
        }
    }

    /// clientv3's `jitterUp(25ms, 0.10)`.
    fn jittered_backoff(&self) -> u64 {
        let unit = (self.api.random_u128() >> 75) as f64 / (1u64 << 53) as f64;
        let factor = 1.0 + BACKOFF_JITTER * (unit * 2.0 - 1.0);
        (BACKOFF_WAIT_MICROS as f64 * factor) as u64
    }

    /// The zap line `retry_interceptor.go` logs for a failed attempt.
    fn warn(&self, log: &RefCell<Output<'_>>, attempt: u32, status: &Status) {
        let line = format!(
            "{{\"level\":\"warn\",\"ts\":\"{}\",\"caller\":\"clientv3/retry_interceptor.go:62\",\"msg\":\"retrying of unary invoker failed\",\"target\":{},\"attempt\":{attempt},\"error\":{}}}",
            zap_timestamp(self.api.now_unix_micros()),
            json_string(&self.target),
            json_string(&status.rpc_text()),
        );
        log.borrow_mut().errln(&line);
    }
}

/// The dial reason of a plaintext client whose TLS listener hung up on it.
pub const CONNECTION_CLOSED: &str = "connection closed";

/// `isSafeRetry` for a non-context error.
fn safe_to_retry(status: &Status, repeatable: bool) -> bool {
    if status.code != GrpcCode::Unavailable {
        return false;
    }
    repeatable
        || status.desc == "there is no address available"
        || status.desc == "there is no connection available"
}

/// `http://10.0.0.5:2379` → `10.0.0.5:2379`: what `dial tcp` names.
pub(super) fn host_port(endpoint: &str) -> &str {
    endpoint
        .strip_prefix("http://")
        .or_else(|| endpoint.strip_prefix("https://"))
        .unwrap_or(endpoint)
}

/// clientv3's `endpoint.ParseEndpoint` host: `host:port` of an `http(s)://` URL, host and
/// path of a `unix(s)://` one, nothing for another scheme, the endpoint itself without one.
pub(super) fn dial_host(endpoint: &str) -> &str {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return endpoint;
    };
    match scheme {
        "http" | "https" => rest.split(['/', '?', '#']).next().unwrap_or(rest),
        "unix" | "unixs" => rest,
        _ => "",
    }
}

/// A JSON string literal, escaped as zap escapes it.
pub(super) fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::dial_host;

    #[test]
    fn the_balanced_target_names_the_host_grpc_dials() {
        assert_eq!(dial_host("https://localhost:2379"), "localhost:2379");
        assert_eq!(dial_host("http://10.0.0.11:2379/"), "10.0.0.11:2379");
        assert_eq!(dial_host("10.0.0.11:2379"), "10.0.0.11:2379");
        assert_eq!(dial_host("unix://etcd.sock:0"), "etcd.sock:0");
        assert_eq!(dial_host("ftp://x:1"), "");
    }
}
