//! How `watch` prints each response (`printer_simple.go`, `printer_fields.go`, JSON):
//! per event its type, the previous key-value when asked for, then the key-value.

use super::context::Format;
use super::error::CtlError;
use super::pb_watch::WatchResponse;
use super::print_kv::{Simple, header_text, json_line, push_kv, push_kv_fields};

/// The text of one watch response, or the refusal of the format.
pub(super) fn watch(
    format: Format,
    simple: Simple,
    r: &WatchResponse,
) -> Result<Vec<u8>, CtlError> {
    let mut text = Vec::new();
    match format {
        Format::Simple => {
            for e in &r.events {
                text.extend_from_slice(e.kind.name().as_bytes());
                text.push(b'\n');
                if let Some(prev) = &e.prev_kv {
                    push_kv(&mut text, simple, prev);
                }
                push_kv(&mut text, simple, &e.kv);
            }
        }
        Format::Fields => {
            text.extend_from_slice(header_text(&r.header).as_bytes());
            for e in &r.events {
                text.extend_from_slice(format!("\"Type\" : {}\n", e.kind.name()).as_bytes());
                if let Some(prev) = &e.prev_kv {
                    push_kv_fields(&mut text, "Prev", prev);
                }
                push_kv_fields(&mut text, "", &e.kv);
            }
        }
        Format::Json => text = json_line(r).into_bytes(),
        Format::Protobuf | Format::Table => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etcdctl::KeyValue;
    use crate::etcdctl::pb_watch::{Event, EventType};

    fn kv(value: &str, rev: i64) -> KeyValue {
        KeyValue {
            key: b"wp/a".to_vec(),
            create_revision: 18,
            mod_revision: rev,
            version: rev - 17,
            value: value.as_bytes().to_vec(),
            lease: 0,
        }
    }

    #[test]
    fn the_simple_printer_shows_the_previous_value_between_type_and_new_value() {
        let r = WatchResponse {
            events: vec![Event {
                kind: EventType::Put,
                kv: kv("2", 19),
                prev_kv: Some(kv("1", 18)),
            }],
            ..WatchResponse::default()
        };
        let text = watch(Format::Simple, Simple::default(), &r).unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&text), "PUT\nwp/a\n1\nwp/a\n2\n");
    }

    #[test]
    fn a_delete_prints_an_empty_value_line_and_fields_name_its_type() {
        let r = WatchResponse {
            events: vec![Event {
                kind: EventType::Delete,
                kv: KeyValue {
                    key: b"wk".to_vec(),
                    mod_revision: 5,
                    ..KeyValue::default()
                },
                prev_kv: None,
            }],
            ..WatchResponse::default()
        };
        let simple = watch(Format::Simple, Simple::default(), &r).unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&simple), "DELETE\nwk\n\n");
        let fields = watch(Format::Fields, Simple::default(), &r).unwrap_or_default();
        assert!(String::from_utf8_lossy(&fields).contains("\"Type\" : DELETE\n\"Key\" : \"wk\"\n"));
        assert_eq!(
            watch(Format::Table, Simple::default(), &r),
            Err(CtlError::unsupported_format("table"))
        );
    }
}
