//! Where a member's raft messages go, and whether the process they reach lets them in.
//!
//! etcd's rafthttp knows a peer only by the URLs the *sender's* applied membership lists for
//! it. A message from S to peer P travels over the stream P dialed into S (P's view of S's
//! URL, checked by S), or else is POSTed on the pipeline to P's URL in S's view (etcd's URL
//! picker keeps the first URL that works and moves on after a failure). Whichever process
//! listens at that address takes the request and checks it, in rafthttp's order: the cluster
//! ID in the request's header, a sender removed from the cluster, then the member the request
//! is for (`X-Raft-To`). So after `member update` peers reach the new address, and a member
//! of another cluster listening where a peer should be rejects everything.
//!
//! Parsing and resolving a URL is cached per (sender, peer): redone only when the sender's
//! URLs for that peer change (`member update`, a restart with another membership) or a host is
//! added. What listens there, links, firewalls and powered-off hosts are checked per dial.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::peer_tls::PeerDialError;
use super::{ConnectError, DropReason, MAX_CLUSTER_MEMBERS, MAX_MEMBERS, Reach, TraceKind, World};
use crate::raft::Message;

/// Most URLs of one peer a route keeps (unit: URLs); etcd has no limit, the lab tries at most
/// this many before the dial fails.
pub(crate) const MAX_ROUTE_URLS: usize = 4;
/// Most cached routes (unit: (sender, peer) pairs): every pair a full world can hold. Past
/// it the cache starts over, which costs only re-resolving.
const MAX_ROUTES: usize = MAX_MEMBERS * MAX_CLUSTER_MEMBERS;

/// One peer URL, resolved: where a dial goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PeerAddr {
    /// The address the URL's host resolved to.
    pub(crate) ip: Ipv4Addr,
    /// The URL's port.
    pub(crate) port: u16,
    /// Whether the URL is `https`: the dialer speaks TLS.
    pub(crate) https: bool,
}

impl std::fmt::Display for PeerAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.ip, self.port)
    }
}

/// A sender's URLs for one peer and what they resolved to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Route {
    urls: Vec<String>,
    /// Hosts in the world when resolved: a host added later may answer a name.
    hosts: usize,
    /// The sender's `/etc/hosts` when resolved: an edit may change what a name means.
    hosts_file: u64,
    addrs: [Option<PeerAddr>; MAX_ROUTE_URLS],
}

/// Resolved routes by (sender index, peer id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PeerRoutes {
    routes: BTreeMap<(usize, u64), Route>,
}

/// A message on its way: who sent it, whose process takes it, and the sender's cluster (the
/// request's `X-Etcd-Cluster-ID`). `cluster_id` is `None` for members known by name only,
/// which have no rafthttp to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) cluster_id: Option<u64>,
}

/// Why the process a dial reached turned the request away, as its rafthttp handler decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// `request cluster ID mismatch (got X want Y)`.
    ClusterId { got: u64, want: u64 },
    /// `streaming request ignored (ID mismatch got X want Y)`.
    MemberId { got: u64, want: u64 },
}

impl Rejection {
    fn drop_reason(self) -> DropReason {
        match self {
            Rejection::ClusterId { .. } => DropReason::ClusterIdMismatch,
            Rejection::MemberId { .. } => DropReason::MemberIdMismatch,
        }
    }
}

impl World {
    /// Where member `from`'s message for peer `to` goes (rafthttp's `peer.send`), or why it
    /// cannot leave. Members known by name only reach the member with that id directly.
    pub(crate) fn route_message(&mut self, from: usize, to: u64) -> Result<Hop, DropReason> {
        let sender = self.members.get(from).ok_or(DropReason::UnknownMember)?;
        if sender.spec.identity.is_none() {
            let to = self
                .member_index_by_id(to)
                .ok_or(DropReason::UnknownMember)?;
            let cluster_id = None;
            return Ok(Hop {
                from,
                to,
                cluster_id,
            });
        }
        let (own_id, cluster_id) = (sender.id, Some(sender.cluster_id));
        // The stream the peer dialed in carries it, if the peer could dial us.
        if let Some(peer) = self.running_member_of(from, to)
            && self.dial_peer(peer, own_id) == Ok(from)
        {
            return Ok(Hop {
                from,
                to: peer,
                cluster_id,
            });
        }
        let to = self.dial_peer(from, to).map_err(|e| match e {
            PeerDialError::Connect(e) => DropReason::Dial(e),
            PeerDialError::Tls(_) => DropReason::TlsHandshake,
        })?;
        Ok(Hop {
            from,
            to,
            cluster_id,
        })
    }

