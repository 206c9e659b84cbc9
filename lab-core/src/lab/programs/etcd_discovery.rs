//! `etcd --discovery URL`: etcd 3.4's v2 discovery protocol (`etcdserver/api/v2discovery`)
//! against a discovery cluster in the lab, through the lab's network. The member reads
//! `<token>/_config/size`, registers `<token>/<id>` = `name=peerURL` (`prevExist=false`),
//! waits until `size` members registered and returns the first `size` by `createdIndex`.
//! Unreachable services are retried with etcd's backoff (2 s doubling to 256 s), for ever.

use super::etcd_v2keys;
use crate::config::{ClusterMember, InitialCluster};
use crate::lab::program::ProgramCtx;
use crate::lab::sleep;
use crate::sim::{ConnectError, Connection, NAMESERVER, capnslog};
use crate::time::{SimDuration, WallClock};
use crate::v2store::{ErrorCode, Event, V2Error, V2Request};

/// What one request to the discovery service costs (unit: virtual time).
const ROUND_TRIP: SimDuration = SimDuration::from_millis(2);
/// etcd's `client.DefaultRequestTimeout`: a request to a silent service gives up after it.
const REQUEST_TIMEOUT: SimDuration = SimDuration::from_secs(5);
/// etcd's cap on the backoff exponent (`maxExpoentialRetries`).
const MAX_BACKOFF_EXPONENT: u32 = 8;
/// Most members a discovery token may ask for (`_config/size`).
const MAX_SIZE: u64 = 64;

/// Why discovery failed, as etcd names it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(super) enum DiscoveryError {
    #[error("discovery: invalid URL")]
    InvalidUrl,
    #[error("discovery: size key is bad")]
    BadSizeKey,
    #[error("discovery: found duplicate id")]
    DuplicateId,
    #[error("discovery: found duplicate name")]
    DuplicateName,
    #[error("discovery: cluster is full")]
    FullCluster,
    #[error("discovery: bad discovery endpoint")]
    BadEndpoint,
    /// An error from the v2 API, printed as Go's client prints it.
    #[error("{0}")]
    Keys(V2Error),
    #[error("context deadline exceeded")]
    DeadlineExceeded,
    /// Ctrl-C while waiting.
    #[error("interrupted")]
    Interrupted,
}

/// A failed request: the service could not be reached (retried), or a final answer.
enum CallError {
    /// Go's `client.ClusterError` detail: `error #0: dial tcp ...`.
    Unreachable(String),
    Fatal(DiscoveryError),
}

/// One member's run of the protocol.
pub(super) struct Discovery {
    /// `scheme://host:port`, as the retry lines print it.
    endpoint: String,
    host: String,
    port: u16,
    /// The token directory as a v2 key (`/_etcd/registry/TOKEN`), `None` if the URL's path
    /// is not under `/v2/keys` (every request then meets a 404).
    token_key: Option<String>,
    self_name: String,
    retries: u32,
}

