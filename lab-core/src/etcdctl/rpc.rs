//! [`Request`] and [`Response`]: the unary RPCs `etcdctl` makes (KV, Cluster,
//! Maintenance, Auth) as one enum each, and which of them clientv3 may repeat.

use crate::auth::{AuthRequest, AuthResponse};

use super::pb::{
    DeleteRangeRequest, DeleteRangeResponse, HashKvResponse, MemberAddResponse, MemberListResponse,
    PutRequest, PutResponse, RangeRequest, RangeResponse, ResponseHeader, StatusResponse,
};
use super::pb_lease::{
    LeaseGrantResponse, LeaseKeepAliveResponse, LeaseLeasesResponse, LeaseRevokeResponse,
    LeaseTimeToLiveResponse,
};
use super::pb_txn::{TxnRequest, TxnResponse};

/// `AlarmType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum AlarmType {
    Nospace,
    Corrupt,
}

/// One raised alarm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct AlarmMember {
    pub member_id: u64,
    pub alarm: AlarmType,
}

/// `AlarmRequest.action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum AlarmAction {
    Get,
    Activate,
    Deactivate,
}

/// One unary request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Request {
    Range(RangeRequest),
    Put(PutRequest),
    DeleteRange(DeleteRangeRequest),
    Txn(TxnRequest),
    /// `KV.Compact`: drop the history below `revision`.
    Compact {
        revision: i64,
        physical: bool,
    },
    /// `Maintenance.Defragment` of the member reached.
    Defragment,
    /// `linearizable` is etcd 3.5's flag; 3.4's etcdctl always sends `false`.
    MemberList {
        linearizable: bool,
    },
    MemberAdd {
        peer_urls: Vec<String>,
        is_learner: bool,
    },
    MemberRemove {
        id: u64,
    },
    MemberUpdate {
        id: u64,
        peer_urls: Vec<String>,
    },
    MemberPromote {
        id: u64,
    },
    Status,
    /// `revision` 0 hashes up to the current revision.
    HashKv {
        revision: i64,
    },
    MoveLeader {
        target_id: u64,
    },
    Alarm {
        action: AlarmAction,
        member_id: u64,
        alarm: Option<AlarmType>,
    },
    /// The member's backend (`Maintenance.Snapshot`, a stream in etcd, whole here).
    Snapshot,
    /// A call of etcd's `Auth` service.
    Auth(AuthRequest),
    /// `Auth.Authenticate`, which clientv3 makes when it dials with `--user`.
    Authenticate {
        name: String,
        password: String,
    },
    /// `TTL` in seconds; `id` 0 lets the server pick the id (etcdctl always sends 0, the
    /// JSON gateway passes the caller's `ID`).
    LeaseGrant {
        ttl: i64,
        id: i64,
    },
    LeaseRevoke {
        id: i64,
    },
    /// One renewal of the `LeaseKeepAlive` stream.
    LeaseKeepAlive {
        id: i64,
    },
    LeaseTimeToLive {
        id: i64,
        keys: bool,
    },
    LeaseLeases,
}

impl Request {
    /// clientv3's retry policy: may the call be sent again after an `Unavailable`?
    pub(super) fn is_repeatable(&self) -> bool {
        matches!(
            self,
            Request::Range(_)
                | Request::MemberList { .. }
                | Request::Status
                | Request::HashKv { .. }
                | Request::MoveLeader { .. }
                | Request::Alarm { .. }
                | Request::LeaseGrant { .. }
                | Request::LeaseRevoke { .. }
                | Request::LeaseKeepAlive { .. }
                | Request::LeaseTimeToLive { .. }
                | Request::LeaseLeases
        )
    }
}

/// The answer to a [`Request`] of the same name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Response {
    Range(RangeResponse),
    Put(PutResponse),
    DeleteRange(DeleteRangeResponse),
    Txn(TxnResponse),
    Compact {
        header: ResponseHeader,
    },
    Defragment {
        header: ResponseHeader,
    },
    MemberList(MemberListResponse),
    MemberAdd(MemberAddResponse),
    MemberRemove(MemberListResponse),
    MemberUpdate(MemberListResponse),
    MemberPromote(MemberListResponse),
    Status(StatusResponse),
    HashKv(HashKvResponse),
    MoveLeader {
        header: ResponseHeader,
    },
    Alarm {
        header: ResponseHeader,
        alarms: Vec<AlarmMember>,
    },
    /// The backend's bytes and the SHA-256 etcd appends to them.
    Snapshot {
        blob: Vec<u8>,
    },
    Auth {
        header: ResponseHeader,
        response: AuthResponse,
    },
    Authenticate {
        header: ResponseHeader,
        token: String,
    },
    LeaseGrant(LeaseGrantResponse),
    LeaseRevoke(LeaseRevokeResponse),
    LeaseKeepAlive(LeaseKeepAliveResponse),
    LeaseTimeToLive(LeaseTimeToLiveResponse),
    LeaseLeases(LeaseLeasesResponse),
}
