//! Which member record an etcd launch runs as: the one whose data-dir it names (restarting
//! it), the one a copied data-dir's WAL names, the one that already holds the member id the
//! launch computes (a `new` launch elsewhere: etcd's bootstrap check decides), a joining or
//! adopted one, or a new one.

use super::{EtcdLaunch, MemberSpec, World, world_bootstrap};

impl World {
    /// The member the launch on `host` runs as; returns its index and whether it restarts
    /// from an existing data-dir. `Err` is etcd's fatal message.
    pub(super) fn member_for_launch(
        &mut self,
        host: usize,
        launch: &EtcdLaunch,
    ) -> Result<(usize, bool), String> {
        let has_data = self
            .hosts
            .get(host)
            .is_some_and(|h| h.has_data_dir(&launch.data_dir));
        let existing = self
            .members
            .iter()
            .position(|m| m.host == host && m.data_dir == launch.data_dir)
            .or_else(|| self.member_of_copied_data_dir(host, launch, has_data));
        if let Some(idx) = existing
            && (has_data || launch.new_cluster)
        {
            // With no data, `new` bootstraps the same member again, unless its peers know
            // it: the bootstrap check decides (`world_bootstrap`).
            let member = &mut self.members[idx];
            member.spec.heartbeat_interval_ms = launch.heartbeat_interval_ms;
            member.spec.election_timeout_ms = launch.election_timeout_ms;
            return Ok((idx, has_data));
        }
        if !launch.new_cluster {
            return self.join_existing(host, launch).map(|idx| (idx, false));
        }
        let id = launch.identity.member_id();
        if let Some(idx) = self.member_index_by_id(id) {
            return self.member_bootstrapped_elsewhere(idx, host, launch);
        }
        let world_name = self.claim_world_name(&launch.name);
        let spec = self.spec_for_launch(host, launch, &world_name);
        let mut member = self.configure_member(spec).map_err(|e| e.to_string())?;
        member.data_dir = launch.data_dir.clone();
        member.peer_port = launch.listen_peer.first().map(|a| a.port);
        self.push_member(member);
        Ok((self.members.len() - 1, false))
    }

    /// A `new` launch with another data-dir (or on another host) computes the id member
    /// `idx` holds (same name, peer URLs and token). etcd cannot tell: the process bootstraps
    /// afresh unless its peers answer that they know it. A running holder is known to them
    /// for sure; a stopped one moves to the launch's data-dir and the bootstrap check decides.
    fn member_bootstrapped_elsewhere(
        &mut self,
        idx: usize,
        host: usize,
        launch: &EtcdLaunch,
    ) -> Result<(usize, bool), String> {
        let member = &self.members[idx];
        if member.is_running() {
            return Err(world_bootstrap::already_bootstrapped(member.id));
        }
        self.relocate_member(idx, host, launch);
        let member = &mut self.members[idx];
        member.spec.heartbeat_interval_ms = launch.heartbeat_interval_ms;
        member.spec.election_timeout_ms = launch.election_timeout_ms;
        Ok((idx, false))
    }

    /// The member record a launch on `host` describes, known in the world as `world_name`.
    pub(crate) fn spec_for_launch(
        &self,
        host: usize,
        launch: &EtcdLaunch,
        world_name: &str,
    ) -> MemberSpec {
        MemberSpec {
            initial_cluster: launch
                .identity
                .initial_cluster
                .iter()
                .map(|(n, _)| n.clone())
                .collect(),
            heartbeat_interval_ms: launch.heartbeat_interval_ms,
            election_timeout_ms: launch.election_timeout_ms,
            pre_vote: launch.pre_vote,
            snapshot_count: launch.snapshot_count,
            quota_backend_bytes: launch.quota_backend_bytes,
            identity: Some(launch.identity.clone()),
            ..MemberSpec::new(world_name, &self.host_name(host), &[])
        }
    }

    /// A stopped member whose data-dir was copied to `host` (`tar`, `scp -r`): the WAL's
    /// metadata names it. It moves to `host` and restarts from the copy, same id, same data.
    fn member_of_copied_data_dir(
        &mut self,
        host: usize,
        launch: &EtcdLaunch,
        has_data: bool,
    ) -> Option<usize> {
        if !has_data {
            return None;
        }
        let meta = self
            .hosts
            .get(host)?
            .data_dir_metadata(&launch.data_dir)
            .ok()??;
        let Some(idx) = self.member_index_by_id(meta.member_id) else {
            // A data-dir restored from a snapshot: no member has its id yet.
            return self.adopt_data_dir(host, launch, meta);
        };
        if self.members[idx].is_running() {
            return None;
        }
        self.relocate_member(idx, host, launch);
        Some(idx)
    }

    /// Stopped member `idx` now runs on `host` from the launch's data-dir, and publishes the
    /// addresses it now advertises; its id stays.
    fn relocate_member(&mut self, idx: usize, host: usize, launch: &EtcdLaunch) {
        let host_name = self.host_name(host);
        let Some(member) = self.members.get_mut(idx) else {
            return;
        };
        member.host = host;
        member.spec.host = host_name;
        member.data_dir = launch.data_dir.clone();
        member.peer_port = launch.listen_peer.first().map(|a| a.port);
        if let Some(identity) = member.spec.identity.as_mut() {
            identity.peer_urls = launch.identity.peer_urls.clone();
            identity.client_urls = launch.identity.client_urls.clone();
        }
    }
}
