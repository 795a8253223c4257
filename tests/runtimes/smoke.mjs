// ESM smoke test for Node, Deno and Bun: `import "whautomate"` and
// `import "whautomate/webhooks"` go through the package's `exports` map
// (node_modules/whautomate is a symlink to pkg/), then it sends one message and runs the
// webhook checks (webhooks-core.mjs): in-process, over the runtime's own server
// (Deno.serve, Bun.serve) and through createWebhookListener behind node:http.
// Usage: <runtime> smoke.mjs <runtime-name> <host> [<a host with a port nothing listens on>]
import * as sdk from "whautomate";
import * as hooks from "whautomate/webhooks";
import * as http from "node:http";
import { smoke } from "./smoke-core.mjs";
import { listenerOverNodeHttp, overHttp, webhooksSmoke } from "./webhooks-core.mjs";

const [runtime, host, closed] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const entry = import.meta.resolve("whautomate");
const result = await smoke(sdk, { runtime, host, entry, closed });

const mounts = {};
if (globalThis.Deno) {
  mounts["handler over Deno.serve"] = async (options) => {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, hooks.createWebhookHandler(options));
    return overHttp(`http://127.0.0.1:${server.addr.port}/webhook`, () => server.shutdown());
  };
} else if (globalThis.Bun) {
  mounts["handler over Bun.serve"] = async (options) => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: hooks.createWebhookHandler(options) });
    return overHttp(`http://127.0.0.1:${server.port}/webhook`, () => server.stop(true));
  };
}
mounts["listener over node:http"] = listenerOverNodeHttp(hooks, http);
result.webhooks = await webhooksSmoke(hooks, sdk, { entry: import.meta.resolve("whautomate/webhooks"), mounts });
console.log("RESULT " + JSON.stringify(result));
