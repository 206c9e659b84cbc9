//! Simulation speed: virtual seconds per wall second for five members at etcd's default
//! timings (heartbeat 100 ms, election 1000 ms) under 100 writes per virtual second.
//!
//! One iteration runs ten virtual seconds. Criterion's throughput is set to the virtual
//! milliseconds simulated, so "elem/s" reads as virtual ms per wall second: divide by 1000 for
//! the speed-up over real time (target: at least 20,000×).

mod common;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lab_core::sim::Command;
use lab_core::{SimDuration, World};

/// Virtual time per iteration (unit: ms).
const RUN_MS: u64 = 10_000;
/// Gap between writes (unit: ms): 100 writes per virtual second.
const WRITE_EVERY_MS: u64 = 10;

/// Five members, started together, with a leader elected.
fn cluster() -> World {
    common::five_members(7)
}

/// The payloads written, made before the clock starts: formatting them is the bench's cost,
/// not the simulation's.
fn payloads() -> Vec<Vec<u8>> {
    (0..RUN_MS / WRITE_EVERY_MS)
        .map(|i| format!("put key{} {i}", i % 16).into_bytes())
        .collect()
}

fn run_with_writes(world: &mut World, payloads: Vec<Vec<u8>>) {
    for data in payloads {
        if let Some(leader) = world.leader() {
            let _ = world.apply(Command::Propose {
                member: leader.name,
                data,
            });
        }
        world.advance(SimDuration::from_millis(WRITE_EVERY_MS));
    }
}

fn sim_speed(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulation, 5 members, 100 writes/s");
    group.throughput(Throughput::Elements(RUN_MS));
    group.sample_size(20);
    group.bench_function("10 virtual seconds", |b| {
        b.iter_batched(
            || (cluster(), payloads()),
            |(mut world, payloads)| run_with_writes(&mut world, payloads),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, sim_speed);
criterion_main!(benches);
