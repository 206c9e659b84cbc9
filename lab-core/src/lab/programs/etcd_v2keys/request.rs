//! What a `/v2/keys` request asks for: its form (query and body, decoded as Go's `FormValue`
//! reads them) turned into the store's [`V2Request`], with etcd's checks on `ttl`, `refresh`,
//! `prevIndex` and `waitIndex` and their error codes.

use crate::v2store::{ErrorCode, TtlOptions, V2Error, V2Request};

/// Longest form (query plus body) read (unit: bytes).
const MAX_FORM_BYTES: usize = 2 * 1_572_864;

/// The write a PUT asks for; `now` (Unix nanoseconds) is this member's clock, from which
/// a `ttl` becomes an expiration, as etcd's `parseKeyRequest` computes it.
pub(super) fn put_request(key: &str, form: &Form, now: i64) -> Result<V2Request, V2Error> {
    let value = if form.flag("dir") {
        None
    } else {
        Some(form.get("value").unwrap_or_default().to_owned())
    };
    let prev_value = form.get("prevValue").map(str::to_owned);
    let prev_index = form.number("prevIndex")?;
    let ttl = ttl_options(form, now)?;
    let key = key.to_owned();
    Ok(match (form.get("prevExist"), prev_value, prev_index) {
        (Some("false"), _, _) => V2Request::Create { key, value, ttl },
        (_, None, None) if form.get("prevExist") == Some("true") => V2Request::Update {
            key,
            value: value.unwrap_or_default(),
            ttl,
        },
        (_, None, None) => V2Request::Set { key, value, ttl },
        (_, prev_value, prev_index) => V2Request::CompareAndSwap {
            key,
            prev_value,
            prev_index,
            value: value.unwrap_or_default(),
            ttl,
        },
    })
}

/// `ttl=` and `refresh=` checked in etcd's order: a TTL that is not a whole number of
/// seconds (202), a `refresh` that is not a boolean (209), a refresh with a value (211) or
/// without a TTL (212). An empty `ttl=` means none: the node becomes permanent.
pub(super) fn ttl_options(form: &Form, now: i64) -> Result<TtlOptions, V2Error> {
    let ttl = form.number("ttl").map_err(|_| V2Error {
        code: ErrorCode::TtlNaN,
        cause: "invalid value for \"ttl\"".to_owned(),
        index: 0,
    })?;
    let refresh = match form.get("refresh") {
        None => false,
        Some(text) => parse_bool(text).ok_or_else(|| V2Error {
            code: ErrorCode::InvalidField,
            cause: "invalid value for refresh".to_owned(),
            index: 0,
        })?,
    };
    if refresh && form.get("value").is_some_and(|v| !v.is_empty()) {
        let cause = "A value was provided on a refresh";
        return Err(V2Error::new(ErrorCode::RefreshValue, cause, 0));
    }
    if refresh && ttl.is_none() {
        return Err(V2Error::new(
            ErrorCode::RefreshTtlRequired,
            "No TTL value set",
            0,
        ));
    }
    Ok(match ttl {
        Some(secs) => TtlOptions::after(now, secs, refresh),
        None => TtlOptions {
            expiration: None,
            refresh,
        },
    })
}

/// Go's `strconv.ParseBool`.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

pub(super) fn delete_request(key: &str, form: &Form) -> Result<V2Request, V2Error> {
    let prev_value = form.get("prevValue").map(str::to_owned);
    let prev_index = form.number("prevIndex")?;
    let key = key.to_owned();
    Ok(if prev_value.is_some() || prev_index.is_some() {
        V2Request::CompareAndDelete {
            key,
            prev_value,
            prev_index,
        }
    } else {
        V2Request::Delete {
            key,
            dir: form.flag("dir"),
            recursive: form.flag("recursive"),
        }
    })
}

/// A request's form values: the body's first, then the query's, as Go's `FormValue` reads
/// them.
pub(super) struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub(super) fn parse(query: &str, body: &str) -> Form {
        let mut text = String::with_capacity(query.len() + body.len() + 1);
        text.push_str(body);
        text.push('&');
        text.push_str(query);
        let pairs = text
            .get(..text.len().min(MAX_FORM_BYTES))
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (unescape(k), unescape(v))
            })
            .collect();
        Form { pairs }
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Go's `strconv.ParseBool` as etcd reads flags: true for `true`, `1`, `t`...
    pub(super) fn flag(&self, name: &str) -> bool {
        self.get(name).and_then(parse_bool).unwrap_or(false)
    }

    /// A number field, as Go's `strconv.ParseUint(text, 10, 64)` reads it (digits only, no
    /// sign); etcd's error 203 if it is not one.
    pub(super) fn number(&self, name: &str) -> Result<Option<u64>, V2Error> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(text) if text.bytes().all(|b| b.is_ascii_digit()) => {
                text.parse().map(Some).map_err(|_| nan(name))
            }
            Some(_) => Err(nan(name)),
        }
    }
}

/// etcd's 203 for a field that is not a number.
fn nan(name: &str) -> V2Error {
    V2Error {
        code: ErrorCode::IndexNaN,
        cause: format!("invalid value for {name:?}"),
        index: 0,
    }
}

/// Form decoding: `+` is a space, `%XX` a byte; a bad escape stays as typed.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_decode_and_the_body_wins() {
        let form = Form::parse("value=q&recursive=true", "value=a%20b+c");
        assert_eq!(form.get("value"), Some("a b c"));
        assert!(form.flag("recursive"));
        assert_eq!(
            Form::parse("waitIndex=abc", "").number("waitIndex").map_err(|e| e.to_json()),
            Err("{\"errorCode\":203,\"message\":\"The given index in POST form is not a number\",\"cause\":\"invalid value for \\\"waitIndex\\\"\",\"index\":0}\n".to_owned())
        );
    }

    #[test]
    fn puts_pick_the_write_etcd_would() {
        let put = |q: &str| put_request("/k", &Form::parse(q, "value=v"), 0);
        assert!(matches!(
            put("prevExist=false"),
            Ok(V2Request::Create { .. })
        ));
        assert!(matches!(
            put("prevExist=true"),
            Ok(V2Request::Update { .. })
        ));
        assert!(matches!(
            put("prevValue=x"),
            Ok(V2Request::CompareAndSwap { .. })
        ));
        assert!(matches!(
            put("dir=true"),
            Ok(V2Request::Set { value: None, .. })
        ));
        assert!(matches!(
            put("ttl=5"),
            Ok(V2Request::Set { ttl: TtlOptions { expiration: Some(e), refresh: false }, .. })
                if e == 5_000_000_000
        ));
    }
}
