// Browser and bundler entry: fetches and instantiates the wasm once, at import time
// (top-level await), with wasm-bindgen's generated loader, which compiles it while it
// streams in. `new URL("./…", import.meta.url)` is the pattern Vite, webpack, Parcel and
// Rollup plugins recognise: they copy the .wasm and rewrite the URL.
import init from "./whautomate.js";
import { start } from "./engine.js";

start(await init({ module_or_path: new URL("./whautomate_bg.wasm", import.meta.url) }));

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";
