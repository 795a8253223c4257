#!/usr/bin/env bash
# One-command toolchain setup for whautomate. Idempotent: each step checks first and
# returns at once when its tool is already there, so a warm run takes a second or two.
#
# Writes .tools/env, which every Makefile recipe sources: it selects the Rust toolchain
# that has the wasm32 target and puts the project's npm tools on PATH.
#
# Facts behind the choices (see ../shared/toolchain.md):
# - `rustup target add wasm32-unknown-unknown` is the normal route; on some machines it
#   hangs, so it gets a timeout and we fall back to Debian's rustc-web plus a wasm32
#   standard library built from rust-web-src.
# - Debian's binaryen (wasm-opt 108) silently breaks the module: never installed here.
#   The npm package `binaryen` provides a working wasm-opt (devDependency).
# - chromedriver must be Debian's (the test runner's download fails offline).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools"
ENV_FILE="$TOOLS/env"
WASM_TARGET=wasm32-unknown-unknown
FALLBACK_TOOLCHAIN=whautomate-debian
mkdir -p "$TOOLS"

log() { printf '[setup] %s\n' "$*" >&2; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { log "need Debian packages ${missing[*]} but apt-get is missing"; return 1; }
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ $APT_UPDATED -eq 0 ]; then $sudo apt-get update -qq >&2; APT_UPDATED=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# --- Rust with the wasm32 target --------------------------------------------------------
has_wasm_std() { # $1: rustc binary
  local sysroot; sysroot=$("$1" --print sysroot 2>/dev/null) || return 1
  ls "$sysroot/lib/rustlib/$WASM_TARGET/lib/"libstd-*.rlib >/dev/null 2>&1 &&
    ls "$sysroot/lib/rustlib/$WASM_TARGET/lib/"libtest-*.rlib >/dev/null 2>&1
}

rust_toolchain=""
command -v rustup >/dev/null || { log "rustup is required (https://rustup.rs)"; exit 1; }
if [ -z "${WHAUTOMATE_FORCE_DEBIAN_RUST:-}" ]; then
  if rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    rust_toolchain=default
  elif timeout "${WHAUTOMATE_RUSTUP_TIMEOUT:-90}" rustup target add "$WASM_TARGET" >&2; then
    rust_toolchain=default
  else
    log "rustup could not add $WASM_TARGET; using Debian's rustc-web instead"
  fi
fi

if [ -z "$rust_toolchain" ]; then
  apt_install rustc-web cargo-web rust-web-src lld
  if ! has_wasm_std /usr/bin/rustc; then
    log "building the $WASM_TARGET standard library from rust-web-src (about a minute)"
    scratch=$(mktemp -d)
    (cd "$scratch" && /usr/bin/cargo init --lib --name stdbuild -q >&2)
    (cd "$scratch" && PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
      /usr/bin/cargo build -q -Z build-std=std,panic_abort,test,proc_macro \
      --target "$WASM_TARGET" --release >&2)
    sysroot=$(/usr/bin/rustc --print sysroot)
    dest="$sysroot/lib/rustlib/$WASM_TARGET/lib"
    mkdir -p "$dest"
    find "$scratch/target/$WASM_TARGET/release/deps" -name 'lib*.rlib' ! -name 'libstdbuild-*' \
      -exec cp {} "$dest/" \;
    rm -rf "$scratch"
  fi
  sysroot=$(/usr/bin/rustc --print sysroot)
  lld_dir="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin"
  [ -e "$lld_dir/rust-lld" ] || { mkdir -p "$lld_dir"; ln -sf "$(command -v lld)" "$lld_dir/rust-lld"; }
  rustup toolchain list | grep -q "^$FALLBACK_TOOLCHAIN" ||
    rustup toolchain link "$FALLBACK_TOOLCHAIN" /usr >&2
  rust_toolchain=$FALLBACK_TOOLCHAIN
fi

# clippy for `make lint` (part of `make test`), on the rustup toolchain: a rustup profile
# "minimal" installs none. (Debian's rustc-web, the fallback above, ships no clippy: the
# lint then checks wasm32 with the rustup toolchain's clippy only where it can.)
if ! env -u RUSTUP_TOOLCHAIN cargo clippy --version >/dev/null 2>&1; then
  log "rustup component add clippy"
  timeout "${WHAUTOMATE_RUSTUP_TIMEOUT:-90}" rustup component add clippy >&2 ||
    log "rustup could not add clippy: make lint will fail"
fi

cargo_env=""
[ "$rust_toolchain" = default ] || cargo_env="RUSTUP_TOOLCHAIN=$rust_toolchain"

# --- wasm-pack and wasm-bindgen-cli ------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
want_wasm_pack=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -q "$want_wasm_pack"; then
  log "cargo install wasm-pack $want_wasm_pack (about 2 minutes)"
  env $cargo_env cargo install wasm-pack --version "$want_wasm_pack" --locked -q >&2 ||
    env $cargo_env cargo install wasm-pack --version "$want_wasm_pack" -q >&2
fi
# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly; wasm-pack uses the
# one on PATH when the version matches instead of installing its own.
want_bindgen=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' "$ROOT/Cargo.lock")
if ! wasm-bindgen --version 2>/dev/null | grep -q " $want_bindgen\$"; then
  log "cargo install wasm-bindgen-cli $want_bindgen (about 3 minutes)"
  # --locked first (reproducible); the registry mirror may lack a version pinned in the
  # CLI's own lock file (seen: webpki-roots 1.0.11), so then let cargo resolve afresh.
  env $cargo_env cargo install wasm-bindgen-cli --version "$want_bindgen" --locked -q >&2 ||
    env $cargo_env cargo install wasm-bindgen-cli --version "$want_bindgen" -q >&2
fi

# --- Chromium and its driver (Debian's: downloads fail offline) --------------------------
apt_install chromium chromium-driver
# `make bench` only: valgrind, which counts a cold Worker's instructions
# (bench/workerd-instructions.mjs).
if [ "${1:-}" = bench ]; then apt_install valgrind; fi

# --- npm tools (binaryen's wasm-opt, workerd, deno, bun, playwright-core, typescript) -----
stamp="$ROOT/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
  log "npm install (dev tools, versions from package-lock.json)"
  # Not `npm ci`: npm writes only this platform's optional packages (the binaries of
  # deno, bun, workerd) into the lock file, and `npm ci` then refuses the lock as out of
  # sync. `npm install` installs the locked versions all the same.
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

cat > "$ENV_FILE.tmp" <<ENV
# written by scripts/setup.sh; sourced by the Makefile
export PATH="$ROOT/node_modules/.bin:\$HOME/.cargo/bin:\$PATH"
${cargo_env:+export $cargo_env}
ENV
mv "$ENV_FILE.tmp" "$ENV_FILE"
log "ready (rust toolchain: $rust_toolchain)"
