//! etcd 3.4's grpc-gateway: the v3 API as JSON over HTTP on a member's client port, under
//! `/v3/` and `/v3beta/`, as `curl` users meet it. Each call is decoded as jsonpb reads it,
//! made as the gRPC call etcdctl makes (through the same world requests: one KV, lease,
//! cluster and auth path) by the member's own gateway, and answered as grpc-gateway
//! writes it: status, headers, trailer and body as recorded from real etcd in
//! `lab-core/tests/data/gateway-reference.md`.
//!
//! | file | owns |
//! |---|---|
//! | `etcd_gateway` | the routes, the methods, error statuses and bodies |
//! | `etcd_gateway/json_in` | a request body's fields as jsonpb reads them, with Go's errors |
//! | `etcd_gateway/decode` | the unary routes and the [`Request`] each body becomes |
//! | `etcd_gateway/json_out` | a [`Response`] as jsonpb writes it |
//! | `etcd_gateway/watch` | `/v3/watch`: a watcher on the member, streamed to curl |

mod decode;
mod json_in;
mod json_out;
mod watch;

pub(crate) use watch::curl_watch;

use super::etcd_http::{HttpRequest, HttpResponse};
use super::etcdctl::gateway_call;
use crate::etcdctl::{GrpcCode, Response, RpcError};
use crate::lab::Lab;
use crate::sim::Connection;
use crate::time::SimDuration;
use json_in::{DecodeError, Message, parse_body};

/// How long the gateway waits for its own gRPC call (unit: virtual time). etcd sets no
/// deadline there; the member's own request timeout answers first, this only bounds a
/// call nothing would ever answer.
const CALL_TIMEOUT: SimDuration = SimDuration::from_secs(60);

/// The version prefixes etcd 3.4 serves the gateway under.
const PREFIXES: [&str; 2] = ["/v3/", "/v3beta/"];

/// The service path after the prefix (`kv/range`), if `path` is under the gateway.
pub(crate) fn service_of(path: &str) -> Option<&str> {
    let path = path.split('?').next().unwrap_or(path);
    PREFIXES.iter().find_map(|p| path.strip_prefix(p))
}

/// Is `request` a watch stream curl must follow (`POST /v3/watch`)?
pub(crate) fn is_watch(request: &HttpRequest) -> bool {
    request.method == "POST" && service_of(&request.path) == Some("watch")
}

/// The member behind `conn` answers a request under `/v3/` or `/v3beta/`.
pub(crate) async fn serve(lab: &Lab, conn: Connection, request: &HttpRequest) -> HttpResponse {
    let service = service_of(&request.path).unwrap_or_default();
    if request.method == "OPTIONS" {
        // etcd's CORS wrapper answers every preflight itself.
        return HttpResponse::empty(200);
    }
    let streams = matches!(service, "watch" | "lease/keepalive");
    let Some(build) = decode::route(service) else {
        return match service {
            "watch" => method_not_allowed(),
            _ => HttpResponse::error(404, "Not Found"),
        };
    };
    if request.method != "POST" {
        return method_not_allowed();
    }
    let call = parse_body(&request.body).and_then(|map| build(Message::new(&map)));
    let call = match call {
        Ok(call) => call,
        Err(DecodeError(text)) => return decode_failed(&text, streams),
    };
    let deadline = lab.now().saturating_add(CALL_TIMEOUT);
    let answer = gateway_call(lab, conn, request.authorization.clone(), call, deadline).await;
    match answer {
        Ok(response) if streams => stream_message(&response),
        Ok(response) => success(json_out::response(&response)),
        Err(err) if streams => stream_error(&err),
        Err(err) => failed(&err),
    }
}

fn method_not_allowed() -> HttpResponse {
    HttpResponse::error(405, "Method Not Allowed")
}

/// A successful unary answer.
fn success(body: String) -> HttpResponse {
    HttpResponse::json(200, body)
        .with_header("Grpc-Metadata-Content-Type", "application/grpc".to_owned())
}

/// One message of a server stream (`lease/keepalive`): `{"result":…}` and a newline,
/// chunked.
fn stream_message(response: &Response) -> HttpResponse {
    HttpResponse {
        chunked: true,
        ..success(format!("{{\"result\":{}}}\n", json_out::response(response)))
    }
}

/// A gRPC status as grpc-gateway's `HTTPStatusFromCode` maps it, and its number.
fn status_of(code: GrpcCode) -> (u16, u8) {
    use GrpcCode as C;
    match code {
        C::Canceled => (408, 1),
        C::Unknown => (500, 2),
        C::InvalidArgument => (400, 3),
        C::DeadlineExceeded => (504, 4),
        C::NotFound => (404, 5),
        C::AlreadyExists => (409, 6),
        C::PermissionDenied => (403, 7),
        C::ResourceExhausted => (429, 8),
        C::FailedPrecondition => (412, 9),
        C::Aborted => (409, 10),
        C::OutOfRange => (400, 11),
        C::Unimplemented => (501, 12),
        C::Internal => (500, 13),
        C::Unavailable => (503, 14),
        C::DataLoss => (500, 15),
        C::Unauthenticated => (401, 16),
    }
}

/// The code and text of a failed call.
fn code_and_text(err: &RpcError) -> (GrpcCode, String) {
    match err {
        RpcError::Server(e) => (e.code, e.message.clone()),
        RpcError::DeadlineExceeded => (
            GrpcCode::DeadlineExceeded,
            "context deadline exceeded".to_owned(),
        ),
        RpcError::Unreachable { reason } => (
            GrpcCode::Unavailable,
            format!("all SubConns are in TransientFailure, latest connection error: {reason}"),
        ),
    }
}

/// grpc-gateway's error body: the text twice and the code's number.
fn error_body(text: &str, code: u8) -> String {
    let text = serde_json::Value::from(text).to_string();
    format!("{{\"error\":{text},\"message\":{text},\"code\":{code}}}")
}

/// A call the server refused: chunked, with the gRPC trailer after the body.
fn failed(err: &RpcError) -> HttpResponse {
    let (code, text) = code_and_text(err);
    let (status, number) = status_of(code);
    HttpResponse {
        chunked: true,
        trailer: Some("Grpc-Trailer-Content-Type: application/grpc"),
        ..HttpResponse::json(status, error_body(&text, number))
    }
    .with_header("Trailer", "Grpc-Trailer-Content-Type".to_owned())
}

/// A body that could not be decoded: code 3 (a stream's decoder reports code 2, 500).
fn decode_failed(text: &str, stream: bool) -> HttpResponse {
    let (status, code) = if stream { (500, 2) } else { (400, 3) };
    HttpResponse::json(status, error_body(text, code))
}

/// A stream's error message (grpc-gateway v1's `{"error":{…}}` chunk).
fn stream_error(err: &RpcError) -> HttpResponse {
    let (code, text) = code_and_text(err);
    let (status, number) = status_of(code);
    let reason = HttpResponse::empty(status).reason();
    let text = serde_json::Value::from(text).to_string();
    let body = format!(
        "{{\"error\":{{\"grpc_code\":{number},\"http_code\":{status},\"message\":{text},\"http_status\":\"{reason}\"}}}}\n"
    );
    HttpResponse {
        chunked: true,
        ..success(body)
    }
}

#[cfg(test)]
mod tests;
