//! `snapshot save`, `snapshot status` and `snapshot restore` (etcdctl 3.4's
//! `snapshot_command.go` over clientv3's snapshot manager): the files on the host etcdctl
//! runs on, the member's backend fetched through [`EtcdApi`], and the zap lines the
//! snapshot package prints on stderr.

use super::api::EtcdApi;
use super::client::{Client, json_string};
use super::context::Ctx;
use super::error::CtlError;
use super::gofmt::{humanize_bytes, quote};
use super::rpc::{Request, Response};
use super::snapshot_db::{self, RestorePlan};
use super::snapshot_output::{
    client_log, epoch_ts, go_join, go_link_error, go_path_error, no_files, print_status, snap_log,
    zap_line,
};
use crate::config::{ClusterState, EtcdConfig, InitialCluster, Url};
use crate::data_dir::{
    DataDirError, DataDirPaths, PRIVATE_FILE_MODE, RestoredDataDir, checked_snapshot_db,
};
use crate::vfs::{Vfs, WriteMode, resolve};

/// `snapshot save <filename>`: the backend of the one endpoint, written to `<filename>.part`
/// and renamed, as etcd's `Save` does. Its failures exit 5 (`ExitInterrupted`).
pub(super) async fn save<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let [path] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(
            "snapshot save expects one argument".to_owned(),
        ));
    };
    let path = path.clone();
    ctx.client_config()?;
    let endpoints = ctx.endpoints();
    let [endpoint] = endpoints.as_slice() else {
        return Err(CtlError::Interrupted(format!(
            "snapshot must be requested to one selected node, not multiple [{}]",
            endpoints.join(" ")
        )));
    };
    ctx.client(&endpoints)?;
    let part = format!("{path}.part");
    let created = ctx.api.with_files(|vfs, cwd| {
        let abs = resolve(cwd, &part);
        vfs.write(&abs, &[], WriteMode::Truncate)
            .and_then(|()| vfs.set_mode(&abs, PRIVATE_FILE_MODE))
    });
    match created {
        Some(Ok(())) => {}
        Some(Err(e)) => {
            let why = go_path_error("open", &part, e);
            return Err(CtlError::Interrupted(format!(
                "could not open {part} ({why})"
            )));
        }
        None => return Err(CtlError::Interrupted(no_files())),
    }
    snap_log(
        ctx,
        "v3_snapshot.go:119",
        "created temporary db file",
        &[("path", json_string(&part))],
    );
    let start = ctx.api.now_unix_micros();
    let fetched = fetch(ctx, endpoint).await;
    let took = ctx.api.now_unix_micros().saturating_sub(start);
    let result = match fetched {
        Ok(blob) => finish_save(ctx, (endpoint, took), &part, &path, &blob),
        Err(e) => Err(e),
    };
    // etcd's `defer os.RemoveAll(partpath)`.
    ctx.api
        .with_files(|vfs, cwd| vfs.remove(&resolve(cwd, &part), true));
    result?;
    ctx.outln(&format!("Snapshot saved at {path}"));
    Ok(())
}

/// The member's backend, with clientv3's stream lines.
async fn fetch<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, endpoint: &str) -> Result<Vec<u8>, CtlError> {
    let client = Client::passthrough(ctx.api, endpoint, ctx.dial_timeout_micros());
    // Without `--command-timeout` the save has no deadline; the lab's is a day.
    let deadline = if ctx.flags.changed("command-timeout") {
        ctx.deadline()
    } else {
        ctx.api.now_unix_micros().saturating_add(NO_DEADLINE_MICROS)
    };
    let answer = client.unary(&ctx.out, Request::Snapshot, deadline).await;
    let blob = match answer {
        Ok(Response::Snapshot { blob }) => blob,
        Ok(_) => return Err(super::cmd_kv::unexpected()),
        Err(status) => return Err(CtlError::Interrupted(status.error_text())),
    };
    client_log(
        ctx,
        "maintenance.go:200",
        "opened snapshot stream; downloading",
    );
    snap_log(
        ctx,
        "v3_snapshot.go:127",
        "fetching snapshot",
        &[("endpoint", json_string(endpoint))],
    );
    client_log(
        ctx,
        "maintenance.go:208",
        "completed snapshot read; closing",
    );
    Ok(blob)
}

