//! TTLs told as stories against etcd 3.4.23's answers recorded with `curl` on a member run
//! with `--enable-v2`: expirations and `ttl`s shown, expiry by SYNC (events, indices,
//! directories with their children), refreshes, removal of a TTL, and a restart.

use super::*;

/// Nanoseconds in a second.
const SEC: i64 = 1_000_000_000;
/// The recorded `"expiration":"2026-11-23T08:08:32.949826487Z"` (unit: Unix nanoseconds).
const RECORDED: i64 = 1_795_421_312 * SEC + 949_826_487;

fn ttl(expiration: i64) -> TtlOptions {
    TtlOptions {
        expiration: Some(expiration),
        refresh: false,
    }
}

fn set(store: &mut V2Store, key: &str, value: &str, t: TtlOptions, now: i64) -> Event {
    let req = V2Request::Set {
        key: key.into(),
        value: Some(value.into()),
        ttl: t,
    };
    store.apply(&req, now).expect("set")
}

fn store_at(index: u64) -> V2Store {
    let mut store = V2Store::new();
    (0..index).for_each(|_| store.bump_index());
    store
}

/// A store at `index` that then set `key` with a TTL of `secs` at [`RECORDED`].
fn store_with_ttl_key(index: u64, key: &str, value: &str, secs: i64) -> V2Store {
    let mut store = store_at(index);
    set(&mut store, key, value, ttl(RECORDED + secs * SEC), RECORDED);
    store
}

fn update(key: &str, value: &str, ttl: TtlOptions) -> V2Request {
    V2Request::Update {
        key: key.into(),
        value: value.into(),
        ttl,
    }
}

fn sync(store: &mut V2Store, time: i64) {
    let _ = store.apply(&V2Request::Sync { time }, time);
}

#[test]
fn a_key_with_a_ttl_shows_its_expiration_and_counts_down() {
    let mut store = store_at(3);
    let now = RECORDED - 5 * SEC;
    assert_eq!(
        set(&mut store, "/k", "v", TtlOptions::after(now, 5, false), now).to_json(),
        r#"{"action":"set","node":{"key":"/k","value":"v","expiration":"2026-11-23T08:08:32.949826487Z","ttl":5,"modifiedIndex":4,"createdIndex":4}}"#.to_owned() + "\n"
    );
    let later = store
        .get("/k", false, now + 1_200_000_000)
        .map(|e| e.node.ttl);
    assert_eq!(later, Ok(4), "1.2 s later: 3.8 s left, rounded up");
    assert!(store.has_ttl_keys());
}

