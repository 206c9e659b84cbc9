//! How a `txn` answer is printed (etcdctl's `Txn` printers): `SUCCESS`/`FAILURE`, then each
//! operation's answer as `get`, `put` or `del` prints it — after an empty line in the simple
//! format, with its own header in the fields format.

use super::context::Format;
use super::error::CtlError;
use super::pb_txn::{OneOf, TxnResponse};
use super::print_kv::{self, Simple, push_header};

/// Text of a `txn` answer, or the refusal of the format (after the txn ran, as in etcdctl).
pub(super) fn txn(format: Format, simple: Simple, r: &TxnResponse) -> Result<Vec<u8>, CtlError> {
    let mut text = Vec::new();
    match format {
        Format::Simple => {
            let verdict: &[u8] = if r.succeeded {
                b"SUCCESS\n"
            } else {
                b"FAILURE\n"
            };
            text.extend_from_slice(verdict);
            for op in &r.responses {
                text.push(b'\n');
                text.extend(each(format, simple, &op.response)?);
            }
        }
        Format::Fields => {
            let mut head = String::new();
            push_header(&mut head, &r.header);
            text.extend_from_slice(head.as_bytes());
            text.extend_from_slice(format!("\"Succeeded\" : {}\n", r.succeeded).as_bytes());
            for op in &r.responses {
                text.extend(each(format, simple, &op.response)?);
            }
        }
        Format::Json => text = print_kv::json_line(r).into_bytes(),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

fn each(format: Format, simple: Simple, op: &OneOf) -> Result<Vec<u8>, CtlError> {
    match op {
        OneOf::ResponseRange(r) => print_kv::range(format, simple, r),
        OneOf::ResponsePut(r) => print_kv::put(format, simple, r),
        OneOf::ResponseDeleteRange(r) => print_kv::delete(format, simple, r),
        OneOf::ResponseTxn(r) => Ok(format!("unexpected response {r:?}\n").into_bytes()),
    }
}
