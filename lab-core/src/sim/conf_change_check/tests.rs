//! Stories of etcd 3.4's apply-time membership check (reference 05's mistakes).

use super::*;

fn member(id: u64, url: &str, is_learner: bool) -> ClusterMember {
    ClusterMember {
        id,
        peer_urls: vec![url.to_owned()],
        is_learner,
        ..ClusterMember::default()
    }
}

/// etcd1 and etcd2 voters, etcd6 a learner.
fn cluster() -> RaftCluster {
    let mut cluster = RaftCluster::default();
    cluster.add(member(1, "http://127.0.0.1:21380", false));
    cluster.add(member(2, "http://127.0.0.1:22380", false));
    cluster.add(member(6, "http://127.0.0.1:26380", true));
    cluster
}

fn change(change_type: ConfChangeType, id: u64, url: &str) -> ConfChange {
    ConfChange {
        change_type,
        node_id: id,
        context: member(id, url, change_type == ConfChangeType::AddLearnerNode).to_context(),
    }
}

#[test]
fn removing_an_unknown_or_removed_member_is_refused_when_applied() {
    let mut cluster = cluster();
    let remove = |id| ConfChange::new(ConfChangeType::RemoveNode, id);
    assert_eq!(
        cluster.validate_conf_change(&remove(0x1234)),
        Err(MembershipError::IdNotFound)
    );
    assert_eq!(cluster.validate_conf_change(&remove(2)), Ok(()));
    cluster.remove(2);
    assert_eq!(
        cluster.validate_conf_change(&remove(2)),
        Err(MembershipError::IdRemoved)
    );
}

#[test]
fn an_update_needs_a_member_and_peer_urls_nobody_else_has() {
    let cluster = cluster();
    let update = |id, url| change(ConfChangeType::UpdateNode, id, url);
    assert_eq!(
        cluster.validate_conf_change(&update(2, "http://127.0.0.1:21380")),
        Err(MembershipError::PeerUrlExists)
    );
    assert_eq!(
        cluster.validate_conf_change(&update(0x1234, "http://127.0.0.1:29380")),
        Err(MembershipError::IdNotFound)
    );
    // Its own URL again is fine.
    assert_eq!(
        cluster.validate_conf_change(&update(2, "http://127.0.0.1:22380")),
        Ok(())
    );
}

#[test]
fn an_add_needs_a_new_id_free_urls_and_room_for_a_learner() {
    let cluster = cluster();
    let add = |t, id, url| change(t, id, url);
    assert_eq!(
        cluster.validate_conf_change(&add(ConfChangeType::AddNode, 9, "http://127.0.0.1:21380")),
        Err(MembershipError::PeerUrlExists)
    );
    assert_eq!(
        cluster.validate_conf_change(&add(ConfChangeType::AddNode, 1, "http://127.0.0.1:29380")),
        Err(MembershipError::IdExists)
    );
    // etcd 3.4 allows one learner: etcd6 is one already.
    let learner = add(ConfChangeType::AddLearnerNode, 8, "http://127.0.0.1:28380");
    assert_eq!(
        cluster.validate_conf_change(&learner),
        Err(MembershipError::TooManyLearners)
    );
    let voter = add(ConfChangeType::AddNode, 8, "http://127.0.0.1:28380");
    assert_eq!(cluster.validate_conf_change(&voter), Ok(()));
}

#[test]
fn only_a_learner_of_the_cluster_can_be_promoted() {
    let cluster = cluster();
    assert_eq!(
        cluster.validate_conf_change(&promote_conf_change(6)),
        Ok(())
    );
    assert_eq!(
        cluster.validate_conf_change(&promote_conf_change(1)),
        Err(MembershipError::NotLearner)
    );
    assert_eq!(
        cluster.validate_conf_change(&promote_conf_change(0x1234)),
        Err(MembershipError::IdNotFound)
    );
}

#[test]
fn a_promotion_is_told_from_an_add_by_its_context() {
    let cluster = cluster();
    let json = String::from_utf8(promote_conf_change(0x1234).context).unwrap_or_default();
    assert_eq!(
        json,
        r#"{"Member":{"id":4660,"peerURLs":null},"IsPromote":true}"#
    );
    assert!(is_promotion(&cluster, &promote_conf_change(0x1234)));
    // The lab's own commands promote with an empty context.
    assert!(is_promotion(
        &cluster,
        &ConfChange::new(ConfChangeType::AddNode, 6)
    ));
    assert!(!is_promotion(
        &cluster,
        &ConfChange::new(ConfChangeType::AddNode, 1)
    ));
    let add = change(ConfChangeType::AddNode, 6, "http://127.0.0.1:26380");
    assert!(!is_promotion(&cluster, &add));
}
