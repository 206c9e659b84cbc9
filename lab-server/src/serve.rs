//! `lab serve`: the HTTP server for the web app.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use tower_http::compression::CompressionLayer;

use crate::assets::{self, AssetSource, WebBundle};
use crate::cli::ServeArgs;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

type Assets = Arc<dyn AssetSource>;

/// The app's routes over any source of files; compression is negotiated per request.
pub fn router(source: Assets) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/{*path}", get(file))
        .layer(CompressionLayer::new())
        .with_state(source)
}

async fn index(State(source): State<Assets>, headers: HeaderMap) -> Response {
    assets::respond(source.as_ref(), "", &headers)
}

async fn file(
    State(source): State<Assets>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    assets::respond(source.as_ref(), &path, &headers)
}

pub fn run(args: ServeArgs) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(serve(args.addr))
}

async fn serve(addr: SocketAddr) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener.local_addr().unwrap_or(addr);
    println!("Cluster Lab is running at http://{local}/ (Ctrl-C to stop)");
    axum::serve(listener, router(Arc::new(WebBundle)))
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, run until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
        .map_err(ServeError::Serve)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::collections::HashMap;

    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;
    use crate::assets::Asset;

    struct Files(HashMap<&'static str, &'static [u8]>);

    impl AssetSource for Files {
        fn get(&self, path: &str) -> Option<Asset> {
            self.0.get(path).map(|data| Asset {
                data: Cow::Borrowed(*data),
                sha256: [path.len() as u8; 32],
            })
        }
    }

    fn app() -> Router {
        let wasm: &'static [u8] = Box::leak(vec![0u8; 4096].into_boxed_slice());
        router(Arc::new(Files(HashMap::from([
            ("index.html", &b"<!doctype html><title>lab</title>"[..]),
            ("pkg/lab_web_bg.wasm", wasm),
            ("pkg/lab_web.js", &b"export default function init() {}"[..]),
        ]))))
    }

    async fn get(uri: &str, headers: &[(&str, &str)]) -> axum::response::Response {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        app()
            .oneshot(request.body(Body::empty()).expect("valid request"))
            .await
            .expect("infallible")
    }

    fn content_type(response: &axum::response::Response) -> &str {
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("ascii")
    }

    #[tokio::test]
    async fn root_serves_the_html_page() {
        let response = get("/", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(content_type(&response), "text/html; charset=utf-8");
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        assert!(body.starts_with(b"<!doctype html>"));
    }

    #[tokio::test]
    async fn wasm_is_served_as_application_wasm() {
        let response = get("/pkg/lab_web_bg.wasm", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(content_type(&response), "application/wasm");
        assert_eq!(
            content_type(&get("/pkg/lab_web.js", &[]).await),
            "text/javascript; charset=utf-8"
        );
    }

    #[tokio::test]
    async fn responses_are_compressed_when_the_client_accepts_it() {
        let response = get("/pkg/lab_web_bg.wasm", &[("accept-encoding", "gzip")]).await;
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        assert!(
            body.len() < 4096,
            "4 KiB of zeros should shrink, got {} bytes",
            body.len()
        );
    }

    #[tokio::test]
    async fn unknown_paths_are_404() {
        let response = get("/nope.js", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn a_matching_etag_gets_304() {
        let first = get("/", &[]).await;
        let etag = first.headers()[header::ETAG]
            .to_str()
            .expect("ascii")
            .to_owned();
        let again = get("/", &[("if-none-match", &etag)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }

    #[test]
    fn the_embedded_bundle_has_an_index_page() {
        assert!(AssetSource::get(&WebBundle, "index.html").is_some());
    }
}
