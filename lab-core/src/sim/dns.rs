//! `DnsZone`: the lab's DNS. Hosts' names are its A records; SRV records (what `etcd
//! --discovery-srv` looks up, `_etcd-server-ssl._tcp.DOMAIN` and `_etcd-server._tcp.DOMAIN`)
//! are added by lab scripts (`dns srv NAME PRIO WEIGHT PORT TARGET`) or the UI.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where lookups say they asked (`lookup NAME on SERVER: no such host`).
pub const NAMESERVER: &str = "10.0.0.2:53";
/// Most SRV records a zone holds (unit: records).
pub const MAX_SRV_RECORDS: usize = 256;
/// Longest record name or target (unit: bytes): DNS's 253-character limit.
pub const MAX_DNS_NAME_BYTES: usize = 253;

/// One SRV record's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrvRecord {
    /// Lower is preferred.
    pub priority: u16,
    /// Share among records of one priority.
    pub weight: u16,
    /// The service's TCP port.
    pub port: u16,
    /// The host name serving it, with the trailing dot DNS answers carry.
    pub target: String,
}

/// Why a record was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DnsError {
    /// The zone is full.
    #[error("the lab's DNS holds at most {MAX_SRV_RECORDS} SRV records")]
    TooManyRecords,
    /// A name or target is empty or too long.
    #[error("invalid DNS name {0:?}")]
    InvalidName(String),
}

/// The SRV records by owner name (lower case, no trailing dot).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsZone {
    srv: BTreeMap<String, Vec<SrvRecord>>,
}

impl DnsZone {
    /// Adds `record` under `name` (`_etcd-server._tcp.example.com`).
    pub fn add_srv(&mut self, name: &str, mut record: SrvRecord) -> Result<(), DnsError> {
        let name = canonical(name)?;
        let target = canonical(&record.target)?;
        if self.srv.values().map(Vec::len).sum::<usize>() >= MAX_SRV_RECORDS {
            return Err(DnsError::TooManyRecords);
        }
        record.target = format!("{target}.");
        let records = self.srv.entry(name).or_default();
        if !records.contains(&record) {
            records.push(record);
        }
        Ok(())
    }

    /// Go's `net.LookupSRV(service, proto, domain)`: the records of
    /// `_service._proto.domain`, by priority then heaviest weight first (Go shuffles by
    /// weight; the lab keeps one order so runs replay), or the resolver's error text.
    pub fn lookup_srv(
        &self,
        service: &str,
        proto: &str,
        domain: &str,
    ) -> Result<Vec<SrvRecord>, String> {
        let name = format!("_{service}._{proto}.{}", domain.trim_end_matches('.'));
        let found = canonical(&name)
            .ok()
            .and_then(|n| self.srv.get(&n))
            .filter(|r| !r.is_empty());
        let Some(records) = found else {
            return Err(format!("lookup {name} on {NAMESERVER}: no such host"));
        };
        let mut records = records.clone();
        records.sort_by(|a, b| {
            (a.priority, std::cmp::Reverse(a.weight))
                .cmp(&(b.priority, std::cmp::Reverse(b.weight)))
        });
        Ok(records)
    }

    /// Every SRV record, by owner name, for views.
    pub fn srv_records(&self) -> impl Iterator<Item = (&str, &SrvRecord)> {
        self.srv
            .iter()
            .flat_map(|(name, records)| records.iter().map(move |r| (name.as_str(), r)))
    }
}

fn canonical(name: &str) -> Result<String, DnsError> {
    let trimmed = name.trim_end_matches('.');
    if trimmed.is_empty()
        || trimmed.len() > MAX_DNS_NAME_BYTES
        || trimmed.contains(char::is_whitespace)
    {
        return Err(DnsError::InvalidName(name.to_owned()));
    }
    Ok(trimmed.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn srv(priority: u16, weight: u16, target: &str) -> SrvRecord {
        SrvRecord {
            priority,
            weight,
            port: 2380,
            target: target.to_owned(),
        }
    }

    #[test]
    fn records_come_back_by_priority_with_the_trailing_dot() {
        let mut zone = DnsZone::default();
        let name = "_etcd-server-ssl._tcp.example.com";
        assert!(zone.add_srv(name, srv(10, 0, "etcd-2")).is_ok());
        assert!(zone.add_srv(name, srv(0, 0, "etcd-1.")).is_ok());
        let found = zone.lookup_srv("etcd-server-ssl", "tcp", "Example.com.");
        let targets: Vec<String> = found
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.target)
            .collect();
        assert_eq!(targets, ["etcd-1.", "etcd-2."]);
    }

    #[test]
    fn a_missing_name_is_gos_no_such_host() {
        let zone = DnsZone::default();
        assert_eq!(
            zone.lookup_srv("etcd-server", "tcp", "example.com"),
            Err("lookup _etcd-server._tcp.example.com on 10.0.0.2:53: no such host".to_owned())
        );
    }

    #[test]
    fn the_zone_is_bounded() {
        let mut zone = DnsZone::default();
        for port in 0..MAX_SRV_RECORDS {
            let record = SrvRecord {
                port: u16::try_from(port).unwrap_or_default(),
                ..srv(0, 0, "h")
            };
            assert!(zone.add_srv("_x._tcp.d", record).is_ok());
        }
        assert_eq!(
            zone.add_srv("_x._tcp.d", srv(1, 1, "h")),
            Err(DnsError::TooManyRecords)
        );
        assert!(zone.add_srv("", srv(0, 0, "h")).is_err());
    }
}
