// workerd smoke test: a Worker that imports the package by its bare name, bound by
// run.mjs to the file the `exports` map names under the "workerd" condition, with the
// .wasm given to workerd as a `wasm` module (it arrives as a WebAssembly.Module).
// GET /?runtime=…&host=… sends one message to host and answers the result as JSON.
import * as sdk from "whautomate";
import { smoke } from "./smoke-core.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const result = await smoke(sdk, {
      runtime: url.searchParams.get("runtime"),
      host: url.searchParams.get("host"),
      entry: url.searchParams.get("entry"),
    });
    return Response.json(result);
  },
};
