//! firewalld's model as CentOS 7 ships it: predefined zones, the default zone `public`
//! (ssh, dhcpv6-client), a runtime configuration the kernel enforces and a permanent one
//! that `--reload` loads. Unopened ports in the default zone get icmp-host-prohibited.

use super::Verdict;
use super::port::{PortRange, Proto};

/// Most ports or services one zone holds.
pub const MAX_ZONE_ENTRIES: usize = 1_024;

/// firewalld's known services the lab needs, with their ports (from /usr/lib/firewalld/services).
const SERVICES: &[(&str, u16, Proto)] = &[
    ("ssh", 22, Proto::Tcp),
    ("dhcpv6-client", 546, Proto::Udp),
    ("http", 80, Proto::Tcp),
    ("https", 443, Proto::Tcp),
    ("etcd-client", 2379, Proto::Tcp),
    ("etcd-server", 2380, Proto::Tcp),
];

/// The port of a known service, `None` for an unknown one.
pub fn service_port(name: &str) -> Option<PortRange> {
    SERVICES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, port, proto)| PortRange::single(*port, *proto))
}

/// A zone's `target:` (what happens to traffic nothing in the zone allows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneTarget {
    /// `default`: reject with icmp-host-prohibited.
    Default,
    Accept,
    Drop,
    Reject,
}

/// One zone's services and ports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub target: ZoneTarget,
    pub services: Vec<String>,
    pub ports: Vec<PortRange>,
}

impl Zone {
    fn new(name: &str, target: ZoneTarget, services: &[&str]) -> Self {
        Self {
            name: name.to_string(),
            target,
            services: services.iter().map(|s| s.to_string()).collect(),
            ports: Vec::new(),
        }
    }

    /// Whether the zone lets `port`/`proto` in.
    pub fn allows(&self, port: u16, proto: Proto) -> bool {
        self.target == ZoneTarget::Accept
            || self.ports.iter().any(|r| r.contains(port, proto))
            || self
                .services
                .iter()
                .filter_map(|s| service_port(s))
                .any(|r| r.contains(port, proto))
    }
}

/// The firewalld daemon of one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firewalld {
    /// Installed at all (a host without it answers `firewall-cmd: command not found`).
    pub installed: bool,
    pub running: bool,
    pub default_zone: String,
    /// The interfaces bound to the default zone (`interfaces: eth0` in `--list-all`).
    pub interfaces: Vec<String>,
    pub runtime: Vec<Zone>,
    pub permanent: Vec<Zone>,
}

impl Firewalld {
    /// CentOS 7's defaults: running, `public` the default zone with ssh and dhcpv6-client.
    pub fn centos7() -> Self {
        let zones = vec![
            Zone::new("block", ZoneTarget::Reject, &[]),
            Zone::new("dmz", ZoneTarget::Default, &["ssh"]),
            Zone::new("drop", ZoneTarget::Drop, &[]),
            Zone::new("external", ZoneTarget::Default, &["ssh"]),
            Zone::new("home", ZoneTarget::Default, &["ssh", "dhcpv6-client"]),
            Zone::new("internal", ZoneTarget::Default, &["ssh", "dhcpv6-client"]),
            Zone::new("public", ZoneTarget::Default, &["ssh", "dhcpv6-client"]),
            Zone::new("trusted", ZoneTarget::Accept, &[]),
            Zone::new("work", ZoneTarget::Default, &["ssh", "dhcpv6-client"]),
        ];
        Self {
            installed: true,
            running: true,
            default_zone: "public".to_string(),
            interfaces: vec!["eth0".to_string()],
            runtime: zones.clone(),
            permanent: zones,
        }
    }

    /// A host without firewalld.
    pub fn not_installed() -> Self {
        Self {
            installed: false,
            running: false,
            ..Self::centos7()
        }
    }

    /// `systemctl start firewalld`: the permanent configuration becomes the runtime one.
    pub fn start(&mut self) {
        if self.installed {
            self.running = true;
            self.runtime = self.permanent.clone();
        }
    }

    /// `systemctl stop firewalld`: nothing filtered by firewalld any more.
    pub fn stop(&mut self) {
        self.running = false;
    }

    /// `--reload` / `--complete-reload`: runtime-only changes are lost.
    pub fn reload(&mut self) {
        self.runtime = self.permanent.clone();
    }

    pub fn zone(&self, name: &str, permanent: bool) -> Option<&Zone> {
        let zones = if permanent {
            &self.permanent
        } else {
            &self.runtime
        };
        zones.iter().find(|z| z.name == name)
    }

    pub(super) fn zone_mut(&mut self, name: &str, permanent: bool) -> Option<&mut Zone> {
        let zones = if permanent {
            &mut self.permanent
        } else {
            &mut self.runtime
        };
        zones.iter_mut().find(|z| z.name == name)
    }

    /// firewalld's decision for a new inbound connection; `None` when it is not running.
    pub fn verdict(&self, port: u16, proto: Proto) -> Option<Verdict> {
        if !self.running {
            return None;
        }
        let zone = self.zone(&self.default_zone, false)?;
        if zone.allows(port, proto) {
            return Some(Verdict::Accept);
        }
        Some(match zone.target {
            ZoneTarget::Drop => Verdict::Drop,
            _ => Verdict::Reject,
        })
    }
}
