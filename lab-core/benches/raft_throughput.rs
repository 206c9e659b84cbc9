//! Committed proposals per second: three voters in one process, messages handed over directly
//! (no network delay), each `Ready` persisted to memory. The same workload runs on tikv's `raft`
//! crate in the same process, so the figure that matters is the ratio between the two.
//!
//! One iteration proposes `BATCH` entries of `ENTRY_BYTES` bytes to the leader and runs the
//! three nodes until the leader has committed all of them.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// Proposals per iteration (unit: entries).
const BATCH: u64 = 1_000;
/// Payload of each proposal (unit: bytes), about an etcd put of a short key and value.
const ENTRY_BYTES: usize = 128;

mod lab {
    use std::collections::VecDeque;

    use lab_core::raft::{MemoryStorage, Message, RaftConfig, RawNode};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    pub struct Cluster {
        nodes: Vec<RawNode>,
        queue: VecDeque<Message>,
    }

    impl Cluster {
        /// Three voters with node 1 elected.
        pub fn new() -> Cluster {
            let nodes = (1..=3)
                .map(|id| {
                    let cfg = RaftConfig::new(id, 1..=3);
                    RawNode::new(&cfg, MemoryStorage::new(), ChaCha8Rng::seed_from_u64(id))
                        .expect("valid config")
                })
                .collect();
            let mut c = Cluster {
                nodes,
                queue: VecDeque::new(),
            };
            c.nodes[0].campaign().expect("can campaign");
            c.run();
            c
        }

        pub fn committed(&self) -> u64 {
            self.nodes[0].raft().raft_log().commit_index()
        }

        pub fn propose(&mut self, data: &[u8]) {
            self.nodes[0]
                .propose(data.to_vec())
                .expect("leader accepts");
        }

        /// Handles every `Ready` and delivers every message until the cluster is quiet.
        pub fn run(&mut self) {
            loop {
                let mut busy = false;
                for node in &mut self.nodes {
                    if node.has_ready() {
                        busy = true;
                        let mut rd = node.ready();
                        // Persisting to memory happens in `advance`.
                        node.advance(&rd).expect("advance");
                        self.queue.extend(rd.messages.drain(..));
                    }
                }
                while let Some(m) = self.queue.pop_front() {
                    busy = true;
                    let to = m.to as usize - 1;
                    let _ = self.nodes[to].step(m);
                }
                if !busy {
                    return;
                }
            }
        }
    }
}

mod tikv {
    use std::collections::VecDeque;

    use raft::eraftpb::Message;
    use raft::storage::MemStorage;
    use raft::{Config, RawNode};
    use slog::{Logger, o};

    pub struct Cluster {
        nodes: Vec<RawNode<MemStorage>>,
        queue: VecDeque<Message>,
    }

    impl Cluster {
        pub fn new() -> Cluster {
            let logger = Logger::root(slog::Discard, o!());
            let nodes = (1..=3)
                .map(|id| {
                    let cfg = Config {
                        id,
                        election_tick: 10,
                        heartbeat_tick: 1,
                        max_size_per_msg: 1024 * 1024,
                        max_inflight_msgs: 512,
                        ..Config::default()
                    };
                    let store = MemStorage::new_with_conf_state((vec![1, 2, 3], vec![]));
                    RawNode::new(&cfg, store, &logger).expect("valid config")
                })
                .collect();
            let mut c = Cluster {
                nodes,
                queue: VecDeque::new(),
            };
            c.nodes[0].campaign().expect("can campaign");
            c.run();
            c
        }

        pub fn committed(&self) -> u64 {
            self.nodes[0].raft.raft_log.committed
        }

        pub fn propose(&mut self, data: &[u8]) {
            self.nodes[0]
                .propose(vec![], data.to_vec())
                .expect("leader accepts");
        }

        pub fn run(&mut self) {
            loop {
                let mut busy = false;
                for node in &mut self.nodes {
                    if node.has_ready() {
                        busy = true;
                        let mut rd = node.ready();
                        self.queue.extend(rd.take_messages());
                        let store = node.raft.raft_log.store.clone();
                        if !rd.entries().is_empty() {
                            store.wl().append(rd.entries()).expect("append");
                        }
                        if let Some(hs) = rd.hs() {
                            store.wl().set_hardstate(hs.clone());
                        }
                        self.queue.extend(rd.take_persisted_messages());
                        let mut light = node.advance(rd);
                        if let Some(commit) = light.commit_index() {
                            store.wl().mut_hard_state().set_commit(commit);
                        }
                        self.queue.extend(light.take_messages());
                        node.advance_apply();
                    }
                }
                while let Some(m) = self.queue.pop_front() {
                    busy = true;
                    let to = m.to as usize - 1;
                    let _ = self.nodes[to].step(m);
                }
                if !busy {
                    return;
                }
            }
        }
    }
}

/// What the workload needs of a three-node cluster, whichever Raft runs it.
trait Cluster {
    fn committed(&self) -> u64;
    fn propose(&mut self, data: &[u8]);
    /// Handles every `Ready` and delivers every message until the cluster is quiet.
    fn run(&mut self);
}

impl Cluster for lab::Cluster {
    fn committed(&self) -> u64 {
        lab::Cluster::committed(self)
    }
    fn propose(&mut self, data: &[u8]) {
        lab::Cluster::propose(self, data)
    }
    fn run(&mut self) {
        lab::Cluster::run(self)
    }
}

impl Cluster for tikv::Cluster {
    fn committed(&self) -> u64 {
        tikv::Cluster::committed(self)
    }
    fn propose(&mut self, data: &[u8]) {
        tikv::Cluster::propose(self, data)
    }
    fn run(&mut self) {
        tikv::Cluster::run(self)
    }
}

/// One iteration: `BATCH` proposals to the leader, run until all are committed.
fn commit_batch<C: Cluster>(mut cluster: C, payload: &[u8]) -> C {
    let target = cluster.committed() + BATCH;
    for _ in 0..BATCH {
        cluster.propose(payload);
    }
    cluster.run();
    assert!(cluster.committed() >= target);
    cluster
}

fn proposals(c: &mut Criterion) {
    let payload = vec![b'x'; ENTRY_BYTES];
    let mut group = c.benchmark_group("committed proposals, 3 voters in-process");
    group.throughput(Throughput::Elements(BATCH));
    group.bench_function("lab-core", |b| {
        b.iter_batched(
            lab::Cluster::new,
            |c| commit_batch(c, &payload),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("tikv raft 0.7", |b| {
        b.iter_batched(
            tikv::Cluster::new,
            |c| commit_batch(c, &payload),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, proposals);
criterion_main!(benches);
