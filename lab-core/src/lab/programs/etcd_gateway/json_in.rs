//! [`Message`]: one JSON object of a request body read as golang/protobuf's `jsonpb`
//! reads it for grpc-gateway: a field found by its .proto name or its camelCase JSON
//! name, unknown fields ignored, `null` the default, 64-bit numbers as JSON numbers or
//! strings, enums by name or number, bytes in base64 — and Go's error texts when a value
//! does not fit.

use crate::lab::programs::v2_members::go_kind;
use base64::Engine as _;
use serde_json::{Map, Value};
use thiserror::Error;

use crate::etcdctl::{go_json_decoder_error, go_json_syntax_error};

/// A body the gateway could not turn into the request message: its text is what the
/// gateway answers (code 3, `InvalidArgument`).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{0}")]
pub(crate) struct DecodeError(pub String);

type Decoded<T> = Result<T, DecodeError>;

fn cannot(v: &Value, go_type: &str) -> DecodeError {
    DecodeError(format!(
        "json: cannot unmarshal {} into Go value of type {go_type}",
        go_kind(v)
    ))
}

/// The request body as the gateway decodes it: Go's syntax errors first, then the first
/// JSON value, which must be an object (`null` and an empty body are the empty message).
pub(crate) fn parse_body(body: &str) -> Decoded<Map<String, Value>> {
    if let Some(text) = go_json_decoder_error(body) {
        return Err(DecodeError(text));
    }
    let first = serde_json::Deserializer::from_str(body)
        .into_iter::<Value>()
        .next();
    match first {
        None | Some(Ok(Value::Null)) => Ok(Map::new()),
        Some(Ok(Value::Object(map))) => Ok(map),
        Some(Ok(other)) => Err(cannot(&other, "map[string]json.RawMessage")),
        Some(Err(err)) => Err(DecodeError(err.to_string())),
    }
}

/// One message's fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Message<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Message<'a> {
    pub(crate) fn new(map: &'a Map<String, Value>) -> Self {
        Message { map }
    }

    /// The field called `name` in the .proto (or its camelCase form); `null` is absent.
    fn get(&self, name: &str) -> Option<&'a Value> {
        let found = self
            .map
            .get(name)
            .or_else(|| self.map.get(&camel_case(name)));
        found.filter(|v| !v.is_null())
    }

    pub(crate) fn bytes(&self, name: &str) -> Decoded<Vec<u8>> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => decode_base64(s),
            Some(other) => Err(cannot(other, "[]uint8")),
        }
    }

    pub(crate) fn string(&self, name: &str) -> Decoded<String> {
        match self.get(name) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(cannot(other, "string")),
        }
    }

    pub(crate) fn boolean(&self, name: &str) -> Decoded<bool> {
        match self.get(name) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(cannot(other, "bool")),
        }
    }

    pub(crate) fn int64(&self, name: &str) -> Decoded<i64> {
        self.number(name, "int64", |n| n.as_i64(), |s| s.parse().ok())
    }

    pub(crate) fn uint64(&self, name: &str) -> Decoded<u64> {
        self.number(name, "uint64", |n| n.as_u64(), |s| s.parse().ok())
    }

    /// A 64-bit number, bare or quoted (jsonpb unquotes, then reads the inside as JSON).
    fn number<T: Default>(
        &self,
        name: &str,
        go_type: &str,
        from_number: impl Fn(&serde_json::Number) -> Option<T>,
        from_text: impl Fn(&str) -> Option<T>,
    ) -> Decoded<T> {
        let out_of_range = |text: &str| {
            DecodeError(format!(
                "json: cannot unmarshal number {text} into Go value of type {go_type}"
            ))
        };
        match self.get(name) {
            None => Ok(T::default()),
            Some(Value::Number(n)) => from_number(n).ok_or_else(|| out_of_range(&n.to_string())),
            Some(Value::String(s)) => {
                if let Some(text) = go_json_syntax_error(s) {
                    return Err(DecodeError(text));
                }
                match serde_json::from_str::<Value>(s) {
                    Ok(Value::Number(_)) => from_text(s).ok_or_else(|| out_of_range(s)),
                    Ok(inner) => Err(cannot(&inner, go_type)),
                    Err(err) => Err(DecodeError(err.to_string())),
                }
            }
            Some(other) => Err(cannot(other, go_type)),
        }
    }

    /// An enum field: its value's name in `names` (index = number) or its number.
    /// `enum_type` is the Go name jsonpb reports, e.g. `etcdserverpb.RangeRequest_SortOrder`.
    pub(crate) fn enumeration(
        &self,
        name: &str,
        enum_type: &str,
        names: &[&str],
    ) -> Decoded<usize> {
        let unknown =
            |shown: String| DecodeError(format!("unknown value {shown} for enum {enum_type}"));
        match self.get(name) {
            None => Ok(0),
            Some(Value::String(s)) => names
                .iter()
                .position(|n| n == s)
                .ok_or_else(|| unknown(format!("{s:?}"))),
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .filter(|i| *i < names.len())
                .ok_or_else(|| unknown(n.to_string())),
            Some(other) => Err(cannot(other, "string")),
        }
    }

    /// A nested message; absent is `None`.
    pub(crate) fn message(&self, name: &str) -> Decoded<Option<Message<'a>>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Message { map })),
            Some(other) => Err(cannot(other, "map[string]json.RawMessage")),
        }
    }

    /// A repeated field's elements.
    pub(crate) fn list(&self, name: &str) -> Decoded<&'a [Value]> {
        match self.get(name) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(cannot(other, "[]json.RawMessage")),
        }
    }

    /// The elements of a repeated message field.
    pub(crate) fn messages(&self, name: &str) -> Decoded<Vec<Message<'a>>> {
        self.list(name)?
            .iter()
            .map(|item| match item {
                Value::Object(map) => Ok(Message { map }),
                other => Err(cannot(other, "map[string]json.RawMessage")),
            })
            .collect()
    }

    /// The elements of a repeated string field.
    pub(crate) fn strings(&self, name: &str) -> Decoded<Vec<String>> {
        self.list(name)?
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(cannot(other, "string")),
            })
            .collect()
    }
}

