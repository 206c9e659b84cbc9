#!/usr/bin/env bash
# Installs what building, running and testing Cluster Lab needs, when it is missing.
#
#   setup.sh build   wasm32 toolchain, wasm-bindgen-cli (the version in Cargo.lock), wasm-opt
#   setup.sh test    build + Chromium, playwright-core, etcd 3.4 (real-mode comparisons)
#
# Idempotent: every step first checks whether its result is already there, so a second run takes
# seconds. Tools the project installs itself live under $CLUSTER_LAB_CACHE (default
# ~/.cache/cluster-lab); Debian packages go through apt. The other scripts source env.sh, which
# reads what this script recorded.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

BINARYEN_VERSION=132.0.0
WASM_TARGET=wasm32-unknown-unknown
RUSTUP_TIMEOUT_S=${CLUSTER_LAB_RUSTUP_TIMEOUT:-60}

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() {
  printf '[setup] error: %s\n' "$*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"
  fi
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
}

# apt_install PKG...: installs the Debian packages that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# --- wasm32 toolchain -------------------------------------------------------------------------

# wasm_std_present TOOLCHAIN: the toolchain has a wasm32 std in its sysroot.
wasm_std_present() {
  local libdir
  libdir=$(rustup run "$1" rustc --print target-libdir --target "$WASM_TARGET" 2>/dev/null) || return 1
  compgen -G "$libdir/libstd-*.rlib" >/dev/null
}

# wasm_probe TOOLCHAIN: a tiny cdylib really builds for wasm32 with it.
wasm_probe() {
  local dir="$CLUSTER_LAB_CACHE/probe"
  mkdir -p "$dir/src"
  printf '[package]\nname = "probe"\nversion = "0.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n[workspace]\n' >"$dir/Cargo.toml"
  printf '#[no_mangle]\npub extern "C" fn add(a: u32, b: u32) -> u32 { a + b }\n' >"$dir/src/lib.rs"
  (cd "$dir" && cargo "+$1" build -q --release --target "$WASM_TARGET" --target-dir "$dir/target") >/dev/null 2>&1
}

# Route 1: rustup's own wasm32 std for the active toolchain.
wasm_via_rustup() {
  local tc
  tc=$(cd "$CLUSTER_LAB_ROOT" && rustup show active-toolchain | cut -d' ' -f1)
  if ! wasm_std_present "$tc"; then
    log "rustup target add $WASM_TARGET (toolchain $tc, ${RUSTUP_TIMEOUT_S}s limit)"
    timeout "$RUSTUP_TIMEOUT_S" rustup target add --toolchain "$tc" "$WASM_TARGET" >&2 || return 1
  fi
  wasm_probe "$tc" || return 1
  WASM_TC=$tc
}

