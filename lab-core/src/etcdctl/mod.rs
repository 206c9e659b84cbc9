//! `etcdctl` 3.4.23 (v3 API) as learners type it in a simulated host's terminal: cobra's
//! argument parsing, clientv3's client behaviour (endpoint choice, deadlines, retries, the
//! zap warning lines) and etcdctl's output — stdout/stderr split, formats and exit codes —
//! byte for byte as recorded from the real binary.
//!
//! The cluster is reached through [`EtcdApi`], which the simulated world implements.
//!
//! | file | owns |
//! |---|---|
//! | `api` | [`EtcdApi`], [`RpcError`], [`ServerError`], [`GrpcCode`] |
//! | `pb`, `pb_txn`, `pb_wire` | the gRPC messages, their JSON and their protobuf encoding |
//! | `rpc` | [`Request`] and [`Response`]: one enum per direction |
//! | `cli` | cobra: finding the command, flag errors, help |
//! | `command_tree`, `command_flags` | etcdctl's commands, descriptions and flags |
//! | `flags`, `flag_value` | pflag parsing and `ETCDCTL_*` variables |
//! | `usage` | the usage text |
//! | `context` | one run's state and etcdctl's client configuration |
//! | `client` | clientv3: balancer, retries, warnings, error texts |
//! | `cmd_kv`, `cmd_txn`, `cmd_lease`, `cmd_maintenance`, `cmd_member`, `cmd_endpoint`, `cmd_snapshot` | the commands |
//! | `cmd_check`, `check_perf`, `perf_report`, `progress_bar` | `check perf`: its workload, figures and bar |
//! | `cmd_auth`, `cmd_user`, `cmd_role`, `print_auth` | `auth`, `user`, `role` and their output |
//! | `password` | `--user` credentials, the login on connect, speakeasy's password prompts |
//! | `pb_lease` | the lease answers: Go JSON and the fields printer |
//! | `snapshot_db` | a snapshot file's status and the new cluster a restore builds |
//! | `snapshot_output` | the `snapshot` commands' zap lines, status formats, Go file errors |
//! | `print_kv`, `print_cluster`, `table`, `gofmt` | the output formats |
//! | `output` | [`Stream`] and the output cap |
//! | `error` | [`CtlError`] and the exit codes |
//! | `v2` | `ETCDCTL_API=2`: the v2 etcdctl (urfave/cli) over the v2 HTTP API |
//!
//! Limits: at most [`MAX_ARGS`] arguments, at most
//! [`MAX_OUTPUT_BYTES`] of output.

mod api;
mod api_stream;
mod backend_buckets;
mod check_perf;
mod cli;
mod client;
mod cmd_auth;
mod cmd_check;
mod cmd_elect;
mod cmd_lock;
mod cmd_watch;
mod concurrency;
mod exec;
pub(crate) use client::CONNECTION_CLOSED;
mod cmd_endpoint;
mod cmd_kv;
mod cmd_lease;
mod cmd_maintenance;
mod cmd_member;
mod cmd_role;
mod cmd_snapshot;
mod cmd_txn;
mod cmd_user;
mod command_flags;
mod command_tree;
mod context;
mod error;
mod flag_value;
mod flags;
mod gofmt;
mod output;
mod password;
mod pb;
mod pb_backend;
mod pb_lease;
mod pb_txn;
mod pb_watch;
mod pb_wire;
mod peer_urls;
mod perf_report;
mod print_auth;
mod print_cluster;
mod print_kv;
mod print_txn;
mod print_watch;
mod progress_bar;
mod rpc;
mod snapshot_db;
mod snapshot_output;
mod table;
mod usage;
mod v2;
mod watch_chan;
mod watch_typed;

#[cfg(test)]
mod tests;

use std::cell::RefCell;

pub use api::{
    CallTimeouts, EtcdApi, GrpcCode, HttpCall, HttpReply, RpcError, ServerError, TlsFlags,
};
pub use api_stream::{ExecOutput, MAX_WATCH_STREAMS, WatchRecv, WatchStreamId};
pub use backend_buckets::{BackendBuckets, key_rows, revision_main};
pub use error::CtlError;
pub use output::{MAX_OUTPUT_BYTES, Stream};
pub use pb::{
    DeleteRangeRequest, DeleteRangeResponse, HashKvResponse, KeyValue, Member, MemberAddResponse,
    MemberListResponse, PutRequest, PutResponse, RangeRequest, RangeResponse, ResponseHeader,
    SortOrder, SortTarget, StatusResponse,
};
pub use pb_lease::{
    LeaseGrantResponse, LeaseKeepAliveResponse, LeaseLeasesResponse, LeaseRevokeResponse,
    LeaseStatus, LeaseTimeToLiveResponse,
};
pub use pb_txn::{OneOf, RequestOp, ResponseOp, TxnRequest, TxnResponse};
pub use pb_watch::{Event as WatchEvent, EventType, WatchCreateRequest, WatchResponse};
pub use pb_wire::marshal_key_value;
pub(crate) use peer_urls::check as check_peer_urls;
pub use rpc::{AlarmAction, AlarmMember, AlarmType, Request, Response};
pub(crate) use v2::go_json::decoder_error as go_json_decoder_error;
pub(crate) use v2::go_json::syntax_error as go_json_syntax_error;

use context::Ctx;
use flags::FlagSet;
use output::Output;

