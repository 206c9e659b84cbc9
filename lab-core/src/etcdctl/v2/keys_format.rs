//! etcdctl v2's `printResponseKey` and `printLs`: an answer in `-o simple` (the value, or
//! `PrevNode.Value:` after a delete), `-o extended` (rfc2822-style headers) or `-o json`
//! (the Go client's `Response` marshalled again).

use super::super::output::Output;
use super::keys_api::{KeysNode, KeysResponse};

/// `printResponseKey`.
pub(super) fn print_response(resp: &KeysResponse, format: &str, out: &mut Output<'_>) {
    let empty = KeysNode::default();
    let node = resp.node.as_ref().unwrap_or(&empty);
    let deleted = resp.action == "delete";
    match format {
        "simple" if deleted => out.outln(&format!("PrevNode.Value: {}", prev_value(resp))),
        "simple" => out.outln(&node.value),
        "extended" => {
            out.outln(&format!("Key: {}", node.key));
            out.outln(&format!("Created-Index: {}", node.created_index));
            out.outln(&format!("Modified-Index: {}", node.modified_index));
            if resp.prev_node.is_some() {
                out.outln(&format!("PrevNode.Value: {}", prev_value(resp)));
            }
            out.outln(&format!("TTL: {}", node.ttl));
            out.outln(&format!("Index: {}", resp.index));
            if !deleted {
                out.outln("");
                out.outln(&node.value);
            }
        }
        "json" => out.outln(&crate::v2store::go_json(resp)),
        other => out.errln(&format!("Unsupported output format: {other}")),
    }
}

fn prev_value(resp: &KeysResponse) -> &str {
    resp.prev_node.as_ref().map_or("", |p| p.value.as_str())
}

/// `printLs`: in `simple`, the key names (a key's own name when a key was asked), every
/// level listed, directories with a slash if `slash`; other formats as any answer.
pub(super) fn print_ls(resp: &KeysResponse, format: &str, slash: bool, out: &mut Output<'_>) {
    if format != "simple" {
        print_response(resp, format, out);
        return;
    }
    let Some(node) = &resp.node else {
        return;
    };
    if !node.dir {
        out.outln(&node.key);
    }
    // Depth first with an explicit stack: the tree's depth is the server's business.
    let mut stack: Vec<&KeysNode> = node.nodes.iter().flatten().rev().collect();
    while let Some(n) = stack.pop() {
        if n.dir && slash {
            out.outln(&format!("{}/", n.key));
        } else {
            out.outln(&n.key);
        }
        stack.extend(n.nodes.iter().flatten().rev());
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::Stream;
    use super::*;

    fn printed(f: impl FnOnce(&mut Output<'_>)) -> (String, String) {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let mut sink = |s: Stream, b: &[u8]| match s {
            Stream::Stdout => o.extend_from_slice(b),
            Stream::Stderr => e.extend_from_slice(b),
        };
        f(&mut Output::new(&mut sink));
        (
            String::from_utf8_lossy(&o).into(),
            String::from_utf8_lossy(&e).into(),
        )
    }

    fn response(body: &str, index: u64) -> KeysResponse {
        let mut r: KeysResponse = serde_json::from_str(body).expect("json");
        r.index = index;
        r
    }

    #[test]
    fn a_set_prints_as_etcdctl_prints_it_in_each_format() {
        // Reference v2keys: `-o extended set /fmt two` and `-o json set /fmt three`.
        let set = response(
            r#"{"action":"set","node":{"key":"/fmt","value":"two","modifiedIndex":27,"createdIndex":27},"prevNode":{"key":"/fmt","value":"one","modifiedIndex":26,"createdIndex":26}}"#,
            27,
        );
        let extended = "Key: /fmt\nCreated-Index: 27\nModified-Index: 27\nPrevNode.Value: one\nTTL: 0\nIndex: 27\n\ntwo\n";
        assert_eq!(printed(|o| print_response(&set, "extended", o)).0, extended);
        assert_eq!(
            printed(|o| print_response(&set, "json", o)).0,
            "{\"action\":\"set\",\"node\":{\"key\":\"/fmt\",\"value\":\"two\",\"nodes\":null,\"createdIndex\":27,\"modifiedIndex\":27},\"prevNode\":{\"key\":\"/fmt\",\"value\":\"one\",\"nodes\":null,\"createdIndex\":26,\"modifiedIndex\":26}}\n"
        );
        assert_eq!(
            printed(|o| print_response(&set, "yaml", o)),
            (
                String::new(),
                "Unsupported output format: yaml\n".to_owned()
            )
        );
    }

    #[test]
    fn a_delete_shows_the_previous_value() {
        let rm = response(
            r#"{"action":"delete","node":{"key":"/k","modifiedIndex":9,"createdIndex":8},"prevNode":{"key":"/k","value":"2","modifiedIndex":8,"createdIndex":8}}"#,
            9,
        );
        assert_eq!(
            printed(|o| print_response(&rm, "simple", o)).0,
            "PrevNode.Value: 2\n"
        );
    }

    #[test]
    fn ls_walks_every_level_and_marks_directories_with_p() {
        // Reference v2keys: `ls -r -p`.
        let ls = response(
            r#"{"action":"get","node":{"dir":true,"nodes":[{"key":"/dir","dir":true,"nodes":[{"key":"/dir/a","value":"1"},{"key":"/dir/sub","dir":true,"nodes":[{"key":"/dir/sub/b","value":"2"}]}]},{"key":"/foo","value":"x"}]}}"#,
            13,
        );
        assert_eq!(
            printed(|o| print_ls(&ls, "simple", true, o)).0,
            "/dir/\n/dir/a\n/dir/sub/\n/dir/sub/b\n/foo\n"
        );
    }
}
