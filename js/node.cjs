// Node (CommonJS) entry: same as node.mjs, over whautomate.cjs, the CommonJS bundle of the
// loader and the public API (one wasm instance; see scripts/finish-pkg.mjs).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { initSync, start, ...api } = require("./whautomate.cjs");

start(initSync({ module: readFileSync(join(__dirname, "whautomate_bg.wasm")) }));

module.exports = api;