/// protoc's JSON name: `range_end` → `rangeEnd`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// Go's `base64.StdEncoding` with its error text (the offset of the first bad byte).
fn decode_base64(text: &str) -> Decoded<Vec<u8>> {
    use base64::DecodeError as E;
    let engine = base64::engine::general_purpose::STANDARD;
    engine.decode(text).map_err(|err| {
        let at = match err {
            E::InvalidByte(at, _) | E::InvalidLastSymbol(at, _) => at,
            E::InvalidLength(len) => len.saturating_sub(len % 4),
            E::InvalidPadding => text.len(),
        };
        DecodeError(format!("illegal base64 data at input byte {at}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(body: &str) -> Map<String, Value> {
        parse_body(body).expect("a JSON object")
    }

    #[test]
    fn fields_are_found_by_proto_or_camel_name_and_numbers_may_be_quoted() {
        let map = fields(r#"{"key":"Zm9v","rangeEnd":"Zm9w","limit":"2","revision":3,"x":1}"#);
        let m = Message::new(&map);
        assert_eq!(m.bytes("key"), Ok(b"foo".to_vec()));
        assert_eq!(m.bytes("range_end"), Ok(b"fop".to_vec()));
        assert_eq!((m.int64("limit"), m.int64("revision")), (Ok(2), Ok(3)));
        assert_eq!(m.boolean("keys_only"), Ok(false));
    }

    #[test]
    fn values_that_do_not_fit_get_the_recorded_go_errors() {
        let err = |body: &str, f: fn(Message<'_>) -> Decoded<()>| {
            let map = fields(body);
            f(Message::new(&map)).err().map(|e| e.0)
        };
        assert_eq!(
            err(r#"{"key":"not base64!"}"#, |m| m.bytes("key").map(drop)).as_deref(),
            Some("illegal base64 data at input byte 3")
        );
        assert_eq!(
            err(r#"{"key":5}"#, |m| m.bytes("key").map(drop)).as_deref(),
            Some("json: cannot unmarshal number into Go value of type []uint8")
        );
        assert_eq!(
            err(r#"{"limit":"abc"}"#, |m| m.int64("limit").map(drop)).as_deref(),
            Some("invalid character 'a' looking for beginning of value")
        );
        let sort = |m: Message<'_>| {
            m.enumeration(
                "sort_order",
                "etcdserverpb.RangeRequest_SortOrder",
                &["NONE"],
            )
            .map(drop)
        };
        assert_eq!(
            err(r#"{"sort_order":"SIDEWAYS"}"#, sort).as_deref(),
            Some(r#"unknown value "SIDEWAYS" for enum etcdserverpb.RangeRequest_SortOrder"#)
        );
        assert_eq!(
            parse_body("[]").err().map(|e| e.0).as_deref(),
            Some("json: cannot unmarshal array into Go value of type map[string]json.RawMessage")
        );
    }

    #[test]
    fn an_empty_body_or_null_is_the_empty_message() {
        assert_eq!(parse_body(""), Ok(Map::new()));
        assert_eq!(parse_body("null"), Ok(Map::new()));
    }
}
