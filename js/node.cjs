// Node (CommonJS) entry: same as node.mjs, over whautomate.cjs, the CommonJS bundle of the
// loader and the public API (one wasm instance; see scripts/finish-pkg.mjs).
// The .wasm comes from whautomate_bg_base64.cjs (the module as base64 text), not from a
// file read beside this one: a bundle for Node (esbuild --platform=node, the usual
// serverless setup; webpack's node target) carries it along and runs from any folder,
// with no fs, no path and no import.meta.url. Measured: +1.6 ms of cold start against
// reading the .wasm file (BENCHMARKS.md), and no read permission needed in Deno.
"use strict";
const { initSync, start, ...api } = require("./whautomate.cjs");
const base64 = require("./whautomate_bg_base64.cjs");

start(initSync({ module: typeof Buffer === "function" ? Buffer.from(base64, "base64") : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) }));

module.exports = api;
