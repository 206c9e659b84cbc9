#!/usr/bin/env bash
# Builds the web app into target/web/dist: lab-web for wasm32 (size-optimized profile),
# wasm-bindgen, wasm-opt -Oz, plus static/. Prints the bundle size raw and gzipped.
# Run setup.sh build first (run.sh and tests/run.sh do).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
cd "$CLUSTER_LAB_ROOT"

target=wasm32-unknown-unknown
profile=wasm-release
tc=$(wasm_toolchain)
pkg=target/web/pkg
dist=$CLUSTER_LAB_DIST

echo "[build-web] cargo +$tc build -p lab-web --target $target --profile $profile" >&2
cargo "+$tc" build -q -p lab-web --target "$target" --profile "$profile"

rm -rf "$pkg"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" "target/$target/$profile/lab_web.wasm"
# rustc's wasm32 target emits these proposals by default; wasm-opt must be told it may keep them.
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$pkg/lab_web_bg.opt.wasm" "$pkg/lab_web_bg.wasm"
mv "$pkg/lab_web_bg.opt.wasm" "$pkg/lab_web_bg.wasm"

# Assemble into a fresh directory and swap it in, so lab-server never embeds a half-written one.
next="$dist.next"
rm -rf "$next"
mkdir -p "$next/pkg"
cp -r static/. "$next/"
rm -rf "$next/readme"
cp "$pkg/lab_web.js" "$pkg/lab_web_bg.wasm" "$next/pkg/"
rm -rf "$dist"
mv "$next" "$dist"

size() {
  awk -v raw="$(wc -c <"$1")" -v gz="$(gzip -9 -c "$1" | wc -c)" -v name="$2" \
    'BEGIN { printf "%8.1f KiB raw %8.1f KiB gzip  %s\n", raw / 1024, gz / 1024, name }'
}
echo "[build-web] bundle:" >&2
size "$dist/pkg/lab_web_bg.wasm" "lab_web_bg.wasm" >&2
size "$dist/pkg/lab_web.js" "lab_web.js" >&2
total=$(mktemp)
cat "$dist"/index.html "$dist"/*.css "$dist"/pkg/* >"$total" 2>/dev/null || true
size "$total" "total (html, css, js, wasm)" >&2
rm -f "$total"
