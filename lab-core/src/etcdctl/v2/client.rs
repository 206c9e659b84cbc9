//! etcd's v2 `client.httpClusterClient` as etcdctl v2 drives it: the endpoints from
//! `--endpoints`/`ETCDCTL_ENDPOINTS`/…, the sync that swaps them for the members' client URLs
//! (shuffled), each request tried on every endpoint from the pinned one on, and the
//! `ClusterError` texts and `--debug` lines.

use std::fmt;

use super::super::output::Output;
use super::super::{CallTimeouts, EtcdApi, HttpCall, HttpReply, RpcError};
use super::Env;
use super::flags::Globals;

/// The endpoints etcdctl v2 uses when given none.
const DEFAULT_ENDPOINTS: &str = "http://127.0.0.1:2379,http://127.0.0.1:4001";
/// Most endpoints one client keeps (unit: URLs).
pub(super) const MAX_ENDPOINTS: usize = 64;
/// etcdctl v2's dial timeout before `--total-timeout` caps it (unit: microseconds).
const DIAL_TIMEOUT_MICROS: u64 = 30_000_000;

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ClientError {
    /// Every endpoint failed: one text per endpoint tried (`client.ClusterError`).
    Cluster(Vec<String>),
    /// Anything else, as its text.
    Other(String),
}

impl ClientError {
    /// `ClusterError.Detail()`: one line per endpoint's error.
    pub(super) fn detail(&self) -> Option<String> {
        let Self::Cluster(errors) = self else {
            return None;
        };
        let lines = errors.iter().enumerate();
        Some(lines.map(|(i, e)| format!("error #{i}: {e}\n")).collect())
    }

    /// Whether etcdctl counts it a connection error (`isConnectionError`): every endpoint
    /// failed to dial.
    fn is_connection_error(&self) -> bool {
        match self {
            Self::Cluster(errors) => errors.iter().all(|e| e.starts_with("dial tcp")),
            Self::Other(_) => false,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cluster(errors) => {
                f.write_str("client: etcd cluster is unavailable or misconfigured")?;
                for (i, e) in errors.iter().enumerate() {
                    writeln!(f, "; error #{i}: {e}")?;
                }
                Ok(())
            }
            Self::Other(text) => f.write_str(text),
        }
    }
}

/// A v2 client.
pub(super) struct Client<'a, A> {
    api: &'a A,
    endpoints: Vec<String>,
    pinned: usize,
    debug: bool,
    timeouts: CallTimeouts,
}

/// etcdctl's `getEndpoints`: the first of `--endpoints`, `ETCDCTL_ENDPOINTS`, `--endpoint`,
/// `ETCDCTL_ENDPOINT`, `--peers`, `ETCDCTL_PEERS` that is set, split at commas; each URL
/// parsed as Go does, `http` when it has no scheme.
pub(super) fn endpoints(globals: &Globals, env: &Env<'_>) -> Result<Vec<String>, String> {
    let [flag_endpoints, flag_endpoint, flag_peers] = &globals.endpoints;
    let raw = [
        flag_endpoints.as_str(),
        env.get("ETCDCTL_ENDPOINTS"),
        flag_endpoint,
        env.get("ETCDCTL_ENDPOINT"),
        flag_peers,
        env.get("ETCDCTL_PEERS"),
    ]
    .into_iter()
    .find(|v| !v.is_empty())
    .unwrap_or(DEFAULT_ENDPOINTS);
    raw.split(',')
        .take(MAX_ENDPOINTS)
        .map(|ep| {
            if ep.contains("://") {
                return Ok(ep.to_owned());
            }
            let first = ep.split('/').next().unwrap_or_default();
            if first.contains(':') {
                return Err(format!(
                    "parse {}: first path segment in URL cannot contain colon",
                    super::super::gofmt::quote(ep.as_bytes())
                ));
            }
            Ok(format!("http://{ep}"))
        })
        .collect()
}

impl<'a, A: EtcdApi> Client<'a, A> {
    /// A client of `endpoints` with the run's timeouts.
    pub(super) fn new(api: &'a A, endpoints: Vec<String>, globals: &Globals) -> Self {
        let total = globals.total_timeout_micros;
        let dial = if total != 0 && total < DIAL_TIMEOUT_MICROS {
            total
        } else {
            DIAL_TIMEOUT_MICROS
        };
        let per_request = match globals.timeout_micros {
            0 => total,
            t => t.min(total),
        };
        Self {
            api,
            endpoints,
            pinned: 0,
            debug: globals.debug,
            timeouts: CallTimeouts {
                timeout_micros: per_request,
                dial_timeout_micros: dial,
            },
        }
    }

