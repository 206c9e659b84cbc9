//! A simulated host's packet filter: firewalld as CentOS 7 ships it (0.6, `firewall-cmd`)
//! over iptables 1.4.21 (`iptables`), and the one decision the network needs from them,
//! [`Firewall::inbound`]. Pure: parsing, state and exact output text.
//!
//! | file | role |
//! |---|---|
//! | `port` | [`Proto`] and `2379/tcp` / `2379-2380/tcp` port ranges |
//! | `firewalld` | [`Firewalld`]: zones, runtime vs permanent, reload |
//! | `firewall_cmd` | `firewall-cmd` argv → mutation + output |
//! | `iptables` | [`Iptables`]: chains, rules, policies, `iptables -L` |
//! | `iptables_cmd` | `iptables` argv → mutation + output |

mod firewall_cmd;
mod firewalld;
mod iptables;
mod iptables_cmd;
mod port;

use std::net::Ipv4Addr;

pub use firewalld::{Firewalld, Zone, ZoneTarget};
pub use iptables::{Chain, Iptables, Match, RejectWith, Rule, Target};
pub use port::{PortRange, Proto};

use crate::systemd::CmdOutput;

/// What happens to an inbound connection attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// Silently dropped: the client times out.
    Drop,
    /// Rejected with icmp-host-prohibited: the client sees `connect: no route to host`.
    Reject,
    /// Rejected with a TCP reset or port-unreachable: `connect: connection refused`.
    RejectRefused,
}

/// One host's filter: firewalld (which may be stopped) and the iptables INPUT rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firewall {
    pub firewalld: Firewalld,
    pub iptables: Iptables,
}

impl Firewall {
    /// A fresh CentOS 7 host: firewalld running, zone `public` with ssh and dhcpv6-client.
    pub fn centos7() -> Self {
        Self {
            firewalld: Firewalld::centos7(),
            iptables: Iptables::default(),
        }
    }

    /// Nothing filtered: no firewalld, empty iptables with ACCEPT policies.
    pub fn open() -> Self {
        Self {
            firewalld: Firewalld::not_installed(),
            iptables: Iptables::default(),
        }
    }

    /// The fate of a new connection to `port`/`proto` from `from`. Loopback is always
    /// accepted; then the iptables INPUT rules (first match wins); then firewalld's default
    /// zone when it runs; then the INPUT policy.
    pub fn inbound(&self, port: u16, proto: Proto, from: Ipv4Addr, to_loopback: bool) -> Verdict {
        if to_loopback {
            return Verdict::Accept;
        }
        if let Some(verdict) = self.iptables.input_verdict(port, proto, from) {
            return verdict;
        }
        if let Some(verdict) = self.firewalld.verdict(port, proto) {
            return verdict;
        }
        self.iptables.input_policy_verdict()
    }

    /// Runs `firewall-cmd ARGS` (without the program name).
    pub fn firewall_cmd(&mut self, args: &[&str]) -> CmdOutput {
        firewall_cmd::run(&mut self.firewalld, args)
    }

    /// Runs `iptables ARGS` (without the program name).
    pub fn iptables_cmd(&mut self, args: &[&str]) -> CmdOutput {
        iptables_cmd::run(&mut self.iptables, args)
    }
}

#[cfg(test)]
mod tests;
