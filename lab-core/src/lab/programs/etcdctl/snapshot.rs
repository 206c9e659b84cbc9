//! `Maintenance.Snapshot`, answered from the member's own state as etcd answers it from its
//! backend: what `member/snap/db` would hold now (store, membership, applied index), padded
//! to the database size `endpoint status` reports, with the SHA-256 etcd appends.

use super::key_bucket::db_size;
use crate::data_dir::encode_snapshot_file;
use crate::etcdctl::{GrpcCode, Response, RpcError, ServerError};
use crate::sim::{Connection, World};

/// The member's backend as a snapshot file's bytes.
pub(super) fn snapshot(world: &World, conn: Connection) -> Result<Response, RpcError> {
    let Some(m) = world.members.get(conn.member) else {
        return Err(RpcError::Server(ServerError::new(
            GrpcCode::Unavailable,
            "etcdserver: server stopped",
        )));
    };
    let data = m
        .server
        .snapshot_data()
        .map_err(|e| RpcError::Server(ServerError::new(GrpcCode::Internal, &e.to_string())))?;
    let (size, _) = db_size(m.server.store());
    let min_bytes = usize::try_from(size).unwrap_or(0);
    let blob = encode_snapshot_file(m.server.applied_index(), &data, min_bytes);
    Ok(Response::Snapshot { blob })
}
