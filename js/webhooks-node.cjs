// `whautomate/webhooks` for Node, Deno and Bun (CommonJS): webhooks.cjs bundles the glue
// and the receiving API; WhautomateError comes from error.cjs, the class the sending
// entries use too. The .wasm is carried as base64 text (why: node.cjs).
"use strict";
const { initSync, started, ...api } = require("./webhooks.cjs");
const base64 = require("./whautomate_webhooks_bg_base64.cjs");

initSync({ module: typeof Buffer === "function" ? Buffer.from(base64, "base64") : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) });
started();

module.exports = api;
