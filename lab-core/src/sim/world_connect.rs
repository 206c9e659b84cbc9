//! Connecting to a port: how a client on one host reaches a process on another (or its
//! own), and every way that fails as TCP and Go's dialer report it.

use std::net::Ipv4Addr;

use thiserror::Error;

use super::{ProcessKind, World};
use crate::firewall::Verdict;
use crate::systemd::CmdOutput;

/// Why a connection could not be made, worded as Go's `net.Dial` words it after
/// `dial tcp ADDR: `.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum ConnectError {
    /// Nothing listens on the port (TCP RST).
    #[error("connect: connection refused")]
    Refused,
    /// No machine answers for the address, or a firewall rejects with
    /// icmp-host-prohibited.
    #[error("connect: no route to host")]
    NoRoute,
    /// Packets vanish: the link is cut, the host is down, or a firewall drops them.
    #[error("i/o timeout")]
    Timeout,
}

/// Where a connection landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The host reached.
    pub host: usize,
    /// The member whose etcd process accepted it.
    pub member: usize,
    /// Whether it reached one of the member's peer (rather than client) ports.
    pub peer_port: bool,
    /// Whether the listener reached speaks TLS (an `https` URL).
    pub secure: bool,
}

impl World {
    /// Does the firewall of `to_host` refuse peer traffic from `from_host` to member
    /// `to_idx`? Only members started from a configuration have a peer port to filter.
    pub(crate) fn firewall_refuses_peer(
        &self,
        from_host: usize,
        to_host: usize,
        to_idx: usize,
    ) -> bool {
        if from_host == to_host {
            return false;
        }
        let (Some(port), Some(from), Some(to)) = (
            self.members.get(to_idx).and_then(|m| m.peer_port),
            self.hosts.get(from_host),
            self.hosts.get(to_host),
        ) else {
            return false;
        };
        to.inbound_tcp(port, from.ip) != Verdict::Accept
    }

    /// Runs `firewall-cmd ARGS` on `host`.
    pub fn firewall_cmd(&mut self, host: usize, args: &[&str]) -> CmdOutput {
        match self.hosts.get_mut(host) {
            Some(h) => h.firewall.firewall_cmd(args),
            None => CmdOutput::default(),
        }
    }

    /// Runs `iptables ARGS` on `host`.
    pub fn iptables_cmd(&mut self, host: usize, args: &[&str]) -> CmdOutput {
        match self.hosts.get_mut(host) {
            Some(h) => h.firewall.iptables_cmd(args),
            None => CmdOutput::default(),
        }
    }

    /// Starts or stops firewalld on `host` (`systemctl start|stop firewalld`).
    pub fn set_firewalld_running(&mut self, host: usize, running: bool) {
        if let Some(h) = self.hosts.get_mut(host) {
            if running {
                h.firewall.firewalld.start();
            } else {
                h.firewall.firewalld.stop();
            }
        }
    }

    /// The address `name` resolves to on `from_host`, as glibc and Go look it up: an IPv4
    /// literal; else `from_host`'s `/etc/hosts`; else the lab's DNS, whose A records are
    /// the hosts' names (full, or their first label); else `localhost`, which CentOS 7's
    /// `myhostname` source answers even when `/etc/hosts` lost its line.
    pub fn resolve_name(&self, from_host: usize, name: &str) -> Option<Ipv4Addr> {
        if let Ok(ip) = name.parse::<Ipv4Addr>() {
            return Some(ip);
        }
        let hosts_file = self
            .hosts
            .get(from_host)
            .and_then(|h| h.vfs.read(super::hosts_file::HOSTS_PATH).ok())
            .and_then(|text| super::hosts_file::lookup(text, name));
        if hosts_file.is_some() {
            return hosts_file;
        }
        let name = name.strip_suffix('.').unwrap_or(name);
        let dns = self.hosts.iter().find(|h| {
            h.name.eq_ignore_ascii_case(name)
                || h.name
                    .split('.')
                    .next()
                    .is_some_and(|label| label.eq_ignore_ascii_case(name))
        });
        match dns {
            Some(h) => Some(h.ip),
            None => name
                .eq_ignore_ascii_case("localhost")
                .then_some(Ipv4Addr::LOCALHOST),
        }
    }

