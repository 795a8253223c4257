#!/usr/bin/env bash
# The declared MSRV (`rust-version` in Cargo.toml) is the compiler the library is built and
# tested with. `make test-native` runs the suites with the active toolchain; when that is
# not the MSRV, this runs the library's native tests again with the MSRV toolchain, and
# fails if none can be found or installed. Why 1.95: it is the compiler this project's
# machines have (rustup's stable there; no other can be fetched), so it is the oldest one
# the tests really run on. Raising it is a decision written here and in CHANGELOG.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
active=$(rustc --version | awk '{print $2}')
if [ "$active" = "$msrv" ] || [ "$active" = "$msrv.0" ]; then
  echo "MSRV $msrv: the suites above ran on it (rustc $active)"
  exit 0
fi
toolchain=""
for t in "$msrv" "$msrv.0" stable; do
  v=$(rustc +"$t" --version 2>/dev/null | awk '{print $2}') || continue
  if [ "$v" = "$msrv" ] || [ "$v" = "$msrv.0" ]; then toolchain=$t; break; fi
done
if [ -z "$toolchain" ]; then
  timeout 300 rustup toolchain install "$msrv" --profile minimal >&2 && toolchain=$msrv || {
    echo "MSRV $msrv: no such toolchain here and it cannot be installed; the declared MSRV is untested" >&2
    exit 1
  }
fi
echo "MSRV $msrv: rustc $active is active; running the library's native tests with +$toolchain"
cd "$ROOT" && cargo +"$toolchain" test -p whautomate --lib --tests --quiet