impl Discovery {
    /// Parses the discovery URL; `id` is the member's id, its key in the token directory.
    pub(super) fn new(url: &str, id: u64) -> Result<Discovery, DiscoveryError> {
        let (scheme, rest) = url.split_once("://").ok_or(DiscoveryError::InvalidUrl)?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().map_err(|_| DiscoveryError::InvalidUrl)?),
            None if scheme == "https" => (authority, 443),
            None => (authority, 80),
        };
        let token_key = path
            .strip_prefix("/v2/keys")
            .filter(|k| k.starts_with('/'))
            .map(|k| k.trim_end_matches('/').to_owned());
        Ok(Discovery {
            endpoint: format!("{scheme}://{authority}"),
            host: host.to_owned(),
            port,
            token_key,
            self_name: format!("{id:x}"),
            retries: 0,
        })
    }

    /// Registers `entry` (`name=peerURL`) and waits for the cluster to fill; returns its
    /// members, the first `size` to register.
    pub(super) async fn join_cluster(
        &mut self,
        ctx: &mut ProgramCtx<'_>,
        entry: &str,
    ) -> Result<Vec<ClusterMember>, DiscoveryError> {
        self.check_cluster(ctx).await?;
        let self_key = self.key(&self.self_name);
        let create = V2Request::Create {
            key: self_key,
            value: Some(entry.to_owned()),
            ttl: crate::v2store::TtlOptions::default(),
        };
        match self.write(ctx, create).await {
            Ok(_) => {}
            Err(CallError::Fatal(DiscoveryError::Keys(e))) if e.code == ErrorCode::NodeExist => {
                return Err(DiscoveryError::DuplicateId);
            }
            Err(CallError::Fatal(e)) => return Err(e),
            Err(CallError::Unreachable(detail)) => {
                log(ctx, 'E', "discovery", &detail);
                return Err(DiscoveryError::DeadlineExceeded);
            }
        }
        let (nodes, size, index) = self.check_cluster(ctx).await?;
        let all = self.wait_nodes(ctx, nodes, size, index).await?;
        nodes_to_cluster(&all, size)
    }

    /// The size and the registered members (by `createdIndex`), and the token directory's
    /// index; `FullCluster` if this member is not among the first `size`. Unreachable
    /// services are retried with backoff.
    async fn check_cluster(
        &mut self,
        ctx: &mut ProgramCtx<'_>,
    ) -> Result<(Vec<Event>, u64, u64), DiscoveryError> {
        loop {
            match self.check_once(ctx).await {
                Ok(found) => return Ok(found),
                Err(CallError::Fatal(e)) => return Err(e),
                Err(CallError::Unreachable(detail)) => {
                    log(ctx, 'E', "discovery", &detail);
                    self.backoff(ctx, "cluster status check").await?;
                }
            }
        }
    }

    async fn check_once(
        &mut self,
        ctx: &mut ProgramCtx<'_>,
    ) -> Result<(Vec<Event>, u64, u64), CallError> {
        let size = self.read(ctx, &self.key("_config/size")).await?;
        let size: u64 = size
            .node
            .value
            .as_deref()
            .and_then(|v| v.parse().ok())
            .filter(|s| (1..=MAX_SIZE).contains(s))
            .ok_or(CallError::Fatal(DiscoveryError::BadSizeKey))?;
        let dir = self.read(ctx, &self.key("")).await?;
        let index = dir.index;
        let mut nodes: Vec<Event> = dir
            .node
            .nodes
            .into_iter()
            .filter(|n| !n.key.ends_with("/_config"))
            .map(|node| Event {
                action: crate::v2store::Action::Get,
                node,
                prev_node: None,
                index,
                refresh: false,
            })
            .collect();
        nodes.sort_by_key(|e| e.node.created_index);
        let limit = usize::try_from(size).unwrap_or(usize::MAX);
        for (i, n) in nodes.iter().enumerate() {
            if base(&n.node.key) == self.self_name {
                break;
            }
            if i.saturating_add(1) >= limit {
                return Err(CallError::Fatal(DiscoveryError::FullCluster));
            }
        }
        Ok((nodes, size, index))
    }

    /// Logs what is known and watches the token directory until `size` members registered.
    async fn wait_nodes(
        &mut self,
        ctx: &mut ProgramCtx<'_>,
        mut nodes: Vec<Event>,
        size: u64,
        index: u64,
    ) -> Result<Vec<Event>, DiscoveryError> {
        let limit = usize::try_from(size).unwrap_or(usize::MAX);
        nodes.truncate(limit);
        for n in &nodes {
            let name = base(&n.node.key);
            let who = if name == self.self_name {
                "self"
            } else {
                "peer"
            };
            log(
                ctx,
                'N',
                "discovery",
                &format!("found {who} {name} in the cluster"),
            );
        }
        let mut after = index;
        while nodes.len() < limit {
            let more = limit - nodes.len();
            let text = format!("found {} peer(s), waiting for {more} more", nodes.len());
            log(ctx, 'N', "discovery", &text);
            let event = match self.watch(ctx, after).await {
                Ok(event) => event,
                Err(CallError::Fatal(e)) => return Err(e),
                Err(CallError::Unreachable(detail)) => {
                    log(ctx, 'E', "discovery", &detail);
                    self.backoff(ctx, "waiting for other nodes").await?;
                    let (fresh, size, index) = self.check_cluster(ctx).await?;
                    return Box::pin(self.wait_nodes(ctx, fresh, size, index)).await;
                }
            };
            after = event.index;
            let text = format!("found peer {} in the cluster", base(&event.node.key));
            log(ctx, 'N', "discovery", &text);
            nodes.push(event);
        }
        log(
            ctx,
            'N',
            "discovery",
            &format!("found {} needed peer(s)", nodes.len()),
        );
        Ok(nodes)
    }

    /// etcd's `logAndBackoffForRetry`: 2^retries seconds, the exponent capped at 8.
    async fn backoff(
        &mut self,
        ctx: &mut ProgramCtx<'_>,
        step: &str,
    ) -> Result<(), DiscoveryError> {
        self.retries = self.retries.saturating_add(1);
        let secs = 1u64 << self.retries.min(MAX_BACKOFF_EXPONENT);
        let text = format!(
            "{step}: error connecting to {}, retrying in {secs}s",
            self.endpoint
        );
        log(ctx, 'I', "discovery", &text);
        wait(ctx, SimDuration::from_secs(secs)).await
    }

    fn key(&self, name: &str) -> String {
        let token = self.token_key.as_deref().unwrap_or_default();
        if name.is_empty() {
            token.to_owned()
        } else {
            format!("{token}/{name}")
        }
    }

    async fn read(&self, ctx: &mut ProgramCtx<'_>, key: &str) -> Result<Event, CallError> {
        let conn = self.connect(ctx).await?;
        let world = ctx.lab.world();
        etcd_v2keys::read(&world, conn.member, key, false).map_err(keys_error)
    }

    async fn write(&self, ctx: &mut ProgramCtx<'_>, req: V2Request) -> Result<Event, CallError> {
        let conn = self.connect(ctx).await?;
        etcd_v2keys::write(&ctx.lab, conn.member, req)
            .await
            .map(|answer| answer.event)
            .map_err(keys_error)
    }

    /// The next event in the token directory after index `after`.
    async fn watch(&self, ctx: &mut ProgramCtx<'_>, after: u64) -> Result<Event, CallError> {
        loop {
            let conn = self.connect(ctx).await?;
            let key = self.key("");
            let from = after.saturating_add(1);
            let found = etcd_v2keys::watch(
                &ctx.lab,
                conn.member,
                &key,
                true,
                from,
                SimDuration::from_secs(1),
            )
            .await
            .map_err(keys_error)?;
            if let Some(event) = found {
                return Ok(event);
            }
            if ctx.interrupted() {
                return Err(CallError::Fatal(DiscoveryError::Interrupted));
            }
        }
    }

    /// A connection to the discovery service's client port, or Go's dial error.
    async fn connect(&self, ctx: &mut ProgramCtx<'_>) -> Result<Connection, CallError> {
        sleep(&ctx.lab, ROUND_TRIP).await;
        let resolved = ctx.lab.world().resolve_name(ctx.host, &self.host);
        let Some(ip) = resolved else {
            let detail = format!(
                "error #0: dial tcp: lookup {} on {NAMESERVER}: no such host",
                self.host
            );
            return Err(CallError::Unreachable(detail));
        };
        let connected = ctx.lab.world().connect(ctx.host, ip, self.port);
        let dial = |why: &str| {
            let detail = format!("error #0: dial tcp {ip}:{}: connect: {why}", self.port);
            CallError::Unreachable(detail)
        };
        let conn = match connected {
            Ok(conn) => conn,
            Err(ConnectError::Refused) => return Err(dial("connection refused")),
            Err(ConnectError::NoRoute) => return Err(dial("no route to host")),
            Err(ConnectError::Timeout) => {
                wait(ctx, REQUEST_TIMEOUT).await.map_err(CallError::Fatal)?;
                return Err(CallError::Fatal(DiscoveryError::DeadlineExceeded));
            }
        };
        let v2 = super::etcd_http::enable_v2(&ctx.lab.world(), conn);
        if conn.peer_port || !v2 || self.token_key.is_none() {
            // Go's `404 page not found` is no JSON: the client's ErrInvalidJSON.
            return Err(CallError::Fatal(DiscoveryError::BadEndpoint));
        }
        Ok(conn)
    }
}

