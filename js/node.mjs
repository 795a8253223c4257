// Node, Deno and Bun (ESM) entry: loads the wasm from disk synchronously at import time.
// All three runtimes provide node:fs and file: URLs in import.meta.url.
import { readFileSync } from "node:fs";
import { initSync } from "./whautomate.js";

initSync({ module: readFileSync(new URL("./whautomate_bg.wasm", import.meta.url)) });

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";
