#!/usr/bin/env bash
# Sets up what is missing, builds the web app and the `lab` binary, and runs it.
# Arguments go to `lab` (default: `lab serve`, http://127.0.0.1:8080).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
"$here/setup.sh" build
"$here/build-web.sh"
cd "$CLUSTER_LAB_ROOT"
cargo build -q --release -p lab-server
echo "[run] the binary is target/release/lab: one file, the web app inside" >&2
exec target/release/lab "$@"
