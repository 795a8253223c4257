# whautomate: every target installs what is missing first (scripts/setup.sh), then works.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
# Every recipe runs with the toolchain that setup chose (see .tools/env).
ENV := source ./.tools/env &&
CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: all setup test test-native test-wasm-node test-wasm-browser test-js pkg demo clean
.PHONY: test-reliability fuzz

all: pkg

setup:
	@./scripts/setup.sh

## test: every suite; the runners print their own summaries; stops at the first failure.
test: setup
	@$(MAKE) --no-print-directory lint test-native test-wasm-node test-wasm-browser test-js test-package test-docs test-runtimes test-bundlers-quick test-e2e test-reliability-quick test-downstream

## lint: clippy with warnings as errors (scripts/lint.sh): the workspace with the default
## lints, the library with clippy::pedantic too, natively and on wasm32.
.PHONY: lint
lint: setup
	$(ENV) scripts/lint.sh

test-native:
	$(ENV) cargo test --workspace
	$(ENV) scripts/check-msrv.sh

test-wasm-node:
	$(ENV) wasm-pack test --node -- --test wasm_node --test wasm_client
	$(ENV) wasm-pack test --node whautomate-wasm

test-wasm-browser:
	$(ENV) wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) -- --test wasm_browser
	$(ENV) wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) whautomate-wasm --features in-browser

test-js: pkg
	$(ENV) node --test tests/js/
	$(ENV) tsc -p tests/types && echo "types: tests/types/consumer.ts and webhooks.ts compile under --strict; every @ts-expect-error is rejected"
	$(ENV) tsc -p tests/types/exact && echo "types: the same, and tests/types/exact/optional.ts, under exactOptionalPropertyTypes (an optional field may be given as undefined)"

## docs: the API reference in target/site/docs/ (TypeDoc for the npm package, rustdoc for
## the crate; warnings fail it), served at /docs/ by `make demo`.
.PHONY: docs test-docs
docs: setup
	$(ENV) scripts/build-docs.sh

## test-docs: the reference as the sandbox serves it, with the contract's names in it.
test-docs: docs
	$(ENV) cargo build -p whautomate-sandbox
	$(ENV) node tests/docs/run.mjs

## test-package: pkg/ as npm would publish it: publint --strict, attw --pack, the npm pack
## tarball installed into a scratch project and used from ESM, CommonJS and TypeScript.
.PHONY: test-package
test-package: pkg
	$(ENV) node tests/package/run.mjs

## test-runtimes: pkg/ sends a real request from Node CJS/ESM, Deno, Bun, workerd, Chromium.
.PHONY: test-runtimes
test-runtimes: pkg
	$(ENV) node tests/runtimes/run.mjs

## test-bundlers: the bundler matrix (tests/bundlers/run.mjs): a tiny app imports the package
## by name, is built by Vite 6/7/8 (build and dev server), webpack, Parcel, Rollup, esbuild,
## Bun, wrangler, or run by Deno, vitest, jest, and its output runs for real (Chromium,
## Node, workerd) and sends one message to 127.0.0.1 (about 30 s). test-bundlers-quick:
## the rows `make test` runs (Vite 8 build, webpack, its development build, a CommonJS
## app's `require` in webpack and esbuild, esbuild for Node, wrangler → workerd).
.PHONY: test-bundlers test-bundlers-quick
test-bundlers: pkg
	$(ENV) node tests/bundlers/run.mjs
test-bundlers-quick: pkg
	$(ENV) node tests/bundlers/run.mjs --quick

## pkg: the npm package in pkg/ (wasm-pack builds whautomate-wasm four times: the sending
## engine, its lazily loaded extras (sendMany, client.webhooks), both in one module (for
## workerd and the inline entry), and whautomate/webhooks' receiving engine; then npm
## binaryen's wasm-opt, then entries, and pkg/protocol.js from the js_protocol program).
pkg: setup
	rm -rf pkg target/pkg-webhooks target/pkg-extras target/pkg-full
	$(ENV) wasm-pack build --release --target web --no-pack --out-dir ../pkg --out-name whautomate whautomate-wasm -- --no-default-features --features send
	$(ENV) wasm-pack build --release --target web --no-pack --out-dir ../target/pkg-extras --out-name whautomate_extras whautomate-wasm -- --no-default-features --features extras
	$(ENV) wasm-pack build --release --target web --no-pack --out-dir ../target/pkg-webhooks --out-name whautomate_webhooks whautomate-wasm -- --no-default-features --features receive
	$(ENV) wasm-pack build --release --target web --no-pack --out-dir ../target/pkg-full --out-name whautomate_full whautomate-wasm -- --no-default-features --features send,extras
	cp target/pkg-extras/whautomate_extras.js target/pkg-extras/whautomate_extras_bg.wasm pkg/
	cp target/pkg-full/whautomate_full.js target/pkg-full/whautomate_full_bg.wasm pkg/
	cp target/pkg-webhooks/whautomate_webhooks.js target/pkg-webhooks/whautomate_webhooks_bg.wasm pkg/
	$(ENV) node scripts/finish-pkg.mjs

## demo: sandbox + playground + the API reference + the Node example on every channel (examples/run-demo.mjs).
demo: pkg docs
	$(ENV) node examples/run-demo.mjs

## test-downstream: whautomate built as five downstream projects (native with and without
## default features, wasm32 std apps over each, a wasm app with its own `version` export).
.PHONY: test-downstream
test-downstream: setup
	$(ENV) tests/downstream/run.sh

## test-e2e: the proxy Worker under workerd, the playground in headless Chromium (both against the sandbox).
.PHONY: test-e2e
test-e2e: pkg
	$(ENV) node --test tests/e2e/

clean:
	rm -rf target pkg

## bench: size, cold start, per-call cost, loopback throughput, validation cost, history
## pages, and workerd cold start (CPU, and instructions under valgrind) and CPU per
## request of pkg/, side by side with the fair hand-written baseline (fetch +
## JSON.stringify + AbortSignal.timeout) and peer SDKs
## (npm-installed into a temp folder, never into the repo); prints ratios and rewrites the
## results block of BENCHMARKS.md (about 3 minutes on 2 cores).
## `node bench/run.mjs --quick` (size + per call, seconds) while iterating.
.PHONY: bench
bench: pkg
	@./scripts/setup.sh bench
	$(ENV) node bench/run.mjs

## test-reliability: 10,000 sendMany messages per fault scenario against the sandbox, duplicates
## and unaccounted messages counted, rate-limit fidelity; figures in RELIABILITY.md.
test-reliability: pkg
	$(ENV) cargo build -p whautomate-sandbox
	$(ENV) node tests/reliability/run.mjs

## test-reliability-quick (in `make test`): the same scenarios and checks with 3,000 messages
## each instead of 10,000 (about a third of the time); RELIABILITY.md's figures come from the
## full run.
.PHONY: test-reliability-quick
test-reliability-quick: pkg
	$(ENV) cargo build -p whautomate-sandbox
	$(ENV) RELIABILITY_MESSAGES=3000 node tests/reliability/run.mjs

## fuzz: the long runs (make test runs 2,000 cases per property and 3,000 JS calls).
FUZZ_CASES ?= 200000
FUZZ_ITERATIONS ?= 100000
fuzz: pkg
	$(ENV) FUZZ_CASES=$(FUZZ_CASES) cargo test --test core_fuzz -- --nocapture
	$(ENV) FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) node --test tests/js/fuzz.test.mjs
