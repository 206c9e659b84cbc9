//! Tests of what etcd decides by chance: reordered or replaced on both sides, nothing else.

use super::*;

#[test]
fn health_lines_are_ordered_healthy_first_then_by_endpoint() {
    let lab =
        "b:2 is healthy: x\na:1 is unhealthy: y\na:1 is healthy: x\nError: unhealthy cluster\n";
    let want =
        "a:1 is healthy: x\nb:2 is healthy: x\na:1 is unhealthy: y\nError: unhealthy cluster\n";
    assert_eq!(order_health_results(lab), want);
}

#[test]
fn other_lines_keep_their_order() {
    let text = "warn 2\nwarn 1\nOK\n";
    assert_eq!(order_health_results(text), text);
}

#[test]
fn health_table_rows_are_sorted_between_their_rules() {
    let table = "+\n| ENDPOINT | HEALTH | TOOK | ERROR |\n+\n| c:3 | true | <took> |  |\n| a:1 | true | <took> |  |\n+\n";
    let want = "+\n| ENDPOINT | HEALTH | TOOK | ERROR |\n+\n| a:1 | true | <took> |  |\n| c:3 | true | <took> |  |\n+\n";
    assert_eq!(order_health_results(table), want);
}

#[test]
fn other_tables_are_left_alone() {
    let table = "+\n| ENDPOINT | ID |\n+\n| c:3 | 1 |\n| a:1 | 2 |\n+\n";
    assert_eq!(order_health_results(table), table);
}

#[test]
fn health_json_is_sorted_by_endpoint() {
    let json = r#"[{"endpoint":"b","health":true,"took":"<took>"},{"endpoint":"a","health":true,"took":"<took>"}]"#;
    let want = r#"[{"endpoint":"a","health":true,"took":"<took>"},{"endpoint":"b","health":true,"took":"<took>"}]"#;
    assert_eq!(order_health_results(json), want);
}

#[test]
fn only_calls_through_the_balancer_over_several_endpoints_are_balanced() {
    assert!(is_balanced(
        "etcdctl --endpoints=a:1,b:2 member list -w json"
    ));
    assert!(is_balanced("etcdctl -w json --endpoints=a:1,b:2 get foo"));
    assert!(!is_balanced("etcdctl --endpoints=a:1 member list -w json"));
    assert!(!is_balanced(
        "etcdctl --endpoints=a:1,b:2 endpoint status -w json"
    ));
    assert!(!is_balanced("etcdctl --endpoints=a:1,b:2 move-leader 1"));
    assert!(!is_balanced("ls --endpoints=a:1,b:2 x"));
}

#[test]
fn balanced_member_ids_are_replaced_but_ids_in_bodies_stay() {
    let n = BalancedMember::new();
    let json = r#"{"header":{"cluster_id":1,"member_id":22,"raft_term":2},"members":[{"ID":22}]}"#;
    assert_eq!(
        n.normalize(json),
        r#"{"header":{"cluster_id":1,"member_id":"<balanced>","raft_term":2},"members":[{"ID":22}]}"#
    );
    let fields = "\"ClusterID\" : 1\n\"MemberID\" : 22\n\"ID\" : 22\n";
    assert_eq!(
        n.normalize(fields),
        "\"ClusterID\" : 1\n\"MemberID\" : <balanced>\n\"ID\" : 22\n"
    );
}
