// A Worker (wrangler): GET /?api=<host>&row=<row> sends and answers the result as JSON.
import * as sdk from "whautomate";
import * as hooks from "whautomate/webhooks";
import { sendAndRead } from "./core.js";

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    return Response.json(await sendAndRead(sdk, hooks, { host: params.get("api"), row: params.get("row") }));
  },
};
