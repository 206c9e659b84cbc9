//! Faults a user or the `lab check` harness injects beyond cuts: per-link latency, loss and
//! duplication, host power cuts and boots, and deleting a stopped member's data-dir. Each
//! handler validates first and changes nothing on error, and each change is traced.

use super::network::MAX_LATENCY_MS;
use super::{Command, EtcdServer, LatencyRange, TraceKind, World};
use crate::error::LabError;
use crate::time::SimDuration;

impl World {
    /// Resolves a directed link between two different hosts.
    fn link(&self, from: &str, to: &str) -> Result<(usize, usize), LabError> {
        let (from_idx, to_idx) = (self.resolve_host(from)?, self.resolve_host(to)?);
        if from_idx == to_idx {
            return Err(LabError::SameHost(from.to_owned()));
        }
        Ok((from_idx, to_idx))
    }

    pub(crate) fn set_latency(
        &mut self,
        from: &str,
        to: &str,
        min_ms: u64,
        max_ms: u64,
    ) -> Result<(), LabError> {
        let (f, t) = self.link(from, to)?;
        if min_ms > max_ms || max_ms > MAX_LATENCY_MS {
            return Err(LabError::InvalidLatency {
                min_ms,
                max_ms,
                limit_ms: MAX_LATENCY_MS,
            });
        }
        let range = LatencyRange {
            min: SimDuration::from_millis(min_ms),
            max: SimDuration::from_millis(max_ms),
        };
        self.network.set_latency(f, t, range);
        let (from, to) = (self.host_name(f), self.host_name(t));
        self.record(TraceKind::LatencySet {
            from,
            to,
            min_ms,
            max_ms,
        });
        Ok(())
    }

    pub(crate) fn set_loss(&mut self, from: &str, to: &str, percent: u32) -> Result<(), LabError> {
        let (f, t) = self.link(from, to)?;
        let percent = check_percent(percent)?;
        self.network.set_loss(f, t, percent);
        let (from, to) = (self.host_name(f), self.host_name(t));
        self.record(TraceKind::LossSet { from, to, percent });
        Ok(())
    }

    pub(crate) fn set_duplication(
        &mut self,
        from: &str,
        to: &str,
        percent: u32,
    ) -> Result<(), LabError> {
        let (f, t) = self.link(from, to)?;
        let percent = check_percent(percent)?;
        self.network.set_duplication(f, t, percent);
        let (from, to) = (self.host_name(f), self.host_name(t));
        self.record(TraceKind::DuplicationSet { from, to, percent });
        Ok(())
    }

    /// Power cut: the host goes down and every member process on it dies, as `StopMember`
    /// (no graceful leadership transfer). Disks are kept; messages to the host are lost.
    pub(crate) fn crash_host(&mut self, name: &str) -> Result<(), LabError> {
        let host = self.resolve_host(name)?;
        self.check_host_up(host)?;
        let running: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.host == host && m.is_running())
            .map(|m| m.name().to_owned())
            .collect();
        for member in running {
            // Cannot fail: the member runs.
            let _ = self.apply(Command::StopMember(member));
        }
        if let Some(h) = self.hosts.get_mut(host) {
            h.up = false;
        }
        let host = self.host_name(host);
        self.record(TraceKind::HostCrashed { host });
        Ok(())
    }

    /// Powers the host on. Members do not start by themselves yet (no systemd units).
    pub(crate) fn boot_host(&mut self, name: &str) -> Result<(), LabError> {
        let host = self.resolve_host(name)?;
        if self.host_up(host) {
            return Err(LabError::HostAlreadyUp(self.host_name(host)));
        }
        if let Some(h) = self.hosts.get_mut(host) {
            h.up = true;
        }
        let host = self.host_name(host);
        self.record(TraceKind::HostBooted { host });
        Ok(())
    }

    /// `rm -rf NAME.etcd` on a stopped member. Its Raft term, vote and log are gone, so it
    /// may never start again under the same identity (see `StartMember`); to bring the
    /// machine back, remove the member and add a new one.
    pub(crate) fn wipe_data_dir(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &self.members[idx];
        if member.is_running() {
            return Err(LabError::MemberAlreadyRunning(name.to_owned()));
        }
        let (host, data_dir) = (member.host, member.data_dir.clone());
        if let Some(h) = self.hosts.get_mut(host) {
            h.remove_data_dir(&data_dir);
        }
        let member = &mut self.members[idx];
        member.wiped = true;
        member.server = EtcdServer::default();
        let member = name.to_owned();
        self.record(TraceKind::DataDirWiped { member, data_dir });
        Ok(())
    }
}

fn check_percent(percent: u32) -> Result<u8, LabError> {
    u8::try_from(percent)
        .ok()
        .filter(|&p| p <= 100)
        .ok_or(LabError::InvalidPercent(percent))
}
