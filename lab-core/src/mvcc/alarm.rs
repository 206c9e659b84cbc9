//! Alarms: what a member raises when its backend passes the quota (etcd's `AlarmMember` and
//! `AlarmRequest`, kept in the store as etcd keeps them in its backend's `alarm` bucket, so
//! every member sees the same list).

use serde::{Deserialize, Serialize};

/// `AlarmType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlarmKind {
    /// The backend passed `--quota-backend-bytes`: writes that add data are refused.
    Nospace,
    /// A member's data differs from the others' (never raised by the lab).
    Corrupt,
}

impl AlarmKind {
    /// The protobuf enum name etcdctl prints.
    pub fn name(self) -> &'static str {
        match self {
            AlarmKind::Nospace => "NOSPACE",
            AlarmKind::Corrupt => "CORRUPT",
        }
    }
}

/// One raised alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alarm {
    /// The member that raised it.
    pub member_id: u64,
    /// What it is about.
    pub alarm: AlarmKind,
}

/// `AlarmRequest.action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlarmAction {
    /// List the alarms.
    Get,
    /// Raise one.
    Activate,
    /// Clear one (etcdctl's `alarm disarm` clears each listed alarm in turn).
    Deactivate,
}

/// `AlarmRequest`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmRequest {
    /// What to do.
    pub action: AlarmAction,
    /// The member concerned (with `Activate`/`Deactivate`).
    pub member_id: u64,
    /// The alarm concerned; `None` is etcd's `NONE`.
    pub alarm: Option<AlarmKind>,
}
