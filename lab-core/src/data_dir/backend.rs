//! The backend `db` file: the MVCC store and its consistent index (etcd's bbolt database in
//! `member/snap/db`), written whenever a snapshot is taken.

use super::BackendError;
use super::codec::{PutLe, Reader, crc32, magic};

const MAGIC_TAG: &[u8; 7] = b"LABBOLT";

/// The file for a store encoded as `store` (see `KvStore::encode_snapshot`) whose last
/// applied entry is `consistent_index`.
pub fn encode_backend(consistent_index: u64, store: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(16 + store.len());
    body.put_u64(consistent_index);
    body.put_bytes(store);
    let mut out = magic(MAGIC_TAG).to_vec();
    out.put_u32(crc32(&[&body]));
    out.extend_from_slice(&body);
    out
}

/// The consistent index and store bytes a `db` file holds.
pub fn decode_backend(bytes: &[u8]) -> Result<(u64, Vec<u8>), BackendError> {
    let mut r = Reader::new(bytes);
    let header = r.take(8).map_err(|_| BackendError::Invalid)?;
    let (tag, version) = header.split_at(7);
    if tag != MAGIC_TAG {
        return Err(BackendError::Invalid);
    }
    if version != [super::FORMAT_VERSION] {
        return Err(BackendError::VersionMismatch);
    }
    let crc = r.u32().map_err(|_| BackendError::Invalid)?;
    let body = r.take(bytes.len().saturating_sub(12)).unwrap_or_default();
    if crc32(&[body]) != crc {
        return Err(BackendError::Checksum);
    }
    let mut r = Reader::new(body);
    let index = r.u64().map_err(|_| BackendError::Invalid)?;
    let store = r.bytes().map_err(|_| BackendError::Invalid)?.to_vec();
    if !r.is_empty() {
        return Err(BackendError::Invalid);
    }
    Ok((index, store))
}
