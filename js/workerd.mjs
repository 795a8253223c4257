// Cloudflare Workers (workerd) entry: the runtime (or wrangler's bundler) hands a `.wasm`
// import over as a compiled WebAssembly.Module, so loading is synchronous and needs no
// fetch, no filesystem and no import.meta.url.
import wasm from "./whautomate_bg.wasm";
import { initSync } from "./whautomate.js";
import { start } from "./engine.js";

start(initSync({ module: wasm }));

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";
