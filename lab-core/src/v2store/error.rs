//! `V2Error`: the errors the v2 store answers, with etcd's codes, messages and HTTP statuses
//! (`etcdserver/api/v2error`).

use serde::Serialize;

/// etcd's v2 error codes that this store produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum ErrorCode {
    /// 100.
    KeyNotFound,
    /// 101.
    TestFailed,
    /// 102.
    NotFile,
    /// 104.
    NotDir,
    /// 105.
    NodeExist,
    /// 107.
    RootReadOnly,
    /// 108.
    DirNotEmpty,
    /// 202.
    TtlNaN,
    /// 203.
    IndexNaN,
    /// 209.
    InvalidField,
    /// 211.
    RefreshValue,
    /// 212.
    RefreshTtlRequired,
    /// 300: also the lab's refusals past a limit.
    RaftInternal,
    /// 401.
    EventIndexCleared,
}

impl ErrorCode {
    /// The number in `errorCode`.
    pub fn number(self) -> u16 {
        match self {
            ErrorCode::KeyNotFound => 100,
            ErrorCode::TestFailed => 101,
            ErrorCode::NotFile => 102,
            ErrorCode::NotDir => 104,
            ErrorCode::NodeExist => 105,
            ErrorCode::RootReadOnly => 107,
            ErrorCode::DirNotEmpty => 108,
            ErrorCode::TtlNaN => 202,
            ErrorCode::IndexNaN => 203,
            ErrorCode::InvalidField => 209,
            ErrorCode::RefreshValue => 211,
            ErrorCode::RefreshTtlRequired => 212,
            ErrorCode::RaftInternal => 300,
            ErrorCode::EventIndexCleared => 401,
        }
    }

    /// etcd's message for the code.
    pub fn message(self) -> &'static str {
        match self {
            ErrorCode::KeyNotFound => "Key not found",
            ErrorCode::TestFailed => "Compare failed",
            ErrorCode::NotFile => "Not a file",
            ErrorCode::NotDir => "Not a directory",
            ErrorCode::NodeExist => "Key already exists",
            ErrorCode::RootReadOnly => "Root is read only",
            ErrorCode::DirNotEmpty => "Directory not empty",
            ErrorCode::TtlNaN => "The given TTL in POST form is not a number",
            ErrorCode::IndexNaN => "The given index in POST form is not a number",
            ErrorCode::InvalidField => "Invalid field",
            ErrorCode::RefreshValue => "Value provided on refresh",
            ErrorCode::RefreshTtlRequired => "A TTL must be provided on refresh",
            ErrorCode::RaftInternal => "Raft Internal Error",
            ErrorCode::EventIndexCleared => "The event in requested index is outdated and cleared",
        }
    }

    /// The HTTP status etcd answers it with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::KeyNotFound => 404,
            ErrorCode::NotFile | ErrorCode::DirNotEmpty => 403,
            ErrorCode::TestFailed | ErrorCode::NodeExist => 412,
            ErrorCode::RaftInternal => 500,
            _ => 400,
        }
    }
}

/// One refusal: code, cause and the store index when it happened. `Display` is Go's
/// `Error()`, as etcd's discovery prints it: `100: Key not found (/_etcd) [7]`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, serde::Deserialize)]
#[error("{}: {} ({cause}) [{index}]", code.number(), code.message())]
pub struct V2Error {
    /// Which error.
    pub code: ErrorCode,
    /// What it is about (usually the key).
    pub cause: String,
    /// The store's index.
    pub index: u64,
}

impl V2Error {
    pub(crate) fn new(code: ErrorCode, cause: impl Into<String>, index: u64) -> Self {
        Self {
            code,
            cause: cause.into(),
            index,
        }
    }

    /// The body etcd writes: JSON and a newline.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Body<'a> {
            #[serde(rename = "errorCode")]
            code: u16,
            message: &'a str,
            #[serde(skip_serializing_if = "str::is_empty")]
            cause: &'a str,
            index: u64,
        }
        let body = Body {
            code: self.code.number(),
            message: self.code.message(),
            cause: &self.cause,
            index: self.index,
        };
        let mut text = super::event::go_json(&body);
        text.push('\n');
        text
    }
}
