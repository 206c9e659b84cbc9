//! How `get`, `put` and `del` answers are printed in each `--write-out` format
//! (etcdctl's `printer_simple.go`, `printer_fields.go`, `printer_json.go`).

use super::context::Format;
use super::error::CtlError;
use super::gofmt::{hex_escaped, quote};
use super::pb::{DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, ResponseHeader};

/// Options of the simple printer.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Simple {
    pub hex: bool,
    pub value_only: bool,
}

/// Text of a `get` answer, or the refusal of the format.
pub(super) fn range(
    format: Format,
    simple: Simple,
    r: &RangeResponse,
) -> Result<Vec<u8>, CtlError> {
    let mut text = Vec::new();
    match format {
        Format::Simple => r.kvs.iter().for_each(|kv| push_kv(&mut text, simple, kv)),
        Format::Fields => {
            text.extend_from_slice(header_text(&r.header).as_bytes());
            r.kvs
                .iter()
                .for_each(|kv| push_kv_fields(&mut text, "", kv));
            text.extend_from_slice(
                format!("\"More\" : {}\n\"Count\" : {}\n", r.more, r.count).as_bytes(),
            );
        }
        Format::Json => text = json_line(r).into_bytes(),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

/// Text of a `put` answer.
pub(super) fn put(format: Format, simple: Simple, r: &PutResponse) -> Result<Vec<u8>, CtlError> {
    let mut text = Vec::new();
    match format {
        Format::Simple => {
            text.extend_from_slice(b"OK\n");
            if let Some(kv) = &r.prev_kv {
                push_kv(&mut text, simple, kv);
            }
        }
        Format::Fields => {
            text.extend_from_slice(header_text(&r.header).as_bytes());
            if let Some(kv) = &r.prev_kv {
                push_kv_fields(&mut text, "Prev", kv);
            }
        }
        Format::Json => text = json_line(r).into_bytes(),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

/// Text of a `del` answer.
pub(super) fn delete(
    format: Format,
    simple: Simple,
    r: &DeleteRangeResponse,
) -> Result<Vec<u8>, CtlError> {
    let mut text = Vec::new();
    match format {
        Format::Simple => {
            text.extend_from_slice(format!("{}\n", r.deleted).as_bytes());
            r.prev_kvs
                .iter()
                .for_each(|kv| push_kv(&mut text, simple, kv));
        }
        Format::Fields => {
            text.extend_from_slice(header_text(&r.header).as_bytes());
            text.extend_from_slice(format!("\"Deleted\" : {}\n", r.deleted).as_bytes());
            r.prev_kvs
                .iter()
                .for_each(|kv| push_kv_fields(&mut text, "Prev", kv));
        }
        Format::Json => text = json_line(r).into_bytes(),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

/// `printKV`: key and value on their own lines (only the value with
/// `--print-value-only`), `\x..` escaped with `--hex`.
pub(super) fn push_kv(text: &mut Vec<u8>, simple: Simple, kv: &KeyValue) {
    // Go prints the bytes as they are.
    let show = |bytes: &[u8]| {
        if simple.hex {
            hex_escaped(bytes).into_bytes()
        } else {
            bytes.to_vec()
        }
    };
    if !simple.value_only {
        text.extend(show(&kv.key));
        text.push(b'\n');
    }
    text.extend(show(&kv.value));
    text.push(b'\n');
}

/// The fields printer's header lines.
pub(super) fn push_header(text: &mut String, h: &ResponseHeader) {
    text.push_str(&header_text(h));
}

pub(super) fn header_text(h: &ResponseHeader) -> String {
    format!(
        "\"ClusterID\" : {}\n\"MemberID\" : {}\n\"Revision\" : {}\n\"RaftTerm\" : {}\n",
        h.cluster_id, h.member_id, h.revision, h.raft_term
    )
}

pub(super) fn push_kv_fields(text: &mut Vec<u8>, prefix: &str, kv: &KeyValue) {
    text.extend_from_slice(format!(
        "\"{prefix}Key\" : {}\n\"{prefix}CreateRevision\" : {}\n\"{prefix}ModRevision\" : {}\n\"{prefix}Version\" : {}\n\"{prefix}Value\" : {}\n\"{prefix}Lease\" : {}\n",
        quote(&kv.key),
        kv.create_revision,
        kv.mod_revision,
        kv.version,
        quote(&kv.value),
        kv.lease
    ).as_bytes());
}

/// `printJSON`: one line of Go-shaped JSON.
pub(super) fn json_line<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(json) => format!("{json}\n"),
        Err(e) => format!("{e}\n"),
    }
}
