//! `Host`: a virtual machine with a name, an IPv4 address and a disk.
//!
//! The disk holds etcd data-dirs by path. It outlives the processes that write to it, which is
//! what lets a stopped member restart where it left off. A full virtual file system will
//! replace the map later.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::ProcessTable;
use crate::coreutils::{HostInfo, Interface};
use crate::firewall::{Firewall, Proto, Verdict};
use crate::raft::{MemoryStorage, Ready};
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
    /// Its disk's file system (data-dirs aside, which live in `data_dirs` below).
    pub vfs: Vfs,
    /// Running processes.
    pub processes: ProcessTable,
    /// Its packet filter (firewalld and iptables), applied to connections and peer traffic
    /// arriving from other hosts.
    pub(crate) firewall: Firewall,
    /// Data-dirs on disk: path → the hard state and log persisted there (etcd's WAL, in
    /// effect).
    data_dirs: BTreeMap<String, MemoryStorage>,
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

    /// The data-dir at `path`, if anything was ever persisted there.
    pub fn data_dir(&self, path: &str) -> Option<&MemoryStorage> {
        self.data_dirs.get(path)
    }

    /// Replaces the data-dir at `path` with `storage` (after a snapshot and compaction, which
    /// etcd writes as a `.snap` file and a WAL cut).
    pub(crate) fn replace_data_dir(&mut self, path: &str, storage: MemoryStorage) {
        self.data_dirs.insert(path.to_owned(), storage);
    }

    /// Deletes the data-dir at `path`; returns whether there was one.
    pub(crate) fn remove_data_dir(&mut self, path: &str) -> bool {
        self.data_dirs.remove(path).is_some()
    }

    /// Writes what `rd` says must be durable into the data-dir at `path`, creating it on
    /// first write as etcd does.
    pub(crate) fn persist(&mut self, path: &str, rd: &Ready) -> Result<(), crate::raft::RaftError> {
        if rd.hard_state.is_none() && rd.entries.is_empty() && rd.snapshot.is_none() {
            return Ok(());
        }
        // Look up before `entry`, which would copy the path on every write.
        if let Some(dir) = self.data_dirs.get_mut(path) {
            return write_ready(dir, rd);
        }
        write_ready(self.data_dirs.entry(path.to_owned()).or_default(), rd)
    }
}

/// Appends what `rd` makes durable to a data-dir: snapshot, then entries, then hard state.
fn write_ready(dir: &mut MemoryStorage, rd: &Ready) -> Result<(), crate::raft::RaftError> {
    if let Some(snap) = &rd.snapshot {
        dir.apply_snapshot(snap.clone())?;
    }
    dir.append(&rd.entries)?;
    if let Some(hs) = rd.hard_state {
        dir.set_hard_state(hs);
    }
    Ok(())
}
