#!/usr/bin/env bash
# `make lint`: clippy with warnings as errors. The whole workspace (tests, examples and the
# sandbox included) with clippy's default lints; the library's own code with
# clippy::pedantic too (issue 16: no must_use_candidate, missing_errors_doc or doc_markdown
# finding, nor any other pedantic one), natively, without default features and on wasm32;
# the npm engine (whautomate-wasm) on wasm32.
set -euo pipefail
cd "$(dirname "$0")/.."
# Natively on the rustup toolchain (setup.sh made sure it has clippy), whichever toolchain
# builds the wasm.
native() { env -u RUSTUP_TOOLCHAIN cargo clippy "$@"; }
native --workspace --all-targets -- -D warnings
native -p whautomate --lib -- -D warnings -D clippy::pedantic
native -p whautomate --lib --no-default-features -- -D warnings -D clippy::pedantic
# On wasm32 with the toolchain that builds the wasm. Debian's rustc-web (setup.sh's
# fallback, when rustup cannot add the wasm32 target) has no clippy: there `cargo check`
# still compiles both crates for wasm32 with warnings as errors, and says so.
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy -p whautomate --lib --target wasm32-unknown-unknown -- -D warnings -D clippy::pedantic
  cargo clippy -p whautomate-wasm --target wasm32-unknown-unknown -- -D warnings
  # Its tests build for wasm32 only (wasm-pack test), so the native lines above never see them.
  cargo clippy -p whautomate-wasm --tests --target wasm32-unknown-unknown -- -D warnings
else
  echo "lint: the wasm32 toolchain (${RUSTUP_TOOLCHAIN:-default}) has no clippy; wasm32 is checked by cargo check with -D warnings instead"
  RUSTFLAGS="${RUSTFLAGS:-} -D warnings" cargo check -p whautomate --lib --target wasm32-unknown-unknown
  RUSTFLAGS="${RUSTFLAGS:-} -D warnings" cargo check -p whautomate-wasm --target wasm32-unknown-unknown
  RUSTFLAGS="${RUSTFLAGS:-} -D warnings" cargo check -p whautomate-wasm --tests --target wasm32-unknown-unknown
fi
# The API reference as docs.rs builds it (default features, natively and on wasm32) and
# without default features: no broken intra-doc link to an item a feature leaves out.
for args in "" "--no-default-features" "--target wasm32-unknown-unknown"; do
  # shellcheck disable=SC2086
  RUSTDOCFLAGS="-D warnings" cargo doc -q -p whautomate --no-deps $args
done
echo "lint: clippy clean (workspace; the library pedantic, natively, without default features and on wasm32); rustdoc clean in the same three builds"
