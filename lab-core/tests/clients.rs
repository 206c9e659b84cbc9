//! Stories about clients: requests travel over the simulated network to a member, writes go
//! through Raft and are answered once the receiving member applied them, linearizable reads
//! never return stale data, and what a client hears when things go wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{CLIENT, add_hosts, leader_within, ms, run_until, send};
use lab_core::mvcc::{KvRequest, KvResponse};
use lab_core::sim::{ClientError, ClientReply};
use lab_core::{Command, Role, SimDuration, World};

/// The demo cluster plus a host `client` (10.0.0.100) for clients, with a leader elected.
fn cluster(seed: u64) -> (World, String) {
    let mut world = World::demo_cluster(seed);
    add_hosts(&mut world, &[CLIENT]);
    // A split vote at the first election can push the leader past 3 s.
    let leader = leader_within(&mut world, SimDuration::from_secs(5)).expect("a leader");
    (world, leader.name)
}

fn followers(world: &World) -> Vec<String> {
    let members = world.members().into_iter();
    members
        .filter(|m| m.role == Role::Follower)
        .map(|m| m.name)
        .collect()
}

fn put(key: &str, value: &str) -> KvRequest {
    KvRequest::Put {
        key: key.into(),
        value: value.into(),
    }
}

fn get(key: &str, serializable: bool) -> KvRequest {
    KvRequest::Get {
        key: key.into(),
        serializable,
    }
}

/// Advances in 10 ms steps until the reply to `id` arrives, for at most `max`.
fn reply_within(world: &mut World, id: u64, max: SimDuration) -> Option<ClientReply> {
    let deadline = world.now() + max;
    loop {
        if let Some(reply) = world.take_client_replies().into_iter().find(|r| r.id == id) {
            return Some(reply);
        }
        if world.now() >= deadline {
            return None;
        }
        world.advance(ms(10));
    }
}

fn value_of(reply: &ClientReply) -> Option<String> {
    match &reply.result {
        Ok(KvResponse::Get { kv, .. }) => kv.as_ref().map(|kv| kv.value.clone()),
        other => panic!("not a read: {other:?}"),
    }
}

#[test]
fn a_put_through_a_follower_is_applied_everywhere_and_answered() {
    let (mut world, _) = cluster(101);
    let follower = followers(&world).remove(0);
    send(&mut world, 1, &follower, put("greeting", "hello"));
    let reply = reply_within(&mut world, 1, ms(500)).expect("an answer");
    assert_eq!(reply.result, Ok(KvResponse::Put { revision: 2 }));
    world.advance(ms(200));
    for m in world.members() {
        let store = world.etcd_server(&m.name).unwrap().store();
        let kv = store.range("greeting").expect("applied on every member");
        assert_eq!(
            (kv.value.as_str(), kv.mod_revision, kv.version),
            ("hello", 2, 1)
        );
        assert_eq!(store.revision(), 2, "{}", m.name);
    }
}

#[test]
fn a_linearizable_get_after_a_put_sees_it() {
    let (mut world, leader) = cluster(102);
    send(&mut world, 1, &leader, put("k", "v1"));
    reply_within(&mut world, 1, ms(500)).expect("put answered");
    // Right after the answer, through a follower: ReadIndex makes it wait for the put.
    for (id, member) in (2..).zip(followers(&world)) {
        send(&mut world, id, &member, get("k", false));
        let reply = reply_within(&mut world, id, ms(500)).expect("read answered");
        assert_eq!(value_of(&reply).as_deref(), Some("v1"), "through {member}");
    }
}

#[test]
fn compare_and_swap_treats_absence_as_a_state() {
    let (mut world, leader) = cluster(103);
    let cas = |expect: Option<&str>, value: &str| KvRequest::CompareAndSwap {
        key: "lock".into(),
        expect: expect.map(str::to_owned),
        value: value.into(),
    };
    let outcome = |world: &mut World, id, req| {
        send(world, id, &leader, req);
        match reply_within(world, id, ms(500)).expect("answered").result {
            Ok(KvResponse::CompareAndSwap { succeeded, .. }) => succeeded,
            other => panic!("{other:?}"),
        }
    };
    assert!(outcome(&mut world, 1, cas(None, "alice")), "absent: taken");
    assert!(!outcome(&mut world, 2, cas(None, "bob")), "already taken");
    assert!(
        outcome(&mut world, 3, cas(Some("alice"), "bob")),
        "handed over"
    );
    send(
        &mut world,
        4,
        &leader,
        KvRequest::Delete { key: "lock".into() },
    );
    let reply = reply_within(&mut world, 4, ms(500)).expect("answered");
    assert!(matches!(
        reply.result,
        Ok(KvResponse::Delete { deleted: 1, .. })
    ));
}