#[test]
fn a_sync_past_the_expiration_expires_the_key_and_moves_the_index() {
    // Recorded: set /e ttl=2 at index 10; the watch answered the expire event at 11.
    let mut store = store_at(9);
    let expiration = 1_795_421_376 * SEC + 768_329_911;
    set(&mut store, "/e", "v", ttl(expiration), expiration - 2 * SEC);
    sync(&mut store, expiration - 1);
    assert_eq!(store.index(), 10, "not due yet: nothing happens");
    sync(&mut store, expiration + 300_000_000);
    let event = store
        .watch("/e", false, 11)
        .ok()
        .flatten()
        .map(|e| e.to_json());
    assert_eq!(
        event,
        Some(r#"{"action":"expire","node":{"key":"/e","modifiedIndex":11,"createdIndex":10},"prevNode":{"key":"/e","value":"v","expiration":"2026-11-23T08:09:36.768329911Z","modifiedIndex":10,"createdIndex":10}}"#.to_owned() + "\n")
    );
    assert_eq!(
        store
            .get("/e", false, expiration + SEC)
            .map_err(|e| e.to_json()),
        Err(
            r#"{"errorCode":100,"message":"Key not found","cause":"/e","index":11}"#.to_owned()
                + "\n"
        )
    );
    assert!(!store.has_ttl_keys());
}

#[test]
fn a_directory_with_a_ttl_expires_with_its_children_after_an_earlier_child() {
    // Recorded: /d (ttl 2) at 12, /d/c at 13, /d/t (ttl 1) at 14; /d/t expired at 15,
    // then /d at 16, and a watch on /d/c woke for the directory's expiry.
    let mut store = store_at(11);
    let now = RECORDED;
    let mkdir = V2Request::Set {
        key: "/d".into(),
        value: None,
        ttl: ttl(now + 2 * SEC),
    };
    let dir = store.apply(&mkdir, now).map(|e| (e.node.dir, e.node.ttl));
    assert_eq!(dir, Ok((true, 2)));
    set(&mut store, "/d/c", "1", TtlOptions::default(), now);
    set(&mut store, "/d/t", "2", ttl(now + SEC), now);
    let listed = store.get("/d", true, now).map(|e| e.to_json());
    assert!(listed.is_ok_and(|j| j.starts_with(
        r#"{"action":"get","node":{"key":"/d","dir":true,"expiration":"2026-11-23T08:08:34.949826487Z","ttl":2,"nodes":[{"key":"/d/c","value":"1","modifiedIndex":13"#
    )));
    sync(&mut store, now + 2_300_000_000);
    let child = store.watch("/d", true, 15).ok().flatten();
    assert_eq!(
        child.map(|e| (e.action, e.node.key)),
        Some((Action::Expire, "/d/t".into()))
    );
    let woke = store.watch("/d/c", false, 15).ok().flatten();
    assert_eq!(
        woke.map(|e| e.to_json()),
        Some(r#"{"action":"expire","node":{"key":"/d","dir":true,"modifiedIndex":16,"createdIndex":12},"prevNode":{"key":"/d","dir":true,"expiration":"2026-11-23T08:08:34.949826487Z","modifiedIndex":12,"createdIndex":12}}"#.to_owned() + "\n")
    );
    assert_eq!(
        store.get("/d/c", false, now).map_err(|e| e.code),
        Err(ErrorCode::KeyNotFound)
    );
    assert_eq!(store.index(), 16);
}

#[test]
fn a_refresh_renews_the_ttl_keeps_the_value_and_wakes_no_watch() {
    // Recorded: `-d ttl=20 -d refresh=true -d prevExist=true` answered an update with the
    // old value, createdIndex kept, a new modifiedIndex.
    let mut store = store_with_ttl_key(6, "/k", "w", 10);
    let now = RECORDED;
    let refresh = update("/k", "", TtlOptions::after(now, 20, true));
    let event = store.apply(&refresh, now).expect("refresh");
    let node = &event.node;
    assert_eq!(
        (
            node.value.as_deref(),
            node.ttl,
            node.created_index,
            node.modified_index
        ),
        (Some("w"), 20, 7, 8)
    );
    assert_eq!(store.watch("/k", false, 8).map(|e| e.is_some()), Ok(false));
    sync(&mut store, now + 15 * SEC);
    assert!(
        store.get("/k", false, now + 15 * SEC).is_ok(),
        "the renewed TTL holds"
    );
}

#[test]
fn a_set_refresh_needs_the_key_and_renews_it_as_a_set() {
    let mut store = store_at(6);
    let now = RECORDED;
    let refresh = |key: &str| V2Request::Set {
        key: key.into(),
        value: Some(String::new()),
        ttl: TtlOptions::after(now, 20, true),
    };
    let missing = store
        .apply(&refresh("/nokey"), now)
        .map_err(|e| (e.code, e.index));
    assert_eq!(missing, Err((ErrorCode::KeyNotFound, 6)));
    set(&mut store, "/k", "w", ttl(now + 10 * SEC), now);
    let event = store.apply(&refresh("/k"), now).expect("refresh");
    assert_eq!(
        (event.action, event.node.value.as_deref()),
        (Action::Set, Some("w"))
    );
    assert_eq!(store.watch("/k", false, 8).map(|e| e.is_some()), Ok(false));
}

#[test]
fn a_write_without_a_ttl_makes_the_node_permanent_again() {
    // Recorded: `update --ttl 9 /mk v2` then `update /mk v3` showed TTL: 0; a set with
    // `ttl=` answered a node without expiration.
    let mut store = store_with_ttl_key(1, "/mk", "v", 7);
    let now = RECORDED;
    let permanent = update("/mk", "v3", TtlOptions::default());
    let event = store.apply(&permanent, now).expect("update");
    assert_eq!((event.node.expiration, event.node.ttl), (None, 0));
    assert!(event.prev_node.is_some_and(|p| p.ttl == 7));
    assert!(!store.has_ttl_keys());
    let ancient = set(&mut store, "/old", "v", ttl(MIN_EXPIRE_UNIX_NANOS - 1), now);
    assert_eq!(ancient.node.expiration, None, "before 2000 means permanent");
}

#[test]
fn a_restarted_store_keeps_its_expirations() {
    let store = store_with_ttl_key(1, "/k", "v", 2);
    let now = RECORDED;
    let saved = serde_json::to_string(&store).expect("serializes");
    let mut restored: V2Store = serde_json::from_str(&saved).expect("deserializes");
    let shown = restored.get("/k", false, now).map(|e| e.node.expiration);
    assert_eq!(shown, Ok(Some("2026-11-23T08:08:34.949826487Z".to_owned())));
    sync(&mut restored, now + 2 * SEC);
    assert_eq!(restored.get("/k", false, now).map_err(|e| e.index), Err(3));
}

#[test]
fn a_ttl_request_round_trips_through_raft_payloads() {
    let req = update("/a", "", TtlOptions::after(RECORDED, 5, true));
    assert_eq!(V2Request::decode(&req.encode(9)), Some((9, req)));
    let sync = V2Request::Sync { time: RECORDED };
    assert_eq!(V2Request::decode(&sync.encode(1)), Some((1, sync)));
}
