// CommonJS smoke test for Node: `require("whautomate")` and `require("whautomate/webhooks")`
// go through the `exports` map's require branch (node.cjs over the bundled CommonJS glue,
// webhooks-node.cjs), then it sends one message and runs the webhook checks
// (webhooks-core.mjs), in-process and through createWebhookListener behind node:http.
// Usage: node smoke.cjs <runtime-name> <host> [<a host with a port nothing listens on>]
"use strict";
const sdk = require("whautomate");
const hooks = require("whautomate/webhooks");
const http = require("node:http");

const [runtime, host, closed] = process.argv.slice(2);
const entry = require.resolve("whautomate");
Promise.all([import("./smoke-core.mjs"), import("./webhooks-core.mjs")])
  .then(async ([{ smoke }, { listenerOverNodeHttp, webhooksSmoke }]) => {
    const result = await smoke(sdk, { runtime, host, entry, closed });
    result.webhooks = await webhooksSmoke(hooks, sdk, {
      entry: require.resolve("whautomate/webhooks"),
      mounts: { "listener over node:http": listenerOverNodeHttp(hooks, http) },
    });
    return result;
  })
  .then((result) => console.log("RESULT " + JSON.stringify(result)));
