// workerd smoke test: a Worker that imports the package by its bare names, bound by
// run.mjs to the files the `exports` map names under the "workerd" condition, with the
// .wasm files given to workerd as `wasm` modules (each arrives as a WebAssembly.Module).
// GET /?runtime=…&host=…&entry=…&hooksEntry=… sends one message to host, runs the webhook
// checks (webhooks-core.mjs), and answers the result as JSON. The checks' "handler over
// the Worker's socket" endpoint is this Worker: it POSTs to its own origin, and
// POST /webhook is answered by the createWebhookHandler mounted at that moment.
import * as sdk from "whautomate";
import * as hooks from "whautomate/webhooks";
import { smoke } from "./smoke-core.mjs";
import { overHttp, webhooksSmoke } from "./webhooks-core.mjs";

let mounted;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/webhook") {
      return mounted ? mounted(request) : new Response("no webhook handler mounted", { status: 503 });
    }
    const result = await smoke(sdk, {
      runtime: url.searchParams.get("runtime"),
      host: url.searchParams.get("host"),
      entry: url.searchParams.get("entry"),
    });
    result.webhooks = await webhooksSmoke(hooks, sdk, {
      entry: url.searchParams.get("hooksEntry"),
      mounts: {
        "handler over the Worker's socket": (options) => {
          mounted = hooks.createWebhookHandler(options);
          return overHttp(`${url.origin}/webhook`, () => { mounted = undefined; });
        },
      },
    });
    return Response.json(result);
  },
};
