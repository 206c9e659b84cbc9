//! Checkpointing the world: the page's time travel and branching clone the whole simulated
//! world, so a clone must stay cheap. Measured on five members after a minute of virtual time
//! at 100 writes per second (about 6,000 log entries each).

mod common;

use common::MEMBERS;
use criterion::{Criterion, criterion_group, criterion_main};
use lab_core::mvcc::KvRequest;
use lab_core::sim::Command;
use lab_core::{SimDuration, World};

fn busy_world() -> World {
    let mut world = common::five_members(3);
    for i in 0..6_000u64 {
        let request = KvRequest::Put {
            key: format!("key{}", i % 64),
            value: format!("value {i}"),
            lease: 0,
        };
        let member = MEMBERS[(i % 5) as usize].to_owned();
        let _ = world.apply(Command::ClientRequest {
            id: i + 1,
            client: "m1".into(),
            member,
            request,
        });
        world.advance(SimDuration::from_millis(10));
        let _ = world.take_client_replies();
    }
    world
}

fn checkpoint(c: &mut Criterion) {
    let world = busy_world();
    c.bench_function("clone a 5-member world after 60 s at 100 writes/s", |b| {
        b.iter(|| std::hint::black_box(world.clone()))
    });
}

criterion_group!(benches, checkpoint);
criterion_main!(benches);
