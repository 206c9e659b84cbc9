//! Points `rust-embed` at the web bundle to embed in the `lab` binary.
//!
//! The bundle is `target/web/dist` (built by `scripts/build-web.sh`), or `$CLUSTER_LAB_DIST`.
//! When it has not been built, the binary embeds a one-page bundle that says how to build it,
//! so `cargo build`/`cargo test` work on a fresh clone and `lab serve` never serves nothing.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-env-changed=CLUSTER_LAB_DIST");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dist = env::var_os("CLUSTER_LAB_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../target/web/dist"));
    println!("cargo:rerun-if-changed={}", dist.display());

    let embedded = if dist.join("index.html").is_file() {
        dist
    } else {
        println!(
            "cargo:warning=web bundle not found at {}; embedding a page that says how to build it",
            dist.display()
        );
        let fallback = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join("no-web");
        fs::create_dir_all(&fallback).expect("OUT_DIR is writable");
        fs::write(fallback.join("index.html"), FALLBACK_PAGE).expect("OUT_DIR is writable");
        fallback
    };
    let embedded = embedded
        .canonicalize()
        .expect("the bundle directory exists");
    println!("cargo:rustc-env=LAB_WEB_BUNDLE={}", embedded.display());
}

const FALLBACK_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cluster Lab: web app not built</title>
<link rel="icon" href="data:,"></head>
<body><h1>Cluster Lab</h1>
<p>This <code>lab</code> binary was built without the web app.
Build and run it with <code>lab-server/scripts/run.sh</code>, which builds the app first.</p>
</body></html>
"#;
