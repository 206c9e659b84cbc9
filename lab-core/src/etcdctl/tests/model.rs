//! A small in-memory etcd cluster for the fake: members, a leader, a key space, and
//! per-endpoint faults (refused connections, hung servers, server errors, latencies).

use std::collections::BTreeMap;

use super::super::{
    DeleteRangeResponse, HashKvResponse, KeyValue, Member, MemberListResponse, PutResponse,
    RangeResponse, Request, Response, ResponseHeader, RpcError, ServerError, StatusResponse,
};

/// What a call to an endpoint will meet.
pub struct Plan {
    pub unreachable: Option<String>,
    /// `None`: the server never answers.
    pub latency_micros: Option<u64>,
}

pub struct Model {
    pub cluster_id: u64,
    /// Kept sorted by ID, as etcd lists them.
    pub members: Vec<Member>,
    pub leader: u64,
    pub raft_term: u64,
    pub raft_index: u64,
    pub revision: i64,
    pub kvs: BTreeMap<Vec<u8>, KeyValue>,
    pub db_size: i64,
    /// Members whose database is not `db_size` bytes.
    pub db_size_of: BTreeMap<u64, i64>,
    pub db_size_in_use: i64,
    /// What HashKV answers (every member agrees).
    pub hash: u32,
    pub status_errors: Vec<String>,
    /// host:port → dial error text.
    pub refused: BTreeMap<String, String>,
    pub hung: Vec<String>,
    /// host:port → error every request gets.
    pub errors: BTreeMap<String, ServerError>,
    pub latency: BTreeMap<String, u64>,
    pub next_member_id: u64,
    /// No leader: requests needing consensus hang, status reports `etcdserver: no leader`.
    pub quorum_lost: bool,
}

impl Model {
    /// Scenario 1's cluster (`tkn-s01`): etcd1 leads at term 2.
    pub fn scenario1() -> Self {
        Self::new(
            3_965_943_739_518_344_197,
            &[
                (0x2a51f264ed200d47, "etcd2", 22),
                (0x2bbabdd22fc3c813, "etcd3", 23),
                (0xa3b3534325d6dc15, "etcd1", 21),
            ],
            0xa3b3534325d6dc15,
        )
    }

    /// Scenario 3's cluster (`tkn-s03`) after the first failover: etcd3 leads at term 3.
    pub fn scenario3() -> Self {
        let mut model = Self::new(
            12_305_233_840_294_465_141,
            &[
                (0x158d2c9442d7483e, "etcd1", 21),
                (0xc7f85f563d9b5b00, "etcd2", 22),
                (0xe4a02ceb6009da9f, "etcd3", 23),
            ],
            0xe4a02ceb6009da9f,
        );
        (model.raft_term, model.raft_index, model.db_size) = (3, 10, 24_576);
        model
    }

    /// `(id, name, port prefix)`: member `n` serves clients on `127.0.0.1:<n>379`.
    pub fn new(cluster_id: u64, members: &[(u64, &str, u32)], leader: u64) -> Self {
        let mut members: Vec<Member> = members
            .iter()
            .map(|(id, name, port)| Member {
                id: *id,
                name: (*name).to_owned(),
                peer_urls: vec![format!("http://127.0.0.1:{port}380")],
                client_urls: vec![format!("http://127.0.0.1:{port}379")],
                is_learner: false,
            })
            .collect();
        members.sort_by_key(|m| m.id);
        Self {
            cluster_id,
            members,
            leader,
            raft_term: 2,
            raft_index: 8,
            revision: 1,
            kvs: BTreeMap::new(),
            db_size: 20_480,
            db_size_of: BTreeMap::new(),
            db_size_in_use: 16_384,
            // The recorded hash of an empty store.
            hash: 1_084_519_789,
            status_errors: Vec::new(),
            refused: BTreeMap::new(),
            hung: Vec::new(),
            errors: BTreeMap::new(),
            latency: BTreeMap::new(),
            next_member_id: 0,
            quorum_lost: false,
        }
    }

