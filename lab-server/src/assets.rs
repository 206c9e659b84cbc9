//! The web bundle embedded in the binary, and how a request for one of its files is answered.
//!
//! The bundle is small and fixed at build time, so every file is served from memory with its
//! content type, an ETag from its SHA-256, and `Cache-Control: no-cache` (file names carry no
//! hash, so browsers must revalidate; the ETag makes that a cheap 304).

use std::borrow::Cow;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

/// The files of the web app, from the directory `build.rs` chose.
#[derive(Embed)]
#[folder = "$LAB_WEB_BUNDLE"]
pub struct WebBundle;

/// One file to serve: its bytes and the hash its ETag is made from.
pub struct Asset {
    pub data: Cow<'static, [u8]>,
    pub sha256: [u8; 32],
}

/// Where the server finds files: the embedded bundle in the binary, an in-memory map in tests.
pub trait AssetSource: Send + Sync + 'static {
    fn get(&self, path: &str) -> Option<Asset>;
}

impl AssetSource for WebBundle {
    fn get(&self, path: &str) -> Option<Asset> {
        <WebBundle as Embed>::get(path).map(|file| Asset {
            sha256: file.metadata.sha256_hash(),
            data: file.data,
        })
    }
}

/// Answers a GET for `path` (without its leading `/`; empty means `index.html`).
pub fn respond(source: &dyn AssetSource, path: &str, request: &HeaderMap) -> Response {
    let path = if path.is_empty() { "index.html" } else { path };
    let Some(asset) = source.get(path) else {
        return (StatusCode::NOT_FOUND, "404 page not found\n").into_response();
    };
    let etag = etag(&asset.sha256);
    let mut headers = HeaderMap::new();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    if let Ok(value) = HeaderValue::from_str(content_type(path)) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    (StatusCode::OK, headers, asset.data).into_response()
}

fn content_type(path: &str) -> &'static str {
    // mime_guess knows wasm, but say it here too: browsers refuse streaming compilation of a
    // `.wasm` served as anything but `application/wasm`.
    if path.ends_with(".wasm") {
        return "application/wasm";
    }
    match mime_guess::from_path(path).first_raw() {
        Some("text/html") => "text/html; charset=utf-8",
        Some("text/css") => "text/css; charset=utf-8",
        Some("application/javascript" | "text/javascript") => "text/javascript; charset=utf-8",
        Some(other) => other,
        None => "application/octet-stream",
    }
}

fn etag(sha256: &[u8; 32]) -> String {
    let hex: String = sha256[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}
