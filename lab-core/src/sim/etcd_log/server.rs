//! etcdserver's and etcdmain's own lines: fatal configuration errors, the graceful stop on
//! SIGTERM/SIGINT, publish timeouts, and membership changes as a member applies them.

use super::capnslog;
use crate::time::WallClock;

/// `C | etcdmain: <message>`: etcd logs it and exits 1. Every fatal line goes through here.
pub fn fatal(at: &WallClock, message: &str) -> String {
    capnslog(at, 'C', "etcdmain", message)
}

/// How a stopping member handles leadership, as etcdserver's `TransferLeadership` decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopTransfer {
    /// Not the leader.
    NotLeader,
    /// The only voter.
    SingleMember,
    /// Hands leadership to this member (hex ids: itself, the transferee).
    To(String, String),
}

/// The lines as a signal arrives: pkg/osutil's notice, then the leadership decision.
pub fn graceful_stop_lines(at: &WallClock, signal: i32, transfer: &StopTransfer) -> Vec<String> {
    let name = if signal == crate::sim::signal::INT {
        "interrupt"
    } else {
        "terminated"
    };
    let notice = format!("received {name} signal, shutting down...");
    let decision = match transfer {
        StopTransfer::NotLeader => {
            "skipped leadership transfer for stopping non-leader member".to_owned()
        }
        StopTransfer::SingleMember => {
            "skipped leadership transfer for single voting member cluster".to_owned()
        }
        StopTransfer::To(me, to) => format!("{me} starts leadership transfer from {me} to {to}"),
    };
    vec![
        capnslog(at, 'N', "pkg/osutil", &notice),
        capnslog(at, 'I', "etcdserver", &decision),
    ]
}

/// `publish error: etcdserver: request timed out`: the member could not get its name and
/// client URLs committed within the publish timeout (no leader, or no quorum).
pub fn publish_error_line(at: &WallClock) -> String {
    capnslog(
        at,
        'E',
        "etcdserver",
        "publish error: etcdserver: request timed out",
    )
}

/// `added member X [http://...] to cluster C` as a member applies a conf change.
pub fn member_added_line(at: &WallClock, id: u64, peer_urls: &[String], cluster: u64) -> String {
    let msg = format!(
        "added member {id:x} [{}] to cluster {cluster:x}",
        peer_urls.join(" ")
    );
    capnslog(at, 'I', "etcdserver/membership", &msg)
}

/// `updated member X [http://...] in cluster C` (`member update`).
pub fn member_updated_line(at: &WallClock, id: u64, peer_urls: &[String], cluster: u64) -> String {
    let msg = format!(
        "updated member {id:x} [{}] in cluster {cluster:x}",
        peer_urls.join(" ")
    );
    capnslog(at, 'N', "etcdserver/membership", &msg)
}

/// `promote member X in cluster C` (`member promote`).
pub fn member_promoted_line(at: &WallClock, id: u64, cluster: u64) -> String {
    let msg = format!("promote member {id:x} in cluster {cluster:x}");
    capnslog(at, 'N', "etcdserver/membership", &msg)
}

/// etcd's `adjustTicks` notice: `… initialized peer connection; fast-forwarding 8 ticks
/// (election ticks 10) with 2 active peer(s)`, or the lone voter's `as single-node` form.
pub fn fast_forward_line(
    at: &WallClock,
    id: u64,
    ticks: u32,
    election_ticks: u32,
    active_peers: Option<usize>,
) -> String {
    let msg = match active_peers {
        Some(n) => format!(
            "{id:x} initialized peer connection; fast-forwarding {ticks} ticks (election ticks {election_ticks}) with {n} active peer(s)"
        ),
        None => format!(
            "{id:x} as single-node; fast-forwarding {ticks} ticks (election ticks {election_ticks})"
        ),
    };
    capnslog(at, 'I', "etcdserver", &msg)
}

/// The leader deciding the cluster version.
pub fn setting_up_version_line(at: &WallClock, version: &str) -> String {
    let msg = format!("setting up the initial cluster version to {version}");
    capnslog(at, 'I', "etcdserver", &msg)
}

/// Every member applying the cluster version.
pub fn version_set_lines(at: &WallClock, version: &str) -> Vec<String> {
    vec![
        capnslog(
            at,
            'N',
            "etcdserver/membership",
            &format!("set the initial cluster version to {version}"),
        ),
        capnslog(
            at,
            'I',
            "etcdserver/api",
            &format!("enabled capabilities for version {version}"),
        ),
    ]
}

/// `removed member X from cluster C`.
pub fn member_removed_line(at: &WallClock, id: u64, cluster: u64) -> String {
    let msg = format!("removed member {id:x} from cluster {cluster:x}");
    capnslog(at, 'I', "etcdserver/membership", &msg)
}

/// What a removed member prints before it exits: the fatal notice and the advice, and if
/// its `publish` was still under way (a removed member back from its old data-dir), that
/// it gives up.
pub fn permanently_removed_line(at: &WallClock, publishing: bool) -> Vec<String> {
    let mut lines = vec![
        capnslog(
            at,
            'E',
            "etcdserver",
            "the member has been permanently removed from the cluster",
        ),
        capnslog(
            at,
            'I',
            "etcdserver",
            "the data-dir used by this member must be removed.",
        ),
    ];
    if publishing {
        lines.push(capnslog(
            at,
            'I',
            "etcdserver",
            "aborting publish because server is stopped",
        ));
    }
    lines
}

/// `streaming request ignored (ID mismatch got X want Y)`: a peer from another cluster (or
/// another incarnation of this one) dialed in.
pub fn cluster_id_mismatch_line(at: &WallClock, got: u64, want: u64) -> String {
    let msg = format!("streaming request ignored (ID mismatch got {got:x} want {want:x})");
    capnslog(at, 'E', "rafthttp", &msg)
}
