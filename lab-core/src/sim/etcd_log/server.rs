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

/// `removed member X from cluster C`.
pub fn member_removed_line(at: &WallClock, id: u64, cluster: u64) -> String {
    let msg = format!("removed member {id:x} from cluster {cluster:x}");
    capnslog(at, 'I', "etcdserver/membership", &msg)
}

/// What a removed member prints before it exits: the fatal notice and the advice.
pub fn permanently_removed_line(at: &WallClock) -> Vec<String> {
    vec![
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
    ]
}

/// `streaming request ignored (ID mismatch got X want Y)`: a peer from another cluster (or
/// another incarnation of this one) dialed in.
pub fn cluster_id_mismatch_line(at: &WallClock, got: u64, want: u64) -> String {
    let msg = format!("streaming request ignored (ID mismatch got {got:x} want {want:x})");
    capnslog(at, 'E', "rafthttp", &msg)
}
