//! [`WatchChan`]: clientv3's `Watch` for one key or range — the stream opened on one of
//! the endpoints, silently redialled (round robin, with backoff) while no member can be
//! reached or the stream breaks, resumed from the revision after the last one seen, and
//! closed with a cancelled response when the server cancels the watcher (compaction) or
//! ends the stream for want of a leader (`WithRequireLeader`, as etcdctl asks).

use super::api::{CallTimeouts, EtcdApi, GrpcCode, RpcError, ServerError};
use super::api_stream::{WatchRecv, WatchStreamId};
use super::pb_watch::{WatchCreateRequest, WatchResponse};

/// The first wait before redialling (unit: microseconds); it grows by a quarter per
/// failure up to [`MAX_BACKOFF_MICROS`], as clientv3's `openWatchClient` backs off.
const FIRST_BACKOFF_MICROS: u64 = 100_000;
/// The longest wait between redials (unit: microseconds).
const MAX_BACKOFF_MICROS: u64 = 3_000_000;
/// Most receives or dials one [`WatchChan::recv`] makes before giving up (unit: steps);
/// each one waits in virtual time, so this is days of a dead cluster.
const MAX_STEPS: u32 = 1_000_000;
/// How long one dial of a watch stream may take (unit: microseconds).
const OPEN_TIMEOUT_MICROS: u64 = 5_000_000;

/// One watcher, as a subscriber of clientv3's watch channel sees it.
pub(super) struct WatchChan<'a, A: EtcdApi> {
    api: &'a A,
    endpoints: Vec<String>,
    next_endpoint: usize,
    dial_timeout_micros: u64,
    create: WatchCreateRequest,
    stream: Option<WatchStreamId>,
    backoff_micros: u64,
    closed: bool,
}

impl<'a, A: EtcdApi> WatchChan<'a, A> {
    /// `client.Watch(WithRequireLeader(ctx), key, opts…)`: nothing is sent until the
    /// first [`WatchChan::recv`].
    pub(super) fn new(
        api: &'a A,
        endpoints: &[String],
        dial_timeout_micros: u64,
        create: WatchCreateRequest,
    ) -> Self {
        let start = match endpoints.len() {
            0 => 0,
            n => (api.random_u128() % n as u128) as usize,
        };
        Self {
            api,
            endpoints: endpoints.to_vec(),
            next_endpoint: start,
            dial_timeout_micros,
            create,
            stream: None,
            backoff_micros: FIRST_BACKOFF_MICROS,
            closed: false,
        }
    }

    /// The next response for the subscriber; `None` once the channel is closed.
    pub(super) async fn recv(&mut self) -> Option<WatchResponse> {
        for _ in 0..MAX_STEPS {
            if self.closed {
                return None;
            }
            let Some(stream) = self.stream else {
                if let Some(closing) = self.open().await {
                    return Some(closing);
                }
                continue;
            };
            match self.api.watch_recv(stream).await {
                WatchRecv::Response(r) => {
                    self.advance(&r);
                    if r.canceled {
                        self.close();
                        return Some(r);
                    }
                    if !r.created {
                        return Some(r);
                    }
                }
                WatchRecv::Closed(e) if halts(&e) => return Some(self.closing(e)),
                WatchRecv::Closed(_) | WatchRecv::Broken => self.drop_stream(),
            }
        }
        self.close();
        None
    }

    /// Dials the next endpoint; a refusal that halts the watch closes the channel with
    /// its cancelled response, anything else waits and lets the caller try again.
    async fn open(&mut self) -> Option<WatchResponse> {
        let count = self.endpoints.len().max(1);
        let endpoint = self
            .endpoints
            .get(self.next_endpoint % count)
            .cloned()
            .unwrap_or_default();
        self.next_endpoint = (self.next_endpoint + 1) % count;
        let timeouts = CallTimeouts {
            timeout_micros: OPEN_TIMEOUT_MICROS,
            dial_timeout_micros: self.dial_timeout_micros,
        };
        match self
            .api
            .watch(&endpoint, self.create.clone(), timeouts)
            .await
        {
            Ok((stream, created)) => {
                self.stream = Some(stream);
                self.backoff_micros = FIRST_BACKOFF_MICROS;
                self.advance(&created);
                None
            }
            Err(RpcError::Server(e)) if halts(&e) => Some(self.closing(e)),
            Err(_) => {
                self.api.sleep(self.backoff_micros).await;
                let grown = self.backoff_micros.saturating_add(self.backoff_micros / 4);
                self.backoff_micros = grown.min(MAX_BACKOFF_MICROS);
                None
            }
        }
    }

    /// clientv3's `nextRev`: a resumed watcher starts after what was delivered.
    fn advance(&mut self, r: &WatchResponse) {
        if let Some(last) = r.events.last() {
            self.create.start_revision = last.kv.mod_revision.saturating_add(1);
        } else if r.created && self.create.start_revision == 0 {
            self.create.start_revision = r.header.revision.saturating_add(1);
        }
    }

    /// The cancelled response a closing stream leaves its subscribers.
    fn closing(&mut self, e: ServerError) -> WatchResponse {
        self.close();
        WatchResponse {
            canceled: true,
            close_err: Some(e.message),
            ..WatchResponse::default()
        }
    }

    fn drop_stream(&mut self) {
        if let Some(stream) = self.stream.take() {
            self.api.watch_close(stream);
        }
    }

    fn close(&mut self) {
        self.drop_stream();
        self.closed = true;
    }
}

impl<A: EtcdApi> Drop for WatchChan<'_, A> {
    fn drop(&mut self) {
        self.drop_stream();
    }
}

/// `isHaltErr` or `ErrNoLeader`: errors after which clientv3 stops redialling.
fn halts(e: &ServerError) -> bool {
    e.message == ServerError::no_leader().message
        || !matches!(e.code, GrpcCode::Unavailable | GrpcCode::Internal)
}
