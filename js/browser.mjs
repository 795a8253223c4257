// Browser and bundler entry ("browser" condition, production builds; see package.json
// "exports"): the .wasm is a separate file, downloaded once at import time and compiled
// while it streams in (compile.js), before the module finishes loading (top-level await);
// wasm-bindgen's generated glue instantiates it (`initSync`). Kept separate
// rather than inside the JS (as inline.mjs has it) for three measured reasons (README,
// "Browser"; BENCHMARKS.md, "First load in a browser"): a host that serves brotli sends it
// about 5 KB smaller than the inline form can be; it stays in the HTTP cache when the
// app's own JS changes; and with the README's one-line preload hint it downloads in
// parallel with the JS, which measured as fast as inlining (+247 against +260 ms over
// hand-written fetch on an emulated slow mobile network; +371 ms without the hint).
import { download, wasm } from "./browser-fetch.js";
import { compile } from "./compile.js";
import { initSync } from "./whautomate.js";
import { provideExtras, start, startFailed } from "./engine.js";

try {
  start(initSync({ module: await compile(wasm) }));
} catch (e) {
  // The app still loads; the first call gets a retryable `network` error and the download
  // starts again (engine.js `ready`), as a failed load of the extras module does.
  startFailed(e, async () => initSync({ module: await compile(download()) }));
}
// The extras (sendMany, client.webhooks, history pages): their module, its glue and their
// drivers (api-extras.js) fetched on the first call that needs them, so that a page that
// only sends never downloads them. Dynamic imports, which bundlers (Vite, webpack, Parcel)
// split into chunks of their own.
provideExtras(
  async () => {
    const [glue, module] = await Promise.all([import("./whautomate_extras.js"), compile(fetch(new URL("./whautomate_extras_bg.wasm", import.meta.url)))]);
    return glue.initSync({ module });
  },
  () => import("./api-extras.js"),
);

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";
