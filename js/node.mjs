// Node (ESM) entry: loads the wasm from disk synchronously at import time.
import { readFileSync } from "node:fs";
import { initSync } from "./whautomate.js";

initSync({ module: readFileSync(new URL("./whautomate_bg.wasm", import.meta.url)) });

export * from "./whautomate.js";