/// The save's deadline without `--command-timeout` (unit: µs): a day of virtual time.
const NO_DEADLINE_MICROS: u64 = 86_400_000_000;

/// Writes the fetched `blob` (from `endpoint`, which took `took` µs) and renames the file.
fn finish_save<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    (endpoint, took): (&str, u64),
    part: &str,
    path: &str,
    blob: &[u8],
) -> Result<(), CtlError> {
    let written = ctx.api.with_files(|vfs, cwd| {
        vfs.write(&resolve(cwd, part), blob, WriteMode::Truncate)
            .map_err(|e| go_path_error("write", part, e))?;
        vfs.rename(&resolve(cwd, part), &resolve(cwd, path))
            .map_err(|e| {
                format!(
                    "could not rename {part} to {path} ({})",
                    go_link_error(part, path, e)
                )
            })
    });
    let size = humanize_bytes(u64::try_from(blob.len()).unwrap_or(u64::MAX));
    let fields = [
        ("endpoint", json_string(endpoint)),
        ("size", json_string(&size)),
        // zap encodes a duration as float seconds.
        ("took", format!("{}", took as f64 / 1e6)),
    ];
    match written {
        Some(Ok(())) => {
            snap_log(ctx, "v3_snapshot.go:142", "fetched snapshot", &fields);
            snap_log(
                ctx,
                "v3_snapshot.go:152",
                "saved",
                &[("path", json_string(path))],
            );
            Ok(())
        }
        Some(Err(why)) => Err(CtlError::Interrupted(why)),
        None => Err(CtlError::Interrupted(no_files())),
    }
}

/// `snapshot status <filename>`.
pub(super) async fn status<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let [path] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(
            "snapshot status requires exactly one argument".to_owned(),
        ));
    };
    let format = ctx.format()?;
    let read = ctx.api.with_files(|vfs, cwd| {
        let bytes = vfs
            .read(&resolve(cwd, path))
            .map_err(|e| go_path_error("stat", path, e))?;
        snapshot_db::status(bytes)
    });
    let status = read
        .unwrap_or_else(|| Err(no_files()))
        .map_err(CtlError::Error)?;
    ctx.out(&print_status(format, &status)?);
    Ok(())
}

