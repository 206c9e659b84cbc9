//! The lab's tar archive: a deterministic byte format `tar c` writes into a file and `tar x`
//! reads back. It only has to round-trip inside the lab. It opens with gzip's magic so `cat`
//! of an archive shows junk as a real `.tar.gz` would.
//!
//! Layout: `MAGIC`, entry count (u32 BE), then per entry: kind byte (`d`, `f`, `l`), then
//! length-prefixed (u32 BE) path, owner, group and payload (file bytes or link target),
//! mode (u32 BE) and mtime (u64 BE, Unix microseconds).

use thiserror::Error;

/// First bytes of every archive.
const MAGIC: &[u8] = b"\x1f\x8b\x08\0LABTAR1\0";
/// Most entries one archive may hold (the tree's own node limit).
pub const MAX_ARCHIVE_ENTRIES: usize = super::MAX_NODES;

/// What an archive member is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    /// A directory.
    Dir,
    /// A regular file and its bytes.
    File(Vec<u8>),
    /// A symlink and its target text.
    Symlink(String),
}

/// One archive member; `path` is relative (`etcd/member/snap`), as tar stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveEntry {
    /// Relative path, `/`-separated, without leading slash.
    pub path: String,
    /// Directory, file or symlink.
    pub kind: ArchiveKind,
    /// Permission bits.
    pub mode: u32,
    /// Owner name.
    pub owner: String,
    /// Group name.
    pub group: String,
    /// Modification time, Unix microseconds.
    pub mtime_unix_micros: u64,
}

/// Why bytes are not a lab archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum ArchiveError {
    /// Not produced by `tar c` in the lab (GNU tar's message for foreign data).
    #[error("This does not look like a tar archive")]
    NotAnArchive,
    /// Ends in the middle of an entry.
    #[error("Unexpected EOF in archive")]
    Truncated,
}

/// Serialises `entries` in order.
pub fn encode_archive(entries: &[ArchiveEntry]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(
        &u32::try_from(entries.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    for e in entries {
        let (tag, payload): (u8, &[u8]) = match &e.kind {
            ArchiveKind::Dir => (b'd', &[]),
            ArchiveKind::File(d) => (b'f', d),
            ArchiveKind::Symlink(t) => (b'l', t.as_bytes()),
        };
        out.push(tag);
        for field in [
            e.path.as_bytes(),
            e.owner.as_bytes(),
            e.group.as_bytes(),
            payload,
        ] {
            out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(field);
        }
        out.extend_from_slice(&e.mode.to_be_bytes());
        out.extend_from_slice(&e.mtime_unix_micros.to_be_bytes());
    }
    out
}

/// Parses an archive written by [`encode_archive`].
pub fn decode_archive(data: &[u8]) -> Result<Vec<ArchiveEntry>, ArchiveError> {
    let mut r = Reader(data.strip_prefix(MAGIC).ok_or(ArchiveError::NotAnArchive)?);
    let count = u32::from_be_bytes(r.array()?) as usize;
    if count > MAX_ARCHIVE_ENTRIES {
        return Err(ArchiveError::NotAnArchive);
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let tag = r.array::<1>()?[0];
        let path = r.text()?;
        let owner = r.text()?;
        let group = r.text()?;
        let payload = r.field()?;
        let kind = match tag {
            b'd' => ArchiveKind::Dir,
            b'f' => ArchiveKind::File(payload.to_vec()),
            b'l' => ArchiveKind::Symlink(
                String::from_utf8(payload.to_vec()).map_err(|_| ArchiveError::NotAnArchive)?,
            ),
            _ => return Err(ArchiveError::NotAnArchive),
        };
        let mode = u32::from_be_bytes(r.array()?);
        let mtime_unix_micros = u64::from_be_bytes(r.array()?);
        out.push(ArchiveEntry {
            path,
            kind,
            mode,
            owner,
            group,
            mtime_unix_micros,
        });
    }
    Ok(out)
}

/// A cursor that fails instead of reading past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ArchiveError> {
        if n > self.0.len() {
            return Err(ArchiveError::Truncated);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ArchiveError> {
        self.take(N)?
            .try_into()
            .map_err(|_| ArchiveError::Truncated)
    }

    fn field(&mut self) -> Result<&'a [u8], ArchiveError> {
        let len = u32::from_be_bytes(self.array()?) as usize;
        self.take(len)
    }

    fn text(&mut self) -> Result<String, ArchiveError> {
        String::from_utf8(self.field()?.to_vec()).map_err(|_| ArchiveError::NotAnArchive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(path: &str, kind: ArchiveKind) -> ArchiveEntry {
        ArchiveEntry {
            path: path.into(),
            kind,
            mode: 0o644,
            owner: "root".into(),
            group: "root".into(),
            mtime_unix_micros: 7,
        }
    }

    #[test]
    fn an_archive_round_trips_and_looks_gzipped() {
        let entries = vec![
            entry("etcd", ArchiveKind::Dir),
            entry("etcd/member", ArchiveKind::File(b"wal".to_vec())),
            entry("etcd/link", ArchiveKind::Symlink("member".into())),
        ];
        let bytes = encode_archive(&entries);
        assert!(bytes.starts_with(b"\x1f\x8b"));
        assert_eq!(decode_archive(&bytes), Ok(entries));
        assert_eq!(decode_archive(b"hello"), Err(ArchiveError::NotAnArchive));
        assert_eq!(
            decode_archive(&bytes[..bytes.len() - 1]),
            Err(ArchiveError::Truncated)
        );
    }

    proptest! {
        #[test]
        fn decoding_garbage_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
            let data = [MAGIC, &tail].concat();
            let _ = decode_archive(&data);
        }
    }
}
