//! `KvOp`: one client operation as the client saw it, the unit of a checked history.

use serde::{Deserialize, Serialize};

use crate::time::SimTime;

/// What a client asked for. Every operation touches exactly one key, which keeps histories
/// checkable key by key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KvInput {
    Put {
        value: String,
    },
    Get,
    Delete,
    /// A one-key `txn`: if the value is `expect` (absent for `None`), put `new`.
    CompareAndSwap {
        expect: Option<String>,
        new: String,
    },
}

/// What the client was told.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KvOutput {
    /// A put succeeded.
    Done,
    /// A get's result.
    Value(Option<String>),
    /// How many keys a delete removed.
    Deleted(u64),
    /// Whether a compare-and-swap's comparison held.
    Swapped(bool),
}

/// One operation: invoked at `call`, answered at `ret` with `output`, or never answered
/// (`ret` and `output` are `None`: it timed out, so it may or may not have happened).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvOp {
    pub client: u32,
    pub key: String,
    pub input: KvInput,
    pub call: SimTime,
    pub ret: Option<SimTime>,
    pub output: Option<KvOutput>,
}