# Route 2: Debian's rustc-web and its std source, std built once into a rustup-linked toolchain.
# See ../shared/toolchain/README.md for the measurements behind each step.
wasm_via_debian() {
  local prefix="$CLUSTER_LAB_CACHE/rust-web" work="$CLUSTER_LAB_CACHE/rust-web-debs"
  apt_update_once
  local ver xy llvm
  ver=$(apt-cache policy rustc-web | awk '/Candidate:/ {print $2}')
  [ -n "$ver" ] && [ "$ver" != "(none)" ] || die "Debian has no rustc-web package here"
  xy=$(echo "$ver" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
  llvm=$(apt-cache depends "libstd-rust-web-$xy" | awk '/Depends: libllvm[0-9]+/ {sub("libllvm", "", $2); print $2; exit}')
  [ -n "$llvm" ] || die "cannot tell which LLVM libstd-rust-web-$xy uses"
  log "offline route: Debian rustc-web $ver with LLVM $llvm"
  local pkgs=(rustc-web cargo-web rust-web-src "libstd-rust-web-$xy" libstd-rust-web-dev "libllvm$llvm" "lld-$llvm")
  # Everything apt would add to install these is what the machine lacks (libgit2, mbedtls, ...).
  local all
  all=$(apt-get install -s --no-install-recommends "${pkgs[@]}" | awk '/^Inst / {print $2}')
  rm -rf "$prefix" "$work"
  mkdir -p "$prefix" "$work"
  # shellcheck disable=SC2086
  (cd "$work" && apt-get download -qq -o APT::Sandbox::User=root $all) >&2
  local deb
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$prefix"; done
  local usr="$prefix/usr"
  # rustup puts <toolchain>/lib on LD_LIBRARY_PATH; rustc looks for rust-lld beside its sysroot.
  local so
  for so in "$usr"/lib/x86_64-linux-gnu/*.so*; do ln -sf "$so" "$usr/lib/"; done
  mkdir -p "$usr/lib/llvm-$llvm/lib" "$usr/lib/rustlib/x86_64-unknown-linux-gnu/bin"
  for so in "$usr"/lib/x86_64-linux-gnu/libLLVM*.so*; do ln -sf "$so" "$usr/lib/llvm-$llvm/lib/"; done
  ln -sf "$usr/lib/llvm-$llvm/bin/lld" "$usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  rustup toolchain link rust-web "$usr" >&2
  # Build std for wasm32 once, from Debian's std source, and install it into the sysroot.
  local std="$CLUSTER_LAB_CACHE/rust-web-std"
  rm -rf "$std"
  mkdir -p "$std/src"
  printf '[package]\nname = "stdbuild"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n' >"$std/Cargo.toml"
  : >"$std/src/lib.rs"
  log "building std for $WASM_TARGET (about a minute)"
  (cd "$std" && RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Cembed-bitcode=yes cargo +rust-web build -q --release \
    --target "$WASM_TARGET" -Zbuild-std=std,panic_abort,panic_unwind,test,proc_macro) >&2
  local dest="$usr/lib/rustlib/$WASM_TARGET/lib"
  mkdir -p "$dest"
  find "$std/target/$WASM_TARGET/release/deps" -name 'lib*.rlib' ! -name 'libstdbuild-*' \
    -exec cp {} "$dest/" \;
  rm -rf "$work" "$std"
  wasm_probe rust-web || die "the rust-web toolchain was built but cannot build for $WASM_TARGET"
  WASM_TC=rust-web
}

# Records the chosen toolchain's name in $CLUSTER_LAB_CACHE/wasm-toolchain for build-web.sh.
setup_wasm_toolchain() {
  local recorded="$CLUSTER_LAB_CACHE/wasm-toolchain"
  if [ -s "$recorded" ] && wasm_std_present "$(cat "$recorded")"; then
    return 0
  fi
  WASM_TC=""
  if [ "${CLUSTER_LAB_WASM_ROUTE:-}" != debian ]; then
    wasm_via_rustup || log "rustup could not provide $WASM_TARGET; using the offline route"
  fi
  # Called outside any condition so that `set -e` stops it at the first failing step.
  [ -n "$WASM_TC" ] || wasm_via_debian
  echo "$WASM_TC" >"$recorded"
  log "wasm32 builds use toolchain '$WASM_TC'"
}

# --- wasm-bindgen-cli, wasm-opt --------------------------------------------------------------

setup_wasm_bindgen() {
  local want have=""
  want=$(wasm_bindgen_version)
  [ -x "$CLUSTER_LAB_TOOLS/bin/wasm-bindgen" ] &&
    have=$("$CLUSTER_LAB_TOOLS/bin/wasm-bindgen" --version | awk '{print $2}')
  [ "$have" = "$want" ] && return 0
  log "cargo install wasm-bindgen-cli $want (about 3 minutes, once)"
  # Not --locked: the CLI's own lockfile pins a crate release that is missing from the index.
  cargo install -q wasm-bindgen-cli --version "=$want" --root "$CLUSTER_LAB_TOOLS" --force >&2
}

setup_wasm_opt() {
  local bin="$CLUSTER_LAB_NPM/node_modules/.bin/wasm-opt"
  if [ -x "$bin" ] && "$bin" --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then return 0; fi
  need_node
  # Debian's binaryen 108 silently breaks wasm-bindgen output; npm's binaryen is current.
  log "npm install binaryen@$BINARYEN_VERSION"
  mkdir -p "$CLUSTER_LAB_NPM"
  npm install -s --no-audit --no-fund --prefix "$CLUSTER_LAB_NPM" "binaryen@$BINARYEN_VERSION" >&2
}

need_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  apt_install nodejs npm
}

# --- browser tests and real etcd ---------------------------------------------------------------

setup_browser() {
  apt_install chromium
  need_node
  local dir="$CLUSTER_LAB_ROOT/tests/browser"
  if [ ! -d "$dir/node_modules/playwright-core" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "npm ci (playwright-core)"
    npm ci -s --no-audit --no-fund --prefix "$dir" >&2
  fi
}

setup_etcd() {
  apt_install etcd-server etcd-client
}

main() {
  local what=${1:-build}
  mkdir -p "$CLUSTER_LAB_CACHE"
  case "$what" in
  build)
    setup_wasm_toolchain
    setup_wasm_bindgen
    setup_wasm_opt
    ;;
  test)
    main build
    setup_browser
    setup_etcd
    ;;
  *) die "usage: setup.sh [build|test]" ;;
  esac
}

main "$@"
