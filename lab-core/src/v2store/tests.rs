//! The v2 store told as stories against etcd 3.4.23's recorded answers
//! (`tests/data/discovery-reference.md`), and a proptest against a plain map model.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

fn set(store: &mut V2Store, key: &str, value: &str) -> Result<Event, V2Error> {
    store.apply(
        &V2Request::Set {
            key: key.into(),
            value: Some(value.into()),
            ttl: TtlOptions::default(),
        },
        0,
    )
}

/// A store whose index is 25, like the recorded discovery service before its first PUT.
fn store_at(index: u64) -> V2Store {
    let mut store = V2Store::new();
    for _ in 0..index {
        store.bump_index();
    }
    store
}

#[test]
fn a_discovery_token_is_registered_and_listed_as_etcd_lists_it() {
    let mut store = store_at(8);
    let size = set(&mut store, "/_etcd/registry/TOKEN/_config/size", "3");
    assert_eq!(
        size.map(|e| e.to_json()),
        Ok(r#"{"action":"set","node":{"key":"/_etcd/registry/TOKEN/_config/size","value":"3","modifiedIndex":9,"createdIndex":9}}"#.to_owned() + "\n")
    );
    let created = store.apply(
        &V2Request::Create {
            key: "/_etcd/registry/TOKEN/6ba7daf569e52596".into(),
            value: Some("m1=http://127.0.0.1:32383".into()),
            ttl: TtlOptions::default(),
        },
        0,
    );
    assert!(created.is_ok_and(|e| e.created()));
    let listed = store
        .get("/_etcd/registry/TOKEN", true, 0)
        .map(|e| e.to_json());
    assert_eq!(
        listed,
        Ok(r#"{"action":"get","node":{"key":"/_etcd/registry/TOKEN","dir":true,"nodes":[{"key":"/_etcd/registry/TOKEN/6ba7daf569e52596","value":"m1=http://127.0.0.1:32383","modifiedIndex":10,"createdIndex":10}],"modifiedIndex":9,"createdIndex":9}}"#.to_owned() + "\n"),
        "the hidden _config directory is not listed"
    );
    let again = store.apply(
        &V2Request::Create {
            key: "/_etcd/registry/TOKEN/6ba7daf569e52596".into(),
            value: Some("m1=http://127.0.0.1:32383".into()),
            ttl: TtlOptions::default(),
        },
        0,
    );
    assert_eq!(
        again.map_err(|e| e.to_json()),
        Err(r#"{"errorCode":105,"message":"Key already exists","cause":"/_etcd/registry/TOKEN/6ba7daf569e52596","index":10}"#.to_owned() + "\n")
    );
}

#[test]
fn missing_keys_name_the_first_missing_step_as_discovery_prints_it() {
    let mut store = store_at(24);
    let _ = set(&mut store, "/_etcd/registry/BAD/_config/size", "abc");
    let err = store.get("/_etcd/registry/NOSIZE2/_config/size", false, 0);
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("100: Key not found (/_etcd/registry/NOSIZE2) [25]".to_owned())
    );
    assert_eq!(
        V2Store::new()
            .get("/nosuch", false, 0)
            .map_err(|e| e.to_json()),
        Err(
            r#"{"errorCode":100,"message":"Key not found","cause":"/nosuch","index":0}"#.to_owned()
                + "\n"
        )
    );
}

#[test]
fn set_replaces_a_key_and_refuses_directories_and_keys_on_the_way() {
    let mut store = store_at(26);
    let _ = set(&mut store, "/foo", "bar");
    let replaced = set(&mut store, "/foo", "baz").map(|e| e.to_json());
    assert_eq!(
        replaced,
        Ok(r#"{"action":"set","node":{"key":"/foo","value":"baz","modifiedIndex":28,"createdIndex":28},"prevNode":{"key":"/foo","value":"bar","modifiedIndex":27,"createdIndex":27}}"#.to_owned() + "\n")
    );
    let under_file = set(&mut store, "/foo/bar", "x").map_err(|e| (e.code, e.cause));
    assert_eq!(under_file, Err((ErrorCode::NotDir, "/foo".to_owned())));
    let dir = store.apply(
        &V2Request::Set {
            key: "/dir".into(),
            value: None,
            ttl: TtlOptions::default(),
        },
        0,
    );
    assert_eq!(
        dir.map(|e| e.to_json()),
        Ok(r#"{"action":"set","node":{"key":"/dir","dir":true,"modifiedIndex":29,"createdIndex":29}}"#.to_owned() + "\n")
    );
    assert_eq!(
        set(&mut store, "/dir", "1").map_err(|e| e.code.http_status()),
        Err(403)
    );
    assert_eq!(
        set(&mut store, "/", "1").map_err(|e| e.to_json()),
        Err(
            r#"{"errorCode":107,"message":"Root is read only","cause":"/","index":29}"#.to_owned()
                + "\n"
        )
    );
}

#[test]
fn post_creates_in_order_keys_and_delete_needs_dir_or_recursive() {
    let mut store = store_at(29);
    let post = |store: &mut V2Store, v: &str| {
        store.apply(
            &V2Request::CreateInOrder {
                dir: "/queue".into(),
                value: v.into(),
                ttl: TtlOptions::default(),
            },
            0,
        )
    };
    let first = post(&mut store, "job1").map(|e| e.node.key);
    assert_eq!(first, Ok("/queue/00000000000000000030".to_owned()));
    let _ = post(&mut store, "job2");
    let del = |store: &mut V2Store, dir, recursive| {
        store.apply(
            &V2Request::Delete {
                key: "/queue".into(),
                dir,
                recursive,
            },
            0,
        )
    };
    assert_eq!(
        del(&mut store, false, false).map_err(|e| e.code),
        Err(ErrorCode::NotFile)
    );
    assert_eq!(
        del(&mut store, true, false).map_err(|e| e.code),
        Err(ErrorCode::DirNotEmpty)
    );
    assert_eq!(
        del(&mut store, false, true).map(|e| e.to_json()),
        Ok(r#"{"action":"delete","node":{"key":"/queue","dir":true,"modifiedIndex":32,"createdIndex":30},"prevNode":{"key":"/queue","dir":true,"modifiedIndex":30,"createdIndex":30}}"#.to_owned() + "\n")
    );
    assert_eq!(
        store.get("/", true, 0).map(|e| e.to_json()),
        Ok("{\"action\":\"get\",\"node\":{\"dir\":true}}\n".to_owned())
    );
}

#[test]
fn updating_a_directory_without_a_value_moves_its_index_as_etcdctl_updatedir_does() {
    // Reference v2keys: `updatedir /fdir2` answers action update, createdIndex kept,
    // modifiedIndex bumped, the old directory as prevNode; `update /dir x` is 102.
    let mut store = store_at(3);
    let mkdir = V2Request::Create {
        key: "/d".to_owned(),
        value: None,
        ttl: TtlOptions::default(),
    };
    store.apply(&mkdir, 0).expect("mkdir");
    let update = |value: &str| V2Request::Update {
        key: "/d".to_owned(),
        value: value.to_owned(),
        ttl: TtlOptions::default(),
    };
    let event = store
        .apply(&update(""), 0)
        .expect("a directory may be touched");
    assert_eq!(event.action, Action::Update);
    assert_eq!(
        (event.node.created_index, event.node.modified_index),
        (4, 5)
    );
    assert!(
        event.node.dir
            && event
                .prev_node
                .is_some_and(|p| p.dir && p.modified_index == 4)
    );
    let refused = store
        .apply(&update("x"), 0)
        .expect_err("a value is not for a directory");
    assert_eq!((refused.code, refused.index), (ErrorCode::NotFile, 5));
}

#[test]
fn compare_and_swap_says_what_differed() {
    let mut store = store_at(38);
    let _ = set(&mut store, "/cas", "1");
    let cas = |store: &mut V2Store, pv: Option<&str>, pi| {
        store.apply(
            &V2Request::CompareAndSwap {
                key: "/cas".into(),
                prev_value: pv.map(str::to_owned),
                prev_index: pi,
                value: "3".into(),
                ttl: TtlOptions::default(),
            },
            0,
        )
    };
    assert_eq!(
        cas(&mut store, Some("2"), None).map_err(|e| e.cause),
        Err("[2 != 1]".to_owned())
    );
    assert_eq!(
        cas(&mut store, None, Some(1)).map_err(|e| e.cause),
        Err("[1 != 39]".to_owned())
    );
    let swapped = cas(&mut store, Some("1"), Some(39)).map(|e| (e.action, e.node.created_index));
    assert_eq!(swapped, Ok((Action::CompareAndSwap, 39)));
}

#[test]
fn watches_find_past_events_and_skip_hidden_ones() {
    let mut store = store_at(3);
    let _ = set(&mut store, "/reg/_config/size", "3");
    assert_eq!(store.watch("/reg", true, 1).map(|e| e.is_some()), Ok(false));
    let _ = set(&mut store, "/reg/a", "x");
    let seen = store
        .watch("/reg", true, 1)
        .map(|e| e.map(|e| (e.node.key, e.index)));
    assert_eq!(seen, Ok(Some(("/reg/a".to_owned(), 5))));
    assert_eq!(
        store.watch("/reg", false, 1).map(|e| e.is_some()),
        Ok(false)
    );
    assert_eq!(
        store.watch("/reg/a", false, 0).map(|e| e.is_some()),
        Ok(false)
    );
}

#[test]
fn limits_refuse_with_errors_not_panics() {
    let mut store = V2Store::new();
    let long = "k".repeat(MAX_KEY_BYTES + 1);
    assert!(set(&mut store, &long, "v").is_err());
    let deep = "/d".repeat(MAX_DEPTH + 1);
    assert!(set(&mut store, &deep, "v").is_err());
    assert_eq!(store.index(), 0, "refusals change nothing");
}

#[test]
fn writes_round_trip_through_raft_payloads() {
    let req = V2Request::Set {
        key: "/a".into(),
        value: Some("b".into()),
        ttl: TtlOptions::default(),
    };
    assert_eq!(V2Request::decode(&req.encode(7)), Some((7, req)));
    assert_eq!(V2Request::decode(b"{\"put\":1}"), None);
}

#[derive(Clone, Debug)]
enum Op {
    Set(u8, u8),
    Delete(u8),
    Create(u8, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6, 0u8..4).prop_map(|(k, v)| Op::Set(k, v)),
        (0u8..6).prop_map(Op::Delete),
        (0u8..6, 0u8..4).prop_map(|(k, v)| Op::Create(k, v)),
    ]
}

proptest! {
    /// Flat keys behave as a map; every successful write moves the index by one and
    /// refused writes leave it alone.
    #[test]
    fn flat_keys_behave_like_a_map(ops in proptest::collection::vec(op(), 0..60)) {
        let mut store = V2Store::new();
        let mut model: BTreeMap<String, String> = BTreeMap::new();
        for op in ops {
            let before = store.index();
            let (ok, expect_ok) = match op {
                Op::Set(k, v) => {
                    let ok = set(&mut store, &format!("/k{k}"), &v.to_string()).is_ok();
                    model.insert(format!("/k{k}"), v.to_string());
                    (ok, true)
                }
                Op::Delete(k) => {
                    let key = format!("/k{k}");
                    let ok = store.apply(&V2Request::Delete { key: key.clone(), dir: false, recursive: false }, 0).is_ok();
                    (ok, model.remove(&key).is_some())
                }
                Op::Create(k, v) => {
                    let key = format!("/k{k}");
                    let ok = store.apply(&V2Request::Create { key: key.clone(), value: Some(v.to_string()), ttl: TtlOptions::default() }, 0).is_ok();
                    let fresh = !model.contains_key(&key);
                    if fresh { model.insert(key, v.to_string()); }
                    (ok, fresh)
                }
            };
            prop_assert_eq!(ok, expect_ok);
            prop_assert_eq!(store.index(), before + u64::from(ok));
        }
        let listed: BTreeMap<String, String> = store
            .get("/", true, 0)
            .map(|e| e.node.nodes)
            .unwrap_or_default()
            .into_iter()
            .map(|n| (n.key, n.value.unwrap_or_default()))
            .collect();
        prop_assert_eq!(listed, model);
    }
}
