// CommonJS smoke test for Node: `require("whautomate")` goes through the `exports` map's
// require branch (node.cjs over the bundled CommonJS glue), then sends one message.
// Usage: node smoke.cjs <runtime-name> <host>
"use strict";
const sdk = require("whautomate");

const [runtime, host] = process.argv.slice(2);
const entry = require.resolve("whautomate");
import("./smoke-core.mjs")
  .then(({ smoke }) => smoke(sdk, { runtime, host, entry }))
  .then((result) => console.log("RESULT " + JSON.stringify(result)));