#[test]
fn a_partitioned_old_leader_never_returns_stale_data() {
    let (mut world, old) = cluster(104);
    send(&mut world, 1, &old, put("x", "1"));
    reply_within(&mut world, 1, ms(500)).expect("put answered");
    // Cut the old leader off from the other members (the client still reaches it).
    for other in followers(&world) {
        world
            .apply(Command::CutLink {
                a: old.clone(),
                b: other,
            })
            .unwrap();
    }
    let new = followers(&world).remove(0);
    assert!(run_until(&mut world, SimDuration::from_secs(5), |w| {
        w.leader().is_some_and(|l| l.name != old)
    }));
    send(&mut world, 2, &new, put("x", "2"));
    let reply = reply_within(&mut world, 2, SimDuration::from_secs(1)).expect("answered");
    assert!(reply.result.is_ok());

    send(&mut world, 3, &old, get("x", false));
    match reply_within(&mut world, 3, SimDuration::from_secs(10)) {
        None => {}
        Some(reply) => assert!(reply.result.is_err(), "stale read: {reply:?}"),
    }
    // A serializable read is allowed to be stale, and is: that is its trade-off.
    send(&mut world, 4, &old, get("x", true));
    let reply = reply_within(&mut world, 4, ms(100)).expect("answered locally");
    assert_eq!(value_of(&reply).as_deref(), Some("1"));
}

#[test]
fn a_stopped_member_refuses_the_connection_at_once() {
    let (mut world, leader) = cluster(105);
    let follower = followers(&world).remove(0);
    world.apply(Command::StopMember(follower.clone())).unwrap();
    send(&mut world, 7, &follower, put("k", "v"));
    let replies = world.take_client_replies();
    assert_eq!(replies.len(), 1, "no time passes");
    assert_eq!(replies[0].result, Err(ClientError::ConnectionRefused));
    assert!(replies[0].result.as_ref().unwrap_err().is_refused());
    world.advance(ms(500));
    let store = world.etcd_server(&leader).unwrap().store();
    assert!(store.range("k").is_none(), "it did not happen");
}

#[test]
fn a_member_that_crashes_forgets_its_clients() {
    let (mut world, leader) = cluster(106);
    let follower = followers(&world).remove(0);
    // The follower forwards the write, but its link to the leader is cut: it waits.
    world
        .apply(Command::CutLink {
            a: follower.clone(),
            b: leader,
        })
        .unwrap();
    send(&mut world, 1, &follower, put("k", "v"));
    world.advance(ms(50));
    world.apply(Command::StopMember(follower.clone())).unwrap();
    world.apply(Command::StartMember(follower.clone())).unwrap();
    assert_eq!(world.etcd_server(&follower).unwrap().wait().len(), 0);
    assert_eq!(
        reply_within(&mut world, 1, SimDuration::from_secs(10)),
        None
    );
}

#[test]
fn a_lost_forward_times_out_with_an_unknown_outcome() {
    let (mut world, leader) = cluster(107);
    let follower = followers(&world).remove(0);
    world
        .apply(Command::CutLinkOneWay {
            from: follower.clone(),
            to: leader,
        })
        .unwrap();
    send(&mut world, 1, &follower, put("k", "v"));
    // etcd's ReqTimeout: 5 s plus two election timeouts.
    let reply = reply_within(&mut world, 1, SimDuration::from_secs(8)).expect("answered");
    assert_eq!(reply.result, Err(ClientError::Timeout));
    assert!(
        !ClientError::Timeout.is_refused(),
        "it may still have happened"
    );
}

#[test]
fn a_restarted_member_rebuilds_its_store_from_its_data_dir() {
    let (mut world, leader) = cluster(108);
    for i in 0..20u64 {
        send(
            &mut world,
            i,
            &leader,
            put(&format!("k{}", i % 5), &i.to_string()),
        );
    }
    world.advance(ms(500));
    let expected = world.etcd_server(&leader).unwrap().store().clone();
    let follower = followers(&world).remove(0);
    world.apply(Command::StopMember(follower.clone())).unwrap();
    assert_eq!(
        world.etcd_server(&follower).unwrap().store().revision(),
        1,
        "memory gone"
    );
    world.apply(Command::StartMember(follower.clone())).unwrap();
    world.advance(ms(500));
    let server = world.etcd_server(&follower).unwrap();
    assert_eq!(server.store(), &expected, "re-applied exactly once");
    assert_eq!(server.applied_index(), expected.consistent_index());
}

#[test]
fn invalid_requests_are_refused_and_change_nothing() {
    let (mut world, leader) = cluster(109);
    let before = format!("{world:?}");
    let bad = Command::ClientRequest {
        id: 1,
        client: "client".into(),
        member: leader,
        request: put("", "v"),
    };
    assert!(world.apply(bad).is_err());
    let unknown = Command::ClientRequest {
        id: 2,
        client: "client".into(),
        member: "nobody".into(),
        request: put("k", "v"),
    };
    assert!(world.apply(unknown).is_err());
    assert_eq!(before, format!("{world:?}"));
}
