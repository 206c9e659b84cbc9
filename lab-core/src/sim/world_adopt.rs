//! Starting etcd on a data-dir no member of the world wrote — one `etcdctl snapshot restore`
//! made, or one copied in from another lab host: etcd restarts as the member its WAL's
//! metadata names, in the cluster it names, whatever `--initial-cluster` says.

use super::{EtcdLaunch, Member, World};
use crate::data_dir::WalMetadata;

impl World {
    /// The member that starts from a data-dir whose WAL says `meta` when no member has that
    /// id: the stopped member of the same `--name` becomes it (its old data-dir stays on
    /// disk, as a file the new process no longer uses), or a new member is made. `None` if a
    /// running process already has the name.
    pub(crate) fn adopt_data_dir(
        &mut self,
        host: usize,
        launch: &EtcdLaunch,
        meta: WalMetadata,
    ) -> Option<usize> {
        let named = self.members.iter().position(|m| m.name() == launch.name);
        let idx = match named {
            Some(idx) if self.members[idx].is_running() => return None,
            Some(idx) => idx,
            None => {
                let spec = self.spec_for_launch(host, launch, &launch.name);
                self.check_member_spec(&spec).ok()?;
                let mut member = Member::new(spec, host);
                member.id = meta.member_id;
                self.push_member(member);
                self.members.len().checked_sub(1)?
            }
        };
        let spec = self.spec_for_launch(host, launch, &launch.name);
        let member = &mut self.members[idx];
        member.id = meta.member_id;
        member.cluster_id = meta.cluster_id;
        member.host = host;
        member.spec = spec;
        member.data_dir = launch.data_dir.clone();
        member.peer_port = launch.listen_peer.first().map(|a| a.port);
        // A new identity: what the old one went through no longer applies.
        member.join = None;
        member.wiped = false;
        member.removed = false;
        Some(idx)
    }
}