    /// The endpoints, as `--debug` lists them.
    pub(super) fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// `GET path`.
    pub(super) async fn get(
        &mut self,
        path: &str,
        out: &mut Output<'_>,
    ) -> Result<HttpReply, ClientError> {
        let call = HttpCall {
            method: "GET".to_owned(),
            path: path.to_owned(),
            ..HttpCall::default()
        };
        self.send(call, out).await
    }

    /// `httpClusterClient.Do`: from the pinned endpoint round the list until one answers
    /// below 500; that one is pinned.
    pub(super) async fn send(
        &mut self,
        call: HttpCall,
        out: &mut Output<'_>,
    ) -> Result<HttpReply, ClientError> {
        let count = self.endpoints.len();
        if count == 0 {
            return Err(ClientError::Other(
                "client: no endpoints available".to_owned(),
            ));
        }
        let mut errors = Vec::new();
        for k in (self.pinned..self.pinned.saturating_add(count)).map(|i| i % count) {
            let Some(endpoint) = self.endpoints.get(k).cloned() else {
                continue;
            };
            if self.debug {
                out.errln(&curl_line(&endpoint, &call));
            }
            match self.api.http(&endpoint, call.clone(), self.timeouts).await {
                Ok(reply) if reply.status / 100 == 5 => {
                    errors.push(server_error(&endpoint, reply.status))
                }
                Ok(reply) => {
                    self.pinned = k;
                    return Ok(reply);
                }
                Err(RpcError::Unreachable { reason }) => {
                    errors.push(dial_error(&endpoint, &reason))
                }
                Err(RpcError::DeadlineExceeded) => {
                    errors.push(format!(
                        "client: endpoint {endpoint} exceeded header timeout"
                    ));
                }
                Err(RpcError::Server(e)) => errors.push(e.message),
            }
        }
        Err(ClientError::Cluster(errors))
    }

    /// `Sync`: the members' client URLs become the endpoints, in a random order. Errors
    /// other than connection errors are ignored, as etcdctl ignores them.
    pub(super) async fn sync(&mut self, out: &mut Output<'_>) -> Result<(), ClientError> {
        let listed = match self.get("/v2/members", out).await {
            Ok(reply) if reply.status == 200 => reply.body,
            Ok(_) => return Ok(()),
            Err(e) if e.is_connection_error() => return Err(e),
            Err(_) => return Ok(()),
        };
        let mut urls: Vec<String> = super::member::parse_list(&listed)
            .into_iter()
            .flat_map(|m| m.client_urls)
            .take(MAX_ENDPOINTS)
            .collect();
        if urls.is_empty() {
            return Err(ClientError::Other(
                "client: no endpoints available".to_owned(),
            ));
        }
        let mut sorted_now = self.endpoints.clone();
        sorted_now.sort();
        let mut sorted_new = urls.clone();
        sorted_new.sort();
        if sorted_now != sorted_new {
            self.shuffle(&mut urls);
            self.endpoints = urls;
            self.pinned = 0;
        }
        Ok(())
    }

    /// Go's `rand.Perm` order, from the lab's randomness.
    fn shuffle(&self, urls: &mut [String]) {
        for i in (1..urls.len()).rev() {
            let bound = u128::try_from(i).unwrap_or(u128::MAX).saturating_add(1);
            let j = usize::try_from(self.api.random_u128() % bound).unwrap_or(0);
            urls.swap(i, j);
        }
    }
}

/// What a 5xx answer counts as.
fn server_error(endpoint: &str, status: u16) -> String {
    match status {
        500 | 503 => format!("client: etcd member {endpoint} has no leader"),
        other => format!("client: etcd member {endpoint} returns server error [{other}]"),
    }
}

/// Go's dial error: `dial tcp HOST:PORT: REASON`, or `dial tcp: lookup …`.
pub(super) fn dial_error(endpoint: &str, reason: &str) -> String {
    if reason.starts_with("lookup ") {
        return format!("dial tcp: {reason}");
    }
    let address = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest)
        .trim_end_matches('/');
    format!("dial tcp {address}: {reason}")
}

/// The `--debug` line for `call`.
fn curl_line(endpoint: &str, call: &HttpCall) -> String {
    let mut line = format!(
        "cURL Command: curl -X {} {}{}",
        call.method,
        endpoint.trim_end_matches('/'),
        call.path
    );
    if !call.body.is_empty() {
        line.push_str(&format!(
            " -d {}",
            super::super::gofmt::quote(call.body.as_bytes())
        ));
    }
    line
}
