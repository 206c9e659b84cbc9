//! The file `etcdctl snapshot save` writes: the backend `db` padded to whole bbolt pages,
//! then the SHA-256 of those bytes, which etcd's server appends to its snapshot stream.
//! `snapshot restore` checks that hash; a `db` copied out of a data-dir has none and needs
//! `--skip-hash-check`. Whether a file carries a hash is etcd's own guess: its size is 32
//! bytes past a multiple of 512.

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::backend::encode_backend_padded;

/// Length of the appended SHA-256 (unit: bytes).
pub const HASH_BYTES: usize = 32;
/// etcd's `hasHash := (off % 512) == sha256.Size`.
const HASH_ALIGN: usize = 512;

/// Why a snapshot file's hash check failed (etcd's texts).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SnapshotFileError {
    /// No hash, and the check was not skipped.
    #[error("snapshot missing hash but --skip-hash-check=false")]
    MissingHash,
    /// The hash does not match the bytes; both as Go prints a byte slice.
    #[error("expected sha256 {expected}, got {got}")]
    HashMismatch {
        /// The appended hash.
        expected: String,
        /// The hash of the bytes before it.
        got: String,
    },
}

/// The bytes of a snapshot of a store encoded as `store` at `consistent_index`: padded to
/// at least `min_db_bytes` (the database size the member reports), then hashed.
pub fn encode_snapshot_file(consistent_index: u64, store: &[u8], min_db_bytes: usize) -> Vec<u8> {
    let mut file = encode_backend_padded(consistent_index, store, min_db_bytes.max(1));
    let hash = Sha256::digest(&file);
    file.extend_from_slice(&hash);
    file
}

/// Whether etcd takes a file of `len` bytes to end with a hash.
pub fn has_hash(len: usize) -> bool {
    len % HASH_ALIGN == HASH_BYTES
}

/// The database part of a snapshot file, as bbolt reads it (a trailing hash is not part of
/// any page), with no check.
pub fn snapshot_db(bytes: &[u8]) -> &[u8] {
    if has_hash(bytes.len()) {
        bytes
            .get(..bytes.len().saturating_sub(HASH_BYTES))
            .unwrap_or(bytes)
    } else {
        bytes
    }
}

/// The database part of a snapshot file for `snapshot restore`: its hash checked unless
/// `skip_hash_check`, as etcd's `saveDB` does.
pub fn checked_snapshot_db(
    bytes: &[u8],
    skip_hash_check: bool,
) -> Result<&[u8], SnapshotFileError> {
    let db = snapshot_db(bytes);
    if skip_hash_check {
        return Ok(db);
    }
    if db.len() == bytes.len() {
        return Err(SnapshotFileError::MissingHash);
    }
    let expected = bytes.get(db.len()..).unwrap_or_default();
    let got = Sha256::digest(db);
    if expected != got.as_slice() {
        return Err(SnapshotFileError::HashMismatch {
            expected: go_bytes(expected),
            got: go_bytes(&got),
        });
    }
    Ok(db)
}

/// Go's `%v` of a `[]byte`: `[12 0 255]`.
fn go_bytes(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(u8::to_string).collect();
    format!("[{}]", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_dir::decode_backend;

    #[test]
    fn a_saved_snapshot_is_whole_pages_plus_a_hash_like_the_recorded_20512_bytes() {
        let file = encode_snapshot_file(14, b"{\"store\":1}", 20_480);
        assert_eq!(file.len(), 20_512, "ls -l of the reference's backup.db");
        assert!(has_hash(file.len()));
        let db = checked_snapshot_db(&file, false).expect("its own hash matches");
        assert_eq!(db.len(), 20_480);
        assert_eq!(decode_backend(db), Ok((14, b"{\"store\":1}".to_vec())));
    }

    #[test]
    fn a_store_bigger_than_the_modelled_size_still_ends_on_a_page() {
        let store = vec![b'x'; 5_000];
        let file = encode_snapshot_file(1, &store, 4_096);
        assert_eq!(file.len(), 8_192 + HASH_BYTES);
        assert_eq!(decode_backend(snapshot_db(&file)), Ok((1, store)));
    }

    #[test]
    fn a_db_copied_from_a_data_dir_needs_skip_hash_check() {
        let db = crate::data_dir::encode_backend(3, b"{}");
        assert!(!has_hash(db.len()));
        assert_eq!(
            checked_snapshot_db(&db, false),
            Err(SnapshotFileError::MissingHash)
        );
        assert_eq!(
            SnapshotFileError::MissingHash.to_string(),
            "snapshot missing hash but --skip-hash-check=false"
        );
        assert_eq!(checked_snapshot_db(&db, true), Ok(db.as_slice()));
    }

    #[test]
    fn a_damaged_snapshot_fails_its_hash_check_with_both_hashes() {
        let mut file = encode_snapshot_file(1, b"{}", 4_096);
        if let Some(byte) = file.get_mut(100) {
            *byte = 1;
        }
        let err = checked_snapshot_db(&file, false).expect_err("damaged");
        let text = err.to_string();
        assert!(text.starts_with("expected sha256 ["), "{text}");
        assert!(text.contains("], got ["), "{text}");
        assert!(checked_snapshot_db(&file, true).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_checked_without_panicking(bytes in proptest::collection::vec(0u8..=255, 0..1200), skip: bool) {
            let _ = checked_snapshot_db(&bytes, skip);
            proptest::prop_assert!(snapshot_db(&bytes).len() <= bytes.len());
        }
    }
}
