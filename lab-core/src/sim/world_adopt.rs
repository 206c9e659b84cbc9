//! Starting etcd on a data-dir no member of the world wrote — one `etcdctl snapshot restore`
//! made, or one copied in from another lab host: etcd restarts as the member its WAL's
//! metadata names, in the cluster it names, whatever `--initial-cluster` says.

use super::{EtcdLaunch, MAX_MEMBERS, Member, World};
use crate::data_dir::WalMetadata;

impl World {
    /// The member that starts from a data-dir whose WAL says `meta` when no member has that
    /// id: a new record, keyed by the name rule of `world_names` (a stopped namesake keeps
    /// its history under its id). `None` once the world holds [`MAX_MEMBERS`].
    pub(crate) fn adopt_data_dir(
        &mut self,
        host: usize,
        launch: &EtcdLaunch,
        meta: WalMetadata,
    ) -> Option<usize> {
        if self.members.len() >= MAX_MEMBERS {
            return None;
        }
        let world_name = self.claim_world_name(&launch.name);
        let spec = self.spec_for_launch(host, launch, &world_name);
        let mut member = Member::new(spec, host);
        member.id = meta.member_id;
        member.cluster_id = meta.cluster_id;
        member.data_dir = launch.data_dir.clone();
        member.peer_port = launch.listen_peer.first().map(|a| a.port);
        self.push_member(member);
        self.members.len().checked_sub(1)
    }
}