    /// The member whose process takes member `from`'s dial to peer `to`: the first of the
    /// peer's URLs, in `from`'s membership, that something listens on and whose TLS
    /// handshake (if either end speaks TLS) succeeds.
    pub(crate) fn dial_peer(&mut self, from: usize, to: u64) -> Result<usize, PeerDialError> {
        let host = self
            .members
            .get(from)
            .map(|m| m.host)
            .ok_or(PeerDialError::Connect(ConnectError::NoRoute))?;
        let mut failure = PeerDialError::Connect(ConnectError::Refused);
        for (i, addr) in self.peer_addrs(from, to).into_iter().enumerate() {
            let Some(addr) = addr else { continue };
            match self.connect(host, addr.ip, addr.port) {
                Ok(conn) if conn.peer_port => {
                    let name = self.route_host(from, to, i);
                    match self.peer_handshake(from, conn, (&name, addr.https), addr.ip) {
                        Ok(()) => return Ok(conn.member),
                        Err(tls) => failure = PeerDialError::Tls(tls),
                    }
                }
                Ok(_) => failure = PeerDialError::Connect(ConnectError::Refused),
                Err(e) => failure = PeerDialError::Connect(e),
            }
        }
        Err(failure)
    }

    /// The host part of member `from`'s `i`th URL for peer `to` (empty if none).
    fn route_host(&self, from: usize, to: u64, i: usize) -> String {
        self.peer_routes
            .routes
            .get(&(from, to))
            .and_then(|r| r.urls.get(i))
            .and_then(|u| super::world_join::host_port(u))
            .map_or_else(String::new, |(name, _)| name.to_owned())
    }

    /// Member `from`'s URLs for peer `to`, resolved; cached until they change.
    fn peer_addrs(&mut self, from: usize, to: u64) -> [Option<PeerAddr>; MAX_ROUTE_URLS] {
        let Some(member) = self.members.get(from) else {
            return [None; MAX_ROUTE_URLS];
        };
        let urls = member
            .server
            .cluster()
            .member(to)
            .map_or(&[][..], |m| &m.peer_urls[..]);
        let hosts = self.hosts.len();
        let host = member.host;
        let hosts_file = self.hosts_file_stamp(host);
        if let Some(route) = self.peer_routes.routes.get(&(from, to))
            && route.hosts == hosts
            && route.hosts_file == hosts_file
            && route.urls == urls
        {
            return route.addrs;
        }
        let mut addrs = [None; MAX_ROUTE_URLS];
        for (slot, url) in addrs.iter_mut().zip(urls) {
            *slot = super::world_join::host_port(url).and_then(|(name, port)| {
                let ip = self.resolve_name(host, name)?;
                let https = url.starts_with("https://");
                Some(PeerAddr { ip, port, https })
            });
        }
        let route = Route {
            urls: urls.to_vec(),
            hosts,
            hosts_file,
            addrs,
        };
        let routes = &mut self.peer_routes.routes;
        if routes.len() >= MAX_ROUTES {
            routes.clear();
        }
        routes.insert((from, to), route);
        addrs
    }

    /// Why the process at `to` refuses a request from member `from` (whose cluster is
    /// `cluster_id`) meant for member `want_id`, checked in rafthttp's order.
    fn rejection(&self, to: usize, cluster_id: u64, want_id: u64) -> Option<Rejection> {
        let receiver = self.members.get(to)?;
        if cluster_id != receiver.cluster_id {
            return Some(Rejection::ClusterId {
                got: cluster_id,
                want: receiver.cluster_id,
            });
        }
        (receiver.id != want_id).then_some(Rejection::MemberId {
            got: want_id,
            want: receiver.id,
        })
    }

