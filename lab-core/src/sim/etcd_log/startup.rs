//! What etcd 3.4.23 prints from launch until it serves clients: the version banner, `embed`'s
//! configuration, the member and raft's initial state (first start or restart from a
//! data-dir), rafthttp starting each peer, and the ready lines once it has a leader.

use super::election::conf_change_text;
use super::rafthttp::starting_peer_lines;
use super::{CAPNSLOG_WARNING, capnslog, raft_line};
use crate::raft::ConfState;
use crate::sim::EtcdLaunch;
use crate::time::WallClock;

/// What the world knows about a member as its process starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartupFacts {
    /// The member's id.
    pub member_id: u64,
    /// Its cluster's id.
    pub cluster_id: u64,
    /// The members the process knows as it comes up, itself included, as (id, first peer
    /// URL), sorted by id: the whole cluster on a first start or a join; on a restart only
    /// those its snapshot holds (etcd's `Recover` from the v2 store), the WAL's conf changes
    /// adding the rest as they are replayed.
    pub members: Vec<(u64, String)>,
    /// `Some` when restarting from an existing data-dir.
    pub restart: Option<RestartState>,
}

/// Raft's state recovered from a data-dir.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestartState {
    /// Last snapshot's index (0: none).
    pub snapshot_index: u64,
    /// Term, commit index, last index and its term, from the WAL.
    pub term: u64,
    /// Commit index.
    pub commit: u64,
    /// Last log index.
    pub last_index: u64,
    /// Term of the last log entry.
    pub last_term: u64,
    /// `--force-new-cluster` rewrote the log: `Some` with the uncommitted entries dropped.
    pub forced: Option<u64>,
}

impl StartupFacts {
    fn voters(&self) -> ConfState {
        ConfState {
            voters: self.members.iter().map(|(id, _)| *id).collect(),
            learners: Default::default(),
        }
    }

    /// The other members, whose rafthttp peers start with the process.
    pub fn peers(&self) -> impl Iterator<Item = u64> + '_ {
        self.members
            .iter()
            .map(|(id, _)| *id)
            .filter(move |id| *id != self.member_id)
    }
}

/// The lines up to raft's initial state (etcdmain, embed, `starting`/`restarting member`).
pub fn startup_head(at: &WallClock, launch: &EtcdLaunch, facts: &StartupFacts) -> Vec<String> {
    let mut lines = if launch.banner_printed {
        Vec::new()
    } else {
        startup_banner(at, launch, facts.restart.is_some())
    };
    match &facts.restart {
        Some(state) => lines.extend(restart_lines(at, launch, facts, state)),
        None => lines.extend(first_start_lines(at, facts)),
    }
    lines
}

/// What a first start prints once etcd's bootstrap check (`isMemberBootstrapped`) is over,
/// from `starting member` until it listens for peers: the lines after the banner that
/// [`startup_head`] and [`startup_tail`] give a start without the check.
pub fn bootstrap_lines(at: &WallClock, launch: &EtcdLaunch, facts: &StartupFacts) -> Vec<String> {
    let mut lines = first_start_lines(at, facts);
    lines.extend(startup_tail(at, launch, facts));
    lines
}

/// The version banner and `embed`'s configuration lines (`discovery URL=` with
/// `--discovery`); `restart` adds etcdmain's note about an initialized data-dir.
pub fn startup_banner(at: &WallClock, launch: &EtcdLaunch, restart: bool) -> Vec<String> {
    let i = |pkg: &str, msg: &str| capnslog(at, 'I', pkg, msg);
    let mut lines = vec![
        CAPNSLOG_WARNING.to_owned(),
        i("etcdmain", "etcd Version: 3.4.23"),
        i(
            "etcdmain",
            "Git SHA: Not provided (use ./build instead of go build)",
        ),
        i("etcdmain", "Go Version: go1.19.8"),
        i("etcdmain", "Go OS/Arch: linux/amd64"),
        i(
            "etcdmain",
            "setting maximum number of CPUs to 2, total number of available CPUs is 2",
        ),
    ];
    if restart {
        lines.push(capnslog(
            at,
            'N',
            "etcdmain",
            "the server is already initialized as member before, starting as etcd member...",
        ));
    }
    lines.push(CAPNSLOG_WARNING.to_owned());
    if let Some(tls) = &launch.tls {
        if let Some(info) = &tls.peer_info {
            lines.push(i("embed", &format!("peerTLS: {info}")));
        }
        let notes = tls.peer_notes.iter();
        lines.extend(notes.map(|note| capnslog(at, 'W', "embed", note)));
    }
    lines.push(i("embed", &format!("name = {}", launch.name)));
    if launch.force_new_cluster {
        lines.push(i("embed", "force new cluster"));
    }
    let mut embed = vec![
        format!("data dir = {}", launch.data_dir),
        format!("member dir = {}/member", launch.data_dir),
        format!("heartbeat = {}ms", launch.heartbeat_interval_ms),
        format!("election = {}ms", launch.election_timeout_ms),
        format!("snapshot count = {}", launch.snapshot_count),
    ];
    if let Some(url) = &launch.discovery {
        embed.push(format!("discovery URL= {url}"));
    }
    embed.push(format!(
        "advertise client URLs = {}",
        launch.identity.client_urls.join(",")
    ));
    lines.extend(embed.iter().map(|m| i("embed", m)));
    lines
}

