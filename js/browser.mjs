// Browser and bundler entry: fetches and instantiates the wasm once, at import time
// (top-level await). `new URL("./…", import.meta.url)` is the pattern Vite, webpack,
// Parcel and Rollup plugins recognise: they copy the .wasm and rewrite the URL.
import init from "./whautomate.js";

await init({ module_or_path: new URL("./whautomate_bg.wasm", import.meta.url) });

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";
