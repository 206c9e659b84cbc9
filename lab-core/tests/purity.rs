//! lab-core's promise, checked mechanically: no wall clock, no global or OS randomness, no
//! I/O, and no hash maps (their iteration order is randomized per process, which would break
//! replay). Scans the crate's own sources; the tests directory is exempt.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

const FORBIDDEN: &[&str] = &[
    "Instant::now",
    "SystemTime",
    "thread_rng",
    "rand::rng(",
    "OsRng",
    "from_entropy",
    "from_os_rng",
    "getrandom",
    "std::fs",
    "std::net::TcpStream",
    "std::net::UdpSocket",
    "HashMap",
    "HashSet",
    "println!",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_engine_has_no_clock_no_global_rng_and_no_io() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "found the sources");
    let mut violations = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("utf-8 source");
        for (n, line) in text.lines().enumerate() {
            for word in FORBIDDEN.iter().filter(|w| line.contains(**w)) {
                violations.push(format!("{}:{}: {word}", file.display(), n + 1));
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}
