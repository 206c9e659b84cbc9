//! The backend `db` file: the MVCC store and its consistent index (etcd's bbolt database in
//! `member/snap/db`), written whenever a snapshot is taken. A copy sent to a client
//! (`etcdctl snapshot save`) is padded with zeros to whole bbolt pages, as bbolt's file is.

use super::BackendError;
use super::codec::{PutLe, Reader, crc32, magic};

const MAGIC_TAG: &[u8; 7] = b"LABBOLT";
/// Magic and CRC before the body (unit: bytes).
const HEADER_BYTES: usize = 12;

/// bbolt's page (unit: bytes): a padded file is a whole number of them.
pub const PAGE_BYTES: usize = 4_096;

/// The file for a store encoded as `store` (see `KvStore::encode_snapshot`) whose last
/// applied entry is `consistent_index`.
pub fn encode_backend(consistent_index: u64, store: &[u8]) -> Vec<u8> {
    encode_backend_padded(consistent_index, store, 0)
}

/// [`encode_backend`] padded with zeros to at least `min_bytes` and, if padded at all, to a
/// whole number of [`PAGE_BYTES`] (what bbolt's file size would be, for sizes people see).
pub fn encode_backend_padded(consistent_index: u64, store: &[u8], min_bytes: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(16 + store.len());
    body.put_u64(consistent_index);
    body.put_bytes(store);
    if min_bytes > 0 {
        let total = (HEADER_BYTES + body.len())
            .max(min_bytes)
            .div_ceil(PAGE_BYTES)
            .saturating_mul(PAGE_BYTES);
        body.resize(total.saturating_sub(HEADER_BYTES), 0);
    }
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
    let body = r
        .take(bytes.len().saturating_sub(HEADER_BYTES))
        .unwrap_or_default();
    if crc32(&[body]) != crc {
        return Err(BackendError::Checksum);
    }
    let mut r = Reader::new(body);
    let index = r.u64().map_err(|_| BackendError::Invalid)?;
    let store = r.bytes().map_err(|_| BackendError::Invalid)?.to_vec();
    // Past the store only page padding may follow.
    if !r.rest().iter().all(|&b| b == 0) {
        return Err(BackendError::Invalid);
    }
    Ok((index, store))
}
