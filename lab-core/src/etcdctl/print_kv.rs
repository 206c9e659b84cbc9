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
pub(super) fn range(format: Format, simple: Simple, r: &RangeResponse) -> Result<String, CtlError> {
    let mut text = String::new();
    match format {
        Format::Simple => r.kvs.iter().for_each(|kv| push_kv(&mut text, simple, kv)),
        Format::Fields => {
            push_header(&mut text, &r.header);
            r.kvs
                .iter()
                .for_each(|kv| push_kv_fields(&mut text, "", kv));
            text.push_str(&format!("\"More\" : {}\n\"Count\" : {}\n", r.more, r.count));
        }
        Format::Json => text = json_line(r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

/// Text of a `put` answer.
pub(super) fn put(format: Format, simple: Simple, r: &PutResponse) -> Result<String, CtlError> {
    let mut text = String::new();
    match format {
        Format::Simple => {
            text.push_str("OK\n");
            if let Some(kv) = &r.prev_kv {
                push_kv(&mut text, simple, kv);
            }
        }
        Format::Fields => {
            push_header(&mut text, &r.header);
            if let Some(kv) = &r.prev_kv {
                push_kv_fields(&mut text, "Prev", kv);
            }
        }
        Format::Json => text = json_line(r),
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
) -> Result<String, CtlError> {
    let mut text = String::new();
    match format {
        Format::Simple => {
            text.push_str(&format!("{}\n", r.deleted));
            r.prev_kvs
                .iter()
                .for_each(|kv| push_kv(&mut text, simple, kv));
        }
        Format::Fields => {
            push_header(&mut text, &r.header);
            text.push_str(&format!("\"Deleted\" : {}\n", r.deleted));
            r.prev_kvs
                .iter()
                .for_each(|kv| push_kv_fields(&mut text, "Prev", kv));
        }
        Format::Json => text = json_line(r),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

/// `printKV`: key and value on their own lines (only the value with
/// `--print-value-only`), `\x..` escaped with `--hex`.
fn push_kv(text: &mut String, simple: Simple, kv: &KeyValue) {
    let show = |bytes: &[u8]| {
        if simple.hex {
            hex_escaped(bytes)
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if !simple.value_only {
        text.push_str(&show(&kv.key));
        text.push('\n');
    }
    text.push_str(&show(&kv.value));
    text.push('\n');
}

/// The fields printer's header lines.
pub(super) fn push_header(text: &mut String, h: &ResponseHeader) {
    text.push_str(&format!(
        "\"ClusterID\" : {}\n\"MemberID\" : {}\n\"Revision\" : {}\n\"RaftTerm\" : {}\n",
        h.cluster_id, h.member_id, h.revision, h.raft_term
    ));
}

fn push_kv_fields(text: &mut String, prefix: &str, kv: &KeyValue) {
    text.push_str(&format!(
        "\"{prefix}Key\" : {}\n\"{prefix}CreateRevision\" : {}\n\"{prefix}ModRevision\" : {}\n\"{prefix}Version\" : {}\n\"{prefix}Value\" : {}\n\"{prefix}Lease\" : {}\n",
        quote(&kv.key),
        kv.create_revision,
        kv.mod_revision,
        kv.version,
        quote(&kv.value),
        kv.lease
    ));
}

/// `printJSON`: one line of Go-shaped JSON.
pub(super) fn json_line<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(json) => format!("{json}\n"),
        Err(e) => format!("{e}\n"),
    }
}