    pub fn refuse(&mut self, host_port: &str) {
        self.refused.insert(
            host_port.to_owned(),
            "connect: connection refused".to_owned(),
        );
    }

    pub fn plan(&self, endpoint: &str, request: &Request) -> Plan {
        let host = host_port(endpoint);
        let known = self.member_at(host).is_some();
        let unreachable = match self.refused.get(host) {
            Some(reason) => Some(reason.clone()),
            None if !known => Some("connect: connection refused".to_owned()),
            None => None,
        };
        let needs_quorum = match request {
            Request::Range(r) => !r.serializable,
            Request::Put(_) | Request::DeleteRange(_) => true,
            _ => false,
        };
        let hangs = self.hung.iter().any(|h| h == host) || (self.quorum_lost && needs_quorum);
        let latency = if hangs {
            None
        } else {
            Some(*self.latency.get(host).unwrap_or(&2_000))
        };
        Plan {
            unreachable,
            latency_micros: latency,
        }
    }

    fn member_at(&self, host: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.client_urls.iter().any(|u| host_port(u) == host))
    }

    fn header(&self, member_id: u64) -> ResponseHeader {
        ResponseHeader {
            cluster_id: self.cluster_id,
            member_id,
            revision: self.revision,
            raft_term: self.raft_term,
        }
    }

    pub fn serve(&mut self, endpoint: &str, request: &Request) -> Result<Response, RpcError> {
        let host = host_port(endpoint);
        if let Some(error) = self.errors.get(host) {
            return Err(RpcError::Server(error.clone()));
        }
        let me = self.member_at(host).map(|m| m.id).unwrap_or(0);
        let header = self.header(me);
        let list_header = ResponseHeader {
            revision: 0,
            ..header.clone()
        };
        Ok(match request {
            Request::Range(r) => {
                Response::Range(self.range(header, &r.key, &r.range_end, r.limit, r.keys_only))
            }
            Request::Put(p) => {
                Response::Put(self.put(me, &p.key, &p.value, p.prev_kv, p.ignore_value))
            }
            Request::DeleteRange(d) => {
                Response::DeleteRange(self.delete(me, &d.key, &d.range_end, d.prev_kv))
            }
            Request::MemberList { .. } => Response::MemberList(MemberListResponse {
                header: list_header,
                members: self.members.clone(),
            }),
            Request::MemberAdd { .. }
            | Request::MemberRemove { .. }
            | Request::MemberPromote { .. }
            | Request::MemberUpdate { .. } => self.change_members(request, list_header)?,
            Request::Status => Response::Status(self.status(header, me)),
            Request::HashKv { .. } => Response::HashKv(HashKvResponse {
                header,
                hash: self.hash,
                compact_revision: -1,
            }),
            Request::MoveLeader { target_id } => {
                if !self
                    .members
                    .iter()
                    .any(|m| m.id == *target_id && !m.is_learner)
                {
                    return Err(RpcError::Server(ServerError::bad_leader_transferee()));
                }
                if self.leader != *target_id {
                    self.leader = *target_id;
                    self.raft_term += 1;
                }
                Response::MoveLeader { header }
            }
            Request::Alarm { .. } => Response::Alarm {
                header,
                alarms: Vec::new(),
            },
            Request::Snapshot => Response::Snapshot { blob: Vec::new() },
            // The auth store is tested through the world (`tests/scripts/auth-*.lab`).
            Request::Auth(_) | Request::Authenticate { .. } => {
                return Err(RpcError::Server(ServerError::new(
                    super::super::GrpcCode::Unimplemented,
                    "the fake serves no auth calls",
                )));
            }
            // The in-process cluster (`lab`'s etcdctl) serves these; this model does not.
            Request::Txn(_) | Request::Compact { .. } => {
                return Err(RpcError::Server(ServerError::new(
                    super::super::GrpcCode::Unimplemented,
                    "not modelled",
                )));
            }
            Request::Defragment => Response::Defragment { header },
            // The model cluster keeps no leases: the lab's world serves them.
            Request::LeaseGrant { .. }
            | Request::LeaseRevoke { .. }
            | Request::LeaseKeepAlive { .. }
            | Request::LeaseTimeToLive { .. }
            | Request::LeaseLeases => {
                return Err(RpcError::Server(ServerError::lease_not_found()));
            }
        })
    }

    fn status(&self, header: ResponseHeader, me: u64) -> StatusResponse {
        let mut errors = self.status_errors.clone();
        if self.quorum_lost {
            errors.push("etcdserver: no leader".to_owned());
        }
        StatusResponse {
            header,
            version: "3.4.23".to_owned(),
            db_size: *self.db_size_of.get(&me).unwrap_or(&self.db_size),
            leader: if self.quorum_lost { 0 } else { self.leader },
            raft_index: self.raft_index,
            raft_term: self.raft_term,
            raft_applied_index: self.raft_index,
            errors,
            db_size_in_use: self.db_size_in_use,
            is_learner: self.members.iter().any(|m| m.id == me && m.is_learner),
        }
    }

    fn in_range(key: &[u8], start: &[u8], end: &[u8]) -> bool {
        match end {
            [] => key == start,
            [0] => key >= start,
            end => key >= start && key < end,
        }
    }

    fn range(
        &self,
        header: ResponseHeader,
        key: &[u8],
        end: &[u8],
        limit: i64,
        keys_only: bool,
    ) -> RangeResponse {
        let matched: Vec<KeyValue> = self
            .kvs
            .values()
            .filter(|kv| Self::in_range(&kv.key, key, end))
            .cloned()
            .collect();
        let count = matched.len() as i64;
        let take = if limit > 0 {
            limit as usize
        } else {
            matched.len()
        };
        let kvs = matched
            .into_iter()
            .take(take)
            .map(|kv| {
                if keys_only {
                    KeyValue {
                        value: Vec::new(),
                        ..kv
                    }
                } else {
                    kv
                }
            })
            .collect();
        RangeResponse {
            header,
            kvs,
            more: limit > 0 && count > limit,
            count,
        }
    }

    fn put(
        &mut self,
        me: u64,
        key: &[u8],
        value: &[u8],
        prev_kv: bool,
        ignore_value: bool,
    ) -> PutResponse {
        self.revision += 1;
        let previous = self.kvs.get(key).cloned();
        let mut kv = previous.clone().unwrap_or(KeyValue {
            key: key.to_vec(),
            create_revision: self.revision,
            ..KeyValue::default()
        });
        kv.mod_revision = self.revision;
        kv.version += 1;
        if !ignore_value {
            kv.value = value.to_vec();
        }
        self.kvs.insert(key.to_vec(), kv);
        PutResponse {
            header: self.header(me),
            prev_kv: previous.filter(|_| prev_kv),
        }
    }

    fn delete(&mut self, me: u64, key: &[u8], end: &[u8], prev_kv: bool) -> DeleteRangeResponse {
        let doomed: Vec<KeyValue> = self
            .kvs
            .values()
            .filter(|kv| Self::in_range(&kv.key, key, end))
            .cloned()
            .collect();
        if !doomed.is_empty() {
            self.revision += 1;
        }
        doomed.iter().for_each(|kv| {
            self.kvs.remove(&kv.key);
        });
        DeleteRangeResponse {
            header: self.header(me),
            deleted: doomed.len() as i64,
            prev_kvs: if prev_kv { doomed } else { Vec::new() },
        }
    }
}

fn host_port(endpoint: &str) -> &str {
    endpoint
        .strip_prefix("http://")
        .or_else(|| endpoint.strip_prefix("https://"))
        .unwrap_or(endpoint)
}
