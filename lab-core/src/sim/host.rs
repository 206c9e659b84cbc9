//! `Host`: a virtual machine with a name, an IPv4 address and a disk.
//!
//! The disk ([`Vfs`]) outlives the processes that write to it, which is what lets a stopped
//! member restart where it left off: etcd data-dirs live on it (see `host_data_dir.rs`).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::ProcessTable;
use crate::coreutils::{HostInfo, Interface};
use crate::data_dir::OpenDataDir;
use crate::firewall::{Firewall, Proto, Verdict};
use crate::vfs::Vfs;

/// A machine in the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    /// Unique name, also its hostname.
    pub name: String,
    /// Unique address.
    pub ip: Ipv4Addr,
    /// Powered on? A crashed host runs no processes and neither sends nor receives.
    pub up: bool,
    /// Its disk's file system, etcd data-dirs included.
    pub vfs: Vfs,
    /// Running processes.
    pub processes: ProcessTable,
    /// Its packet filter (firewalld and iptables), applied to connections and peer traffic
    /// arriving from other hosts.
    pub(crate) firewall: Firewall,
    /// Data-dirs members opened, by the path the member names: the open WAL segment and a
    /// decoded copy of what was written there (the files on `vfs` stay the truth).
    pub(crate) data_dirs: BTreeMap<String, OpenDataDir>,
    /// `--wal-dir` by absolute data-dir, as the last etcd started with that data-dir said.
    pub(crate) wal_dirs: BTreeMap<String, String>,
}

impl Host {
    /// A machine with an empty disk.
    pub fn new(name: String, ip: Ipv4Addr) -> Host {
        Host {
            vfs: Vfs::linux_host(&name),
            name,
            ip,
            up: true,
            processes: ProcessTable::default(),
            firewall: Firewall::centos7(),
            data_dirs: BTreeMap::new(),
            wal_dirs: BTreeMap::new(),
        }
    }

    /// Its name and network interfaces, as `hostname` and `ip addr` show them: `lo`, and
    /// `eth0` on a /24 with a MAC address derived from the IP.
    pub fn info(&self) -> HostInfo {
        let [a, b, c, d] = self.ip.octets();
        HostInfo {
            hostname: self.name.clone(),
            interfaces: vec![
                Interface {
                    name: "lo".to_owned(),
                    ipv4: Ipv4Addr::LOCALHOST,
                    prefix_len: 8,
                    mac: [0; 6],
                },
                Interface {
                    name: "eth0".to_owned(),
                    ipv4: self.ip,
                    prefix_len: 24,
                    mac: [0x52, 0x54, a, b, c, d],
                },
            ],
        }
    }

    /// Its packet filter.
    pub fn firewall(&self) -> &Firewall {
        &self.firewall
    }

    /// Whether a new TCP connection from `from` to `port` gets through.
    pub fn inbound_tcp(&self, port: u16, from: Ipv4Addr) -> Verdict {
        self.firewall.inbound(port, Proto::Tcp, from, false)
    }
}
