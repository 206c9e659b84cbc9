//! The output of the `snapshot` commands: the zap JSON lines etcd's snapshot package and
//! clientv3 print on stderr, `snapshot status` in each `--write-out` format, and Go's texts
//! for file errors and paths.

use super::api::EtcdApi;
use super::client::json_string;
use super::context::{Ctx, Format};
use super::error::CtlError;
use super::gofmt::{humanize_bytes, zap_timestamp};
use super::snapshot_db::DbStatus;
use crate::vfs::{FsError, resolve};

/// etcdctl's `DBStatus` printers.
pub(super) fn print_status(format: Format, s: &DbStatus) -> Result<String, CtlError> {
    let size = humanize_bytes(u64::try_from(s.total_size).unwrap_or(0));
    Ok(match format {
        Format::Simple => format!("{:x}, {}, {}, {size}\n", s.hash, s.revision, s.total_key),
        Format::Table => super::table::render(
            &["hash", "revision", "total keys", "total size"],
            &[vec![
                format!("{:x}", s.hash),
                s.revision.to_string(),
                s.total_key.to_string(),
                size,
            ]],
        ),
        Format::Json => super::print_kv::json_line(s),
        Format::Fields => format!(
            "\"Hash\" : {}\n\"Revision\" : {}\n\"Keys\" : {}\n\"Size\" : {}\n",
            s.hash, s.revision, s.total_key, s.total_size
        ),
        Format::Protobuf => return Err(CtlError::unsupported_format(format.name())),
    })
}

/// Go's `filepath.Join(dir, rest)`: cleaned, relative paths kept relative.
pub(super) fn go_join(dir: &str, rest: &str) -> String {
    let joined = format!("{}/{rest}", dir.trim_end_matches('/'));
    if dir.starts_with('/') {
        resolve("/", &joined)
    } else {
        resolve("/", &joined).trim_start_matches('/').to_owned()
    }
}

/// Go's `*PathError` text: `open x: no such file or directory`.
pub(super) fn go_path_error(op: &str, path: &str, e: FsError) -> String {
    format!("{op} {path}: {}", go_errno(e))
}

/// Go's `*LinkError` text for a rename.
pub(super) fn go_link_error(from: &str, to: &str, e: FsError) -> String {
    format!("rename {from} {to}: {}", go_errno(e))
}

/// Go's `syscall.Errno` text: glibc's, lower-cased.
pub(super) fn go_errno(e: FsError) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(super) fn no_files() -> String {
    "the lab's etcdctl has no file system here".to_owned()
}

/// A line of the snapshot package's zap logger: `ts` in Unix seconds.
pub(super) fn snap_log<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    caller: &str,
    msg: &str,
    fields: &[(&str, String)],
) {
    zap_line(
        ctx,
        epoch_ts(ctx),
        &format!("snapshot/{caller}"),
        msg,
        fields,
    );
}

/// A line of clientv3's zap logger: `ts` as an ISO string.
pub(super) fn client_log<A: EtcdApi>(ctx: &Ctx<'_, '_, A>, caller: &str, msg: &str) {
    let ts = json_string(&zap_timestamp(ctx.api.now_unix_micros()));
    zap_line(ctx, ts, &format!("clientv3/{caller}"), msg, &[]);
}

/// zap's production JSON: level, ts, caller, msg, then the fields (already JSON).
pub(super) fn zap_line<A: EtcdApi>(
    ctx: &Ctx<'_, '_, A>,
    ts: String,
    caller: &str,
    msg: &str,
    fields: &[(&str, String)],
) {
    let mut line = format!(
        "{{\"level\":\"info\",\"ts\":{ts},\"caller\":{},\"msg\":{}",
        json_string(caller),
        json_string(msg)
    );
    for (key, value) in fields {
        line.push_str(&format!(",{}:{value}", json_string(key)));
    }
    line.push('}');
    ctx.errln(&line);
}

/// zap's epoch encoder: Unix seconds as Go's shortest float. The lab's clock counts
/// microseconds; the nanoseconds below them are drawn, so the field has etcd's shape.
pub(super) fn epoch_ts<A: EtcdApi>(ctx: &Ctx<'_, '_, A>) -> String {
    let micros = ctx.api.now_unix_micros();
    let nanos = u128::from(micros) * 1_000 + ctx.api.random_u128() % 1_000;
    format!("{}", nanos as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_paths_and_errors_read_as_etcd_prints_them() {
        assert_eq!(
            go_join("default.etcd", "member/wal"),
            "default.etcd/member/wal"
        );
        assert_eq!(
            go_join("/srv/r.etcd/", "member/snap"),
            "/srv/r.etcd/member/snap"
        );
        assert_eq!(
            go_path_error("stat", "/nonexistent.db", FsError::NotFound),
            "stat /nonexistent.db: no such file or directory"
        );
    }

    #[test]
    fn status_prints_in_the_recorded_shapes() {
        let s = DbStatus {
            hash: 0x524f_c236,
            revision: 28,
            total_key: 16,
            total_size: 20_480,
        };
        assert_eq!(
            print_status(Format::Simple, &s),
            Ok("524fc236, 28, 16, 20 kB\n".to_owned())
        );
        assert_eq!(
            print_status(Format::Json, &s),
            Ok(
                "{\"hash\":1380958774,\"revision\":28,\"totalKey\":16,\"totalSize\":20480}\n"
                    .to_owned()
            )
        );
        let table = print_status(Format::Table, &s).unwrap_or_default();
        assert_eq!(
            table,
            "+----------+----------+------------+------------+\n\
             |   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |\n\
             +----------+----------+------------+------------+\n\
             | 524fc236 |       28 |         16 |      20 kB |\n\
             +----------+----------+------------+------------+\n"
        );
    }
}