fn keys_error(e: V2Error) -> CallError {
    CallError::Fatal(DiscoveryError::Keys(e))
}

/// The last component of a key (`path.Base`).
fn base(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// etcd's `nodesToCluster`: the registered values as an initial cluster, which must name
/// `size` distinct members.
fn nodes_to_cluster(nodes: &[Event], size: u64) -> Result<Vec<ClusterMember>, DiscoveryError> {
    let text: Vec<&str> = nodes
        .iter()
        .map(|n| n.node.value.as_deref().unwrap_or_default())
        .collect();
    let members = InitialCluster::new(&text.join(","))
        .members()
        .map_err(|_| DiscoveryError::InvalidUrl)?;
    if u64::try_from(members.len()).ok() != Some(size) {
        return Err(DiscoveryError::DuplicateName);
    }
    Ok(members)
}

/// Sleeps `d` of virtual time, or stops early on Ctrl-C.
async fn wait(ctx: &mut ProgramCtx<'_>, d: SimDuration) -> Result<(), DiscoveryError> {
    let deadline = ctx.lab.now().saturating_add(d);
    while ctx.lab.now() < deadline {
        if ctx.interrupted() {
            return Err(DiscoveryError::Interrupted);
        }
        let left = deadline.saturating_duration_since(ctx.lab.now());
        sleep(&ctx.lab, left.min(SimDuration::from_millis(100))).await;
    }
    Ok(())
}

/// Writes one capnslog line to the terminal at the current virtual time.
pub(super) fn log(ctx: &mut ProgramCtx<'_>, level: char, package: &str, message: &str) {
    let wall = WallClock::at(ctx.lab.now());
    ctx.eprint(&format!("{}\n", capnslog(&wall, level, package, message)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2store::NodeExtern;

    fn node(key: &str, value: &str) -> Event {
        Event {
            action: crate::v2store::Action::Get,
            node: NodeExtern {
                key: key.into(),
                value: Some(value.into()),
                modified_index: 1,
                created_index: 1,
                ..NodeExtern::default()
            },
            prev_node: None,
            index: 1,
            refresh: false,
        }
    }

    #[test]
    fn the_url_names_the_endpoint_and_the_token_directory() {
        let d = Discovery::new(
            "http://127.0.0.1:32379/v2/keys/_etcd/registry/TOKEN",
            0x6ba7daf569e52596,
        );
        let d = d.expect("parses");
        assert_eq!(d.endpoint, "http://127.0.0.1:32379");
        assert_eq!(d.key("_config/size"), "/_etcd/registry/TOKEN/_config/size");
        assert_eq!(
            d.key(&d.self_name),
            "/_etcd/registry/TOKEN/6ba7daf569e52596"
        );
        assert!(Discovery::new("http://h:port/x", 1).is_err());
        assert!(Discovery::new("http://h:2379/other", 1).is_ok_and(|d| d.token_key.is_none()));
    }

    #[test]
    fn registered_values_become_the_initial_cluster_and_names_must_differ() {
        let two = [
            node("/t/1", "m1=http://10.0.0.11:2380"),
            node("/t/2", "m2=http://10.0.0.12:2380"),
        ];
        assert_eq!(nodes_to_cluster(&two, 2).map(|m| m.len()), Ok(2));
        let twins = [
            node("/t/1", "m1=http://10.0.0.11:2380"),
            node("/t/2", "m1=http://10.0.0.12:2380"),
        ];
        assert_eq!(
            nodes_to_cluster(&twins, 2),
            Err(DiscoveryError::DuplicateName)
        );
    }

    #[test]
    fn member_ids_take_the_discovery_url_as_token_as_etcd_printed_them() {
        let token = "http://127.0.0.1:32379/v2/keys/_etcd/registry/TOKEN";
        let id = |url: &str| crate::sim::etcd_member_id(&[url], token, None);
        let ids = [
            id("http://127.0.0.1:32383"),
            id("http://127.0.0.1:32385"),
            id("http://127.0.0.1:32387"),
        ];
        assert_eq!(
            ids,
            [
                0x6ba7_daf5_69e5_2596,
                0x2ce1_1842_5c69_6878,
                0xff71_6dbb_cfef_7a6e
            ]
        );
        assert_eq!(crate::sim::etcd_cluster_id(&ids), 0x999a_ba1b_41a6_3d7b);
    }

    #[test]
    fn errors_print_as_etcd_prints_them() {
        assert_eq!(
            DiscoveryError::FullCluster.to_string(),
            "discovery: cluster is full"
        );
        let missing = V2Error {
            code: ErrorCode::KeyNotFound,
            cause: "/_etcd".into(),
            index: 7,
        };
        assert_eq!(
            DiscoveryError::Keys(missing).to_string(),
            "100: Key not found (/_etcd) [7]"
        );
    }
}