    /// A stamp of `host`'s `/etc/hosts`, so routes resolved through it notice an edit.
    pub(crate) fn hosts_file_stamp(&self, host: usize) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.hosts
            .get(host)
            .and_then(|h| h.vfs.read(super::hosts_file::HOSTS_PATH).ok())
            .hash(&mut hasher);
        hasher.finish()
    }

    /// Reaches `ip`'s ssh daemon (port 22) from `from_host`: `scp` and `ssh`.
    pub fn connect_ssh(&self, from_host: usize, ip: Ipv4Addr) -> Result<usize, ConnectError> {
        self.reach(from_host, ip, 22, ConnectError::Timeout)
    }

    /// The host a TCP connection from `from_host` to `ip:port` lands on, past the links and
    /// the destination's firewall; `host_down` is what the caller reports for a powered-off
    /// destination.
    fn reach(
        &self,
        from_host: usize,
        ip: Ipv4Addr,
        port: u16,
        host_down: ConnectError,
    ) -> Result<usize, ConnectError> {
        if !self.host_up(from_host) {
            return Err(ConnectError::Timeout);
        }
        let to_host = if ip.is_loopback() {
            from_host
        } else {
            self.hosts
                .iter()
                .position(|h| h.ip == ip)
                .ok_or(ConnectError::NoRoute)?
        };
        if !self.host_up(to_host) {
            return Err(host_down);
        }
        if !self.network.is_up(from_host, to_host) || !self.network.is_up(to_host, from_host) {
            return Err(ConnectError::Timeout);
        }
        if to_host != from_host {
            let from_ip = self
                .hosts
                .get(from_host)
                .map(|h| h.ip)
                .ok_or(ConnectError::NoRoute)?;
            let host = self.hosts.get(to_host).ok_or(ConnectError::NoRoute)?;
            match host.inbound_tcp(port, from_ip) {
                Verdict::Accept => {}
                Verdict::Drop => return Err(ConnectError::Timeout),
                Verdict::Reject => return Err(ConnectError::NoRoute),
                Verdict::RejectRefused => return Err(ConnectError::Refused),
            }
        }
        Ok(to_host)
    }

    /// Opens a TCP connection from `from_host` to `ip:port`.
    pub fn connect(
        &self,
        from_host: usize,
        ip: Ipv4Addr,
        port: u16,
    ) -> Result<Connection, ConnectError> {
        let to_host = self.reach(from_host, ip, port, ConnectError::NoRoute)?;
        let host = self.hosts.get(to_host).ok_or(ConnectError::NoRoute)?;
        for process in host.processes.iter() {
            let ProcessKind::Etcd { member, launch, .. } = &process.kind;
            let running = self.members.get(*member).is_some_and(|m| m.is_running());
            if !running {
                continue;
            }
            let on =
                |addrs: &[super::ListenAddr]| addrs.iter().find(|a| a.accepts(ip, port)).copied();
            let peer = on(&launch.listen_peer);
            if let Some(addr) = peer.or_else(|| on(&launch.listen_client)) {
                return Ok(Connection {
                    host: to_host,
                    member: *member,
                    peer_port: peer.is_some(),
                    secure: addr.secure,
                });
            }
        }
        Err(ConnectError::Refused)
    }

    /// The TLS side of the listener `conn` reached, if it speaks TLS.
    pub fn server_tls(&self, conn: &Connection) -> Option<crate::pki::ServerTls> {
        if !conn.secure {
            return None;
        }
        let launch = self.launch_of(conn.member)?;
        let tls = launch.tls.as_ref()?;
        if conn.peer_port {
            tls.peer.clone()
        } else {
            tls.client.clone()
        }
    }

    /// The launch of member `member`'s running etcd process.
    pub(crate) fn launch_of(&self, member: usize) -> Option<&super::EtcdLaunch> {
        let host = self.members.get(member)?.host;
        self.hosts.get(host)?.processes.iter().find_map(|p| {
            let ProcessKind::Etcd {
                member: m, launch, ..
            } = &p.kind;
            (*m == member).then_some(launch.as_ref())
        })
    }

    /// Member `member`'s TLS listener rejected a handshake from `remote` (`ip:port`);
    /// `(server_name, cert)`: the SNI, and the client certificate's SANs as etcd appends them
    /// when the handshake itself completed (else empty).
    pub(crate) fn record_tls_rejected(
        &mut self,
        member: usize,
        remote: String,
        error: String,
        (server_name, cert): (String, String),
    ) {
        let Some(member) = self.members.get(member).map(|m| m.name().to_owned()) else {
            return;
        };
        self.record(super::TraceKind::TlsRejected {
            member,
            remote,
            error,
            server_name,
            cert,
        });
    }
}