/// `snapshot restore <filename>`: a new data-dir for one member of a new cluster.
pub(super) async fn restore<A: EtcdApi>(ctx: &mut Ctx<'_, '_, A>) -> Result<(), CtlError> {
    let [file] = ctx.args.as_slice() else {
        return Err(CtlError::BadArgs(
            "snapshot restore requires exactly one argument".to_owned(),
        ));
    };
    let file = file.clone();
    let name = ctx.flags.string("name");
    let members = verify_bootstrap(ctx, &name).map_err(CtlError::Error)?;
    let token = ctx.flags.string("initial-cluster-token");
    let mut data_dir = ctx.flags.string("data-dir");
    if data_dir.is_empty() {
        data_dir = format!("{name}.etcd");
    }
    let wal_flag = ctx.flags.string("wal-dir");
    let wal_dir = if wal_flag.is_empty() {
        go_join(&data_dir, "member/wal")
    } else {
        wal_flag.clone()
    };
    let snap_dir = go_join(&data_dir, "member/snap");
    let taken = ctx.api.with_files(|vfs, cwd| {
        if vfs.exists(&resolve(cwd, &data_dir)) {
            return Err(format!("data-dir {} exists", quote(data_dir.as_bytes())));
        }
        if !wal_flag.is_empty() && vfs.exists(&resolve(cwd, &wal_flag)) {
            return Err(format!("wal-dir {} exists", quote(wal_flag.as_bytes())));
        }
        Ok(())
    });
    taken
        .unwrap_or_else(|| Err(no_files()))
        .map_err(CtlError::Error)?;
    let dirs = [
        ("path", json_string(&file)),
        ("wal-dir", json_string(&wal_dir)),
        ("data-dir", json_string(&data_dir)),
        ("snap-dir", json_string(&snap_dir)),
    ];
    snap_log(ctx, "v3_snapshot.go:296", "restoring snapshot", &dirs);
    let skip_hash_check = ctx.flags.is_true("skip-hash-check");
    let planned = ctx.api.with_files(|vfs, cwd| {
        let bytes = vfs
            .read(&resolve(cwd, &file))
            .map_err(|e| go_path_error("open", &file, e))?;
        let db = checked_snapshot_db(bytes, skip_hash_check).map_err(|e| e.to_string())?;
        snapshot_db::plan(db, &name, &members, &token)
    });
    let plan = planned
        .unwrap_or_else(|| Err(no_files()))
        .map_err(CtlError::Error)?;
    log_added_members(ctx, &plan);
    let paths = (data_dir.clone(), (!wal_flag.is_empty()).then_some(wal_flag));
    let written = ctx
        .api
        .with_files(|vfs, cwd| write_data_dir(vfs, cwd, &paths, &plan));
    written
        .unwrap_or_else(|| Err(no_files()))
        .map_err(CtlError::Error)?;
    snap_log(ctx, "v3_snapshot.go:309", "restored snapshot", &dirs);
    Ok(())
}

/// Most `--initial-advertise-peer-urls` read (unit: URLs).
const MAX_PEER_URLS: usize = 64;

/// etcd's `VerifyBootstrap` over the restore flags; the initial cluster's members.
fn verify_bootstrap<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    name: &str,
) -> Result<Vec<(String, Vec<String>)>, String> {
    let peer_urls = ctx
        .flags
        .string("initial-advertise-peer-urls")
        .split(',')
        .take(MAX_PEER_URLS)
        .map(Url::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let config = EtcdConfig {
        name: name.to_owned(),
        initial_cluster: InitialCluster::new(&ctx.flags.string("initial-cluster")),
        initial_advertise_peer_urls: peer_urls,
        initial_cluster_state: ClusterState::New,
        ..EtcdConfig::default()
    };
    let members = config.verify_bootstrap().map_err(|e| e.to_string())?;
    Ok(members
        .into_iter()
        .map(|(n, urls)| (n, urls.iter().map(ToString::to_string).collect()))
        .collect())
}

fn log_added_members<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, plan: &RestorePlan) {
    for m in &plan.members {
        let urls: Vec<String> = m.peer_urls.iter().map(|u| json_string(u)).collect();
        let fields = [
            (
                "cluster-id",
                json_string(&format!("{:x}", plan.metadata.cluster_id)),
            ),
            ("local-member-id", json_string("0")),
            ("added-peer-id", json_string(&format!("{:x}", m.id))),
            ("added-peer-peer-urls", format!("[{}]", urls.join(","))),
        ];
        zap_line(
            ctx,
            epoch_ts(ctx),
            "membership/cluster.go:392",
            "added member",
            &fields,
        );
    }
}

fn write_data_dir(
    vfs: &mut Vfs,
    cwd: &str,
    (data_dir, wal_dir): &(String, Option<String>),
    plan: &RestorePlan,
) -> Result<(), String> {
    let wal_dir = wal_dir.as_deref().map(|w| resolve(cwd, w));
    let paths = DataDirPaths::new(&resolve(cwd, data_dir), wal_dir.as_deref());
    let restored = RestoredDataDir {
        metadata: plan.metadata,
        peers: &plan.peers,
        store: &plan.store,
    };
    restored.write(vfs, &paths).map_err(|e| match e {
        DataDirError::Fs { op, path, source } => go_path_error(op, &path, source),
        other => other.to_string(),
    })
}
