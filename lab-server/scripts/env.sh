# Sourced by the other scripts: where things are, and the tools setup.sh installed.
# shellcheck shell=bash

CLUSTER_LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER_LAB_CACHE=${CLUSTER_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cluster-lab}
CLUSTER_LAB_TOOLS=$CLUSTER_LAB_CACHE/tools
CLUSTER_LAB_NPM=$CLUSTER_LAB_CACHE/npm
# The built web app (index.html, styles, the wasm and its JS glue); lab-server embeds it.
CLUSTER_LAB_DIST=$CLUSTER_LAB_ROOT/target/web/dist
export CLUSTER_LAB_ROOT CLUSTER_LAB_CACHE CLUSTER_LAB_DIST
export PATH="$CLUSTER_LAB_TOOLS/bin:$CLUSTER_LAB_NPM/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version Cargo.lock holds: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' \
    "$CLUSTER_LAB_ROOT/Cargo.lock"
}

# The toolchain setup.sh chose for wasm32 builds.
wasm_toolchain() {
  cat "$CLUSTER_LAB_CACHE/wasm-toolchain"
}
