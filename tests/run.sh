#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust tests of every crate, and the browser tests
# (Playwright driving Debian's Chromium against `lab serve`). Installs what is missing first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../lab-server/scripts/env.sh
source "$root/lab-server/scripts/env.sh"
cd "$root"
# Incremental caches only help the next edit; in a full run they doubled the debug target's size.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "set-up"
lab-server/scripts/setup.sh test
step "web bundle"
lab-server/scripts/build-web.sh
step "format and lints"
cargo fmt --all --check
cargo clippy -q --workspace --all-targets -- -D warnings
step "Rust tests"
cargo test -q --workspace
step "safety harness"
cargo build -q -p lab-server
target/debug/lab check --seeds 1000
step "browser tests"
LAB_BIN="$root/target/debug/lab" node --test --test-concurrency=1 tests/browser/
