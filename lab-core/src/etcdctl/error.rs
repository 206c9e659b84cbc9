//! [`CtlError`]: how an `etcdctl` run ends badly, with etcdctl's exit codes
//! (`ctlv3/command/error.go`): each becomes `Error: <text>` on stderr and the code.

use thiserror::Error;

/// `ExitError`: RPC failures, timeouts, server errors.
pub const EXIT_ERROR: i32 = 1;
/// `ExitBadConnection`: no client could be made (`etcdclient: no available endpoints`).
pub const EXIT_BAD_CONNECTION: i32 = 2;
/// `ExitInvalidInput`: unreadable or malformed input (`txn`'s stdin).
pub const EXIT_INVALID_INPUT: i32 = 3;
/// `ExitInterrupted`: what `snapshot save` exits with on any failure.
pub const EXIT_INTERRUPTED: i32 = 5;
/// `ExitBadFeature`: a valid flag with an unsupported value (output formats).
pub const EXIT_BAD_FEATURE: i32 = 4;
/// `ExitBadArgs`: wrong arguments.
pub const EXIT_BAD_ARGS: i32 = 128;

/// A failed run: the message after `Error: ` and the exit code.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CtlError {
    /// Exit 1.
    #[error("{0}")]
    Error(String),
    /// Exit 2.
    #[error("{0}")]
    BadConnection(String),
    /// Exit 3.
    #[error("{0}")]
    InvalidInput(String),
    /// Exit 4.
    #[error("{0}")]
    BadFeature(String),
    /// Exit 5.
    #[error("{0}")]
    Interrupted(String),
    /// Exit 128.
    #[error("{0}")]
    BadArgs(String),
    /// An exit code without an `Error:` line (what `endpoint status` does after printing
    /// its per-endpoint failures).
    #[error("")]
    Silent(i32),
}

impl CtlError {
    /// The process exit status.
    pub fn exit_code(&self) -> i32 {
        match self {
            CtlError::Error(_) => EXIT_ERROR,
            CtlError::BadConnection(_) => EXIT_BAD_CONNECTION,
            CtlError::InvalidInput(_) => EXIT_INVALID_INPUT,
            CtlError::BadFeature(_) => EXIT_BAD_FEATURE,
            CtlError::Interrupted(_) => EXIT_INTERRUPTED,
            CtlError::BadArgs(_) => EXIT_BAD_ARGS,
            CtlError::Silent(code) => *code,
        }
    }

    /// `Error: <format> not supported as output format` (exit 4).
    pub(super) fn unsupported_format(format: &str) -> Self {
        CtlError::BadFeature(format!("{format} not supported as output format"))
    }
}
