// Node (CommonJS) entry: same as node.mjs, over whautomate.cjs, the CommonJS bundle of the
// loader and the public API (one wasm instance; see scripts/finish-pkg.mjs).
// The .wasm comes from whautomate_bg_base64.cjs (the module as base64 text), not from a
// file read beside this one: a bundle for Node (esbuild --platform=node, the usual
// serverless setup; webpack's node target) carries it along and runs from any folder,
// with no fs, no path and no import.meta.url. Measured: +1.6 ms of cold start against
// reading the .wasm file (BENCHMARKS.md), and no read permission needed in Deno.
"use strict";
const { initSync, start, provideExtras, ...api } = require("./whautomate.cjs");
const bytes = (base64) => (typeof Buffer === "function" ? Buffer.from(base64, "base64") : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

start(initSync({ module: bytes(require("./whautomate_bg_base64.cjs")) }));
// The extras (sendMany, client.webhooks, history pages): their glue, module and drivers read (and compiled) on the
// first call that needs them, so that a process that only sends never parses them
// (measured: +0.5 ms of `require` when the glue was part of whautomate.cjs).
provideExtras(
  () => require("./whautomate_extras.cjs").initSync({ module: bytes(require("./whautomate_extras_bg_base64.cjs")) }),
  () => require("./api-extras.cjs"),
);

module.exports = api;