    /// Whether the receiving process lets a delivered message in: the one gate every peer
    /// message passes (cluster ID, removed sender, recipient id). A refused cluster ID is
    /// logged by both ends, as the pipeline's request and its answer are.
    pub(crate) fn admit(&mut self, hop: Hop, msg: &Message) -> Result<(), DropReason> {
        let rejection = hop
            .cluster_id
            .and_then(|cid| self.rejection(hop.to, cid, msg.to));
        if let Some(Rejection::ClusterId { got, want }) = rejection {
            let receiver = format!("request cluster ID mismatch (got {got:x} want {want:x})");
            self.rafthttp_error(hop.to, receiver);
            let sender = format!(
                "request sent was ignored (cluster ID mismatch: remote[{:x}]={want:x}, local={got:x})",
                msg.to
            );
            self.rafthttp_error(hop.from, sender);
        }
        if let Some(Rejection::ClusterId { .. }) = rejection {
            return Err(DropReason::ClusterIdMismatch);
        }
        if self.rejects_removed_sender(hop.to, msg.from) {
            return Err(DropReason::MemberRemoved);
        }
        match rejection {
            Some(r) => Err(r.drop_reason()),
            None => Ok(()),
        }
    }

    /// How member `from`'s stream dial to peer `to` fares (for rafthttp's view of the
    /// peer), logging the refusals both ends print: each of the two stream readers redials
    /// every 100 ms, and each refused dial is one line at either end.
    pub(crate) fn dial_stream(&mut self, from: usize, to: u64, log: bool) -> Reach {
        let Some(sender) = self.members.get(from) else {
            return Reach::Reset(String::new());
        };
        let cluster_id = sender.cluster_id;
        let target = match self.dial_peer(from, to) {
            Ok(target) => target,
            Err(PeerDialError::Connect(e)) => return self.dial_failure(from, to, e),
            Err(PeerDialError::Tls(failed)) => {
                if log {
                    // Each of the two stream readers redials once per tick.
                    self.log_peer_tls_rejection(&failed);
                    self.log_peer_tls_rejection(&failed);
                }
                return Reach::Reset(failed.client_error());
            }
        };
        match self.rejection(target, cluster_id, to) {
            None if self.members.get(target).is_some_and(|m| m.paused) => {
                self.dial_failure(from, to, ConnectError::Timeout)
            }
            None => Reach::Up,
            Some(rejection) => {
                if log {
                    self.log_stream_rejection(from, target, to, rejection);
                }
                Reach::Reset(match rejection {
                    Rejection::ClusterId { .. } => "cluster ID mismatch".to_owned(),
                    Rejection::MemberId { .. } => {
                        "unhandled error \"to field mismatch\\n\" when precondition failed"
                            .to_owned()
                    }
                })
            }
        }
    }

    /// Go's error for a failed dial from `from` to peer `to`'s first URL.
    fn dial_failure(&mut self, from: usize, to: u64, e: ConnectError) -> Reach {
        let addr = self.peer_addrs(from, to)[0];
        let Some(addr) = addr else {
            let url = self
                .members
                .get(from)
                .and_then(|m| m.server.cluster().member(to))
                .and_then(|m| m.peer_urls.first())
                .and_then(|u| super::world_join::host_port(u))
                .map_or_else(String::new, |(name, _)| name.to_owned());
            return Reach::Silent(format!("dial tcp: lookup {url}: no such host"));
        };
        let text = format!("dial tcp {addr}: {e}");
        match e {
            ConnectError::Refused => Reach::Reset(text),
            ConnectError::NoRoute | ConnectError::Timeout => Reach::Silent(text),
        }
    }

    fn log_stream_rejection(&mut self, from: usize, at: usize, to: u64, rejection: Rejection) {
        // Two stream readers (Message, MsgApp v2) each dial once per tick.
        for _ in 0..2 {
            match rejection {
                Rejection::ClusterId { got, want } => {
                    let line = format!("request cluster ID mismatch (got {got:x} want {want:x})");
                    self.rafthttp_error(at, line);
                    let line = format!(
                        "request sent was ignored (cluster ID mismatch: peer[{to:x}]={want:x}, local={got:x})"
                    );
                    self.rafthttp_error(from, line);
                }
                Rejection::MemberId { got, want } => {
                    let line = format!(
                        "streaming request ignored (ID mismatch got {got:x} want {want:x})"
                    );
                    self.rafthttp_error(at, line);
                }
            }
        }
    }

    /// An `E | rafthttp` line on member `idx`'s process, through the trace like its other
    /// lines so they stay in order.
    fn rafthttp_error(&mut self, idx: usize, text: String) {
        let Some(member) = self.members.get(idx).map(|m| m.name().to_owned()) else {
            return;
        };
        self.record(TraceKind::RafthttpError { member, text });
    }
}

#[cfg(test)]
mod tests;