/// The etcdctl version the lab imitates.
pub const VERSION: &str = "3.4.23";
/// Its API version.
pub const API_VERSION: &str = "3.4";
/// The most arguments one run accepts (argv without `etcdctl` itself).
pub const MAX_ARGS: usize = 1_000;

/// One `etcdctl` command line.
#[derive(Clone, Copy, Debug)]
pub struct Invocation<'a> {
    /// The arguments after `etcdctl`.
    pub args: &'a [String],
    /// The process environment (`ETCDCTL_*`, `ETCDCTL_API`); later entries win.
    pub env: &'a [(String, String)],
    /// What is piped in (`put KEY` reads its value from it); empty for a terminal.
    pub stdin: &'a [u8],
}

/// Whether the run waits for events until one comes or Ctrl-C (the v2 `watch`, the v3
/// `watch`, `lock` and `elect`): a terminal running it is waiting on the cluster, not busy.
pub fn waits_for_events(invocation: &Invocation<'_>) -> bool {
    match api_version(invocation) {
        Some("2") => v2::is_watch(invocation.args),
        None | Some("") | Some("3") => cli::find(invocation.args).is_ok_and(|found| {
            found
                .path
                .last()
                .is_some_and(|c| matches!(c.name, "watch" | "lock" | "elect"))
        }),
        Some(_) => false,
    }
}

/// The signals a run catches, as etcdctl 3.4's `signal.Notify` calls ask (numbers as on
/// Linux x86-64); any other signal kills it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaughtSignals {
    /// The signals caught.
    pub signals: &'static [i32],
    /// The command finishes by itself once told ([`EtcdApi::interrupted`]): `lock` unlocks,
    /// `elect` resigns.
    pub finishes: bool,
    /// Otherwise the status it exits with at once.
    pub status: i32,
}

/// SIGINT and SIGTERM: `lock` and `elect` catch both (real etcdctl 3.4.23 unlocks or
/// resigns and exits 0 on either).
const INT_TERM: &[i32] = &[2, 15];
/// SIGINT alone: the v2 `watch` and `exec-watch` exit 0 on it.
const INT: &[i32] = &[2];

/// What `invocation` catches: `lock`/`elect` SIGINT and SIGTERM, finishing by themselves;
/// the v2 `watch`/`exec-watch` SIGINT, exiting 0; anything else nothing (Go's default:
/// the signal kills it).
pub fn caught_signals(invocation: &Invocation<'_>) -> CaughtSignals {
    let command = |names: &[&str]| {
        cli::find(invocation.args)
            .is_ok_and(|found| found.path.last().is_some_and(|c| names.contains(&c.name)))
    };
    match api_version(invocation) {
        None | Some("") | Some("3") if command(&["lock", "elect"]) => CaughtSignals {
            signals: INT_TERM,
            finishes: true,
            status: 0,
        },
        Some("2") if v2::is_watch(invocation.args) => CaughtSignals {
            signals: INT,
            finishes: false,
            status: 0,
        },
        _ => CaughtSignals {
            signals: &[],
            finishes: false,
            status: 0,
        },
    }
}

/// `ETCDCTL_API`, the last one set.
fn api_version<'a>(invocation: &Invocation<'a>) -> Option<&'a str> {
    invocation
        .env
        .iter()
        .rev()
        .find(|(k, _)| k == "ETCDCTL_API")
        .map(|(_, v)| v.as_str())
}

/// Runs `etcdctl` once: writes its output to `out` as it goes and returns the exit status.
pub async fn run<A: EtcdApi>(
    invocation: Invocation<'_>,
    api: &A,
    out: &mut dyn FnMut(Stream, &[u8]),
) -> i32 {
    let mut output = Output::new(out);
    if invocation.args.len() > MAX_ARGS {
        output.errln(&format!(
            "Error: too many arguments (the lab accepts at most {MAX_ARGS})"
        ));
        return error::EXIT_BAD_ARGS;
    }
    match api_version(&invocation) {
        None | Some("") | Some("3") => {}
        Some("2") => return v2::run(invocation, api, &mut output).await,
        Some(other) => {
            output.errln(&format!("unsupported API version {other}"));
            return error::EXIT_ERROR;
        }
    }
    let found = match cli::find(invocation.args) {
        Ok(found) => found,
        Err(why) => {
            output.errln(&format!("Error: {why}\nRun 'etcdctl --help' for usage."));
            output.errln(&format!("Error: {why}"));
            return error::EXIT_ERROR;
        }
    };
    let mut ctx = Ctx {
        api,
        flags: FlagSet::new(Vec::new()),
        inherited: Vec::new(),
        args: Vec::new(),
        env: invocation.env,
        stdin: invocation.stdin,
        stdin_read: std::cell::Cell::new(0),
        out: RefCell::new(output),
    };
    execute(&mut ctx, &found).await
}

async fn execute<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>, found: &cli::Found) -> i32 {
    let Some(&command) = found.path.last() else {
        return error::EXIT_ERROR;
    };
    if !command.implemented {
        let result = cli::dispatch(ctx, &found.path).await;
        return report(ctx, result);
    }
    if let Err(status) = cli::parse_flags(ctx, found) {
        return status;
    }
    if !command.runnable() {
        ctx.out(&usage::usage(&found.path));
        return 0;
    }
    let result = cli::dispatch(ctx, &found.path).await;
    report(ctx, result)
}

/// etcdctl's `ExitWithError`.
fn report<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, result: Result<(), CtlError>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(CtlError::Silent(code)) => code,
        Err(e) => {
            ctx.errln(&format!("Error: {e}"));
            e.exit_code()
        }
    }
}