fn first_start_lines(at: &WallClock, facts: &StartupFacts) -> Vec<String> {
    let id = facts.member_id;
    let mut lines = vec![capnslog(
        at,
        'I',
        "etcdserver",
        &format!("starting member {id:x} in cluster {:x}", facts.cluster_id),
    )];
    let mut texts = vec![
        "switched to configuration voters=()".to_owned(),
        "became follower at term 0".to_owned(),
        "newRaft [peers: [], term: 0, commit: 0, applied: 0, lastindex: 0, lastterm: 0]".to_owned(),
        "became follower at term 1".to_owned(),
    ];
    // Bootstrap adds the members one conf change at a time, in id order.
    let mut cs = ConfState::default();
    for (member, _) in &facts.members {
        cs.voters.insert(*member);
        texts.push(conf_change_text(&cs));
    }
    lines.extend(texts.iter().map(|t| raft_text(at, id, t)));
    lines
}

/// raft's lines name the member first, except `newRaft` which puts it after the word.
fn raft_text(at: &WallClock, id: u64, text: &str) -> String {
    match text.strip_prefix("newRaft ") {
        Some(rest) => raft_line(at, &format!("newRaft {id:x} {rest}")),
        None => raft_line(at, &format!("{id:x} {text}")),
    }
}

fn restart_lines(
    at: &WallClock,
    launch: &EtcdLaunch,
    facts: &StartupFacts,
    state: &RestartState,
) -> Vec<String> {
    let (id, cluster) = (facts.member_id, facts.cluster_id);
    let i = |pkg: &str, msg: &str| capnslog(at, 'I', pkg, msg);
    let peer_urls = launch.identity.peer_urls.join(",");
    let mut lines = vec![
        i(
            "embed",
            &format!("initial advertise peer URLs = {peer_urls}"),
        ),
        i("embed", "initial cluster = "),
    ];
    if state.snapshot_index > 0 {
        let msg = format!(
            "recovered store from snapshot at index {}",
            state.snapshot_index
        );
        lines.push(i("etcdserver", &msg));
    }
    if let Some(discarded) = state.forced.filter(|&n| n > 0) {
        // etcd's format string ends with a space.
        let msg = format!("discarding {discarded} uncommitted WAL entries ");
        lines.push(i("etcdserver", &msg));
    }
    let verb = match state.forced {
        Some(_) => "forcing restart of",
        None => "restarting",
    };
    let msg = format!(
        "{verb} member {id:x} in cluster {cluster:x} at commit index {}",
        state.commit
    );
    lines.push(i("etcdserver", &msg));
    let peers: Vec<String> = facts
        .members
        .iter()
        .map(|(m, _)| format!("{m:x}"))
        .collect();
    let texts = [
        conf_change_text(&facts.voters()),
        format!("became follower at term {}", state.term),
        format!(
            "newRaft [peers: [{}], term: {}, commit: {}, applied: {}, lastindex: {}, lastterm: {}]",
            peers.join(","),
            state.term,
            state.commit,
            state.snapshot_index,
            state.last_index,
            state.last_term
        ),
    ];
    lines.extend(texts.iter().map(|t| raft_text(at, id, t)));
    for (member, url) in &facts.members {
        let msg = format!("added member {member:x} [{url}] to cluster {cluster:x} from store");
        lines.push(i("etcdserver/membership", &msg));
    }
    lines
}

/// The lines after raft's initial state until etcd listens for peers: auth, rafthttp
/// starting each peer, the server, file purging, the peer listeners, and on a first start
/// the bootstrap membership being applied.
pub fn startup_tail(at: &WallClock, launch: &EtcdLaunch, facts: &StartupFacts) -> Vec<String> {
    let i = |pkg: &str, msg: &str| capnslog(at, 'I', pkg, msg);
    let mut lines = vec![capnslog(
        at,
        'W',
        "auth",
        "simple token is not cryptographically signed",
    )];
    for peer in facts.peers() {
        lines.extend(starting_peer_lines(at, peer));
    }
    lines.push(i(
        "etcdserver",
        "starting server... [version: 3.4.23, cluster version: to_be_decided]",
    ));
    let dir = &launch.data_dir;
    for (sub, suffix) in [("snap", "snap.db"), ("snap", "snap"), ("wal", "wal")] {
        let msg = format!(
            "started to purge file, dir: {dir}/member/{sub}, suffix: {suffix}, max: 5, interval: 30s"
        );
        lines.push(i("pkg/fileutil", &msg));
    }
    if let Some(info) = launch.tls.as_ref().and_then(|t| t.client_info.as_ref()) {
        lines.push(i("embed", &format!("ClientTLS: {info}")));
    }
    for addr in &launch.listen_peer {
        lines.push(i("embed", &format!("listening for peers on {addr}")));
    }
    if facts.restart.is_none() {
        let (id, cluster) = (facts.member_id, facts.cluster_id);
        let switched = conf_change_text(&facts.voters());
        for (member, url) in &facts.members {
            lines.push(raft_line(at, &format!("{id:x} {switched}")));
            let msg = format!("added member {member:x} [{url}] to cluster {cluster:x}");
            lines.push(i("etcdserver/membership", &msg));
        }
    }
    lines
}

/// What a member prints once its publish is applied: it serves clients from then on.
pub fn ready_lines(at: &WallClock, launch: &EtcdLaunch, cluster_id: u64) -> Vec<String> {
    let published = format!(
        "published {{Name:{} ClientURLs:[{}]}} to cluster {cluster_id:x}",
        launch.name,
        launch.identity.client_urls.join(" ")
    );
    let mut lines = vec![
        capnslog(at, 'I', "etcdserver", &published),
        capnslog(at, 'I', "embed", "ready to serve client requests"),
    ];
    for addr in &launch.listen_client {
        lines.push(match addr.secure {
            true => capnslog(
                at,
                'I',
                "embed",
                &format!("serving client requests on {addr}"),
            ),
            false => {
                let msg = format!(
                    "serving insecure client requests on {addr}, this is strongly discouraged!"
                );
                capnslog(at, 'N', "embed", &msg)
            }
        });
    }
    lines
}
