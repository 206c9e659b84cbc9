//! PEM framing (RFC 7468): `-----BEGIN LABEL-----`, base64 in 64-column lines,
//! `-----END LABEL-----`. The lab's certificates and keys are PEM files like real ones; only
//! the bytes inside are the lab's own encoding (see [`super::cert`]).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::PkiError;

/// Largest PEM input read (unit: bytes): a bundle of a few dozen certificates.
pub const MAX_PEM_BYTES: usize = 256 * 1024;
/// Most blocks read from one file (unit: PEM blocks).
pub const MAX_PEM_BLOCKS: usize = 64;

/// One `BEGIN`/`END` block: its label and decoded bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PemBlock {
    /// `CERTIFICATE`, `RSA PRIVATE KEY`, `CERTIFICATE REQUEST`...
    pub label: String,
    /// The bytes the base64 carries.
    pub data: Vec<u8>,
}

/// Frames `data` as a PEM block labelled `label`.
pub fn encode(label: &str, data: &[u8]) -> String {
    let b64 = STANDARD.encode(data);
    let mut out = format!("-----BEGIN {label}-----\n");
    let mut rest = b64.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Every block in `text`, in order, as Go's `pem.Decode` loop finds them: text between
/// blocks is skipped; a block that does not decode ends the scan.
pub fn decode_all(text: &[u8]) -> Result<Vec<PemBlock>, PkiError> {
    if text.len() > MAX_PEM_BYTES {
        return Err(PkiError::TooLarge(MAX_PEM_BYTES));
    }
    let text = String::from_utf8_lossy(text);
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(label) = line
            .trim()
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut b64 = String::new();
        let mut closed = false;
        for body in lines.by_ref() {
            if body.trim() == end {
                closed = true;
                break;
            }
            b64.push_str(body.trim());
        }
        let data = STANDARD.decode(b64.as_bytes()).ok().filter(|_| closed);
        let Some(data) = data else { break };
        if blocks.len() >= MAX_PEM_BLOCKS {
            return Err(PkiError::TooManyBlocks(MAX_PEM_BLOCKS));
        }
        blocks.push(PemBlock {
            label: label.to_owned(),
            data,
        });
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_round_trips_in_64_column_lines() {
        let data: Vec<u8> = (0..=255).collect();
        let pem = encode("CERTIFICATE", &data);
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(pem.ends_with("-----END CERTIFICATE-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64 || l.starts_with("-----")));
        let blocks = decode_all(pem.as_bytes()).expect("decodes");
        assert_eq!(
            blocks,
            vec![PemBlock {
                label: "CERTIFICATE".into(),
                data
            }]
        );
    }

    #[test]
    fn text_around_blocks_is_skipped_and_a_broken_block_ends_the_scan() {
        let two = format!("junk\n{}between\n{}", encode("A", b"1"), encode("B", b"2"));
        assert_eq!(decode_all(two.as_bytes()).expect("ok").len(), 2);
        let broken = "-----BEGIN A-----\n!!!\n-----END A-----\n";
        assert!(decode_all(broken.as_bytes()).expect("ok").is_empty());
        assert!(decode_all(b"").expect("ok").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_round_trip(data in proptest::collection::vec(proptest::num::u8::ANY, 0..500)) {
            let blocks = decode_all(encode("X", &data).as_bytes()).expect("ok");
            proptest::prop_assert_eq!(&blocks[0].data, &data);
        }

        #[test]
        fn decoding_never_panics(text in ".{0,400}") {
            let _ = decode_all(text.as_bytes());
        }
    }
}
