#!/usr/bin/env bash
# Builds whautomate as five downstream projects would (issue 16): native with default
# features, native without them, a wasm32 std app over each, and a wasm app that exports
# its own `version`/`send`/`validate`. The wasm ones go through the wasm-bindgen CLI (what
# trunk, wasm-pack and worker-build run), and their exports must be the app's alone.
# `make test-downstream`; a shared target dir keeps the five builds to one compile of each crate.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export CARGO_TARGET_DIR="$ROOT/target/downstream"
BINDGEN=$(wasm-bindgen --version | awk '{print $2}')
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

for case in native-default native-no-default; do
  echo "[downstream] $case: cargo run"
  (cd "$HERE/$case" && cargo run --quiet)
done

for case in wasm-std wasm-no-default wasm-own-version; do
  echo "[downstream] $case: cargo build --target wasm32-unknown-unknown, then wasm-bindgen $BINDGEN"
  (cd "$HERE/$case" && cargo generate-lockfile --quiet && cargo update --quiet -p wasm-bindgen --precise "$BINDGEN" &&
    cargo build --quiet --release --target wasm32-unknown-unknown)
  name=$(echo "downstream-$case" | tr - _)
  wasm-bindgen --target web --out-dir "$OUT/$case" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$name.wasm"
  exported=$(grep -oE '^export (async )?function [A-Za-z_0-9]+' "$OUT/$case/$name.d.ts" | awk '{print $NF}' | sort | tr '\n' ' ')
  case $case in
    wasm-std) expected="greet " ;;
    wasm-no-default) expected="check " ;;
    wasm-own-version) expected="send validate version " ;;
  esac
  # `initSync` and the default init are wasm-bindgen's own loader, not exports of a crate.
  exported=$(echo "$exported" | tr ' ' '\n' | grep -vx 'initSync' | grep -v '^$' | sort | tr '\n' ' ')
  if [ "$exported" != "$expected" ]; then
    echo "[downstream] $case exports [$exported], expected [$expected]: whautomate leaked exports into the app" >&2
    exit 1
  fi
  echo "[downstream] $case: exports [$exported]"
done
echo "[downstream] all five builds passed"
