//! `Workload`: the clients of a checked run, and the history of what they were told.
//!
//! Each client is a session on its own host with at most one request outstanding, as a real
//! client waiting on each call is. Like etcd's `clientv3`, a client keeps talking to one
//! endpoint, which may be any member, running or not (it does not know who leads), and picks
//! another when its request is refused or times out, and now and then anyway. So a client
//! stays with a leader that was cut off, as real ones do, which is where stale reads show.
//! The first client mostly reads, the others mostly write. A refused request surely did not
//! happen and leaves the history; a request that times out, or that the member answers with a
//! timeout, stays in it with an unknown outcome.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{KvInput, KvOp, KvOutput};
use crate::mvcc::{KvRequest, KvResponse};
use crate::sim::{Command, World};
use crate::{SimDuration, SimTime};

/// Keys the clients share (unit: keys). Few keys make clients collide, which is the point.
const KEYS: [&str; 3] = ["k0", "k1", "k2"];
/// History kept per run (unit: operations); past it clients stop issuing.
pub const MAX_HISTORY: usize = 20_000;
/// Chance that a client moves to another endpoint before a request, without a failure.
const SWITCH_CHANCE: f64 = 0.05;
/// Share of reads among a reading client's requests, and a writing client's (unit: tenths).
const READER_GETS: u32 = 7;
const WRITER_GETS: u32 = 3;

#[derive(Clone, Debug)]
struct Client {
    host: String,
    /// The request id it waits on.
    waiting: Option<u64>,
    /// The member it talks to, until a failure or a switch.
    endpoint: Option<String>,
    /// Reads among its requests (unit: tenths).
    gets: u32,
    /// Values it wrote, numbered so every written value is unique.
    writes: u64,
    /// The last value it saw for each key, to make compare-and-swap succeed now and then.
    seen: BTreeMap<String, Option<String>>,
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    op: usize,
    client: usize,
    deadline: SimTime,
}

/// Clients, their outstanding requests and the history so far.
#[derive(Clone, Debug)]
pub struct Workload {
    clients: Vec<Client>,
    ops: Vec<Option<KvOp>>,
    pending: BTreeMap<u64, Pending>,
    next_id: u64,
    timeout: SimDuration,
    issued: u64,
}

impl Workload {
    /// `n` clients on hosts `c1`..`cn` at 10.0.2.1.., each waiting at most `timeout` per call.
    pub fn new(n: usize, timeout: SimDuration) -> Workload {
        let clients = (1..=n)
            .map(|i| Client {
                host: format!("c{i}"),
                waiting: None,
                endpoint: None,
                gets: if i == 1 { READER_GETS } else { WRITER_GETS },
                writes: 0,
                seen: BTreeMap::new(),
            })
            .collect();
        Workload {
            clients,
            ops: Vec::new(),
            pending: BTreeMap::new(),
            next_id: 1,
            timeout,
            issued: 0,
        }
    }

    /// The commands that add the clients' hosts.
    pub fn hosts(&self) -> Vec<Command> {
        (0..self.clients.len())
            .map(|i| Command::AddHost {
                name: self.clients[i].host.clone(),
                ip: Ipv4Addr::new(10, 0, 2, 1 + i as u8),
            })
            .collect()
    }

    /// Is request `id` still waiting for its answer?
    pub fn is_pending(&self, id: u64) -> bool {
        self.pending.contains_key(&id)
    }

    /// A client with nothing outstanding, if any.
    pub fn idle_client(&self) -> Option<usize> {
        self.clients.iter().position(|c| c.waiting.is_none())
    }

    /// Requests sent so far.
    pub fn issued(&self) -> u64 {
        self.issued
    }

    /// Lets each idle client send a request with probability `chance` (0..=1).
    pub fn issue(&mut self, rng: &mut ChaCha8Rng, world: &mut World, chance: f64) {
        let members: Vec<String> = world.members().into_iter().map(|m| m.name).collect();
        if members.is_empty() {
            return;
        }
        for c in 0..self.clients.len() {
            if self.clients[c].waiting.is_some() || self.ops.len() >= MAX_HISTORY {
                continue;
            }
            if !rng.random_bool(chance.clamp(0.0, 1.0)) {
                continue;
            }
            let member = self.endpoint(c, &members, rng);
            let key = KEYS[rng.random_range(0..KEYS.len())].to_owned();
            let input = self.draw_input(c, &key, rng);
            self.send(c, member, key, input, world);
        }
    }

    /// Sends one request from client `c`, recording its call.
    pub fn send(
        &mut self,
        c: usize,
        member: String,
        key: String,
        input: KvInput,
        world: &mut World,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let request = to_request(&key, &input);
        let client = &mut self.clients[c];
        let cmd = Command::ClientRequest {
            id,
            client: client.host.clone(),
            member,
            request,
        };
        if world.apply(cmd).is_err() {
            return id; // Never sent: not part of the history.
        }
        self.issued += 1;
        client.waiting = Some(id);
        let op = KvOp {
            client: c as u32,
            key,
            input,
            call: world.now(),
            ret: None,
            output: None,
        };
        self.ops.push(Some(op));
        let deadline = world.now() + self.timeout;
        self.pending.insert(
            id,
            Pending {
                op: self.ops.len() - 1,
                client: c,
                deadline,
            },
        );
        id
    }

