//! Tests of normalization: run-dependent values vanish, everything that identifies or
//! explains stays.

use proptest::prelude::*;

use super::*;

fn norm(text: &str) -> String {
    Normalizer::new().normalize(text)
}

#[test]
fn every_rule_compiles() {
    let n = Normalizer::new();
    assert_eq!(n.rules.len(), RULES.len());
    assert!(n.size.is_some() && n.duration_cell.is_some());
}

#[test]
fn health_latencies_are_replaced_but_endpoints_and_messages_stay() {
    assert_eq!(
        norm("127.0.0.1:23379 is healthy: successfully committed proposal: took = 5.496037ms\n"),
        "127.0.0.1:23379 is healthy: successfully committed proposal: took = <took>\n"
    );
    assert_eq!(
        norm(r#"[{"endpoint":"127.0.0.1:21379","health":true,"took":"2.706232ms"}]"#),
        r#"[{"endpoint":"127.0.0.1:21379","health":true,"took":"<took>"}]"#
    );
}

#[test]
fn zap_warnings_lose_their_clock_and_client_uuid_only() {
    let line = r#"{"level":"warn","ts":"2026-11-22T10:17:13.164Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-f15e1250-3632-4bb4-bfe4-b711cb28493c/127.0.0.1:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}"#;
    let want = r#"{"level":"warn","ts":"<ts>","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-<uuid>/127.0.0.1:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}"#;
    assert_eq!(norm(line), want);
    assert_eq!(
        norm(r#"{"ts":1795342716.5414484,"size":"20 kB","took":0.001813859}"#),
        r#"{"ts":"<ts>","size":"<size>","took":"<took>"}"#
    );
}

#[test]
fn sizes_are_replaced_but_ids_and_revisions_stay() {
    assert_eq!(
        norm("127.0.0.1:21379, a3b3534325d6dc15, 3.4.23, 20 kB, true, false, 2, 8, 8, \n"),
        "127.0.0.1:21379, a3b3534325d6dc15, 3.4.23, <size>, true, false, 2, 8, 8, \n"
    );
    assert_eq!(
        norm(r#"{"revision":1,"dbSize":20480,"leader":11795863396876213269,"dbSizeInUse":16384}"#),
        r#"{"revision":1,"dbSize":"<size>","leader":11795863396876213269,"dbSizeInUse":"<size>"}"#
    );
}

#[test]
fn log_line_clocks_are_replaced() {
    assert_eq!(
        norm("2026-11-22 10:38:11.479344 W | rafthttp: lost\nraft2026/11/22 10:38:12 INFO: x\n"),
        "<ts> W | rafthttp: lost\nraft<ts> INFO: x\n"
    );
}

#[test]
fn a_table_with_a_duration_is_relaid_out_so_widths_do_not_matter() {
    let recorded = "\
+-----------------+--------+------------+-------+
|    ENDPOINT     | HEALTH |    TOOK    | ERROR |
+-----------------+--------+------------+-------+
| 127.0.0.1:21379 |   true | 3.708076ms |       |
+-----------------+--------+------------+-------+
";
    let lab = "\
+-----------------+--------+-------+-------+
|    ENDPOINT     | HEALTH | TOOK  | ERROR |
+-----------------+--------+-------+-------+
| 127.0.0.1:21379 |   true | 2.1ms |       |
+-----------------+--------+-------+-------+
";
    assert_eq!(norm(recorded), norm(lab));
    assert!(norm(lab).contains("| 127.0.0.1:21379 | true | <took> |  |\n"));
}

#[test]
fn a_table_without_run_dependent_cells_keeps_its_alignment() {
    let right = "+---+\n| ID |\n+---+\n| a |\n+---+\n";
    let left = "+---+\n| ID |\n+---+\n|a  |\n+---+\n";
    assert_eq!(norm(right), right);
    assert_ne!(norm(right), norm(left));
}

#[test]
fn the_size_ls_shows_of_a_database_file_is_replaced_and_other_files_keep_theirs() {
    let db = "-rw------- 1 root root 20512 Nov 22 10:51 /srv/backup.db\n";
    assert_eq!(
        norm(db),
        "-rw------- 1 root root <size> Nov 22 10:51 /srv/backup.db\n"
    );
    let member_db = "-rw------- 1 root root 24576 Nov 22 10:51 /var/lib/etcd/member/snap/db\n";
    assert!(norm(member_db).contains(" <size> "));
    let env = "-rw-r--r-- 1 root root 312 Nov 22 10:51 /etc/etcd/etcd.env\n";
    assert_eq!(norm(env), env);
}

proptest! {
    #[test]
    fn normalizing_twice_changes_nothing_more(text in "[ -~\n]{0,200}") {
        let n = Normalizer::new();
        let once = n.normalize(&text);
        prop_assert_eq!(n.normalize(&once), once);
    }

    #[test]
    fn hex_ids_are_never_touched(id in "[0-9a-f]{16}") {
        let line = format!("{id}, started, etcd1, http://127.0.0.1:21380\n");
        prop_assert_eq!(norm(&line), line);
    }
}

#[test]
fn a_progress_bar_redrawn_in_place_is_written_as_the_recorder_wrote_it() {
    let frames: String = (0..20).map(|i| format!("\r {i} / 60")).collect();
    let text = format!("{frames}\nPASS\n");
    let want = "# progress bar redrawn in place with \\r, 20 frames; first and last frames shown one per line:\n \
                0 / 60\n 1 / 60\n 2 / 60\n 3 / 60\n 4 / 60\n 5 / 60\n...\n \
                14 / 60\n 15 / 60\n 16 / 60\n 17 / 60\n 18 / 60\n 19 / 60\nPASS\n";
    assert_eq!(norm(&text), want);
    assert_eq!(norm(want), want, "the recording's notation stays as it is");
    assert_eq!(norm("a\rb\n"), "a\rb\n", "a few frames are left alone");
}
