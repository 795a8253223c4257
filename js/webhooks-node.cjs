// `whautomate/webhooks` for Node, Deno and Bun (CommonJS): webhooks.cjs bundles the glue
// and the receiving API; WhautomateError comes from error.cjs, the class the sending
// entries use too.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { initSync, ...api } = require("./webhooks.cjs");

initSync({ module: readFileSync(join(__dirname, "whautomate_webhooks_bg.wasm")) });

module.exports = api;
