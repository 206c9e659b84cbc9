//! The gateway's answers against the recorded ones (`tests/data/gateway-reference.md`):
//! status, headers and bodies of errors, methods and paths.

use super::*;
use crate::etcdctl::ServerError;

#[test]
fn both_version_prefixes_are_served_and_others_are_not() {
    assert_eq!(service_of("/v3/kv/range"), Some("kv/range"));
    assert_eq!(service_of("/v3beta/kv/range?x=1"), Some("kv/range"));
    assert_eq!(service_of("/v3alpha/kv/range"), None);
    assert_eq!(service_of("/v2/keys"), None);
}

#[test]
fn a_server_error_is_chunked_with_the_grpc_trailer_and_mapped_status() {
    let err = RpcError::Server(ServerError::new(
        GrpcCode::NotFound,
        "etcdserver: requested lease not found",
    ));
    let answer = failed(&err);
    assert_eq!(answer.status, 404);
    assert!(answer.chunked);
    assert_eq!(
        answer.trailer,
        Some("Grpc-Trailer-Content-Type: application/grpc")
    );
    assert_eq!(
        answer.headers,
        vec![
            ("Content-Type", "application/json".to_owned()),
            ("Trailer", "Grpc-Trailer-Content-Type".to_owned()),
        ]
    );
    assert_eq!(
        answer.body,
        r#"{"error":"etcdserver: requested lease not found","message":"etcdserver: requested lease not found","code":5}"#
    );
}

#[test]
fn recorded_codes_map_to_recorded_statuses() {
    let cases = [
        (GrpcCode::InvalidArgument, 400),
        (GrpcCode::OutOfRange, 400),
        (GrpcCode::NotFound, 404),
        (GrpcCode::PermissionDenied, 403),
        (GrpcCode::FailedPrecondition, 412),
        (GrpcCode::Unauthenticated, 401),
        (GrpcCode::Unknown, 500),
    ];
    for (code, status) in cases {
        assert_eq!(status_of(code).0, status, "{code}");
    }
}

#[test]
fn a_body_that_does_not_decode_is_400_code_3_with_a_length_not_a_trailer() {
    let answer = decode_failed("illegal base64 data at input byte 3", false);
    assert_eq!(
        (answer.status, answer.chunked, answer.trailer),
        (400, false, None)
    );
    assert_eq!(
        answer.body,
        r#"{"error":"illegal base64 data at input byte 3","message":"illegal base64 data at input byte 3","code":3}"#
    );
    assert_eq!(
        decode_failed("x", true).status,
        500,
        "a stream's decoder says Unknown"
    );
}

#[test]
fn a_success_carries_the_grpc_metadata_header() {
    let answer = success("{}".to_owned());
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.headers,
        vec![
            ("Content-Type", "application/json".to_owned()),
            ("Grpc-Metadata-Content-Type", "application/grpc".to_owned()),
        ]
    );
}