    /// Client `c`'s endpoint: the one it has, or a random member after a switch.
    fn endpoint(&mut self, c: usize, members: &[String], rng: &mut ChaCha8Rng) -> String {
        let client = &mut self.clients[c];
        let keep = client
            .endpoint
            .as_ref()
            .filter(|e| members.contains(e) && !rng.random_bool(SWITCH_CHANCE));
        if let Some(e) = keep {
            return e.clone();
        }
        let e = members[rng.random_range(0..members.len())].clone();
        client.endpoint = Some(e.clone());
        e
    }

    fn draw_input(&mut self, c: usize, key: &str, rng: &mut ChaCha8Rng) -> KvInput {
        let client = &mut self.clients[c];
        let mut fresh = || {
            client.writes += 1;
            format!("{}-{}", client.host, client.writes)
        };
        if rng.random_range(0..10) < client.gets {
            return KvInput::Get;
        }
        match rng.random_range(0..7) {
            0..=3 => KvInput::Put { value: fresh() },
            4 => KvInput::Delete,
            _ => {
                let expect = client.seen.get(key).cloned().flatten();
                KvInput::CompareAndSwap {
                    expect,
                    new: fresh(),
                }
            }
        }
    }

    /// Takes the replies that arrived and gives up on requests past their deadline.
    /// Returns the ids answered successfully.
    pub fn collect(&mut self, world: &mut World) -> Vec<u64> {
        let mut ok = Vec::new();
        for reply in world.take_client_replies() {
            let Some(p) = self.pending.remove(&reply.id) else {
                continue; // Answered after the client gave up: its outcome stays unknown.
            };
            self.clients[p.client].waiting = None;
            match reply.result {
                Ok(resp) => {
                    ok.push(reply.id);
                    self.complete(p, reply.at, &resp);
                }
                Err(e) if e.is_refused() => self.ops[p.op] = None,
                // The member gave up (etcd's "request timed out"): the outcome is unknown.
                Err(_) => {}
            }
        }
        let now = world.now();
        let expired: Vec<u64> = self
            .pending
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(id, _)| *id)
            .collect();
        for id in expired {
            if let Some(p) = self.pending.remove(&id) {
                let client = &mut self.clients[p.client];
                client.waiting = None;
                client.endpoint = None;
            }
        }
        ok
    }

    fn complete(&mut self, p: Pending, at: SimTime, resp: &KvResponse) {
        let Some(op) = self.ops[p.op].as_mut() else {
            return;
        };
        let output = match resp {
            KvResponse::Put { .. } => KvOutput::Done,
            KvResponse::Get { kv, .. } => KvOutput::Value(kv.as_ref().map(|kv| kv.value.clone())),
            KvResponse::Delete { deleted, .. } => KvOutput::Deleted(*deleted),
            KvResponse::CompareAndSwap { succeeded, .. } => KvOutput::Swapped(*succeeded),
            KvResponse::Lease(_) => KvOutput::Done,
        };
        let seen = match (&op.input, &output) {
            (KvInput::Put { value }, _) => Some(value.clone()),
            (KvInput::CompareAndSwap { new, .. }, KvOutput::Swapped(true)) => Some(new.clone()),
            (_, KvOutput::Value(v)) => v.clone(),
            _ => None,
        };
        self.clients[p.client].seen.insert(op.key.clone(), seen);
        op.ret = Some(at);
        op.output = Some(output);
    }

    /// The history: answered operations, and those whose outcome is unknown.
    pub fn history(&self) -> Vec<KvOp> {
        self.ops.iter().flatten().cloned().collect()
    }

    /// One key's operations, one line each, for a failure report.
    pub fn describe_key(&self, key: &str) -> String {
        let mut out = String::new();
        for op in self.ops.iter().flatten().filter(|op| op.key == key) {
            let ret = op.ret.map_or("?".to_owned(), |r| r.to_string());
            let output = op
                .output
                .as_ref()
                .map_or("unknown".to_owned(), |o| format!("{o:?}"));
            let _ = writeln!(
                out,
                "c{} {:?} [{} .. {}] -> {}",
                op.client + 1,
                op.input,
                op.call,
                ret,
                output
            );
        }
        out
    }
}

fn to_request(key: &str, input: &KvInput) -> KvRequest {
    let key = key.to_owned();
    match input {
        KvInput::Put { value } => KvRequest::Put {
            key,
            value: value.clone(),
            lease: 0,
        },
        KvInput::Get => KvRequest::Get {
            key,
            serializable: false,
        },
        KvInput::Delete => KvRequest::Delete { key },
        KvInput::CompareAndSwap { expect, new } => KvRequest::CompareAndSwap {
            key,
            expect: expect.clone(),
            value: new.clone(),
        },
    }
}
